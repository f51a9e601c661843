//! Shared by the CSV and the GeoJSON importer: collecting offers into a batch
//! (same id = same values, or the record is rejected), reading files, limits.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::values::{check_hours, hours_note};
use crate::directory::model::{DateBasis, Location, Organization, Service, ServiceAtLocation};
use crate::exchange::import::{ImportError, ParsedImport, RejectReason, RejectedRecord};
use crate::storage::validate;

/// The largest file either importer reads (both keep the file in memory).
pub(in crate::exchange::import) const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// The longest CSV line, and the longest single GeoJSON property value.
pub(in crate::exchange::import) const MAX_LINE_BYTES: usize = 1024 * 1024;

/// The source named for data from OpenStreetMap.
pub(in crate::exchange::import) const OSM_SOURCE: &str = "© OpenStreetMap contributors (ODbL)";

/// What is wrong with one record: the field as named in the source, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(in crate::exchange::import) struct FieldError {
    pub field: Option<String>,
    pub reason: RejectReason,
}

impl FieldError {
    pub fn new(field: impl Into<String>, reason: impl Into<RejectReason>) -> Self {
        Self {
            field: Some(field.into()),
            reason: reason.into(),
        }
    }

    pub fn record(reason: impl Into<RejectReason>) -> Self {
        Self {
            field: None,
            reason: reason.into(),
        }
    }
}

/// One offer read from one record.
#[derive(Debug, Clone)]
pub(in crate::exchange::import) struct OfferRecord {
    pub organization: Organization,
    pub service: Service,
    pub location: Location,
    pub offer: ServiceAtLocation,
    /// Optional fields that were wrong and left out; the offer is kept.
    pub dropped: Vec<FieldError>,
}

/// An optional field's value; when it is wrong, nothing, and a note of
/// what was left out (a bad opening hours value must not lose the offer).
pub(in crate::exchange::import) fn optional<T: Default>(
    result: Result<T, FieldError>,
    dropped: &mut Vec<FieldError>,
) -> T {
    result.unwrap_or_else(|e| {
        dropped.push(e);
        T::default()
    })
}

/// The opening hours as [`check_hours`] reads them: kept (mended where it
/// may, with a note), or left out with a note; `field` is the name the
/// source gives them.
pub(in crate::exchange::import) fn hours_or_note(
    raw: &str,
    field: &str,
    dropped: &mut Vec<FieldError>,
) -> Option<String> {
    match check_hours(raw) {
        Ok(kept) => {
            if let Some(note) = hours_note(raw, &kept) {
                dropped.push(FieldError::new(field, note));
            }
            Some(kept)
        }
        Err(e) => {
            dropped.push(FieldError::new(field, e));
            None
        }
    }
}

/// A record's date, or (when it is wrong) an unknown date and a note.
pub(in crate::exchange::import) fn date_or_unknown(
    result: Result<(String, DateBasis), FieldError>,
    dropped: &mut Vec<FieldError>,
) -> (String, DateBasis) {
    result.unwrap_or_else(|e| {
        dropped.push(e);
        (String::new(), DateBasis::Unknown)
    })
}

/// How the source names the id of each record kind, for error messages.
pub(in crate::exchange::import) struct IdFields<'a> {
    pub offer: &'a str,
    pub service: &'a str,
    pub location: &'a str,
    pub organization: &'a str,
}

/// Collects valid offers into a batch and rejected records into a report.
///
/// Several records may share an organization, service or location (a Lotse
/// export writes a service once per location): they must then carry the same
/// values, else the later record is rejected. An offer id may appear once.
pub(in crate::exchange::import) struct Assembler {
    file: PathBuf,
    parsed: ParsedImport,
    organizations: HashMap<String, (usize, String)>,
    services: HashMap<String, (usize, String)>,
    locations: HashMap<String, (usize, String)>,
    offers: HashMap<String, String>,
}

impl Assembler {
    pub fn new(file: &Path) -> Self {
        Self {
            file: file.to_owned(),
            parsed: ParsedImport::default(),
            organizations: HashMap::new(),
            services: HashMap::new(),
            locations: HashMap::new(),
            offers: HashMap::new(),
        }
    }

    /// Count one record of the source, valid or not.
    pub fn count_record(&mut self) {
        self.parsed.records_read += 1;
    }

    pub fn reject(&mut self, line: Option<u64>, record_id: Option<String>, error: FieldError) {
        self.parsed.rejected.push(RejectedRecord {
            file: self.file.clone(),
            line,
            record_id,
            field: error.field,
            reason: error.reason,
        });
    }

    /// Note the optional fields left out of the record at `line`.
    pub fn warn(&mut self, line: Option<u64>, record_id: &str, dropped: Vec<FieldError>) {
        for error in dropped {
            self.parsed.dropped.push(RejectedRecord {
                file: self.file.clone(),
                line,
                record_id: Some(record_id.to_owned()),
                field: error.field,
                reason: error.reason,
            });
        }
    }

    /// Add a record read at `place` ("line 12", "feature 3"), or say why not;
    /// the optional fields it left out. Nothing is added unless the whole
    /// record is accepted.
    pub fn add(
        &mut self,
        mut rec: OfferRecord,
        place: &str,
        names: &IdFields<'_>,
    ) -> Result<Vec<FieldError>, FieldError> {
        let dropped = std::mem::take(&mut rec.dropped);
        validate::service(&rec.service).map_err(FieldError::record)?;
        validate::location(&rec.location).map_err(FieldError::record)?;
        if rec.organization.name.trim().is_empty() {
            return Err(FieldError::new(
                names.organization,
                "the organization has no name",
            ));
        }
        if let Some(first) = self.offers.get(&rec.offer.id) {
            return Err(FieldError::new(
                names.offer,
                format!("duplicate id `{}`: already read at {first}", rec.offer.id),
            ));
        }
        let b = &self.parsed.batch;
        let org = same(
            &self.organizations,
            &rec.organization.id,
            &b.organizations,
            &rec.organization,
            "organization",
            names.organization,
        )?;
        let svc = same(
            &self.services,
            &rec.service.id,
            &b.services,
            &rec.service,
            "service",
            names.service,
        )?;
        let loc = same(
            &self.locations,
            &rec.location.id,
            &b.locations,
            &rec.location,
            "location",
            names.location,
        )?;

        let batch = &mut self.parsed.batch;
        if !org {
            self.organizations.insert(
                rec.organization.id.clone(),
                (batch.organizations.len(), place.to_owned()),
            );
            batch.organizations.push(rec.organization);
        }
        if !svc {
            self.services.insert(
                rec.service.id.clone(),
                (batch.services.len(), place.to_owned()),
            );
            batch.services.push(rec.service);
        }
        if !loc {
            self.locations.insert(
                rec.location.id.clone(),
                (batch.locations.len(), place.to_owned()),
            );
            batch.locations.push(rec.location);
        }
        self.offers.insert(rec.offer.id.clone(), place.to_owned());
        batch.service_at_locations.push(rec.offer);
        Ok(dropped)
    }

    pub fn finish(self) -> ParsedImport {
        self.parsed
    }
}

/// `Ok(true)` if `id` was read before with equal values, `Ok(false)` if it is new.
fn same<T: PartialEq>(
    seen: &HashMap<String, (usize, String)>,
    id: &str,
    items: &[T],
    item: &T,
    kind: &str,
    field: &str,
) -> Result<bool, FieldError> {
    match seen.get(id) {
        None => Ok(false),
        Some((index, _)) if items.get(*index) == Some(item) => Ok(true),
        Some((_, first)) => Err(FieldError::new(
            field,
            format!("{kind} `{id}` was already read at {first} with other values; one id must always carry the same {kind} data"),
        )),
    }
}

/// Read a whole file, refusing files above [`MAX_FILE_BYTES`] and empty ones.
pub(in crate::exchange::import) fn read_file(path: &Path) -> Result<Vec<u8>, ImportError> {
    let io = |source| ImportError::Io {
        path: path.to_owned(),
        source,
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_FILE_BYTES {
        return Err(ImportError::Malformed {
            path: path.to_owned(),
            line: None,
            reason: format!(
                "the file has {} MiB; the import limit is {} MiB",
                size >> 20,
                MAX_FILE_BYTES >> 20
            ),
        });
    }
    let bytes = std::fs::read(path).map_err(io)?;
    let body = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ImportError::Empty {
            path: path.to_owned(),
        });
    }
    Ok(bytes)
}
