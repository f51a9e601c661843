//! The rows of one batch write: services with their child lists, locations
//! and offers, through statements prepared once per batch.
//!
//! Category ids and language codes are stored only as the space-separated
//! summary columns (schema v7); the other lists have child tables.
//!
//! Holding the statements (instead of asking the statement cache for each
//! row) saves hashing every statement's SQL text once per row.

use rusqlite::{params, CachedStatement, Connection, ToSql};

use super::write::listed_mask;
use crate::directory::model::{Location, Service, ServiceAtLocation};
use crate::CoreError;

const INSERT_SERVICE: &str = "INSERT INTO services (id, organization_row_id, name, alternate_name,
        description, url, email, status, eligibility, minimum_age, maximum_age, fees_free,
        fees_description, service_area, source, last_verified, is_demo, category_mask,
        summary_categories, summary_languages, summary_target_groups, summary_phone, date_basis)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
        ?19, ?20, ?21, ?22, ?23)
    ON CONFLICT(id) DO NOTHING";
const UPDATE_SERVICE: &str = "UPDATE services SET organization_row_id = ?2, name = ?3,
        alternate_name = ?4, description = ?5, url = ?6, email = ?7, status = ?8,
        eligibility = ?9, minimum_age = ?10, maximum_age = ?11, fees_free = ?12,
        fees_description = ?13, service_area = ?14, source = ?15, last_verified = ?16,
        is_demo = ?17, category_mask = ?18, summary_categories = ?19, summary_languages = ?20,
        summary_target_groups = ?21, summary_phone = ?22, date_basis = ?23
    WHERE id = ?1 RETURNING row_id";
const INSERT_LOCATION: &str = "INSERT INTO locations (id, name, street, postcode, city, state,
        lat, lon, geo_precision, summary_languages)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
    ON CONFLICT(id) DO NOTHING";
const UPDATE_LOCATION: &str = "UPDATE locations SET name = ?2, street = ?3, postcode = ?4,
        city = ?5, state = ?6, lat = ?7, lon = ?8, geo_precision = ?9, summary_languages = ?10
    WHERE id = ?1 RETURNING row_id";
const INSERT_OFFER: &str = "INSERT INTO service_at_location (id, service_row_id,
        location_row_id, opening_hours)
    VALUES (?1, ?2, ?3, ?4) ON CONFLICT(id) DO NOTHING";
const UPDATE_OFFER: &str = "UPDATE service_at_location SET service_row_id = ?2,
        location_row_id = ?3, opening_hours = ?4 WHERE id = ?1 RETURNING row_id";

/// The child tables of a service, cleared when the service is rewritten.
const SERVICE_CHILDREN: [&str; 5] = [
    "service_target_groups",
    "service_funders",
    "phones",
    "contacts",
    "service_translations",
];

/// The insert statements of one batch, prepared once.
pub(crate) struct RowWriter<'c> {
    tx: &'c Connection,
    service: CachedStatement<'c>,
    target_groups: CachedStatement<'c>,
    funders: CachedStatement<'c>,
    phones: CachedStatement<'c>,
    contacts: CachedStatement<'c>,
    translations: CachedStatement<'c>,
    location: CachedStatement<'c>,
    offer: CachedStatement<'c>,
    /// Buffers for the space-separated lists of one row.
    lists: [String; 3],
}

impl<'c> RowWriter<'c> {
    pub(crate) fn new(tx: &'c Connection) -> Result<Self, CoreError> {
        let child = |table: &str, columns: &str| {
            let marks: Vec<String> = (1..=columns.split(',').count())
                .map(|i| format!("?{i}"))
                .collect();
            tx.prepare_cached(&format!(
                "INSERT INTO {table} ({columns}) VALUES ({})",
                marks.join(", ")
            ))
        };
        Ok(Self {
            tx,
            service: tx.prepare_cached(INSERT_SERVICE)?,
            target_groups: child(
                "service_target_groups",
                "service_row_id, target_group, position",
            )?,
            funders: child("service_funders", "service_row_id, source, position")?,
            phones: child(
                "phones",
                "service_row_id, position, number, kind, description",
            )?,
            contacts: child(
                "contacts",
                "service_row_id, position, name, title, email, phone",
            )?,
            // A repeated language: the last translation wins.
            translations: tx.prepare_cached(
                "INSERT OR REPLACE INTO service_translations (service_row_id, lang, name, description)
                 VALUES (?1, ?2, ?3, ?4)",
            )?,
            location: tx.prepare_cached(INSERT_LOCATION)?,
            offer: tx.prepare_cached(INSERT_OFFER)?,
            lists: Default::default(),
        })
    }

    /// Insert or update a service and replace its child rows: its row id,
    /// and whether it is new.
    pub(crate) fn service(&mut self, s: &Service, org_row: i64) -> Result<(i64, bool), CoreError> {
        let target_groups = dedup(&s.target_groups);
        let [categories, languages, groups] = &mut self.lists;
        joined(categories, &s.categories);
        joined(languages, &s.languages);
        joined(groups, &target_groups);
        let values = params![
            s.id,
            org_row,
            s.name,
            s.alternate_name,
            s.description,
            s.url,
            s.email,
            s.status.as_hsds(),
            s.eligibility,
            s.minimum_age,
            s.maximum_age,
            s.fees.free,
            s.fees.description,
            s.service_area,
            s.source,
            s.last_verified,
            s.is_demo,
            listed_mask(&s.categories, s.status),
            categories.as_str(),
            languages.as_str(),
            groups.as_str(),
            s.phones.first().map(|p| p.number.as_str()),
            s.date_basis.name(),
        ];
        let (row, new) = insert_or_update(self.tx, &mut self.service, UPDATE_SERVICE, values)?;
        if !new {
            for table in SERVICE_CHILDREN {
                self.tx
                    .prepare_cached(&format!("DELETE FROM {table} WHERE service_row_id = ?1"))?
                    .execute([row])?;
            }
        }
        for (pos, group) in target_groups.iter().enumerate() {
            self.target_groups
                .execute(params![row, group, position(pos)])?;
        }
        for (pos, funder) in s.funders.iter().enumerate() {
            self.funders.execute(params![row, funder, position(pos)])?;
        }
        for (pos, p) in s.phones.iter().enumerate() {
            self.phones
                .execute(params![row, position(pos), p.number, p.kind, p.description])?;
        }
        for (pos, c) in s.contacts.iter().enumerate() {
            self.contacts.execute(params![
                row,
                position(pos),
                c.name,
                c.title,
                c.email,
                c.phone
            ])?;
        }
        for t in &s.translations {
            self.translations
                .execute(params![row, t.lang, t.name, t.description])?;
        }
        Ok((row, new))
    }

    /// Insert or update a location.
    pub(crate) fn location(&mut self, l: &Location) -> Result<(i64, bool), CoreError> {
        let [languages, ..] = &mut self.lists;
        joined(languages, &l.languages);
        let values = params![
            l.id,
            l.name,
            l.address.street,
            l.address.postcode,
            l.address.city,
            l.address.state,
            l.point.y(),
            l.point.x(),
            l.precision.as_str(),
            languages.as_str(),
        ];
        insert_or_update(self.tx, &mut self.location, UPDATE_LOCATION, values)
    }

    /// Insert or update an offer of stored rows: its row id.
    pub(crate) fn offer(
        &mut self,
        sal: &ServiceAtLocation,
        service_row: i64,
        location_row: i64,
    ) -> Result<i64, CoreError> {
        let values = params![sal.id, service_row, location_row, sal.opening_hours];
        let (row, _) = insert_or_update(self.tx, &mut self.offer, UPDATE_OFFER, values)?;
        Ok(row)
    }
}

/// Insert a row keyed by `id` (`?1`), or update it if the id is stored:
/// its row id, and whether it is new. `insert` ends in
/// `ON CONFLICT(id) DO NOTHING`, `update` in `RETURNING row_id`.
pub(crate) fn insert_or_update(
    tx: &Connection,
    insert: &mut CachedStatement<'_>,
    update: &str,
    values: &[&dyn ToSql],
) -> Result<(i64, bool), CoreError> {
    if insert.execute(values)? == 1 {
        return Ok((tx.last_insert_rowid(), true));
    }
    let row = tx.prepare_cached(update)?.query_row(values, |r| r.get(0))?;
    Ok((row, false))
}

/// `values` separated by spaces, in `buffer`, each once (the first
/// occurrence keeps its place).
fn joined<S: AsRef<str>>(buffer: &mut String, values: &[S]) {
    buffer.clear();
    for v in values {
        let v = v.as_ref();
        if buffer.split(' ').any(|kept| kept == v) {
            continue;
        }
        if !buffer.is_empty() {
            buffer.push(' ');
        }
        buffer.push_str(v);
    }
}

/// A list index as an SQLite integer.
fn position(index: usize) -> i64 {
    i64::try_from(index).unwrap_or(i64::MAX)
}

/// Keep the first occurrence of each value, in order (lists are short).
fn dedup(values: &[String]) -> Vec<&str> {
    let mut kept: Vec<&str> = Vec::with_capacity(values.len());
    for v in values {
        if !kept.contains(&v.as_str()) {
            kept.push(v);
        }
    }
    kept
}
