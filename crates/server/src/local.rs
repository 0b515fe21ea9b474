//! Local mode: the whole review server in-process, listening on loopback only, over one data
//! directory — what the desktop runs when no server URL is given. It is exactly the server
//! `reviewdesk-server serve` runs ([`AppState::production`], [`crate::http::serve`]), on a port the
//! system picks.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::data_dir::DataDir;
use crate::http::AppState;
use crate::settings::Settings;

/// A running local server. Dropping it without [`LocalServer::stop`] stops it too.
pub struct LocalServer {
    address: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

impl LocalServer {
    /// Opens (creating and migrating) `dir` and serves it on `127.0.0.1:<free port>`. Must run
    /// inside a Tokio runtime.
    pub async fn start(dir: &DataDir) -> Result<LocalServer, String> {
        let store = dir.open_store()?;
        let state = AppState::production(Arc::new(store), dir.images(), Settings::default())
            .map_err(|e| e.to_string())?;
        let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .await
            .map_err(|e| format!("cannot listen on loopback: {e}"))?;
        let address = listener.local_addr().map_err(|e| e.to_string())?;
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(crate::http::serve(listener, state, async move {
            let _ = stopped.await;
        }));
        Ok(LocalServer { address, stop: Some(stop), task: Some(task) })
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Stops accepting, lets requests in flight finish, and waits for the server to end.
    pub async fn stop(mut self) -> Result<(), String> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match self.task.take() {
            Some(task) => match task.await {
                Ok(result) => result.map_err(|e| e.to_string()),
                Err(error) => Err(error.to_string()),
            },
            None => Ok(()),
        }
    }
}

impl Drop for LocalServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}
