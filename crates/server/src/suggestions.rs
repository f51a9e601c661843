//! `POST /api/v1/suggestions`: the token, the idempotency key and the
//! token's quota are checked before the body is read, so an unknown,
//! revoked or throttled sender costs no body; the body must then arrive
//! within the body read timeout (408) and fit `MAX_BODY_BYTES` (413).
//!
//! Errors of the store are logged and answered with a generic message: a
//! client never sees SQLite's text.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use lotse_core::outbox::SuggestionUpload;
use serde_json::json;

use crate::store::{Admission, StoreError, Stored, SuggestionStore};
use crate::{Quota, MAX_BODY_BYTES};

#[derive(Clone)]
pub(crate) struct AppState {
    pub(crate) store: Option<Arc<SuggestionStore>>,
    pub(crate) quota: Quota,
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

/// Why a request was not stored. Its text is what the client is told; the
/// server's own failures carry their cause for the log only.
#[derive(Debug, thiserror::Error)]
enum Refused {
    #[error("a valid bearer token is required")]
    Unauthorized,
    #[error("the Idempotency-Key header must be 8 to 128 letters, digits, `-` or `_`")]
    IdempotencyKey,
    #[error("too many suggestions from this token; try again in {0} s")]
    RateLimited(u64),
    #[error("the body did not arrive in time")]
    BodyTimeout,
    #[error("the body is larger than {MAX_BODY_BYTES} bytes")]
    TooLarge,
    #[error("{0}")]
    InvalidJson(serde_json::Error),
    #[error("{0}")]
    InvalidField(lotse_core::field::FieldError),
    #[error("the server could not handle the suggestion; try again later")]
    Storage(#[source] StoreError),
    #[error("the server could not handle the suggestion; try again later")]
    Internal(#[source] tokio::task::JoinError),
}

impl IntoResponse for Refused {
    fn into_response(self) -> Response {
        let (status, code) = match &self {
            Self::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized"),
            Self::IdempotencyKey => (StatusCode::BAD_REQUEST, "idempotency_key"),
            Self::RateLimited(_) => (StatusCode::TOO_MANY_REQUESTS, "rate_limited"),
            Self::BodyTimeout => (StatusCode::REQUEST_TIMEOUT, "body_timeout"),
            Self::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "too_large"),
            Self::InvalidJson(_) => (StatusCode::BAD_REQUEST, "invalid_json"),
            Self::InvalidField(_) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_field"),
            Self::Storage(e) => {
                tracing::error!(error = %e, "suggestions store failed");
                (StatusCode::INTERNAL_SERVER_ERROR, "storage")
            }
            Self::Internal(e) => {
                tracing::error!(error = %e, "suggestions handler failed");
                (StatusCode::INTERNAL_SERVER_ERROR, "internal")
            }
        };
        let mut response = error(status, code, &self);
        if let Self::RateLimited(secs) = self {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

/// A request that passed the checks made before its body is read.
enum Admitted {
    /// A new suggestion of this token row may be stored.
    New(i64),
    /// The idempotency key is already stored as this suggestion.
    Known(i64),
}

fn valid_key(key: &str) -> bool {
    (8..=128).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn header_text(headers: &HeaderMap, name: header::HeaderName) -> String {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// Run a store call off the async workers; a panic in it is an internal error.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, Refused> + Send + 'static,
) -> Result<T, Refused> {
    tokio::task::spawn_blocking(f)
        .await
        .unwrap_or_else(|e| Err(Refused::Internal(e)))
}

pub(crate) async fn post_suggestion(
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
    let authorization = header_text(&headers, header::AUTHORIZATION);
    let token = authorization
        .strip_prefix("Bearer ")
        .map(str::trim)
        .unwrap_or_default()
        .to_owned();
    let key = header_text(&headers, header::HeaderName::from_static("idempotency-key"));
    let quota = state.quota;
    let admitted = {
        let (store, key) = (Arc::clone(&store), key.clone());
        blocking(move || admit(&store, &token, &key, &quota)).await
    };
    let token_row = match admitted {
        Ok(Admitted::New(row)) => row,
        Ok(Admitted::Known(id)) => return already_stored(id),
        Err(refused) => return refused.into_response(),
    };
    let bytes = match read_body(body).await {
        Ok(b) => b,
        Err(refused) => return refused.into_response(),
    };
    blocking(move || store_upload(&store, token_row, &key, &bytes, &quota))
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

/// Whether the token may send a suggestion with this key now.
fn admit(
    store: &SuggestionStore,
    token: &str,
    key: &str,
    quota: &Quota,
) -> Result<Admitted, Refused> {
    let token_row = store
        .authenticate(token)
        .map_err(Refused::Storage)?
        .ok_or(Refused::Unauthorized)?;
    if !valid_key(key) {
        return Err(Refused::IdempotencyKey);
    }
    match store
        .admission(token_row, key, quota)
        .map_err(Refused::Storage)?
    {
        Admission::Open => Ok(Admitted::New(token_row)),
        Admission::Known(id) => Ok(Admitted::Known(id)),
        Admission::Limited { retry_after_secs } => Err(Refused::RateLimited(retry_after_secs)),
    }
}

/// The body, within `MAX_BODY_BYTES` and the body read deadline (the
/// router's `RequestBodyDeadlineLayer`).
async fn read_body(body: Body) -> Result<Bytes, Refused> {
    axum::body::to_bytes(body, MAX_BODY_BYTES)
        .await
        .map_err(|e| {
            if timed_out(&e) {
                Refused::BodyTimeout
            } else {
                Refused::TooLarge
            }
        })
}

fn timed_out(e: &axum::Error) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(c) = cause {
        if c.is::<tower_http::timeout::TimeoutError>() {
            return true;
        }
        cause = c.source();
    }
    false
}

fn already_stored(id: i64) -> Response {
    (
        StatusCode::OK,
        Json(json!({ "id": id, "status": "already_stored" })),
    )
        .into_response()
}

fn store_upload(
    store: &SuggestionStore,
    token_row: i64,
    key: &str,
    bytes: &[u8],
    quota: &Quota,
) -> Result<Response, Refused> {
    let upload: SuggestionUpload = serde_json::from_slice(bytes).map_err(Refused::InvalidJson)?;
    upload
        .correction
        .validate()
        .map_err(Refused::InvalidField)?;
    match store
        .insert(token_row, key, &upload, quota)
        .map_err(Refused::Storage)?
    {
        Stored::New(id) => Ok((
            StatusCode::CREATED,
            Json(json!({ "id": id, "status": "stored" })),
        )
            .into_response()),
        Stored::Again(id) => Ok(already_stored(id)),
        Stored::Limited { retry_after_secs } => Err(Refused::RateLimited(retry_after_secs)),
    }
}
