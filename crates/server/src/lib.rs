//! `lotse serve`: the feed folder as static files (ETag / If-None-Match →
//! 304, Range, gzip for the manifest) and `POST /api/v1/suggestions`.
//!
//! The feed needs no application server: the same folder can sit on any web
//! server, CDN or object store. The suggestions endpoint keeps no state in
//! memory, so several instances can share one database.
//!
//! Limits (`ServeLimits`): a header and a body read timeout, a cap on open
//! connections, a per-token quota of suggestions; only files inside the
//! feed folder are served (`inside_feed`).

mod inside_feed;
mod limits;
mod quota;
mod serve;
pub mod store;
mod suggestions;

use std::path::PathBuf;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, HeaderValue, Request, StatusCode};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use lotse_core::outbox::SUGGESTIONS_PATH;
use tower::Layer;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::timeout::RequestBodyDeadlineLayer;

use inside_feed::FeedRoot;
pub use limits::{Quota, ServeLimits};
pub use serve::serve_with;
pub use store::{Admission, StoreError, Stored, StoredSuggestion, SuggestionStore};
use suggestions::AppState;

/// Largest accepted suggestion body.
pub const MAX_BODY_BYTES: usize = 16 * 1024;

/// The whole service with the default `ServeLimits`.
pub fn router(feed_dir: PathBuf, store: Option<Arc<SuggestionStore>>) -> Router {
    router_with(feed_dir, store, &ServeLimits::default())
}

/// The whole service: the feed at `/`, the API under `/api/v1`, with the
/// body read timeout and the quota of `limits` (the other limits are the
/// accept loop's, `serve_with`).
pub fn router_with(
    feed_dir: PathBuf,
    store: Option<Arc<SuggestionStore>>,
    limits: &ServeLimits,
) -> Router {
    let compress = DefaultPredicate::new().and(NotForContentType::new("application/gzip"));
    let files = middleware::from_fn_with_state(
        FeedRoot(Arc::new(feed_dir.clone())),
        inside_feed::inside_feed,
    )
    .layer(ServeDir::new(feed_dir));
    Router::new()
        .route(
            &format!("/{SUGGESTIONS_PATH}"),
            post(suggestions::post_suggestion),
        )
        .fallback_service(files)
        .layer(middleware::from_fn(cache_control))
        .layer(CompressionLayer::new().compress_when(compress))
        .layer(RequestBodyDeadlineLayer::new(limits.body_read_timeout))
        .with_state(AppState {
            store,
            quota: limits.quota,
        })
}

/// Blobs never change (their name is their hash); the manifest must be
/// revalidated. Only a blob that is there is cached for good: a 404 (a blob
/// not yet uploaded) or an error must be asked for again.
async fn cache_control(request: Request<Body>, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    let found = matches!(
        response.status(),
        StatusCode::OK | StatusCode::PARTIAL_CONTENT | StatusCode::NOT_MODIFIED
    );
    let value = if path.ends_with(lotse_core::feed::MANIFEST_FILE) {
        Some("no-cache")
    } else if path.starts_with("/blobs/") && found {
        Some("public, max-age=31536000, immutable")
    } else {
        None
    };
    if let Some(v) = value {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(v));
    }
    response
}

/// Serve until Ctrl-C with the default `ServeLimits`.
pub async fn serve(listener: tokio::net::TcpListener, app: Router) -> std::io::Result<()> {
    serve_with(listener, app, &ServeLimits::default(), async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
}
