//! Field work: favourites with private notes (their own SQLite file), the
//! outbox of corrections a Lotse reports from the field ("my reports"), and
//! the publisher's side that accepts or rejects them. Owns the `outbox` and
//! `editor_decisions` tables (migration `outbox_v6.sql`) and the favourites
//! file; changes to offers go through `storage`'s functions.

pub(crate) mod corrections;
mod error;
pub mod favourites;
pub mod outbox;
pub(crate) mod reports;

pub use error::FieldError;
