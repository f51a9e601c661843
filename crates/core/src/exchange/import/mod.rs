//! Importing directories from other formats into a [`DirectoryBatch`].
//!
//! Every importer turns a file into a batch plus a list of rejected records;
//! [`Directory::import`] then writes the batch in one transaction. The error
//! policy is per format and documented in each module:
//! - *all-or-nothing*: any bad record fails the whole import, nothing is written;
//! - *valid rows*: valid records are written, each rejected one is reported
//!   with file, line, field and reason. Never a silent partial write.

mod csv_mapped;
mod geojson_osm;
mod hsds_json;
mod hsds_tabular;
mod reject;

pub use reject::{RejectReason, RejectedRecord};

use std::fmt;
use std::path::{Path, PathBuf};

pub use csv_mapped::{HeaderError, MappingError, PostcodeError, SpecError};

use crate::directory::model::{DateBasis, DirectoryBatch};
use crate::{CoreError, Directory};

/// The formats `lotse import` understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportFormat {
    /// HSDS 3.0 JSON: one service, an array of services, or a paginated list with `contents`.
    HsdsJson,
    /// HSDS 3.0 tabular data package: a folder (or its datapackage.json) with CSV files.
    HsdsCsv,
    /// Any CSV, described by a TOML mapping file.
    Csv,
    /// GeoJSON points with OSM tags (an Overpass export).
    GeoJson,
}

impl ImportFormat {
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "hsds-json" => Some(Self::HsdsJson),
            "hsds-csv" => Some(Self::HsdsCsv),
            "csv" => Some(Self::Csv),
            "geojson" => Some(Self::GeoJson),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::HsdsJson => "hsds-json",
            Self::HsdsCsv => "hsds-csv",
            Self::Csv => "csv",
            Self::GeoJson => "geojson",
        }
    }

    /// Guess the format from the path and the first bytes of the file.
    pub fn detect(path: &Path, head: &[u8]) -> Option<Self> {
        if path.is_dir() || path.file_name().is_some_and(|n| n == "datapackage.json") {
            return Some(Self::HsdsCsv);
        }
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default()
            .to_ascii_lowercase();
        let text = String::from_utf8_lossy(head);
        let text = text.trim_start_matches('\u{feff}').trim_start();
        match ext.as_str() {
            "geojson" => Some(Self::GeoJson),
            "csv" | "tsv" | "txt" => Some(Self::Csv),
            _ if text.starts_with('{') && text.contains("\"FeatureCollection\"") => {
                Some(Self::GeoJson)
            }
            _ if text.starts_with('{') || text.starts_with('[') => Some(Self::HsdsJson),
            _ => None,
        }
    }
}

impl fmt::Display for ImportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What an importer produced from a file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ParsedImport {
    pub batch: DirectoryBatch,
    pub rejected: Vec<RejectedRecord>,
    /// Optional fields (opening hours, languages, fees, a date) that were
    /// wrong and left out, each with its record; those offers are kept.
    pub dropped: Vec<RejectedRecord>,
    /// Records seen in the source, valid or not.
    pub records_read: u64,
}

/// What [`Directory::import`] did.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportReport {
    pub format: ImportFormat,
    pub records_read: u64,
    pub offers_written: u64,
    pub rejected: Vec<RejectedRecord>,
    /// Fields left out of offers that were kept.
    pub dropped: Vec<RejectedRecord>,
}

/// Why a file could not be imported at all.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// A record broke an all-or-nothing import; nothing was written.
    #[error("{0} (nothing was imported)")]
    Rejected(Box<RejectedRecord>),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: the file is empty")]
    Empty { path: PathBuf },
    #[error("{path}{}: {reason}", at_line(*line))]
    Malformed {
        path: PathBuf,
        line: Option<u64>,
        reason: String,
    },
    #[error("{path}:{}: not valid JSON: {source}", source.line())]
    Json {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("{path}{}: cannot read the CSV: {source}", at_line(*line))]
    Csv {
        path: PathBuf,
        line: Option<u64>,
        source: csv::Error,
    },
    /// The TOML mapping file of a CSV import is wrong.
    #[error("{path}{}: mapping: {source}", at_line(*line))]
    Mapping {
        path: PathBuf,
        line: Option<u64>,
        source: Box<MappingError>,
    },
    /// The CSV's header does not fit its mapping.
    #[error("{path}:1: {source}")]
    Header { path: PathBuf, source: HeaderError },
    #[error(
        "{path}: the format could not be recognised from the file name or its content; \
         name one of: hsds-json, hsds-csv, csv, geojson"
    )]
    UnknownFormat { path: PathBuf },
    #[error("{path}: a CSV import needs a mapping file (TOML) that names its columns")]
    MappingRequired { path: PathBuf },
    #[error("the source's date `{0}` is not a date like 2026-11-01")]
    AsOf(String),
    #[error(transparent)]
    Core(#[from] CoreError),
}

/// `:12` for a known line, nothing otherwise.
fn at_line(line: Option<u64>) -> String {
    line.map(|l| format!(":{l}")).unwrap_or_default()
}

/// What an office knows of a source as a whole.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceFacts {
    /// The date the source was published (YYYY-MM-DD): the date of each
    /// record that gives none of its own, marked as the source's date
    /// ([`DateBasis::AsOf`]), never as a check.
    pub as_of: Option<String>,
}

/// Parse `path` in `format` (a CSV needs its TOML `mapping`).
pub fn parse_file(
    path: &Path,
    format: ImportFormat,
    mapping: Option<&Path>,
) -> Result<ParsedImport, ImportError> {
    parse_file_with(path, format, mapping, &SourceFacts::default())
}

/// [`parse_file`], with what is known of the source as a whole.
pub fn parse_file_with(
    path: &Path,
    format: ImportFormat,
    mapping: Option<&Path>,
    facts: &SourceFacts,
) -> Result<ParsedImport, ImportError> {
    let as_of = match &facts.as_of {
        Some(raw) => Some(
            csv_mapped::values::iso_date(raw.trim())
                .filter(|d| d == raw.trim())
                .ok_or_else(|| ImportError::AsOf(raw.clone()))?,
        ),
        None => None,
    };
    let mut parsed = parse_format(path, format, mapping)?;
    if let Some(date) = as_of {
        for service in &mut parsed.batch.services {
            if service.date_basis == DateBasis::Unknown {
                service.last_verified.clone_from(&date);
                service.date_basis = DateBasis::AsOf;
            }
        }
    }
    Ok(parsed)
}

fn parse_format(
    path: &Path,
    format: ImportFormat,
    mapping: Option<&Path>,
) -> Result<ParsedImport, ImportError> {
    match format {
        ImportFormat::HsdsJson => hsds_json::parse(path),
        ImportFormat::HsdsCsv => hsds_tabular::parse(path),
        ImportFormat::GeoJson => geojson_osm::parse(path),
        ImportFormat::Csv => {
            let mapping = mapping.ok_or_else(|| ImportError::MappingRequired {
                path: path.to_owned(),
            })?;
            csv_mapped::parse(path, mapping)
        }
    }
}

impl Directory {
    /// Write an importer's batch in one transaction. Offers already present
    /// with the same ids are updated, so re-importing a file changes nothing.
    pub fn import(
        &mut self,
        format: ImportFormat,
        parsed: ParsedImport,
    ) -> Result<ImportReport, CoreError> {
        self.import_with_progress(format, parsed, &mut |_| {})
    }

    /// [`Directory::import`], reporting the write's stages (for progress bars).
    pub fn import_with_progress(
        &mut self,
        format: ImportFormat,
        parsed: ParsedImport,
        on_progress: &mut dyn FnMut(crate::WriteProgress),
    ) -> Result<ImportReport, CoreError> {
        self.upsert_with_progress(&parsed.batch, on_progress)?;
        Ok(ImportReport {
            format,
            records_read: parsed.records_read,
            offers_written: parsed.batch.service_at_locations.len() as u64,
            rejected: parsed.rejected,
            dropped: parsed.dropped,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_detected_from_name_and_content() {
        let p = Path::new;
        assert_eq!(
            ImportFormat::detect(p("x.geojson"), b""),
            Some(ImportFormat::GeoJson)
        );
        assert_eq!(
            ImportFormat::detect(p("x.json"), b"{\"type\": \"FeatureCollection\"}"),
            Some(ImportFormat::GeoJson)
        );
        assert_eq!(
            ImportFormat::detect(p("x.json"), b"\xef\xbb\xbf [{\"id\": 1}]"),
            Some(ImportFormat::HsdsJson)
        );
        assert_eq!(
            ImportFormat::detect(p("kitas.csv"), b"a;b"),
            Some(ImportFormat::Csv)
        );
        assert_eq!(
            ImportFormat::detect(p("a/datapackage.json"), b"{}"),
            Some(ImportFormat::HsdsCsv)
        );
        assert_eq!(ImportFormat::detect(p("x.bin"), b"\x00\x01"), None);
    }

    #[test]
    fn refusals_say_what_is_wrong_without_naming_cli_flags() {
        let path = PathBuf::from("daten.dat");
        let unknown = ImportError::UnknownFormat { path: path.clone() }.to_string();
        assert!(
            unknown.contains("daten.dat") && unknown.contains("hsds-json, hsds-csv, csv, geojson"),
            "{unknown}"
        );
        let mapping = ImportError::MappingRequired { path }.to_string();
        for text in [unknown, mapping] {
            assert!(!text.contains("--"), "{text}");
        }
    }
}
