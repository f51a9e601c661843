use lotse_contract::{ApiError, ErrorCode};

use crate::CoreError;

/// What can go wrong publishing, fetching, verifying or applying a feed.
#[derive(Debug, thiserror::Error)]
pub enum FeedError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("JSON: {0}")]
    Json(serde_json::Error),
    #[error("bad key: {0}")]
    BadKey(String),
    #[error("bad manifest: {0}")]
    BadManifest(String),
    #[error("the manifest is signed by {0}, which is not a trusted publisher key (pin it with --pubkey, or publish a rotation signed by a trusted key)")]
    UntrustedKey(String),
    #[error("the manifest's signature does not match its content (tampered or corrupted); nothing was applied")]
    BadSignature,
    #[error("{file}, line {line}: {reason}")]
    BadData {
        file: String,
        line: usize,
        reason: String,
    },
    #[error("{path}: SHA-256 is {actual}, the manifest says {expected} (corrupted or tampered download); nothing was applied")]
    HashMismatch {
        path: String,
        expected: String,
        actual: String,
    },
    #[error("the feed offers manifest sequence {offered}, older than the {accepted} already applied (a replayed manifest); nothing was applied")]
    Replayed { offered: u64, accepted: u64 },
    #[error(
        "region `{region}` is at version {at}, but the delta starts at {base}; nothing was applied"
    )]
    DeltaBase { region: String, at: u64, base: u64 },
    #[error("region `{0}` is not in the feed")]
    UnknownRegion(String),
    #[error("`{0}` is the last region kept offline: keep another region first (with none kept, the next update would fetch every region)")]
    LastRegion(String),
    #[error("{url}: {reason}")]
    Transport { url: String, reason: String },
    #[error("{url}: the server answered {status}")]
    HttpStatus { url: String, status: u16 },
    #[error("invalid configuration: {0}")]
    Config(String),
    #[error(transparent)]
    Core(#[from] CoreError),
}

impl From<rusqlite::Error> for FeedError {
    fn from(e: rusqlite::Error) -> Self {
        Self::Core(CoreError::Sqlite(e))
    }
}

impl FeedError {
    /// `map_err` for I/O on `path`: the error names the file.
    pub fn io(path: &std::path::Path) -> impl Fn(std::io::Error) -> FeedError + Copy + '_ {
        move |source| Self::Io {
            path: path.display().to_string(),
            source,
        }
    }

    /// Whether trying again later may help (network trouble, server errors).
    pub fn is_transient(&self) -> bool {
        match self {
            Self::Transport { .. } => true,
            Self::HttpStatus { status, .. } => *status >= 500 || *status == 408 || *status == 429,
            _ => false,
        }
    }
}

impl From<FeedError> for ApiError {
    fn from(err: FeedError) -> Self {
        let err = match err {
            FeedError::Core(e) => return e.into(),
            other => other,
        };
        let code = match &err {
            FeedError::Transport { .. } | FeedError::HttpStatus { .. } => ErrorCode::Network,
            FeedError::BadSignature
            | FeedError::UntrustedKey(_)
            | FeedError::HashMismatch { .. }
            | FeedError::Replayed { .. }
            | FeedError::DeltaBase { .. }
            | FeedError::BadManifest(_)
            | FeedError::BadData { .. } => ErrorCode::Verification,
            FeedError::BadKey(_)
            | FeedError::Config(_)
            | FeedError::UnknownRegion(_)
            | FeedError::LastRegion(_) => ErrorCode::InvalidInput,
            FeedError::Io { .. } | FeedError::Json(_) | FeedError::Core(_) => ErrorCode::Storage,
        };
        ApiError::new(code, err.to_string())
    }
}
