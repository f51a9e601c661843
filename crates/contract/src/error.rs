use serde::{Deserialize, Serialize};

/// Stable, machine-readable error codes. The UI chooses its wording from these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// An argument was out of range or malformed (e.g. a latitude of 100).
    InvalidInput,
    /// A referenced thing (category, offer) does not exist.
    NotFound,
    /// The local database could not be read or written.
    Storage,
    /// The local database was written by a newer Lotse and is not downgraded.
    DatabaseTooNew,
    /// The network or the feed server failed; the offline directory stays in use.
    Network,
    /// Downloaded data failed verification (signature, hash, version) and was not applied.
    Verification,
    /// The device cannot do this: no app opens this kind of link, or the
    /// platform gives no position. Nothing was changed.
    Unavailable,
    /// Anything else; the message says what.
    Internal,
}

/// The one error type that crosses the IPC boundary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{code:?}: {message}")]
pub struct ApiError {
    pub code: ErrorCode,
    /// A plain-language explanation, naming the field or value at fault.
    pub message: String,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_serialises_with_snake_case_code() {
        let err = ApiError::new(ErrorCode::DatabaseTooNew, "db v3, app v2");
        let json = serde_json::to_string(&err).expect("serialise");
        assert_eq!(
            json,
            r#"{"code":"database_too_new","message":"db v3, app v2"}"#
        );
        let back: ApiError = serde_json::from_str(&json).expect("deserialise");
        assert_eq!(back, err);
    }
}
