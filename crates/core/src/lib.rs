//! The Lotse directory engine, arranged by what users do.
//!
//! - [`directory`]: the nouns (offer model, taxonomy, hours, places, demo).
//! - `storage`: the SQLite file, its migrations, writes, reads and indexes.
//! - [`finding`]: nearest offers, search, the one box, the offer card.
//! - [`exchange`]: import from and export to other formats.
//! - [`sync`]: feeds (publish, follow, verify, apply), bundle files, map packs.
//! - [`field`]: favourites, reports from the field and the editor's review.
//! - [`device`]: the data folder and "delete all local data".
//!
//! Verbs are methods on [`Directory`]. Nothing here knows about Tauri or
//! Leptos: the shell, the CLI and the server are thin adapters over this
//! crate. The re-exports below keep callers' paths short.

pub mod clock;
pub mod device;
pub mod directory;
mod error;
pub mod exchange;
pub mod field;
pub mod finding;
#[doc(hidden)]
pub mod fuzzing;
mod storage;
pub mod sync;

pub use device::{data_folder, local_data};
pub use directory::{demo, gazetteer, geodesy, hours, model, taxonomy};
pub use error::CoreError;
pub use exchange::{export, import};
pub use field::{favourites, outbox};
pub use finding::nearest::{NearbyHit, NearestQuery, OfferFilter, PreparedIndex};
pub use finding::search::{SearchHit, SearchQuery};
pub use finding::{card, dto, find};
pub use storage::read::OfferSummary;
pub use storage::validate::{RecordError, RecordProblem};
pub use storage::{Directory, DirectoryStats, WriteProgress, WriteStage, SCHEMA_VERSION};
pub use sync::{bundle, feed, packs, publish};
