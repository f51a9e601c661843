//! Writing a [`DirectoryBatch`]: one transaction, upserts by stable id, child
//! rows replaced, spatial and full-text indexes kept in step.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::{AtomicBool, Ordering};

use foldhash::fast::RandomState;

use rusqlite::{params, OptionalExtension, Transaction};

use super::progress::{report, WriteProgress, WriteStage};
use super::tuning::{WriteTuning, STATEMENT_CACHE_CAPACITY};
use super::write_rows::{insert_or_update, RowWriter};
use super::{fts, fts_build, validate, Directory};
use crate::directory::model::{DirectoryBatch, Service, ServiceStatus};
use crate::{directory::taxonomy, CoreError};

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
        let conn = self.conn_mut();
        let tuning = WriteTuning::apply(conn)?;
        // Checked while it is written; an invalid batch is rolled back.
        let written = validate::batch_while(batch, || {
            let tx = conn.transaction()?;
            write_batch(&tx, batch, on_progress)?;
            Ok::<_, CoreError>(tx)
        })
        .and_then(|tx| {
            on_progress(WriteProgress {
                stage: WriteStage::Commit,
                done: 0,
                total: 0,
            });
            tx.commit()?;
            Ok(())
        });
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
    let table_sql = fts_build::eligible(tx, batch)?;
    let cancel = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let build = table_sql
            .as_deref()
            .map(|sql| fts_build::start(scope, batch, sql, &cancel));
        let written = write_rows_and_index(tx, batch, on_progress, build);
        // A write that failed before the index was installed stops its build.
        cancel.store(true, Ordering::Relaxed);
        written
    })
}

/// [`write_batch`], with the search index of a first large write built on
/// a second thread (`build`) or, without one, here.
fn write_rows_and_index(
    tx: &Transaction<'_>,
    batch: &DirectoryBatch,
    on_progress: &mut dyn FnMut(WriteProgress),
    build: Option<fts_build::Build<'_>>,
) -> Result<(), CoreError> {
    tx.set_prepared_statement_cache_capacity(STATEMENT_CACHE_CAPACITY);
    let mut touched = Touched::default();
    let mut rows = RowWriter::new(tx)?;
    let mut insert_organization = tx.prepare_cached(
        "INSERT INTO organizations (id, name, description, website, email) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(id) DO NOTHING",
    )?;
    let mut organizations: HashMap<&str, (i64, Cow<'_, str>), _> =
        map_with_capacity(batch.organizations.len());
    for (i, o) in batch.organizations.iter().enumerate() {
        report(
            on_progress,
            WriteStage::Organizations,
            i + 1,
            batch.organizations.len(),
        );
        let (row, new) = insert_or_update(
            tx,
            &mut insert_organization,
            "UPDATE organizations SET name = ?2, description = ?3, website = ?4, email = ?5
             WHERE id = ?1 RETURNING row_id",
            params![o.id, o.name, o.description, o.website, o.email],
        )?;
        if !new {
            touched.organizations.insert(row);
        }
        organizations.insert(o.id.as_str(), (row, Cow::Borrowed(o.name.as_str())));
    }
    let mut service_rows = map_with_capacity(batch.services.len());
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
        let (row, new) = rows.service(s, org_row)?;
        if !new {
            touched.services.insert(row);
        }
        service_rows.insert(s.id.as_str(), (row, s));
    }
    let mut location_rows = map_with_capacity(batch.locations.len());
    for (i, l) in batch.locations.iter().enumerate() {
        report(
            on_progress,
            WriteStage::Locations,
            i + 1,
            batch.locations.len(),
        );
        let (row, new) = rows.location(l)?;
        if !new {
            touched.locations.insert(row);
        }
        location_rows.insert(l.id.as_str(), (row, l));
    }
    // Offers whose service and location are both in the batch: their index
    // documents are built from the batch, not read back.
    let mut in_batch = Vec::with_capacity(batch.service_at_locations.len());
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
        let row = rows.offer(sal, service_row, location_row)?;
        touched.offers.push(row);
        if let (Some((_, s)), Some((_, l))) = (service, location) {
            in_batch.push((row, s, l));
        }
    }
    drop(rows);
    drop(insert_organization);
    if let Some(build) = build {
        let total = touched.offers.len() as u64;
        let progress = |done| WriteProgress {
            stage: WriteStage::SearchIndex,
            done,
            total,
        };
        on_progress(progress(0));
        if build.install(tx, &touched.offers)? {
            // Indexed on the second thread, and copied in.
            on_progress(progress(total));
            return Ok(());
        }
    }
    let offer_rows = touched.offer_rows(tx)?;
    on_progress(WriteProgress {
        stage: WriteStage::SearchIndex,
        done: 0,
        total: offer_rows.len() as u64,
    });
    // New offers come in row order already; both lists are walked in step.
    in_batch.sort_unstable_by_key(|(row, _, _)| *row);
    let mut next = 0;
    fts::refresh_with(tx, &offer_rows, |row, document| {
        while in_batch.get(next).is_some_and(|(r, _, _)| *r < row) {
            next += 1;
        }
        let Some((_, s, l)) = in_batch.get(next).filter(|(r, _, _)| *r == row) else {
            return false;
        };
        let Some((_, provider)) = organizations.get(s.organization_id.as_str()) else {
            return false;
        };
        document.fill(s, provider, l);
        true
    })
}

/// A map for the ids of one batch: seeded, and much faster than SipHash
/// for short keys.
fn map_with_capacity<K, V>(capacity: usize) -> HashMap<K, V, RandomState> {
    HashMap::with_capacity_and_hasher(capacity, RandomState::default())
}

fn dangling(sal_id: &str, kind: &str, id: &str) -> CoreError {
    validate::invalid(
        "service_at_location",
        sal_id,
        format!("unknown {kind} `{id}`"),
    )
    .into()
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
        .ok_or_else(|| {
            validate::invalid(
                "service",
                &s.id,
                format!("unknown organization `{}`", s.organization_id),
            )
            .into()
        })
}

/// Row ids changed by a batch, to find the offers whose index rows are stale.
/// Organizations, services and locations are listed only if they were stored
/// before: a new one has no offers outside the batch.
#[derive(Default)]
struct Touched {
    organizations: BTreeSet<i64>,
    services: BTreeSet<i64>,
    locations: BTreeSet<i64>,
    offers: Vec<i64>,
}

impl Touched {
    /// The offers to reindex, ascending and each once.
    fn offer_rows(self, tx: &Transaction<'_>) -> Result<Vec<i64>, CoreError> {
        let mut rows = self.offers;
        let queries = [
            (&self.organizations, "SELECT sal.row_id FROM service_at_location sal JOIN services s ON s.row_id = sal.service_row_id WHERE s.organization_row_id = ?1"),
            (&self.services, "SELECT row_id FROM service_at_location WHERE service_row_id = ?1"),
            (&self.locations, "SELECT row_id FROM service_at_location WHERE location_row_id = ?1"),
        ];
        for (ids, sql) in queries {
            let mut stmt = tx.prepare_cached(sql)?;
            for id in ids {
                for row in stmt.query_map([id], |r| r.get::<_, i64>(0))? {
                    rows.push(row?);
                }
            }
        }
        rows.sort_unstable();
        rows.dedup();
        Ok(rows)
    }
}
