//! `reviewdesk-server serve`: the review server over HTTP, configured by `--config FILE`, the
//! `REVIEWDESK__…` variables and its flags (see [`crate::config`]). By default everything lives in the data
//! directory (SQLite database and photos). For a national deployment several instances run with
//! `--db postgres://…` (one shared PostgreSQL) and `--images-dir` on storage they all mount. It
//! listens on loopback unless told otherwise (both listeners under the `[connections]` limits), and
//! stops cleanly on Ctrl-C or SIGTERM. While it runs it signs checkpoints of the audit chain's head
//! (`[audit]`, see [`reviewdesk_server::audit_anchor`]): at start and stop when the head moved, and
//! in between as the policy says; an unusable signing key file stops it from starting. Client addresses for throttling come from the TCP connection only; behind a
//! reverse proxy they are the proxy's.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use clap::Args;

use super::data_dir::{DataDirArg, StoreArg};
use super::Outcome;
use crate::config::{ConfigError, LogFormat, ServerConfig};
use crate::http::AppState;
use crate::images::ImageFiles;
use crate::store::Store;
use reviewdesk_server::audit_anchor::checkpointer;

/// Every flag overrides the same setting of `--config` and of the `REVIEWDESK__…` variables.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The configuration file (every setting: `reviewdesk-server config defaults`).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// The data directory (created if missing) [default: ./reviewdesk-data].
    #[arg(long, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Keep the data in PostgreSQL instead of the data directory's SQLite database:
    /// `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE`, or `host=/run/postgresql dbname=…`.
    /// Several server instances may share one database.
    #[arg(long, value_name = "URL")]
    db: Option<String>,
    /// Where the photos are kept (default: DIR/images under --data-dir). Instances sharing one
    /// `--db` must share this directory too (shared storage).
    #[arg(long, value_name = "DIR")]
    images_dir: Option<PathBuf>,
    /// PostgreSQL connections this instance keeps open at most (with --db) [default: 16].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1000))]
    db_pool: Option<u32>,
    /// Address to listen on [default: 127.0.0.1:8740].
    #[arg(long, value_name = "ADDR:PORT")]
    listen: Option<SocketAddr>,
    /// A second address serving only GET /metrics (then the API's listener serves it too).
    #[arg(long, value_name = "ADDR:PORT")]
    metrics_listen: Option<SocketAddr>,
    /// Largest accepted photo in bytes ("190 KB": 194560, or 190000) [default: 194560].
    #[arg(long, value_name = "BYTES", value_parser = clap::value_parser!(u64).range(1024..=20_000_000))]
    max_image_bytes: Option<u64>,
    /// How long a login lasts, in hours [default: 12].
    #[arg(long, value_name = "HOURS", value_parser = clap::value_parser!(u32).range(1..=168))]
    session_hours: Option<u32>,
    /// Threads running the automatic photo checks (OCR) after intake; 0 turns them off
    /// [default: 1].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=64))]
    image_check_workers: Option<u32>,
    /// Log lines as human-readable text or one JSON object a line [default: text].
    #[arg(long, value_name = "FORMAT")]
    log_format: Option<LogFormat>,
}

impl ServeArgs {
    /// The configuration: defaults, `--config`, the environment, then these flags.
    pub fn resolve(&self) -> Result<ServerConfig, ConfigError> {
        let mut config = ServerConfig::load(self.config.as_deref(), std::env::vars())?;
        let storage = &mut config.storage;
        if let Some(dir) = &self.data_dir {
            storage.data_dir.clone_from(dir);
        }
        if let Some(url) = &self.db {
            storage.database_url = Some(url.clone());
        }
        if let Some(dir) = &self.images_dir {
            storage.images_dir = Some(dir.clone());
        }
        if let Some(pool) = self.db_pool {
            storage.db_pool = pool;
        }
        if let Some(listen) = self.listen {
            config.server.listen = listen;
        }
        if let Some(listen) = self.metrics_listen {
            config.server.metrics_listen = Some(listen);
        }
        if let Some(format) = self.log_format {
            config.server.log_format = format;
        }
        if let Some(bytes) = self.max_image_bytes {
            config.images.max_bytes = bytes;
        }
        if let Some(hours) = self.session_hours {
            config.sessions.lifetime_hours = hours;
        }
        if let Some(workers) = self.image_check_workers {
            config.images.check_workers = workers;
        }
        config.validate()?;
        Ok(config)
    }
}

/// The store the configuration names, as the other commands' `--data-dir`/`--db` would.
fn store_arg(config: &ServerConfig) -> StoreArg {
    StoreArg {
        data: DataDirArg { data_dir: config.storage.data_dir.clone() },
        db: config.storage.database_url.clone(),
    }
}

async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}

async fn serve(
    config: &ServerConfig,
    store: Arc<dyn Store>,
    out: &mut impl Write,
) -> Result<(), String> {
    let location = store_arg(config);
    let images = match &config.storage.images_dir {
        Some(dir) => ImageFiles::new(dir),
        None => location.data.images(),
    };
    let mut state =
        AppState::production(store, images, config.settings()).map_err(|e| e.to_string())?;
    if config.images.check_workers > 0 {
        state = state.with_image_checks(config.images.check_workers());
    }
    let checkpointer = {
        let (store, key_file) =
            (Arc::clone(&state.store), config.audit.key_file(&location.data.data_dir));
        let policy = config.audit.policy();
        tokio::task::spawn_blocking(move || checkpointer::start(store, &key_file, policy))
            .await
            .map_err(|e| e.to_string())??
    };
    let checkpoints = tokio::spawn(checkpointer::run(Arc::clone(&checkpointer)));
    let retention = tokio::spawn(retention_loop(
        Arc::clone(&state.store),
        Arc::clone(&state.images),
        super::retention::policy(config),
        std::time::Duration::from_secs(u64::from(config.retention.run_every_minutes) * 60),
    ));
    let listen = config.server.listen;
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(|e| format!("cannot listen on {listen}: {e}"))?;
    let bound = listener.local_addr().map_err(|e| e.to_string())?;
    let _ = writeln!(out, "reviewdesk-server listening on http://{bound}");
    let _ = out.flush();
    tracing::info!(address = %bound, store = %location.describe(), "serving");
    // One signal stops everything: the listeners stop accepting and the photo checks stop
    // taking work at once, in parallel; each gets a bounded grace, so `serve` exits within
    // about SHUTDOWN_GRACE whatever the backlog.
    let (signalled, signal) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        shutdown_signal().await;
        tracing::info!("stopping");
        let _ = signalled.send(true);
    });
    let metrics_server = match config.server.metrics_listen {
        Some(address) => {
            let listener = tokio::net::TcpListener::bind(address)
                .await
                .map_err(|e| format!("cannot listen on {address} (metrics): {e}"))?;
            let bound = listener.local_addr().map_err(|e| e.to_string())?;
            let _ = writeln!(out, "reviewdesk-server metrics on http://{bound}/metrics");
            let _ = out.flush();
            let app = crate::http::metrics::metrics_app(state.clone());
            let signal = signal.clone();
            let limits = state.settings.connections;
            Some(tokio::spawn(async move {
                crate::http::listener::accept_loop(listener, app, limits, stop_requested(signal))
                    .await
            }))
        }
        None => None,
    };
    let checks = state.image_checks.clone();
    let checks_stopping = checks.clone().map(|checks| {
        let signal = signal.clone();
        tokio::spawn(async move {
            stop_requested(signal).await;
            tokio::task::spawn_blocking(move || checks.stop(SHUTDOWN_GRACE)).await
        })
    });
    let stopped_by_signal = signal.clone();
    let http = crate::http::serve(listener, state, stop_requested(signal.clone()));
    let served = tokio::select! {
        served = http => served,
        () = async {
            stop_requested(signal).await;
            tokio::time::sleep(SHUTDOWN_GRACE).await;
        } => {
            tracing::warn!("requests still running at shutdown were cut off");
            Ok(())
        }
    };
    // Stopped by the signal: the checks are stopping already. Ended otherwise (the listener
    // failed): stop them now, within the same grace.
    if let Some(stopping) = checks_stopping {
        if *stopped_by_signal.borrow() {
            let _ = stopping.await;
        } else {
            stopping.abort();
            if let Some(checks) = checks {
                let _ = tokio::task::spawn_blocking(move || checks.stop(SHUTDOWN_GRACE)).await;
            }
        }
    }
    retention.abort();
    checkpoints.abort();
    // The stop checkpoint: the head as this server leaves it.
    let _ = tokio::task::spawn_blocking(move || checkpointer.checkpoint_now(true)).await;
    if let Some(metrics_server) = metrics_server {
        metrics_server.abort();
    }
    served.map_err(|e| e.to_string())
}

/// How long requests in flight and photo checks in hand get to finish once a stop signal came.
const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(3);

/// Resolves once the stop signal came.
async fn stop_requested(mut signal: tokio::sync::watch::Receiver<bool>) {
    let _ = signal.wait_for(|stopping| *stopping).await;
}

/// The retention sweep every `every`, first at start-up, on the blocking pool; failures are
/// logged and tried again at the next tick.
async fn retention_loop(
    store: Arc<dyn Store>,
    images: Arc<dyn crate::images::ImageStore>,
    policy: crate::retention::RetentionPolicy,
    every: std::time::Duration,
) {
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        let (store, images) = (Arc::clone(&store), Arc::clone(&images));
        let swept = tokio::task::spawn_blocking(move || {
            crate::retention::run(store.as_ref(), images.as_ref(), policy, chrono::Utc::now())
        })
        .await;
        match swept {
            Ok(Ok(report)) => tracing::info!(
                submissions_purged = report.submissions,
                purged_images_removed = report.purged_images,
                orphan_images_removed = report.orphan_images,
                "retention sweep"
            ),
            Ok(Err(error)) => tracing::error!(%error, "retention sweep failed"),
            Err(error) => tracing::error!(%error, "retention sweep panicked"),
        }
    }
}

pub fn run(args: &ServeArgs, out: &mut impl Write, err: &mut impl Write) -> Outcome {
    let config = match args.resolve() {
        Ok(config) => config,
        Err(error) => {
            let _ = writeln!(err, "error: {error}");
            return Outcome::Negative;
        }
    };
    let logs = tracing_subscriber::fmt().with_writer(std::io::stderr);
    let _ = match config.server.log_format {
        LogFormat::Text => logs.try_init(),
        LogFormat::Json => logs
            .fmt_fields(crate::json_log::JsonFields)
            .event_format(crate::json_log::JsonLines)
            .try_init(),
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            let _ = writeln!(err, "error: cannot start the runtime: {error}");
            return Outcome::Negative;
        }
    };
    // Opened (and, for PostgreSQL, later dropped) outside the async runtime: the synchronous
    // PostgreSQL client may not block inside it. This handle outlives the runtime, so the store's
    // last owner is never an async task.
    let store = match store_arg(&config).open_store_with_pool(config.storage.db_pool as usize) {
        Ok(store) => store,
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            return Outcome::Negative;
        }
    };
    let served = runtime.block_on(serve(&config, Arc::clone(&store), out));
    // A request cut off at shutdown may still hold a blocking thread: not waited for.
    runtime.shutdown_timeout(std::time::Duration::from_millis(500));
    drop(store);
    match served {
        Ok(()) => Outcome::Success,
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            Outcome::Negative
        }
    }
}
