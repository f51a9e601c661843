//! The accept loop of `lotse serve`: HTTP/1 connections with a header read
//! timeout and a cap on connections served at once, shut down gracefully.
//!
//! Written out here rather than `axum::serve` because axum 0.8 gives its
//! hyper connections no timer (so hyper's header read timeout never fires:
//! a client sending half a request held its connection for good) and has
//! no connection cap. The parts are hyper's and hyper-util's own:
//! `http1::Builder::header_read_timeout` with `TokioTimer`, and
//! `GracefulShutdown`; the cap is a tokio `Semaphore` whose permit each
//! connection holds until it closes (tower's `ConcurrencyLimitLayer` counts
//! requests in flight, not open connections, so an idle or half-sent one
//! would not count).

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::serve::Listener;
use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::sync::Semaphore;

use crate::ServeLimits;

/// How long a shutdown waits for open connections to finish.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// Serve `app` on `listener` within `limits` until `shutdown` completes,
/// then let open connections finish (for up to 10 s).
///
/// Errors accepting a connection (such as running out of file descriptors)
/// are retried after a pause, as `axum::serve` does; the result is `Ok`
/// once shut down.
pub async fn serve_with<F>(
    mut listener: tokio::net::TcpListener,
    app: Router,
    limits: &ServeLimits,
    shutdown: F,
) -> std::io::Result<()>
where
    F: Future<Output = ()> + Send,
{
    let permits = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        // A connection is accepted only with a permit: over the cap, new
        // clients wait in the kernel's backlog and cost no descriptor here.
        let permit = tokio::select! {
            permit = Arc::clone(&permits).acquire_owned() => permit,
            () = &mut shutdown => break,
        };
        let Ok(permit) = permit else {
            break; // the semaphore is never closed
        };
        let (stream, remote) = tokio::select! {
            accepted = Listener::accept(&mut listener) => accepted,
            () = &mut shutdown => break,
        };
        let service = TowerToHyperService::new(app.clone());
        let connection = graceful.watch(builder.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(%remote, error = %e, "connection closed with an error");
            }
            drop(permit);
        });
    }
    if tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!(
            "connections still open {SHUTDOWN_GRACE:?} after shutdown began; closing them"
        );
    }
    Ok(())
}
