//! Checks a batch before anything is written, naming the record and field.

use crate::directory::geodesy::checked_point;
use crate::directory::model::{DateBasis, DirectoryBatch, Location, Service};
use crate::{directory::taxonomy, CoreError};

/// A record that fails the directory's checks: which kind of record, its
/// id, and what is wrong with it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{record} `{id}`: {problem}")]
pub struct RecordError {
    /// `organization`, `service`, `location` or `service_at_location`.
    pub record: &'static str,
    pub id: String,
    pub problem: RecordProblem,
}

/// What is wrong with a record.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RecordProblem {
    /// In words, naming the field and its value (e.g. "unknown category `x`").
    #[error("{0}")]
    Described(String),
    #[error("invalid coordinate: latitude {lat}, longitude {lon} (latitude must be within ±90, longitude within ±180)")]
    Coordinate { lat: f64, lon: f64 },
}

pub(crate) fn invalid(record: &'static str, id: &str, reason: impl Into<String>) -> RecordError {
    RecordError {
        record,
        id: id.to_owned(),
        problem: RecordProblem::Described(reason.into()),
    }
}

fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// An ISO 639-1/-2/-3 language code: two or three lowercase ASCII letters.
pub fn is_language_code(code: &str) -> bool {
    (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase())
}

pub fn service(s: &Service) -> Result<(), RecordError> {
    let bad = |reason: String| invalid("service", &s.id, reason);
    if s.id.trim().is_empty() {
        return Err(bad("`id` is empty".into()));
    }
    if s.name.trim().is_empty() {
        return Err(bad("`name` is empty".into()));
    }
    if s.organization_id.trim().is_empty() {
        return Err(bad("`organization_id` is empty".into()));
    }
    if s.categories.is_empty() {
        return Err(bad("no category".into()));
    }
    if let Some(unknown) = s
        .categories
        .iter()
        .find(|c| taxonomy::category(c).is_none())
    {
        return Err(bad(format!("unknown category `{unknown}`")));
    }
    if let Some(code) = s.languages.iter().find(|c| !is_language_code(c)) {
        return Err(bad(format!("`languages`: `{code}` is not an ISO 639 code")));
    }
    if s.source.trim().is_empty() {
        return Err(bad(
            "`source` is empty: every offer must say where it comes from".into(),
        ));
    }
    match (s.date_basis, s.last_verified.is_empty()) {
        (DateBasis::Unknown, true) => {}
        (DateBasis::Unknown, false) => {
            return Err(bad(format!(
                "`last_verified` is `{}` but the date is marked unknown",
                s.last_verified
            )))
        }
        (_, true) => {
            return Err(bad(
                "`last_verified` is empty: mark the date unknown, or give one".into(),
            ))
        }
        _ if !is_iso_date(&s.last_verified) => {
            return Err(bad(format!(
                "`last_verified` is `{}`, not a date like 2026-11-01",
                s.last_verified
            )))
        }
        _ => {}
    }
    if let (Some(min), Some(max)) = (s.minimum_age, s.maximum_age) {
        if min > max {
            return Err(bad(format!(
                "`minimum_age` {min} is above `maximum_age` {max}"
            )));
        }
    }
    Ok(())
}

pub fn location(l: &Location) -> Result<(), RecordError> {
    if l.id.trim().is_empty() {
        return Err(invalid("location", &l.id, "`id` is empty"));
    }
    let (lat, lon) = (l.point.y(), l.point.x());
    if checked_point(lat, lon).is_err() {
        return Err(RecordError {
            record: "location",
            id: l.id.clone(),
            problem: RecordProblem::Coordinate { lat, lon },
        });
    }
    if let Some(code) = l.languages.iter().find(|c| !is_language_code(c)) {
        return Err(invalid(
            "location",
            &l.id,
            format!("`languages`: `{code}` is not an ISO 639 code"),
        ));
    }
    Ok(())
}

/// [`batch`] on a second thread while `write` runs on this one: `write`'s
/// result when the batch is valid, the first invalid record's error
/// otherwise (even if `write` failed too, so the error is the same as when
/// checking first). `write` must leave nothing behind that its caller
/// cannot roll back: it runs before the batch is known to be valid.
pub(crate) fn batch_while<T, E: From<CoreError>>(
    b: &DirectoryBatch,
    write: impl FnOnce() -> Result<T, E>,
) -> Result<T, E> {
    let records =
        b.organizations.len() + b.services.len() + b.locations.len() + b.service_at_locations.len();
    if records < super::LARGE_WRITE_ROWS {
        batch(b)?;
        return write();
    }
    std::thread::scope(|scope| {
        let check = scope.spawn(|| batch(b));
        let written = write();
        match check.join() {
            Ok(valid) => valid?,
            Err(panic) => std::panic::resume_unwind(panic),
        }
        written
    })
}

/// Check every record of a batch, and that ids are unique within it.
pub fn batch(b: &DirectoryBatch) -> Result<(), CoreError> {
    records(b).map_err(CoreError::from)
}

fn records(b: &DirectoryBatch) -> Result<(), RecordError> {
    // One set per kind, sized up front: no rehashing while a large batch fills it.
    let unique = |count: usize| {
        std::collections::HashSet::with_capacity_and_hasher(
            count,
            foldhash::fast::RandomState::default(),
        )
    };
    let mut seen = unique(b.organizations.len());
    for o in &b.organizations {
        if o.id.trim().is_empty() || o.name.trim().is_empty() {
            return Err(invalid("organization", &o.id, "`id` or `name` is empty"));
        }
        if !seen.insert(o.id.as_str()) {
            return Err(invalid("organization", &o.id, "duplicate id"));
        }
    }
    let mut seen = unique(b.services.len());
    for s in &b.services {
        service(s)?;
        if !seen.insert(s.id.as_str()) {
            return Err(invalid("service", &s.id, "duplicate id"));
        }
    }
    let mut seen = unique(b.locations.len());
    for l in &b.locations {
        location(l)?;
        if !seen.insert(l.id.as_str()) {
            return Err(invalid("location", &l.id, "duplicate id"));
        }
    }
    let mut seen = unique(b.service_at_locations.len());
    for sal in &b.service_at_locations {
        if sal.id.trim().is_empty() {
            return Err(invalid("service_at_location", &sal.id, "`id` is empty"));
        }
        if !seen.insert(sal.id.as_str()) {
            return Err(invalid("service_at_location", &sal.id, "duplicate id"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_language_codes() {
        assert!(is_iso_date("2026-11-01"));
        assert!(!is_iso_date("01.11.2026"));
        assert!(!is_iso_date("2026-1-01"));
        assert!(is_language_code("de") && is_language_code("prs"));
        assert!(!is_language_code("DE") && !is_language_code("deutsch") && !is_language_code("d"));
    }
}
