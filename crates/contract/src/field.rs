//! Working in the field: reports of a changed detail (the corrections outbox).

use serde::{Deserialize, Serialize};

/// The details a report can be about, in the order the form lists them.
pub const REPORT_FIELDS: [&str; 12] = [
    "name",
    "phone",
    "email",
    "website",
    "street",
    "postcode",
    "city",
    "opening_hours",
    "description",
    "languages",
    "status",
    "other",
];

/// "This detail of this offer is wrong; it should be …"
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportDraft {
    pub offer_id: String,
    /// One of [`REPORT_FIELDS`].
    pub field: String,
    pub new_value: String,
    pub comment: String,
}

/// One report and where it is: queued, sent, accepted, rejected, withdrawn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportDto {
    pub id: i64,
    pub offer_id: String,
    /// The offer's name now, if it is still in the directory.
    pub offer_name: Option<String>,
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: String,
    pub comment: String,
    pub state: String,
    pub created_at: String,
    pub attempts: u32,
    pub last_error: Option<String>,
}

/// A kept offer with the user's private note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FavouriteDto {
    pub offer_id: String,
    /// The offer's name now, or as saved when it has left the directory.
    pub name: String,
    pub note: String,
    pub updated_at: String,
    /// The offer is still in the directory (it may have been removed by a sync).
    pub in_directory: bool,
}
