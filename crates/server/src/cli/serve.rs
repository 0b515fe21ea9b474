//! `reviewdesk-server serve`: the review server over HTTP. By default everything lives in the data
//! directory (SQLite database and photos). For a national deployment several instances run with
//! `--db postgres://…` (one shared PostgreSQL) and `--images-dir` on storage they all mount. It
//! listens on loopback unless told otherwise, and stops cleanly on Ctrl-C or SIGTERM. Client addresses for throttling come from the TCP connection only; behind a
//! reverse proxy they are the proxy's.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::Duration;
use clap::Args;

use super::data_dir::StoreArg;
use super::Outcome;
use crate::http::AppState;
use crate::images::ImageFiles;
use crate::settings::{Settings, DEFAULT_MAX_IMAGE_BYTES};
use crate::store::postgres::DEFAULT_POOL_SIZE;
use crate::store::Store;

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    store: StoreArg,
    /// Where the photos are kept (default: DIR/images under --data-dir). Instances sharing one
    /// `--db` must share this directory too (shared storage).
    #[arg(long, value_name = "DIR")]
    images_dir: Option<PathBuf>,
    /// PostgreSQL connections this instance keeps open at most (with --db).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_POOL_SIZE as u32,
          value_parser = clap::value_parser!(u32).range(1..=1000))]
    db_pool: u32,
    /// Address to listen on.
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:8740")]
    listen: SocketAddr,
    /// Largest accepted photo in bytes ("190 KB": 194560, or 190000).
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_IMAGE_BYTES as u64,
          value_parser = clap::value_parser!(u64).range(1024..=20_000_000))]
    max_image_bytes: u64,
    /// How long a login lasts, in hours.
    #[arg(long, value_name = "HOURS", default_value_t = 12,
          value_parser = clap::value_parser!(u32).range(1..=168))]
    session_hours: u32,
    /// Threads running the automatic photo checks (OCR) after intake; 0 turns them off.
    #[arg(long, value_name = "N", default_value_t = 1,
          value_parser = clap::value_parser!(u32).range(0..=64))]
    image_check_workers: u32,
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
    args: &ServeArgs,
    store: Arc<dyn Store>,
    out: &mut impl Write,
) -> Result<(), String> {
    let images = match &args.images_dir {
        Some(dir) => ImageFiles::new(dir),
        None => args.store.data.images(),
    };
    let settings = Settings {
        max_image_bytes: usize::try_from(args.max_image_bytes)
            .map_err(|_| "--max-image-bytes is too large for this machine".to_owned())?,
        session_lifetime: Duration::hours(i64::from(args.session_hours)),
        ..Settings::default()
    };
    let mut state = AppState::production(store, images, settings).map_err(|e| e.to_string())?;
    if args.image_check_workers > 0 {
        state = state.with_image_checks(args.image_check_workers as usize);
    }
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
    let bound = listener.local_addr().map_err(|e| e.to_string())?;
    let _ = writeln!(out, "reviewdesk-server listening on http://{bound}");
    let _ = out.flush();
    tracing::info!(address = %bound, store = %args.store.describe(), "serving");
    crate::http::serve(listener, state, shutdown_signal()).await.map_err(|e| e.to_string())
}

pub fn run(args: &ServeArgs, out: &mut impl Write, err: &mut impl Write) -> Outcome {
    let _ = tracing_subscriber::fmt().with_writer(std::io::stderr).try_init();
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
    let store = match args.store.open_store_with_pool(args.db_pool as usize) {
        Ok(store) => store,
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            return Outcome::Negative;
        }
    };
    let served = runtime.block_on(serve(args, Arc::clone(&store), out));
    drop(runtime);
    drop(store);
    match served {
        Ok(()) => Outcome::Success,
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            Outcome::Negative
        }
    }
}
