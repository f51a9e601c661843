//! Keeping the directory current: the feed followed, a running update with
//! its progress, the last success, and any problem in plain categories the
//! UI turns into words.

use serde::{Deserialize, Serialize};

/// What an update is doing right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SyncStep {
    /// Sending queued reports.
    Reports,
    /// Asking the feed what is new.
    Manifest,
    /// Downloading (`done`/`total` are bytes).
    Download,
    /// Writing into the offline directory (`done`/`total` are entries).
    Apply,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncProgressDto {
    pub step: SyncStep,
    pub region: Option<String>,
    pub done: u64,
    pub total: u64,
}

/// Why the last update did not succeed, in categories a user can act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SyncProblemCode {
    /// No feed is set up; the built-in directory is in use.
    NoFeed,
    /// The feed's publisher key has not been entered.
    NoKey,
    /// The device is offline or the server cannot be reached.
    NoConnection,
    /// The server answered with an error, or the address is not a feed.
    ServerTrouble,
    /// The data failed verification (signature, hash, replay) and was not used.
    Rejected,
    /// The feed offers nothing newer than a manifest past its expiry: the
    /// directory is not confirmed as current (`current_until` says since when).
    NotCurrent,
    /// The device's storage could not be written (full disk).
    Storage,
    /// The bundle file is not a Lotse bundle, or is damaged.
    BadFile,
    /// Anything else; the detail says what.
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncProblemDto {
    pub code: SyncProblemCode,
    /// The technical reason, shown under the plain words.
    pub detail: String,
}

/// What the last finished update or bundle import changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncChangesDto {
    /// Nothing new on the feed.
    pub unchanged: bool,
    pub updated: u64,
    pub removed: u64,
    pub bytes: u64,
    pub reports_sent: u32,
    /// Where it came from: the feed address or the bundle file.
    pub source: String,
}

/// A region of the feed and whether this device keeps it offline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionDto {
    pub id: String,
    pub name: String,
    pub kept: bool,
    /// 0 when nothing has arrived yet.
    pub version: u64,
    pub offers: u64,
    /// Size of its full download, from the feed.
    pub download_bytes: u64,
}

/// A region a built-in publisher's feed offers to a fresh device.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedRegionDto {
    pub id: String,
    pub name: String,
    pub offers: u64,
    /// Size of its full download.
    pub download_bytes: u64,
    /// From the chosen place to the region's offers; `None` when no place is
    /// chosen or the feed does not say where the region is.
    pub distance_m: Option<f64>,
}

/// Everything the settings and the status line show about updating.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncStatusDto {
    /// Empty when no feed is set up.
    pub feed_url: String,
    /// The trusted publisher keys (base64).
    pub publisher_keys: Vec<String>,
    pub has_reporter_token: bool,
    pub running: bool,
    pub progress: Option<SyncProgressDto>,
    /// How many updates have ended since the app started.
    pub runs_ended: u64,
    /// When the last update ended (Unix milliseconds).
    pub last_run_ended_ms: Option<i64>,
    /// RFC 3339; the date the offline directory is from.
    pub last_success_at: Option<String>,
    pub last_attempt_at: Option<String>,
    pub problem: Option<SyncProblemDto>,
    pub last_changes: Option<SyncChangesDto>,
    pub offers: u64,
    pub demo_offers: u64,
    pub queued_reports: u64,
    pub regions: Vec<RegionDto>,
    /// RFC 3339: when the last manifest applied stops counting as current
    /// (its expiry). Past it the app says the directory could not be
    /// confirmed as current; the offers stay usable.
    #[serde(default)]
    pub current_until: Option<String>,
}

/// The feed an office runs: its address and publisher key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedSetupDto {
    pub url: String,
    pub publisher_key: String,
    /// The token the office gave this Lotse for sending reports; `None` keeps it.
    pub reporter_token: Option<String>,
}

/// Sizes of what this device stores, for the settings screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StorageDto {
    pub database_bytes: u64,
    pub cache_bytes: u64,
    pub map_pack_bytes: u64,
    pub favourites_bytes: u64,
    pub data_dir: String,
}
