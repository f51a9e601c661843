//! HSDS 3.0 (Open Referral) JSON import: nested `service_full` objects.
//!
//! # Shapes
//! One service object, an array of services, or the API's paginated list
//! `{"contents": [...], "total_items": …}` (only `contents` is read).
//!
//! # Error policy: valid records, each bad one reported
//! A *record* is one top-level service with everything nested in it. Every
//! valid record is imported; a record with any problem is left out *whole*
//! (its organization, locations and offers too) and reported with the file,
//! the line where the record starts, its `id`, the field (a path such as
//! `service_at_locations[0].location.latitude`) and the reason. The whole
//! file is refused, and nothing imported, only when it cannot be read as a
//! list of records at all: empty, larger than [`MAX_FILE_BYTES`], or broken
//! JSON structure (unbalanced brackets, an unterminated string, text after
//! the end). Records are cut apart on bytes first, so invalid UTF-8 or a
//! syntax error inside one record only costs that record.
//!
//! # Size limits
//! Files over [`MAX_FILE_BYTES`] (256 MiB) are refused before reading. A
//! record over [`MAX_RECORD_BYTES`] (8 MiB) is reported (the field named is
//! its largest member) and skipped without being parsed, whatever its line
//! length; so memory stays near the file size plus one parsed record. Lines
//! have no limit of their own: a whole export may well be a single line.
//!
//! # Mapping
//! - service: `id`, `name` (both required), `alternate_name`, `description`,
//!   `url`, `email`, `status` (missing: active), `eligibility_description`,
//!   `minimum_age`, `maximum_age`, `languages[].code` (normalized: `de-DE` →
//!   `de`; entries without a code are left out), `funding[].source`,
//!   `service_areas[0].name` (or its `description`), `phones[]` (`number`,
//!   `type`, `description`; when the service has none, the phones of its
//!   offers and locations), `contacts[]` (`name`, `title`, `email`, first
//!   `phones[].number`).
//! - organization: the nested `organization` (`id`, `name`, `description`,
//!   `website`, `email`), or just `organization_id` if another record of the
//!   same file nests that organization (else the record is refused).
//! - categories: every attribute whose `taxonomy_term.code` or, failing that,
//!   `name` equals a Lotse category id, case-insensitive. No such term:
//!   refused as "unknown category". Other terms are ignored.
//! - `service_at_locations[]`: `id` and the nested `location` (`id`,
//!   `latitude`, `longitude` required and in range, `name`, `languages`, the
//!   `physical` address, else an untyped one, else the first: `address_1`
//!   (+ `, address_2`) → street, `postal_code`, `city`, `state_province`).
//! - opening hours: the offer's `schedules`, else its location's, else the
//!   service's, converted by [`crate::directory::hours::schedules_to_osm`]; schedules it
//!   cannot convert refuse the record (the field names the schedule).
//! - fees: `fees_description` (else the deprecated `fees`). Free of charge:
//!   the lotse attribute `fees_free` if present; else if `cost_options` give
//!   amounts, free when all are 0; else free when the text has one of the
//!   words kostenlos, kostenfrei, gebührenfrei, unentgeltlich, gratis, free
//!   and none of nicht, not, kein, keine, non; otherwise unknown.
//! - the date: a check from the lotse attribute `last_verified` or
//!   `assured_date`; else the source's date from `last_modified` (when the
//!   source changed the record, not a check); else unknown (kept, not
//!   refused; the import's `as_of` may give the source's date).
//! - `source`: the lotse attribute, else the file name.
//!
//! # Lotse's own fields: attributes of the taxonomy `lotse`
//! Fields HSDS has no place for are attributes whose `taxonomy_term` has
//! `taxonomy: "lotse"` (or `taxonomy_detail.name` / `taxonomy_id` `lotse`),
//! the term `code` naming the field and `value` holding it:
//! - on the service: `source`; `last_verified` (`YYYY-MM-DD`); `target_group`
//!   (one attribute per group, in order); `translation` (value: JSON
//!   `{"lang": "ar", "name": "…", "description": "…"}`); `is_demo`
//!   (`true`); `fees_free` (`true`, `false` or `unknown`).
//! - with `link_entity: "location"` and `link_id`: `geo_precision` (`exact`,
//!   `postcode`, `town`; missing: exact).
//! - with `link_entity: "service_at_location"` and `link_id`:
//!   `opening_hours`, the OSM value itself; it wins over `schedules`, so
//!   hours that HSDS schedules cannot express survive a round trip.
//!
//! The linked ones may also sit in the `attributes` of the location or offer
//! itself. Unknown lotse codes are ignored (written by a newer Lotse).
//! `export::hsds_json` writes exactly these, so its files import losslessly.

mod attrs;
mod collect;
mod map;
mod obj;
mod place;
mod scan;

pub(crate) use collect::Collector;
pub(crate) use map::service as map_service;
pub(crate) use obj::Problem;
pub(crate) use scan::Lines;

use std::io::Read;
use std::path::Path;

use super::{ImportError, ParsedImport, RejectReason, RejectedRecord};
use crate::directory::model::DirectoryBatch;

/// Larger files are refused before reading.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;
/// Larger records are reported and skipped unparsed.
pub const MAX_RECORD_BYTES: usize = 8 * 1024 * 1024;

fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

/// Read `path` whole, refusing files over `limit` bytes.
pub(crate) fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, ImportError> {
    let io = |source| ImportError::Io {
        path: path.to_owned(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let too_big = |size: u64| ImportError::Malformed {
        path: path.to_owned(),
        line: None,
        reason: format!(
            "the file is {}; files over {} are refused (split it)",
            mib(size),
            mib(limit)
        ),
    };
    let size = file.metadata().map_err(io)?.len();
    if size > limit {
        return Err(too_big(size));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(limit + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > limit {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

/// The default `source`: the file name.
pub(crate) fn file_source(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

pub fn parse(path: &Path) -> Result<ParsedImport, ImportError> {
    let bytes = read_limited(path, MAX_FILE_BYTES)?;
    if scan::content_start(&bytes) == bytes.len() {
        return Err(ImportError::Empty {
            path: path.to_owned(),
        });
    }
    let mut lines = scan::Lines::new(&bytes);
    let ranges = scan::records(&bytes).map_err(|e| ImportError::Malformed {
        path: path.to_owned(),
        line: Some(lines.at(e.offset).0),
        reason: e.reason,
    })?;
    let source = file_source(path);
    let reject = |line: u64, record_id: Option<String>, problem: Problem| RejectedRecord {
        file: path.to_owned(),
        line: Some(line),
        record_id,
        field: Some(problem.path).filter(|p| !p.is_empty()),
        reason: problem.reason,
    };
    let mut rejected = Vec::new();
    let mut dropped = Vec::new();
    let mut collector = Collector::new();
    for range in &ranges {
        let (line, _) = lines.at(range.start);
        let raw = &bytes[range.clone()];
        let value = match decode(raw, range.start, &mut lines) {
            Ok(value) => value,
            Err(problem) => {
                rejected.push(reject(line, scan::record_id(raw), problem));
                continue;
            }
        };
        let id = value.get("id").and_then(|v| {
            v.as_str()
                .map(str::to_owned)
                .or_else(|| v.as_number().map(|n| n.to_string()))
        });
        let added = map_service(&value, &source).and_then(|mut m| {
            let left_out = std::mem::take(&mut m.dropped);
            collector.add(m, format!("line {line}"), (line, id.clone()))?;
            Ok(left_out)
        });
        match added {
            Ok(left_out) => dropped.extend(
                left_out
                    .into_iter()
                    .map(|problem| reject(line, id.clone(), problem)),
            ),
            Err(problem) => rejected.push(reject(line, id, problem)),
        }
    }
    let (batch, refused) = collector.finish();
    kept_only(&mut dropped, &batch);
    rejected.extend(
        refused
            .into_iter()
            .map(|((line, id), problem)| reject(line, id, problem)),
    );
    rejected.sort_by_key(|r| r.line);
    Ok(ParsedImport {
        batch,
        rejected,
        dropped,
        records_read: ranges.len() as u64,
    })
}

/// Only the notes of records that were imported (one waiting for its
/// organization may still have been refused).
pub(crate) fn kept_only(dropped: &mut Vec<RejectedRecord>, batch: &DirectoryBatch) {
    if dropped.is_empty() {
        return;
    }
    let kept: std::collections::HashSet<&str> =
        batch.services.iter().map(|s| s.id.as_str()).collect();
    dropped.retain(|d| d.record_id.as_deref().is_none_or(|id| kept.contains(id)));
}

/// One record's JSON value, or why it is refused: over
/// [`MAX_RECORD_BYTES`] (naming its largest member), not UTF-8, or not
/// valid JSON (placed in the file: the record starts at byte `start`).
fn decode(raw: &[u8], start: usize, lines: &mut Lines<'_>) -> Result<serde_json::Value, Problem> {
    let (line, start_column) = lines.at(start);
    if raw.len() > MAX_RECORD_BYTES {
        let reason = format!(
            "the record is {}; records over {} are refused",
            mib(raw.len() as u64),
            mib(MAX_RECORD_BYTES as u64)
        );
        let field = scan::member_at(raw, None).unwrap_or_default();
        return Err(Problem::new(field, reason));
    }
    if let Err(e) = std::str::from_utf8(raw) {
        let (bad_line, column) = lines.at(start + e.valid_up_to());
        let reason =
            format!("invalid UTF-8 at line {bad_line}, column {column}: HSDS JSON must be UTF-8");
        let field = scan::member_at(raw, Some(e.valid_up_to())).unwrap_or_default();
        return Err(Problem::new(field, reason));
    }
    serde_json::from_slice(raw).map_err(|e| {
        let column = if e.line() == 1 {
            start_column + e.column() - 1
        } else {
            e.column()
        };
        let reason = RejectReason::Json {
            line: line + e.line() as u64 - 1,
            column,
            source: std::sync::Arc::new(e),
        };
        Problem::new("", reason)
    })
}
