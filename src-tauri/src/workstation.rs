//! [`Workstation`]: the desktop's one piece of shared state — the client (encrypted cache, outbox,
//! sync) and, in local mode, the bundled review server — and the background sync loop that keeps
//! the next submissions claimed and downloaded and drains the outbox.

use reviewdesk_domain::ErrorCode;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use reviewdesk_client::{Account, Client, OsKeyring, Settings, SystemClock};
use reviewdesk_domain::review::Role;
use reviewdesk_server::data_dir::DataDir;
use reviewdesk_server::demo::{self, DemoOptions, DEMO_PASSWORD};
use reviewdesk_server::local::LocalServer;
use tokio::sync::{Mutex, Notify};

use crate::error::AppError;
use crate::events::Publisher;

/// The keyring service holding the session token and the cache key.
pub const KEYRING_SERVICE: &str = "cn.reviewdesk.desktop";
/// Local mode listens here when it can (a stable address keeps the same cache across starts).
pub const LOCAL_PORT: u16 = 47_110;
/// The demo reviewer local mode signs in as, and the province of the demo queue.
pub const DEMO_REVIEWER: &str = "reviewer11";
/// The demo supervisor local mode signs in as when asked to.
pub const DEMO_SUPERVISOR: &str = "supervisor11";
const DEMO_PROVINCE: &str = "11";
/// Demo submissions seeded on the first start of local mode.
const DEMO_COUNT: u32 = demo::LOCAL_MODE_COUNT;
/// How long the sync round after a decision waits for the next submission to be shown.
const AFTER_DISPLAY: Duration = Duration::from_millis(300);
/// How often the sync loop runs when nothing wakes it.
const SYNC_EVERY: Duration = Duration::from_secs(3);
/// How often a running sync round's progress (claimed, downloading, ready) reaches the window, so
/// that start-up says what it is downloading and shows each submission once it is complete.
const PUBLISH_DURING_SYNC: Duration = Duration::from_millis(400);

/// The environment variable setting the undo window in whole seconds (0 to 60; default
/// `reviewdesk_client::DEFAULT_UNDO_SECONDS`). 0 sends decisions at once and offers no 撤回.
pub const UNDO_SECONDS_ENV: &str = "REVIEWDESK_UNDO_SECONDS";
/// Longest undo window the setting accepts.
const MAX_UNDO_SECONDS: i64 = 60;

/// The undo window from [`UNDO_SECONDS_ENV`]; a value that is not 0 to 60 is logged and the
/// default kept.
fn undo_window_setting() -> chrono::Duration {
    let default = chrono::Duration::seconds(reviewdesk_client::DEFAULT_UNDO_SECONDS);
    let Ok(text) = std::env::var(UNDO_SECONDS_ENV) else { return default };
    match text.trim().parse::<i64>() {
        Ok(seconds) if (0..=MAX_UNDO_SECONDS).contains(&seconds) => {
            chrono::Duration::seconds(seconds)
        }
        _ => {
            tracing::warn!(value = %text, "{UNDO_SECONDS_ENV} is not 0 to {MAX_UNDO_SECONDS}; using the default");
            default
        }
    }
}

pub struct Workstation {
    pub client: Client,
    data_dir: PathBuf,
    local: Mutex<Option<LocalServer>>,
    wake: Notify,
    /// The events to the window: the status, the queue, sync outcomes and conflicts.
    pub events: Publisher,
}

impl Workstation {
    /// A workstation keeping its files under `data_dir` (`client/`: the account and caches;
    /// `local-server/`: local mode's data directory) and its secrets in the OS keyring.
    pub fn new(data_dir: PathBuf) -> Workstation {
        let client = Client::new(
            data_dir.join("client"),
            Settings { undo_window: undo_window_setting(), ..Settings::default() },
            Arc::new(OsKeyring::new(KEYRING_SERVICE)),
            Arc::new(SystemClock),
        );
        Workstation {
            client,
            data_dir,
            local: Mutex::new(None),
            wake: Notify::new(),
            events: Publisher::default(),
        }
    }

    /// Whether `server_url` is local mode's address.
    pub fn is_local(server_url: &str) -> bool {
        server_url.trim_end_matches('/') == format!("http://127.0.0.1:{LOCAL_PORT}")
    }

    /// Starts local mode's server if it is not running (seeding the demo queue on first use) and
    /// returns its URL.
    pub async fn start_local(&self) -> Result<String, AppError> {
        let mut local = self.local.lock().await;
        if let Some(server) = local.as_ref() {
            return Ok(server.url());
        }
        let dir = DataDir::new(self.data_dir.join("local-server"));
        if !dir.database().exists() {
            let seeding = dir.clone();
            tokio::task::spawn_blocking(move || {
                let options = DemoOptions {
                    count: DEMO_COUNT,
                    provinces: vec![DEMO_PROVINCE.to_owned()],
                    ..DemoOptions::default()
                };
                demo::seed(&seeding, &options, chrono::Utc::now())
            })
            .await
            .map_err(|e| e.to_string())
            .and_then(|seeded| seeded.map_err(|e| e.to_string()))
            .map_err(|e| {
                AppError::new(
                    ErrorCode::LocalModeFailed,
                    format!("seeding the demo data failed: {e}"),
                )
            })?;
        }
        tracing::info!("starting local mode's server");
        let server = LocalServer::start(&dir, Some(LOCAL_PORT)).await.map_err(|e| {
            AppError::new(
                ErrorCode::LocalModeFailed,
                format!("the local review server did not start: {e}"),
            )
        })?;
        let url = server.url();
        *local = Some(server);
        Ok(url)
    }

    /// Local mode: starts the bundled server (demo queue on first use) and signs in as the demo
    /// reviewer, or the demo supervisor.
    pub async fn open_local_demo(&self, role: Role) -> Result<Account, AppError> {
        let url = self.start_local().await?;
        let username = if role == Role::Supervisor { DEMO_SUPERVISOR } else { DEMO_REVIEWER };
        let account = self.client.login(&url, username, DEMO_PASSWORD).await?;
        self.wake_sync();
        Ok(account)
    }

    /// Runs a sync round now (after a login).
    pub fn wake_sync(&self) {
        self.wake.notify_one();
    }

    /// Runs a sync round once the next submission is on screen: after a decision (already on
    /// disk), the upload and the prefetch refill wait a moment rather than compete with showing
    /// the next submission on the same two cores.
    pub fn wake_sync_after_display(self: &Arc<Self>) {
        let workstation = Arc::clone(self);
        tauri::async_runtime::spawn(async move {
            tokio::time::sleep(AFTER_DISPLAY).await;
            workstation.wake.notify_one();
        });
    }

    /// Runs a sync round just after a new decision's undo window ends, so it is sent then (and
    /// the screen learns it is final) rather than at the next timed round.
    pub fn wake_sync_after_undo_window(self: &Arc<Self>) {
        let window = self.client.undo_window().to_std().unwrap_or_default();
        let workstation = Arc::clone(self);
        tauri::async_runtime::spawn(async move {
            tokio::time::sleep(window + Duration::from_millis(100)).await;
            workstation.wake.notify_one();
        });
    }

    /// Emits what changed (status, queue, conflicts) to the window, now.
    pub fn publish(&self) {
        self.events.publish(&self.client);
    }

    /// Emits what changed off the caller's thread: after a decision, the command answers first.
    pub fn publish_soon(self: &Arc<Self>) {
        let workstation = Arc::clone(self);
        tauri::async_runtime::spawn_blocking(move || workstation.publish());
    }

    /// The background sync loop: a round every few seconds, or when woken, while signed in.
    /// Failures are recorded in the status line by the client; the loop carries on. After each
    /// turn it emits what changed (a lease may expire without a round), and each round's outcome;
    /// during a long round (downloads) it emits what changed so far every
    /// [`PUBLISH_DURING_SYNC`].
    pub fn spawn_sync_loop(self: &Arc<Self>) {
        let workstation = Arc::clone(self);
        tauri::async_runtime::spawn(async move {
            loop {
                tokio::select! {
                    () = tokio::time::sleep(SYNC_EVERY) => {}
                    () = workstation.wake.notified() => {}
                }
                let signed_in = workstation.client.status().is_ok_and(|status| status.signed_in);
                if signed_in {
                    // Codes only: a server's message is free text and stays out of the log.
                    let outcome = {
                        let round = workstation.client.sync_once();
                        tokio::pin!(round);
                        loop {
                            tokio::select! {
                                outcome = &mut round => break outcome,
                                () = tokio::time::sleep(PUBLISH_DURING_SYNC) => {
                                    workstation.publish_soon();
                                }
                            }
                        }
                    };
                    if let Err(error) = &outcome {
                        tracing::warn!(code = error.code(), "sync round failed");
                    }
                    let error = outcome.err().map(AppError::from);
                    workstation.events.sync_finished(&workstation.client, error);
                } else {
                    workstation.publish();
                }
            }
        });
    }

    /// At start-up: reopens the last account (no network) and, if it was local mode, its server.
    pub async fn resume(&self) -> Result<(), AppError> {
        // A session that cannot be reopened (its keyring entry gone, say) means signing in again.
        let resumed = self.client.resume().unwrap_or_else(|error| {
            tracing::warn!(
                code = error.code(),
                "the last session cannot be reopened: sign in again"
            );
            None
        });
        let Some(account) = resumed else { return Ok(()) };
        if Workstation::is_local(&account.server_url) {
            self.start_local().await?;
        }
        self.wake_sync();
        Ok(())
    }
}
