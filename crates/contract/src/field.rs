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
