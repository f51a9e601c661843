//! The Lotse directory engine.
//!
//! Nouns live in [`model`] and [`taxonomy`]; verbs are methods on [`Directory`]
//! (open, upsert, nearest, search). Nothing here knows about Tauri or Leptos: the shell
//! and the CLI are thin adapters over this crate.

pub mod bundle;
pub mod card;
mod corrections;
pub mod data_folder;
pub mod demo;
pub mod dto;
mod error;
pub mod export;
pub mod favourites;
pub mod feed;
pub mod find;
pub mod gazetteer;
pub mod geodesy;
pub mod hours;
pub mod import;
pub mod local_data;
pub mod model;
mod nearest;
pub mod outbox;
pub mod packs;
pub mod publish;
mod rank;
mod reports;
mod search;
mod spatial;
mod storage;
pub mod sync;
pub mod taxonomy;
mod vocabulary;

pub use error::CoreError;
pub use nearest::{NearbyHit, NearestQuery, OfferFilter, PreparedIndex};
pub use search::{SearchHit, SearchQuery};
pub use storage::read::OfferSummary;
pub use storage::validate::{RecordError, RecordProblem};
pub use storage::{Directory, DirectoryStats, WriteProgress, WriteStage, SCHEMA_VERSION};
