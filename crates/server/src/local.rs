//! Local mode: the whole review server in-process, listening on loopback only, over one data
//! directory — what the desktop runs when no server URL is given. It is exactly the server
//! `reviewdesk-server serve` runs ([`AppState::production`], [`crate::http::serve`]), on a port the
//! system picks, with the same photo checks sized for a desktop ([`CheckWorkers::desktop`]: one
//! worker at low priority, so the window stays responsive while the OCR runs), and the same signed
//! checkpoints of the audit chain ([`crate::audit_anchor`], key in the data directory, default
//! policy): a desktop's local data is audited like a server's, and one copied into a server
//! verifies with the desktop's public key.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::audit_anchor::checkpointer::{self, CheckpointPolicy, Checkpointer};
use crate::audit_anchor::signing_key::DEFAULT_FILE_NAME;
use crate::data_dir::DataDir;
use crate::http::AppState;
use crate::image_checks::{CheckWorkers, ImageChecks};
use crate::settings::Settings;

/// A running local server. Dropping it without [`LocalServer::stop`] stops it too.
pub struct LocalServer {
    address: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
    checks: Option<Arc<ImageChecks>>,
    checkpointer: Option<Arc<Checkpointer>>,
    checkpoints: Option<JoinHandle<()>>,
}

/// How long the photo checks get to put down their work when the local server stops.
const CHECKS_GRACE: std::time::Duration = std::time::Duration::from_secs(2);

impl LocalServer {
    /// Opens (creating and migrating) `dir` and serves it on `127.0.0.1:<port>`, or on a free port
    /// when `port` is `None` or taken. Must run inside a Tokio runtime.
    pub async fn start(dir: &DataDir, port: Option<u16>) -> Result<LocalServer, String> {
        let store: Arc<dyn crate::store::Store> = Arc::new(dir.open_store()?);
        let key_file = dir.root().join(DEFAULT_FILE_NAME);
        let checkpointer = {
            let store = Arc::clone(&store);
            tokio::task::spawn_blocking(move || {
                checkpointer::start(store, &key_file, CheckpointPolicy::default())
            })
            .await
            .map_err(|e| e.to_string())??
        };
        let checkpoints = tokio::spawn(checkpointer::run(Arc::clone(&checkpointer)));
        let state = AppState::production(store, dir.images(), Settings::default())
            .map_err(|e| e.to_string())?
            .with_image_checks(CheckWorkers::desktop());
        let checks = state.image_checks.clone();
        let preferred = match port {
            Some(port) => tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, port)).await.ok(),
            None => None,
        };
        let listener = match preferred {
            Some(listener) => listener,
            None => tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
                .await
                .map_err(|e| format!("cannot listen on loopback: {e}"))?,
        };
        let address = listener.local_addr().map_err(|e| e.to_string())?;
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(crate::http::serve(listener, state, async move {
            let _ = stopped.await;
        }));
        Ok(LocalServer {
            address,
            stop: Some(stop),
            task: Some(task),
            checks,
            checkpointer: Some(checkpointer),
            checkpoints: Some(checkpoints),
        })
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Stops the photo checks (within a short grace), stops accepting, lets requests in flight
    /// finish, waits for the server to end, and signs the audit chain's head if it moved.
    pub async fn stop(mut self) -> Result<(), String> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(checks) = self.checks.take() {
            let _ = tokio::task::spawn_blocking(move || checks.stop(CHECKS_GRACE)).await;
        }
        let served = match self.task.take() {
            Some(task) => match task.await {
                Ok(result) => result.map_err(|e| e.to_string()),
                Err(error) => Err(error.to_string()),
            },
            None => Ok(()),
        };
        if let Some(checkpoints) = self.checkpoints.take() {
            checkpoints.abort();
        }
        if let Some(checkpointer) = self.checkpointer.take() {
            let _ = tokio::task::spawn_blocking(move || checkpointer.checkpoint_now(true)).await;
        }
        served
    }
}

impl Drop for LocalServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(checks) = self.checks.take() {
            checks.stop(std::time::Duration::from_millis(200));
        }
        if let Some(checkpoints) = self.checkpoints.take() {
            checkpoints.abort();
        }
        // One small SQLite write: the stop checkpoint is made here too.
        if let Some(checkpointer) = self.checkpointer.take() {
            checkpointer.checkpoint_now(true);
        }
    }
}
