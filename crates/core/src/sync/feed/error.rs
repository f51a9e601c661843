use lotse_contract::{ApiError, ErrorCode};

use crate::field::FieldError;
use crate::sync::feed::MANIFEST_FILE;
use crate::sync::publish::RegionsError;
use crate::CoreError;

/// Why a feed address does not parse as a URL.
pub type UrlParseError = <reqwest::Url as std::str::FromStr>::Err;

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
    #[error("no randomness from the system: {0}")]
    Random(getrandom::Error),
    #[error("bad key: {0}")]
    BadKey(String),
    #[error("bad key: {path}: {source}")]
    KeyFile {
        path: String,
        source: serde_json::Error,
    },
    #[error("bad manifest: {0}")]
    BadManifest(String),
    #[error("bad manifest: {MANIFEST_FILE} is not a signed manifest: {0}")]
    NotSigned(serde_json::Error),
    #[error("bad manifest: manifest text: {0}")]
    ManifestText(serde_json::Error),
    #[error("bad manifest: {path}: {source}")]
    ManifestFile {
        path: String,
        source: serde_json::Error,
    },
    #[error("bad manifest: pack `{id}` is not a usable map pack: {source}")]
    PackDownload {
        id: String,
        source: lotse_tiles::TileError,
    },
    #[error("the manifest is signed by {0}, which is not a trusted publisher key (trust it first, or publish a rotation signed by a trusted key)")]
    UntrustedKey(String),
    #[error("the manifest's signature does not match its content (tampered or corrupted); nothing was applied")]
    BadSignature,
    #[error("the manifest is signed by {0}, a key its publisher has revoked; nothing was applied")]
    RevokedKey(String),
    #[error("the manifest is signed by {key}, a key its publisher replaced; it may sign no more since {since}; nothing was applied")]
    RetiredKey { key: String, since: String },
    #[error("the directory could not be confirmed as current since {expired}: the feed offers nothing newer than a manifest that expired then (a frozen or stale feed, or a wrong clock on this device); the offers on this device stay usable")]
    NotCurrent { expired: String },
    #[error("the manifest was signed at {offered}, before the {accepted} of the one already applied (a replayed manifest); nothing was applied")]
    SignedBefore { offered: String, accepted: String },
    #[error("{file}, line {line}: {reason}")]
    BadData {
        file: String,
        line: usize,
        reason: String,
    },
    #[error("{file}, line {line}: {source}")]
    DataRead {
        file: String,
        line: usize,
        source: std::io::Error,
    },
    #[error("{file}, line {line}: {source}")]
    DataJson {
        file: String,
        line: usize,
        source: serde_json::Error,
    },
    #[error("{path}, line 0: not a Lotse bundle: {source}")]
    NotBundle {
        path: String,
        source: std::io::Error,
    },
    #[error("{file}, line 1: header: {source}")]
    DataHeader {
        file: String,
        source: serde_json::Error,
    },
    #[error("{path}: SHA-256 is {actual}, the manifest says {expected} (corrupted or tampered download); nothing was applied")]
    HashMismatch {
        path: String,
        expected: String,
        actual: String,
    },
    #[error("the feed offers manifest sequence {offered}, older than the {accepted} already applied (a replayed manifest); nothing was applied")]
    Replayed { offered: u64, accepted: u64 },
    #[error("the feed offers region `{region}` at version {offered}, older than the {accepted} already applied (a replayed region); nothing was applied")]
    RegionReplayed {
        region: String,
        offered: u64,
        accepted: u64,
    },
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
    /// An HTTP request failed (no connection, a timeout, a broken response).
    #[error("{url}: {}", request_problem(source))]
    Request { url: String, source: reqwest::Error },
    #[error("{url}: download interrupted after {bytes} bytes: {source}")]
    Interrupted {
        url: String,
        bytes: u64,
        source: std::io::Error,
    },
    #[error("{url}: {source}")]
    ReadBody { url: String, source: std::io::Error },
    #[error("{url}: the server answered {status}")]
    HttpStatus { url: String, status: u16 },
    #[error("invalid configuration: {0}")]
    Config(String),
    #[error("the publisher `{publisher}` built into Lotse names no feed")]
    NoPublisherFeed { publisher: String },
    #[error("no publisher built into Lotse has the key `{key}`")]
    UnknownPublisher { key: String },
    #[error("invalid configuration: no feed is set up")]
    NoFeed,
    #[error("invalid configuration: no publisher key is pinned yet: give the feed's public key")]
    NoTrustedKey,
    #[error("invalid configuration: no publisher key is pinned yet: sync the directory from its feed first")]
    NotSynced,
    #[error("invalid configuration: the feed address `{url}` is not a URL: {source}")]
    FeedUrl { url: String, source: UrlParseError },
    #[error("invalid configuration: {path}: {source}")]
    Regions { path: String, source: RegionsError },
    #[error("invalid configuration: {path}: not a usable map pack: {source}")]
    PackFile {
        path: String,
        source: lotse_tiles::TileError,
    },
    #[error("invalid configuration: TLS: {0}")]
    Tls(rustls::Error),
    #[error("invalid configuration: HTTP client: {0}")]
    HttpClient(reqwest::Error),
    #[error(transparent)]
    Field(#[from] FieldError),
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
            Self::HttpStatus { status, .. } => *status >= 500 || *status == 408 || *status == 429,
            _ => self.failure() == Failure::Connection,
        }
    }
}

/// What a [`FeedError`] is about, decided here once: the error code the UI
/// gets ([`ApiError`]) and the sync problem shown to a person
/// (`sync::problem_of`) are both derived from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Failure {
    /// No connection, a timeout, a broken response.
    Connection,
    /// The server answered with an error status.
    ServerStatus,
    /// A signature, key, hash, sequence or delta base that is refused.
    Rejected,
    /// The feed offers nothing newer than a manifest past its expiry.
    NotCurrent,
    /// A manifest, data file, pack or bundle that does not read.
    BadFile,
    /// No feed is set up.
    NoFeed,
    /// No publisher key is pinned.
    NoKey,
    /// Anything else about the set-up: keys, configuration, regions, TLS.
    Setup,
    /// A local file could not be read or written because the disk is full.
    StorageFull,
    /// A local file could not be read or written otherwise.
    Io,
    /// JSON could not be written.
    Json,
    /// The database failed.
    Database,
    /// Another error of the directory.
    Core,
    /// An error of the field data (favourites, outbox).
    Field,
}

impl FeedError {
    pub(crate) fn failure(&self) -> Failure {
        match self {
            Self::Transport { .. }
            | Self::Request { .. }
            | Self::Interrupted { .. }
            | Self::ReadBody { .. } => Failure::Connection,
            Self::HttpStatus { .. } => Failure::ServerStatus,
            Self::BadSignature
            | Self::UntrustedKey(_)
            | Self::HashMismatch { .. }
            | Self::Replayed { .. }
            | Self::RegionReplayed { .. }
            | Self::RevokedKey(_)
            | Self::RetiredKey { .. }
            | Self::SignedBefore { .. }
            | Self::DeltaBase { .. } => Failure::Rejected,
            Self::BadManifest(_)
            | Self::NotSigned(_)
            | Self::ManifestText(_)
            | Self::ManifestFile { .. }
            | Self::PackDownload { .. }
            | Self::BadData { .. }
            | Self::DataRead { .. }
            | Self::DataJson { .. }
            | Self::DataHeader { .. }
            | Self::NotBundle { .. } => Failure::BadFile,
            Self::NotCurrent { .. } => Failure::NotCurrent,
            Self::NoFeed => Failure::NoFeed,
            Self::NoTrustedKey | Self::NotSynced => Failure::NoKey,
            // No randomness was reported as a key or configuration error
            // before it had its own variant; it stays a set-up failure.
            Self::BadKey(_)
            | Self::KeyFile { .. }
            | Self::Random(_)
            | Self::Config(_)
            | Self::NoPublisherFeed { .. }
            | Self::UnknownPublisher { .. }
            | Self::FeedUrl { .. }
            | Self::Regions { .. }
            | Self::PackFile { .. }
            | Self::Tls(_)
            | Self::HttpClient(_)
            | Self::UnknownRegion(_)
            | Self::LastRegion(_) => Failure::Setup,
            Self::Io { source, .. } if is_storage_full(source) => Failure::StorageFull,
            Self::Io { .. } => Failure::Io,
            Self::Json(_) => Failure::Json,
            Self::Core(CoreError::Sqlite(_)) => Failure::Database,
            Self::Core(_) => Failure::Core,
            Self::Field(_) => Failure::Field,
        }
    }
}

fn is_storage_full(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::StorageFull || e.raw_os_error() == Some(28)
}

impl From<FeedError> for ApiError {
    fn from(err: FeedError) -> Self {
        let err = match err {
            FeedError::Core(e) => return e.into(),
            FeedError::Field(e) => return e.into(),
            other => other,
        };
        let code = match err.failure() {
            Failure::Connection | Failure::ServerStatus => ErrorCode::Network,
            Failure::Rejected | Failure::BadFile | Failure::NotCurrent => ErrorCode::Verification,
            Failure::NoFeed | Failure::NoKey | Failure::Setup => ErrorCode::InvalidInput,
            Failure::StorageFull
            | Failure::Io
            | Failure::Json
            | Failure::Database
            | Failure::Core
            | Failure::Field => ErrorCode::Storage,
        };
        ApiError::new(code, err.to_string())
    }
}

/// A failed request in words: a timeout or a refused connection said plainly.
fn request_problem(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "timed out (no data from the server)".to_owned()
    } else if e.is_connect() {
        format!("cannot connect: {e}")
    } else {
        e.to_string()
    }
}
