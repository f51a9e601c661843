//! The contract between the Lotse UI and the shell: plain data, no I/O.
//!
//! Everything here compiles for `wasm32-unknown-unknown` and the host. The shell
//! serialises these types across the Tauri IPC boundary; the UI deserialises them.

pub mod display;
mod error;
mod map;
mod nearby;

pub use error::{ApiError, ErrorCode};
pub use map::MapPackDto;
pub use nearby::{AppInfo, CategoryDto, NearbyOfferDto, NearbyQuery, DEFAULT_K, MAX_K};

/// The names of the shell's commands, so both sides spell them the same way.
pub mod commands {
    pub const APP_INFO: &str = "app_info";
    pub const LIST_CATEGORIES: &str = "list_categories";
    pub const NEAREST: &str = "nearest";
    pub const LIST_MAP_PACKS: &str = "list_map_packs";
    pub const DOWNLOAD_MAP_PACK: &str = "download_map_pack";
    pub const DELETE_MAP_PACK: &str = "delete_map_pack";
}
