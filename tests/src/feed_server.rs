//! A real Lotse feed server (`lotse serve`'s router) on a loopback port, for
//! the sync flows in the app window. Data files can be sent slowly, so the
//! test can watch the app's progress while a download runs.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::Request;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use lotse_server::SuggestionStore;

use crate::HarnessError;

pub struct FeedServer {
    pub url: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// Send a data file in 4 KiB pieces, `pause` apart.
async fn throttle(pause: Duration, request: Request, next: Next) -> Response {
    let slow = request.uri().path().contains("/blobs/");
    let response = next.run(request).await;
    if !slow {
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return (axum::http::StatusCode::INTERNAL_SERVER_ERROR, "body").into_response();
    };
    let pieces: Vec<bytes::Bytes> = bytes
        .chunks(4096)
        .map(bytes::Bytes::copy_from_slice)
        .collect();
    let stream = futures_util::stream::unfold(pieces.into_iter(), move |mut rest| async move {
        let piece = rest.next()?;
        tokio::time::sleep(pause).await;
        Some((Ok::<_, std::io::Error>(piece), rest))
    });
    Response::from_parts(parts, Body::from_stream(stream))
}

impl FeedServer {
    /// Serve `feed` (and take reports into `store`) on `127.0.0.1:port`, on
    /// a thread of its own (callable from async tests).
    pub fn start(
        port: u16,
        feed: PathBuf,
        store: Arc<SuggestionStore>,
        pause: Duration,
    ) -> Result<Self, HarnessError> {
        let (ready_tx, ready_rx) = std::sync::mpsc::channel::<std::io::Result<()>>();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = match tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                Ok(r) => r,
                Err(e) => {
                    let _ = ready_tx.send(Err(e));
                    return;
                }
            };
            runtime.block_on(async move {
                let app = lotse_server::router(feed, Some(store)).layer(middleware::from_fn(
                    move |req, next| throttle(pause, req, next),
                ));
                let addr = SocketAddr::from(([127, 0, 0, 1], port));
                let listener = match tokio::net::TcpListener::bind(addr).await {
                    Ok(l) => l,
                    Err(e) => {
                        let _ = ready_tx.send(Err(e));
                        return;
                    }
                };
                let _ = ready_tx.send(Ok(()));
                let _ = axum::serve(listener, app)
                    .with_graceful_shutdown(async move {
                        let _ = stopped.await;
                    })
                    .await;
            });
        });
        ready_rx
            .recv()
            .map_err(|_| HarnessError::Assertion("the feed server thread ended".into()))??;
        Ok(Self {
            url: format!("http://127.0.0.1:{port}"),
            stop: Some(stop),
            thread: Some(thread),
        })
    }
}

impl Drop for FeedServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
