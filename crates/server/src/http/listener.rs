//! The accept loop [`super::serve`] runs: at most `max_connections` connections at once (a
//! further client waits in the listen backlog until one ends), each served by
//! [`super::connection`] with the settings' limits. On `shutdown` it stops accepting, asks every
//! connection to finish its request in flight and close, and returns once all have.

use std::future::Future;
use std::io;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::{watch, Semaphore};

use super::connection::serve_connection;
use crate::settings::ConnectionLimits;

/// Serves `router` on `listener` under `limits` until `shutdown` completes.
pub async fn accept_loop(
    listener: TcpListener,
    router: Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    let max = limits.max_connections.clamp(1, Semaphore::MAX_PERMITS);
    let slots = Arc::new(Semaphore::new(max));
    let (stopping, stop) = watch::channel(false);
    tokio::pin!(shutdown);
    loop {
        let slot = tokio::select! {
            slot = Arc::clone(&slots).acquire_owned() => match slot {
                Ok(slot) => slot,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    accept_failed(error).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let (router, mut stop) = (router.clone(), stop.clone());
        tokio::spawn(async move {
            let stop_requested = async move {
                let _ = stop.wait_for(|stopping| *stopping).await;
            };
            serve_connection(stream, peer, router, limits, stop_requested).await;
            drop(slot);
        });
    }
    drop(listener);
    let _ = stopping.send(true);
    // Every connection holds a slot until it ends: all slots back means all connections closed.
    let _ = slots.acquire_many(u32::try_from(max).unwrap_or(u32::MAX)).await;
    Ok(())
}

/// A failed accept: a client that gave up is nothing; anything else (out of file descriptors)
/// is logged and the loop pauses a second, as hyper's own server did, so it does not spin.
async fn accept_failed(error: io::Error) {
    if matches!(
        error.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    ) {
        return;
    }
    tracing::error!(%error, "accept failed");
    tokio::time::sleep(Duration::from_secs(1)).await;
}
