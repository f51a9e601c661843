//! The Lotse directory engine.
//!
//! Nouns live in [`model`] and [`taxonomy`]; verbs are methods on [`Directory`]
//! (open, load, nearest). Nothing here knows about Tauri or Leptos: the shell
//! and the CLI are thin adapters over this crate.

pub mod demo;
mod dto;
mod error;
pub mod gazetteer;
pub mod geodesy;
pub mod hours;
pub mod model;
mod nearest;
mod storage;
pub mod taxonomy;

pub use error::CoreError;
pub use nearest::{NearbyHit, NearestQuery};
pub use storage::{Directory, SCHEMA_VERSION};
