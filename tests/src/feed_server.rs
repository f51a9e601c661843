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
    runtime: Option<tokio::runtime::Runtime>,
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
    /// Serve `feed` (and take reports into `store`) on `127.0.0.1:port`.
    pub fn start(
        port: u16,
        feed: PathBuf,
        store: Arc<SuggestionStore>,
        pause: Duration,
    ) -> Result<Self, HarnessError> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()?;
        let app =
            lotse_server::router(feed, Some(store)).layer(middleware::from_fn(move |req, next| {
                throttle(pause, req, next)
            }));
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let listener = runtime.block_on(tokio::net::TcpListener::bind(addr))?;
        runtime.spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(Self {
            url: format!("http://127.0.0.1:{port}"),
            runtime: Some(runtime),
        })
    }
}

impl Drop for FeedServer {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}
