//! One record that was not imported, and why: a line of the import report.
//! The reason stays typed until the report is printed (CLI) or shown (app).

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use crate::directory::hours::HoursError;
use crate::storage::validate::RecordError;

use super::csv_mapped::values::PostcodeError;

/// One record that was not imported, and exactly why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RejectedRecord {
    pub file: PathBuf,
    /// 1-based line (CSV) or the line where the JSON record starts, if known.
    pub line: Option<u64>,
    /// The record's id, if it had one.
    pub record_id: Option<String>,
    /// The field at fault, as named in the source (e.g. `latitude`).
    pub field: Option<String>,
    pub reason: RejectReason,
}

impl fmt::Display for RejectedRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(id) = &self.record_id {
            write!(f, " record `{id}`")?;
        }
        if let Some(field) = &self.field {
            write!(f, " field `{field}`")?;
        }
        write!(f, ": {}", self.reason)
    }
}

/// Why a record was rejected: the importer's words about the value at fault,
/// or the typed error of the check that refused it.
#[derive(Debug, Clone, thiserror::Error)]
pub enum RejectReason {
    /// What the importer found wrong, naming the value (e.g. "`abc` is not a number").
    #[error("{0}")]
    Described(String),
    /// The opening hours are not valid OSM `opening_hours`.
    #[error(transparent)]
    Hours(#[from] HoursError),
    /// The record fails the directory's checks.
    #[error(transparent)]
    Invalid(#[from] RecordError),
    /// A row without coordinates could not be placed by its postcode.
    #[error(transparent)]
    Postcode(#[from] PostcodeError),
    /// A translation attribute whose value is not the expected JSON object.
    #[error("expected {{\"lang\": …, \"name\": …, \"description\": …}}: {0}")]
    Translation(Arc<serde_json::Error>),
    /// A problem in a row of another table that made a service fail.
    #[error("{reason}; service `{service_id}` was not imported")]
    InService {
        reason: Box<RejectReason>,
        service_id: String,
    },
    /// The record is not valid JSON; `line` and `column` are in the file.
    #[error(
        "invalid JSON at line {line}, column {column}: {}",
        json_problem(source)
    )]
    Json {
        line: u64,
        column: usize,
        source: Arc<serde_json::Error>,
    },
}

/// serde_json's message without its own position (relative to the record),
/// since [`RejectReason::Json`] gives the position in the file.
fn json_problem(err: &serde_json::Error) -> String {
    let message = err.to_string();
    let position = format!(" at line {} column {}", err.line(), err.column());
    message
        .strip_suffix(&position)
        .map_or_else(|| message.clone(), str::to_owned)
}

/// Two reasons are the same when they say the same.
impl PartialEq for RejectReason {
    fn eq(&self, other: &Self) -> bool {
        self.to_string() == other.to_string()
    }
}

impl Eq for RejectReason {}

impl From<String> for RejectReason {
    fn from(text: String) -> Self {
        Self::Described(text)
    }
}

impl From<&str> for RejectReason {
    fn from(text: &str) -> Self {
        Self::Described(text.to_owned())
    }
}
