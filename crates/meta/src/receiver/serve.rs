//! Serving the receiver's connections with limits on what a peer can hold before it has
//! proved anything: headers must arrive within seconds, a connection lives at most a minute,
//! and there is a cap on open connections (above it, new ones are closed at once). The
//! process's open-file limit is raised to what the system allows, so the cap, not the limit,
//! is what an attacker meets, and the cache keeps its files.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;

/// Headers slower than this close the connection (a slow-header attack holds sockets).
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// No connection is kept longer than this, keep-alive or not.
pub const CONNECTION_LIFETIME: Duration = Duration::from_secs(60);
/// Open connections at most; Meta opens a handful.
const MAX_CONNECTIONS: usize = 1024;
/// Files the process keeps for itself (the cache, its journal, media, the keyring's socket).
const FILES_KEPT: u64 = 128;

/// Serves `app` on `listener` until `stop`.
pub async fn serve(listener: TcpListener, app: Router, stop: CancellationToken) {
    let slots = Arc::new(Semaphore::new(connection_cap()));
    loop {
        let stream = tokio::select! {
            _ = stop.cancelled() => return,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    // Out of file descriptors and the like: wait a moment, never spin.
                    tracing::warn!("webhook receiver cannot accept: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let Ok(slot) = slots.clone().try_acquire_owned() else {
            tracing::warn!("webhook receiver: too many open connections; one closed at once");
            drop(stream);
            continue;
        };
        let service = TowerToHyperService::new(app.clone());
        let stop = stop.clone();
        tokio::spawn(async move {
            let _slot = slot;
            let connection = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .serve_connection(TokioIo::new(stream), service);
            let mut connection = std::pin::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => {}
                _ = tokio::time::sleep(CONNECTION_LIFETIME) => {}
                _ = stop.cancelled() => {
                    connection.as_mut().graceful_shutdown();
                    let _ = tokio::time::timeout(Duration::from_secs(5), connection).await;
                }
            }
        });
    }
}

/// The connection cap: MAX_CONNECTIONS, or fewer if the system allows fewer open files.
fn connection_cap() -> usize {
    let files = rlimit::increase_nofile_limit(u64::MAX).unwrap_or(1024);
    let cap = files.saturating_sub(FILES_KEPT).max(16);
    usize::try_from(cap)
        .unwrap_or(MAX_CONNECTIONS)
        .min(MAX_CONNECTIONS)
}
