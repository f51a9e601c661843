//! Writing a [`DirectoryBatch`]: one transaction, upserts by stable id, child
//! rows replaced, spatial and full-text indexes kept in step.

use std::collections::{BTreeSet, HashMap};

use rusqlite::{params, OptionalExtension, Transaction};

use super::{fts, validate, Directory};
use crate::model::{DirectoryBatch, Location, Service, ServiceStatus};
use crate::{taxonomy, CoreError};

/// Bit `i` for `taxonomy::CATEGORIES[i]`; unknown ids contribute nothing.
pub fn category_mask<S: AsRef<str>>(ids: &[S]) -> i64 {
    ids.iter()
        .filter_map(|id| {
            taxonomy::CATEGORIES
                .iter()
                .position(|c| c.id == id.as_ref())
        })
        .fold(0, |mask, bit| mask | (1 << bit))
}

/// The mask stored in the spatial index: the categories of a listed service,
/// none for one that is never shown (inactive, defunct), so the index alone
/// drops it.
pub fn listed_mask<S: AsRef<str>>(ids: &[S], status: ServiceStatus) -> i64 {
    if status.is_listed() {
        category_mask(ids)
    } else {
        0
    }
}

impl Directory {
    /// Insert or update everything in `batch` atomically: either all of it is
    /// stored or, on any error, none of it.
    pub fn upsert(&mut self, batch: &DirectoryBatch) -> Result<(), CoreError> {
        validate::batch(batch)?;
        let tx = self.conn_mut().transaction()?;
        write_batch(&tx, batch)?;
        tx.commit()?;
        Ok(())
    }
}

/// The body of [`Directory::upsert`], for callers that own the transaction
/// (sync applies a whole region in one).
pub(crate) fn write_batch(tx: &Transaction<'_>, batch: &DirectoryBatch) -> Result<(), CoreError> {
    let mut touched = Touched::default();
    for o in &batch.organizations {
        let row: i64 = tx.prepare_cached(
            "INSERT INTO organizations (id, name, description, website, email) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(id) DO UPDATE SET name = excluded.name, description = excluded.description,
                 website = excluded.website, email = excluded.email
             RETURNING row_id",
        )?
        .query_row(params![o.id, o.name, o.description, o.website, o.email], |r| r.get(0))?;
        touched.organizations.insert(row);
    }
    let mut service_rows = HashMap::new();
    for s in &batch.services {
        let row = write_service(tx, s)?;
        touched.services.insert(row);
        service_rows.insert(s.id.as_str(), row);
    }
    let mut location_rows = HashMap::new();
    for l in &batch.locations {
        let row = write_location(tx, l)?;
        touched.locations.insert(row);
        location_rows.insert(l.id.as_str(), row);
    }
    for sal in &batch.service_at_locations {
        let service_row = resolve(tx, &service_rows, "services", &sal.service_id)
            .ok_or_else(|| dangling(&sal.id, "service", &sal.service_id))??;
        let location_row = resolve(tx, &location_rows, "locations", &sal.location_id)
            .ok_or_else(|| dangling(&sal.id, "location", &sal.location_id))??;
        let row: i64 = tx.prepare_cached(
            "INSERT INTO service_at_location (id, service_row_id, location_row_id, opening_hours)
             VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(id) DO UPDATE SET service_row_id = excluded.service_row_id,
                 location_row_id = excluded.location_row_id, opening_hours = excluded.opening_hours
             RETURNING row_id",
        )?
        .query_row(params![sal.id, service_row, location_row, sal.opening_hours], |r| r.get(0))?;
        touched.offers.insert(row);
    }
    fts::refresh(tx, &touched.offer_rows(tx)?)
}

fn dangling(sal_id: &str, kind: &str, id: &str) -> CoreError {
    CoreError::InvalidRecord {
        record: "service_at_location".into(),
        id: sal_id.to_owned(),
        reason: format!("unknown {kind} `{id}`"),
    }
}

/// A row id from this batch, else from the database.
fn resolve(
    tx: &Transaction<'_>,
    in_batch: &HashMap<&str, i64>,
    table: &str,
    id: &str,
) -> Option<Result<i64, CoreError>> {
    if let Some(row) = in_batch.get(id) {
        return Some(Ok(*row));
    }
    let found = tx
        .query_row(
            &format!("SELECT row_id FROM {table} WHERE id = ?1"),
            [id],
            |r| r.get(0),
        )
        .optional();
    match found {
        Ok(Some(row)) => Some(Ok(row)),
        Ok(None) => None,
        Err(e) => Some(Err(e.into())),
    }
}

fn write_service(tx: &Transaction<'_>, s: &Service) -> Result<i64, CoreError> {
    let org_row: i64 = tx
        .query_row(
            "SELECT row_id FROM organizations WHERE id = ?1",
            [&s.organization_id],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| CoreError::InvalidRecord {
            record: "service".into(),
            id: s.id.clone(),
            reason: format!("unknown organization `{}`", s.organization_id),
        })?;
    let row: i64 = tx.prepare_cached(
        "INSERT INTO services (id, organization_row_id, name, alternate_name, description, url, email,
             status, eligibility, minimum_age, maximum_age, fees_free, fees_description, service_area,
             source, last_verified, is_demo, category_mask)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)
         ON CONFLICT(id) DO UPDATE SET organization_row_id = excluded.organization_row_id,
             name = excluded.name, alternate_name = excluded.alternate_name,
             description = excluded.description, url = excluded.url, email = excluded.email,
             status = excluded.status, eligibility = excluded.eligibility,
             minimum_age = excluded.minimum_age, maximum_age = excluded.maximum_age,
             fees_free = excluded.fees_free, fees_description = excluded.fees_description,
             service_area = excluded.service_area, source = excluded.source,
             last_verified = excluded.last_verified, is_demo = excluded.is_demo,
             category_mask = excluded.category_mask
         RETURNING row_id",
    )?
    .query_row(
        params![
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
        ],
        |r| r.get(0),
    )?;
    for table in [
        "service_categories",
        "service_languages",
        "service_target_groups",
        "service_funders",
        "phones",
        "contacts",
        "service_translations",
    ] {
        tx.prepare_cached(&format!("DELETE FROM {table} WHERE service_row_id = ?1"))?
            .execute([row])?;
    }
    for (sql, values) in [
        ("INSERT INTO service_categories (service_row_id, category_id, position) VALUES (?1, ?2, ?3)", &s.categories),
        ("INSERT INTO service_languages (service_row_id, code, position) VALUES (?1, ?2, ?3)", &s.languages),
        ("INSERT INTO service_target_groups (service_row_id, target_group, position) VALUES (?1, ?2, ?3)", &s.target_groups),
    ] {
        let mut stmt = tx.prepare_cached(sql)?;
        for (pos, v) in dedup(values).into_iter().enumerate() {
            stmt.execute(params![row, v, position(pos)])?;
        }
    }
    for (pos, funder) in s.funders.iter().enumerate() {
        tx.prepare_cached(
            "INSERT INTO service_funders (service_row_id, position, source) VALUES (?1, ?2, ?3)",
        )?
        .execute(params![row, position(pos), funder])?;
    }
    for (pos, p) in s.phones.iter().enumerate() {
        tx.prepare_cached("INSERT INTO phones (service_row_id, position, number, kind, description) VALUES (?1, ?2, ?3, ?4, ?5)")?
            .execute(params![row, position(pos), p.number, p.kind, p.description])?;
    }
    for (pos, c) in s.contacts.iter().enumerate() {
        tx.prepare_cached("INSERT INTO contacts (service_row_id, position, name, title, email, phone) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?
            .execute(params![row, position(pos), c.name, c.title, c.email, c.phone])?;
    }
    tx.prepare_cached(
        "UPDATE services SET summary_categories = ?2, summary_languages = ?3, summary_target_groups = ?4,
             summary_phone = ?5 WHERE row_id = ?1",
    )?
    .execute(params![
        row,
        dedup(&s.categories).join(" "),
        dedup(&s.languages).join(" "),
        dedup(&s.target_groups).join(" "),
        s.phones.first().map(|p| p.number.as_str()),
    ])?;
    for t in &s.translations {
        tx.prepare_cached(
            "INSERT OR REPLACE INTO service_translations (service_row_id, lang, name, description) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![row, t.lang, t.name, t.description])?;
    }
    Ok(row)
}

fn write_location(tx: &Transaction<'_>, l: &Location) -> Result<i64, CoreError> {
    let row: i64 = tx.prepare_cached(
        "INSERT INTO locations (id, name, street, postcode, city, state, lat, lon, geo_precision)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, street = excluded.street,
             postcode = excluded.postcode, city = excluded.city, state = excluded.state,
             lat = excluded.lat, lon = excluded.lon, geo_precision = excluded.geo_precision
         RETURNING row_id",
    )?
    .query_row(
        params![
            l.id,
            l.name,
            l.address.street,
            l.address.postcode,
            l.address.city,
            l.address.state,
            l.point.y(),
            l.point.x(),
            l.precision.as_str(),
        ],
        |r| r.get(0),
    )?;
    tx.prepare_cached("DELETE FROM location_languages WHERE location_row_id = ?1")?
        .execute([row])?;
    tx.prepare_cached("UPDATE locations SET summary_languages = ?2 WHERE row_id = ?1")?
        .execute(params![row, dedup(&l.languages).join(" ")])?;
    let mut stmt = tx.prepare_cached(
        "INSERT INTO location_languages (location_row_id, code, position) VALUES (?1, ?2, ?3)",
    )?;
    for (pos, code) in dedup(&l.languages).into_iter().enumerate() {
        stmt.execute(params![row, code, position(pos)])?;
    }
    Ok(row)
}

/// A list index as an SQLite integer.
fn position(index: usize) -> i64 {
    i64::try_from(index).unwrap_or(i64::MAX)
}

/// Keep the first occurrence of each value, in order.
fn dedup(values: &[String]) -> Vec<&str> {
    let mut seen = std::collections::HashSet::new();
    values
        .iter()
        .map(String::as_str)
        .filter(|v| seen.insert(*v))
        .collect()
}

/// Row ids changed by a batch, to find the offers whose index rows are stale.
#[derive(Default)]
struct Touched {
    organizations: BTreeSet<i64>,
    services: BTreeSet<i64>,
    locations: BTreeSet<i64>,
    offers: BTreeSet<i64>,
}

impl Touched {
    fn offer_rows(&self, tx: &Transaction<'_>) -> Result<BTreeSet<i64>, CoreError> {
        let mut rows = self.offers.clone();
        let queries = [
            (&self.organizations, "SELECT sal.row_id FROM service_at_location sal JOIN services s ON s.row_id = sal.service_row_id WHERE s.organization_row_id = ?1"),
            (&self.services, "SELECT row_id FROM service_at_location WHERE service_row_id = ?1"),
            (&self.locations, "SELECT row_id FROM service_at_location WHERE location_row_id = ?1"),
        ];
        for (ids, sql) in queries {
            let mut stmt = tx.prepare_cached(sql)?;
            for id in ids {
                for row in stmt.query_map([id], |r| r.get::<_, i64>(0))? {
                    rows.insert(row?);
                }
            }
        }
        Ok(rows)
    }
}
