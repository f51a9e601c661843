//! The offline map: installed street-level detail packs.

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
