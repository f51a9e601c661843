//! The offline map: street-level detail packs, offered and installed.

use serde::{Deserialize, Serialize};

/// An installed map detail pack.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapPackDto {
    pub id: String,
    pub label: String,
    /// Size on disk.
    pub bytes: u64,
    pub installed_at: String,
    pub max_zoom: u8,
}

/// A detail pack the followed feed offers (from its last verified manifest).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferedPackDto {
    pub id: String,
    pub label: String,
    /// Download size.
    pub bytes: u64,
    pub installed: bool,
}
