//! `lotse serve`: the feed folder as static files (ETag / If-None-Match →
//! 304, Range, gzip for the manifest) and `POST /api/v1/suggestions`.
//!
//! The feed needs no application server: the same folder can sit on any web
//! server, CDN or object store. The suggestions endpoint keeps no state in
//! memory, so several instances can share one database.

pub mod store;

use std::path::PathBuf;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Request, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use lotse_core::outbox::{SuggestionUpload, SUGGESTIONS_PATH};
use serde_json::json;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;

pub use store::{StoreError, Stored, StoredSuggestion, SuggestionStore};

/// Largest accepted suggestion body.
pub const MAX_BODY_BYTES: usize = 16 * 1024;

#[derive(Clone)]
struct AppState {
    store: Option<Arc<SuggestionStore>>,
}

/// The JSON error response: the boundary where an error becomes the text a
/// client shows.
fn error(status: StatusCode, code: &str, message: impl std::fmt::Display) -> Response {
    (
        status,
        Json(json!({ "error": code, "message": message.to_string() })),
    )
        .into_response()
}

/// The whole service: the feed at `/`, the API under `/api/v1`.
pub fn router(feed_dir: PathBuf, store: Option<Arc<SuggestionStore>>) -> Router {
    let compress = DefaultPredicate::new().and(NotForContentType::new("application/gzip"));
    Router::new()
        .route(&format!("/{SUGGESTIONS_PATH}"), post(post_suggestion))
        .fallback_service(ServeDir::new(feed_dir))
        .layer(middleware::from_fn(cache_control))
        .layer(CompressionLayer::new().compress_when(compress))
        .with_state(AppState { store })
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

fn valid_key(key: &str) -> bool {
    (8..=128).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

async fn post_suggestion(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let Some(store) = state.store else {
        return error(
            StatusCode::NOT_FOUND,
            "not_enabled",
            "this server takes no suggestions (start it with --suggestions-db)",
        );
    };
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .unwrap_or_default()
        .to_owned();
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let bytes = match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
        Ok(b) => b,
        Err(_) => {
            return error(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                format!("the body is larger than {MAX_BODY_BYTES} bytes"),
            )
        }
    };
    let outcome =
        tokio::task::spawn_blocking(move || store_upload(&store, &token, &key, &bytes)).await;
    match outcome {
        Ok(response) => response,
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, "internal", e),
    }
}

fn store_upload(store: &SuggestionStore, token: &str, key: &str, bytes: &[u8]) -> Response {
    let token_row = match store.authenticate(token) {
        Ok(Some(row)) => row,
        Ok(None) => {
            return error(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "a valid bearer token is required",
            )
        }
        Err(e) => return error(StatusCode::INTERNAL_SERVER_ERROR, "storage", e),
    };
    if !valid_key(key) {
        return error(
            StatusCode::BAD_REQUEST,
            "idempotency_key",
            "the Idempotency-Key header must be 8 to 128 letters, digits, `-` or `_`",
        );
    }
    let upload: SuggestionUpload = match serde_json::from_slice(bytes) {
        Ok(u) => u,
        Err(e) => return error(StatusCode::BAD_REQUEST, "invalid_json", e),
    };
    if let Err(e) = upload.correction.validate() {
        return error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_field", e);
    }
    match store.insert(token_row, key, &upload) {
        Ok(Stored::New(id)) => (
            StatusCode::CREATED,
            Json(json!({ "id": id, "status": "stored" })),
        )
            .into_response(),
        Ok(Stored::Again(id)) => (
            StatusCode::OK,
            Json(json!({ "id": id, "status": "already_stored" })),
        )
            .into_response(),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, "storage", e),
    }
}

/// Serve until Ctrl-C (or the listener fails).
pub async fn serve(listener: tokio::net::TcpListener, app: Router) -> std::io::Result<()> {
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
