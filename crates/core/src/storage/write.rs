//! Writing a [`DirectoryBatch`]: one transaction, upserts by stable id, child
//! rows replaced, spatial and full-text indexes kept in step.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};

use rusqlite::{params, OptionalExtension, ToSql, Transaction};

use super::progress::{report, WriteProgress, WriteStage};
use super::tuning::{WriteTuning, STATEMENT_CACHE_CAPACITY};
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
        self.upsert_with_progress(batch, &mut |_| {})
    }

    /// [`Directory::upsert`], reporting each stage as it goes (for progress bars).
    pub fn upsert_with_progress(
        &mut self,
        batch: &DirectoryBatch,
        on_progress: &mut dyn FnMut(WriteProgress),
    ) -> Result<(), CoreError> {
        validate::batch(batch)?;
        let conn = self.conn_mut();
        let tuning = WriteTuning::apply(conn)?;
        let written = (|| {
            let tx = conn.transaction()?;
            write_batch(&tx, batch, on_progress)?;
            on_progress(WriteProgress {
                stage: WriteStage::Commit,
                done: 0,
                total: 0,
            });
            tx.commit()?;
            Ok(())
        })();
        let restored = tuning.restore(conn);
        written.and(restored)
    }
}

/// The body of [`Directory::upsert`], for callers that own the transaction
/// (sync applies a whole region in one).
///
/// Rows new to the database are inserted without clearing children or index
/// rows they cannot have; rows that exist are updated and their children
/// replaced.
pub(crate) fn write_batch(
    tx: &Transaction<'_>,
    batch: &DirectoryBatch,
    on_progress: &mut dyn FnMut(WriteProgress),
) -> Result<(), CoreError> {
    tx.set_prepared_statement_cache_capacity(STATEMENT_CACHE_CAPACITY);
    let mut touched = Touched::default();
    let mut organizations: HashMap<&str, (i64, Cow<'_, str>)> = HashMap::new();
    for (i, o) in batch.organizations.iter().enumerate() {
        report(
            on_progress,
            WriteStage::Organizations,
            i + 1,
            batch.organizations.len(),
        );
        let (row, new) = insert_or_update(
            tx,
            "INSERT INTO organizations (id, name, description, website, email) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(id) DO NOTHING",
            "UPDATE organizations SET name = ?2, description = ?3, website = ?4, email = ?5
             WHERE id = ?1 RETURNING row_id",
            params![o.id, o.name, o.description, o.website, o.email],
        )?;
        if !new {
            touched.organizations.insert(row);
        }
        organizations.insert(o.id.as_str(), (row, Cow::Borrowed(o.name.as_str())));
    }
    let mut service_rows = HashMap::new();
    for (i, s) in batch.services.iter().enumerate() {
        report(
            on_progress,
            WriteStage::Services,
            i + 1,
            batch.services.len(),
        );
        let org_row = match organizations.get(s.organization_id.as_str()) {
            Some((row, _)) => *row,
            None => {
                let (row, name) = stored_organization(tx, s)?;
                organizations.insert(s.organization_id.as_str(), (row, Cow::Owned(name)));
                row
            }
        };
        let (row, new) = write_service(tx, s, org_row)?;
        if !new {
            touched.services.insert(row);
        }
        service_rows.insert(s.id.as_str(), (row, s));
    }
    let mut location_rows = HashMap::new();
    for (i, l) in batch.locations.iter().enumerate() {
        report(
            on_progress,
            WriteStage::Locations,
            i + 1,
            batch.locations.len(),
        );
        let (row, new) = write_location(tx, l)?;
        if !new {
            touched.locations.insert(row);
        }
        location_rows.insert(l.id.as_str(), (row, l));
    }
    // Offers whose service and location are both in the batch: their index
    // documents are built from the batch, not read back.
    let mut in_batch = HashMap::new();
    for (i, sal) in batch.service_at_locations.iter().enumerate() {
        report(
            on_progress,
            WriteStage::Offers,
            i + 1,
            batch.service_at_locations.len(),
        );
        let service = service_rows.get(sal.service_id.as_str()).copied();
        let location = location_rows.get(sal.location_id.as_str()).copied();
        let service_row = match service {
            Some((row, _)) => row,
            None => stored_row(tx, "services", &sal.service_id)?
                .ok_or_else(|| dangling(&sal.id, "service", &sal.service_id))?,
        };
        let location_row = match location {
            Some((row, _)) => row,
            None => stored_row(tx, "locations", &sal.location_id)?
                .ok_or_else(|| dangling(&sal.id, "location", &sal.location_id))?,
        };
        let (row, _) = insert_or_update(
            tx,
            "INSERT INTO service_at_location (id, service_row_id, location_row_id, opening_hours)
             VALUES (?1, ?2, ?3, ?4) ON CONFLICT(id) DO NOTHING",
            "UPDATE service_at_location SET service_row_id = ?2, location_row_id = ?3,
                 opening_hours = ?4 WHERE id = ?1 RETURNING row_id",
            params![sal.id, service_row, location_row, sal.opening_hours],
        )?;
        touched.offers.insert(row);
        if let (Some((_, s)), Some((_, l))) = (service, location) {
            in_batch.insert(row, (s, l));
        }
    }
    let offer_rows = touched.offer_rows(tx)?;
    on_progress(WriteProgress {
        stage: WriteStage::SearchIndex,
        done: 0,
        total: offer_rows.len() as u64,
    });
    fts::refresh_with(tx, &offer_rows, |row| {
        let (s, l) = in_batch.get(&row)?;
        let (_, provider) = organizations.get(s.organization_id.as_str())?;
        Some(fts::Document::of(s, provider, l))
    })
}

/// Insert a row keyed by `id` (`?1`), or update it if the id is stored:
/// its row id, and whether it is new. `insert` ends in
/// `ON CONFLICT(id) DO NOTHING`, `update` in `RETURNING row_id`.
fn insert_or_update(
    tx: &Transaction<'_>,
    insert: &str,
    update: &str,
    values: &[&dyn ToSql],
) -> Result<(i64, bool), CoreError> {
    if tx.prepare_cached(insert)?.execute(values)? == 1 {
        // Triggers fired by the insert leave this as the inserted row's id.
        return Ok((tx.last_insert_rowid(), true));
    }
    let row = tx.prepare_cached(update)?.query_row(values, |r| r.get(0))?;
    Ok((row, false))
}

fn dangling(sal_id: &str, kind: &str, id: &str) -> CoreError {
    CoreError::InvalidRecord {
        record: "service_at_location".into(),
        id: sal_id.to_owned(),
        reason: format!("unknown {kind} `{id}`"),
    }
}

/// The row id of a stored record that is not in the batch.
fn stored_row(tx: &Transaction<'_>, table: &str, id: &str) -> Result<Option<i64>, CoreError> {
    Ok(tx
        .prepare_cached(&format!("SELECT row_id FROM {table} WHERE id = ?1"))?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

/// The row id and name of the stored organization of a service.
fn stored_organization(tx: &Transaction<'_>, s: &Service) -> Result<(i64, String), CoreError> {
    tx.prepare_cached("SELECT row_id, name FROM organizations WHERE id = ?1")?
        .query_row([&s.organization_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or_else(|| CoreError::InvalidRecord {
            record: "service".into(),
            id: s.id.clone(),
            reason: format!("unknown organization `{}`", s.organization_id),
        })
}

fn write_service(
    tx: &Transaction<'_>,
    s: &Service,
    org_row: i64,
) -> Result<(i64, bool), CoreError> {
    let (row, new) = insert_or_update(
        tx,
        "INSERT INTO services (id, organization_row_id, name, alternate_name, description, url, email,
             status, eligibility, minimum_age, maximum_age, fees_free, fees_description, service_area,
             source, last_verified, is_demo, category_mask, summary_categories, summary_languages,
             summary_target_groups, summary_phone)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
             ?19, ?20, ?21, ?22)
         ON CONFLICT(id) DO NOTHING",
        "UPDATE services SET organization_row_id = ?2, name = ?3, alternate_name = ?4,
             description = ?5, url = ?6, email = ?7, status = ?8, eligibility = ?9,
             minimum_age = ?10, maximum_age = ?11, fees_free = ?12, fees_description = ?13,
             service_area = ?14, source = ?15, last_verified = ?16, is_demo = ?17,
             category_mask = ?18, summary_categories = ?19, summary_languages = ?20,
             summary_target_groups = ?21, summary_phone = ?22
         WHERE id = ?1 RETURNING row_id",
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
            dedup(&s.categories).join(" "),
            dedup(&s.languages).join(" "),
            dedup(&s.target_groups).join(" "),
            s.phones.first().map(|p| p.number.as_str()),
        ],
    )?;
    if !new {
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
    }
    for (sql, values) in [
        ("INSERT INTO service_categories (service_row_id, category_id, position) VALUES (?1, ?2, ?3)", &s.categories),
        ("INSERT INTO service_languages (service_row_id, code, position) VALUES (?1, ?2, ?3)", &s.languages),
        ("INSERT INTO service_target_groups (service_row_id, target_group, position) VALUES (?1, ?2, ?3)", &s.target_groups),
    ] {
        if values.is_empty() {
            continue;
        }
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
    for t in &s.translations {
        tx.prepare_cached(
            "INSERT OR REPLACE INTO service_translations (service_row_id, lang, name, description) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![row, t.lang, t.name, t.description])?;
    }
    Ok((row, new))
}

fn write_location(tx: &Transaction<'_>, l: &Location) -> Result<(i64, bool), CoreError> {
    let languages = dedup(&l.languages);
    let (row, new) = insert_or_update(
        tx,
        "INSERT INTO locations (id, name, street, postcode, city, state, lat, lon, geo_precision,
             summary_languages)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT(id) DO NOTHING",
        "UPDATE locations SET name = ?2, street = ?3, postcode = ?4, city = ?5, state = ?6,
             lat = ?7, lon = ?8, geo_precision = ?9, summary_languages = ?10
         WHERE id = ?1 RETURNING row_id",
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
            languages.join(" "),
        ],
    )?;
    if !new {
        tx.prepare_cached("DELETE FROM location_languages WHERE location_row_id = ?1")?
            .execute([row])?;
    }
    if !languages.is_empty() {
        let mut stmt = tx.prepare_cached(
            "INSERT INTO location_languages (location_row_id, code, position) VALUES (?1, ?2, ?3)",
        )?;
        for (pos, code) in languages.into_iter().enumerate() {
            stmt.execute(params![row, code, position(pos)])?;
        }
    }
    Ok((row, new))
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

/// Row ids changed by a batch, to find the offers whose index rows are stale.
/// Organizations, services and locations are listed only if they were stored
/// before: a new one has no offers outside the batch.
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
