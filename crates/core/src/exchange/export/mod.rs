//! Exporting the directory to HSDS JSON, CSV and GeoJSON. Each writer takes the
//! whole directory as a [`DirectoryBatch`] (see `Directory::export_batch`).

mod csv_flat;
mod geojson;
mod hsds_json;

use std::io::Write;

use crate::directory::model::DirectoryBatch;

/// The formats `lotse export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    HsdsJson,
    Csv,
    GeoJson,
}

impl ExportFormat {
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "hsds-json" => Some(Self::HsdsJson),
            "csv" => Some(Self::Csv),
            "geojson" => Some(Self::GeoJson),
            _ => None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot write the export: {0}")]
    Io(#[from] std::io::Error),
    /// A record refers to one the directory does not hold (named in the message).
    #[error("cannot encode the export: {0}")]
    Encode(String),
    #[error("cannot encode the export: {0}")]
    Json(serde_json::Error),
    #[error("cannot {verb} the export: {0}", verb = if .0.is_io_error() { "write" } else { "encode" })]
    Csv(csv::Error),
}

impl From<serde_json::Error> for ExportError {
    /// Failed writes stay I/O errors; anything else could not be encoded.
    fn from(e: serde_json::Error) -> Self {
        if e.is_io() {
            Self::Io(e.into())
        } else {
            Self::Json(e)
        }
    }
}

/// Write `batch` to `out` in `format`.
pub fn write(
    batch: &DirectoryBatch,
    format: ExportFormat,
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    match format {
        ExportFormat::HsdsJson => hsds_json::write(batch, out),
        ExportFormat::Csv => csv_flat::write(batch, out),
        ExportFormat::GeoJson => geojson::write(batch, out),
    }
}
