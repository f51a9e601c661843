//! Finding offers: the nearest offers to a point with filters, full-text
//! search with typo tolerance, the one box that matches categories, places
//! and text at once, the offer card, and the conversion of results into the
//! contract's DTOs in the user's language. Reads the store only through
//! `storage`'s functions and indexes; owns no tables.

pub mod card;
pub mod dto;
pub mod find;
pub(crate) mod nearby;
pub(crate) mod nearest;
pub(crate) mod search;
