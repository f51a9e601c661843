//! What can go wrong with a report from the field or an editor's
//! decision on one.

use lotse_contract::{ApiError, ErrorCode};

use crate::CoreError;

/// Why a correction cannot be queued, withdrawn or decided.
#[derive(Debug, thiserror::Error)]
pub enum FieldError {
    /// The correction itself is not acceptable: the message names the field.
    #[error("invalid report: {0}")]
    InvalidReport(String),
    #[error("invalid report: offer `{0}` is not in the directory")]
    UnknownOffer(String),
    #[error("outbox item {0} is not queued (already sent, or unknown)")]
    NotQueued(i64),
    #[error("outbox item {0} vanished while it was stored")]
    Vanished(i64),
    #[error("no randomness from the system: {0}")]
    Random(getrandom::Error),
    #[error(transparent)]
    Core(#[from] CoreError),
}

impl From<rusqlite::Error> for FieldError {
    fn from(e: rusqlite::Error) -> Self {
        Self::Core(CoreError::Sqlite(e))
    }
}

impl From<FieldError> for ApiError {
    fn from(err: FieldError) -> Self {
        let err = match err {
            FieldError::Core(e) => return e.into(),
            other => other,
        };
        let code = match &err {
            FieldError::InvalidReport(_)
            | FieldError::UnknownOffer(_)
            | FieldError::NotQueued(_)
            | FieldError::Random(_) => ErrorCode::InvalidInput,
            FieldError::Vanished(_) | FieldError::Core(_) => ErrorCode::Storage,
        };
        ApiError::new(code, err.to_string())
    }
}
