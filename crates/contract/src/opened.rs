//! A directory file opened on the device (double-click, "open with", a
//! second launch, the settings' file dialog), shown for confirmation before
//! anything is imported; and the publishers a build trusts.

use serde::{Deserialize, Serialize};

/// How far the file's signer is trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileTrust {
    /// A publisher built into this app.
    BuiltIn,
    /// A publisher this device already follows.
    Device,
    /// Unknown: the user compares the fingerprint and decides.
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenedFileDto {
    pub file_name: String,
    /// The built-in publisher's name, or the name the file gives itself.
    pub publisher: String,
    pub trust: FileTrust,
    /// The signing key's fingerprint (eight groups of four hex digits).
    pub fingerprint: String,
    pub published_at: String,
    /// The regions' names.
    pub regions: Vec<String>,
    pub offers: u64,
}

/// A publisher this build trusts from the start (`config/publishers.toml`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublisherDto {
    pub name: String,
    /// The public key (base64), which names the publisher in commands.
    pub key: String,
    pub fingerprint: String,
    pub feed: Option<String>,
}

/// A `lotse://feed` link opened on the device: the feed to follow, shown
/// for confirmation first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedLinkDto {
    pub url: String,
    pub publisher_key: String,
    pub fingerprint: String,
}

/// The event the shell sends when a file or link is opened while Lotse runs.
pub const OPENED_FILE_EVENT: &str = "lotse://opened-file";
