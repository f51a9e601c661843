//! Writing a [`DirectoryBatch`]: one transaction, upserts by stable id, child
//! rows replaced, spatial and full-text indexes kept in step.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};

use foldhash::fast::RandomState;

use rusqlite::{params, CachedStatement, Connection, OptionalExtension, Transaction};

use super::progress::{report, WriteProgress, WriteStage};
use super::tuning::{WriteTuning, STATEMENT_CACHE_CAPACITY};
use super::write_index::{InBatch, IndexPass, OrganizationRows, Touched};
use super::write_rows::{insert_or_update, RowWriter};
use super::{fts_build, validate, Directory};
use crate::directory::model::{
    DirectoryBatch, Location, Organization, Service, ServiceAtLocation, ServiceStatus,
};
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
    let mut pass = RowPass::new(tx, on_progress)?;
    let mut organizations = pass.organizations(&batch.organizations)?;
    let services = pass.services(&batch.services, &mut organizations)?;
    let locations = pass.locations(&batch.locations)?;
    let in_batch = pass.offers(&batch.service_at_locations, &services, &locations)?;
    let (touched, on_progress) = pass.finish();
    let index = IndexPass {
        organizations: &organizations,
        in_batch,
        touched,
    };
    index.write(tx, build, on_progress)
}

/// The batch's records by id: row id and record.
type BatchRows<'b, T> = HashMap<&'b str, (i64, &'b T), RandomState>;

/// The rows of one batch, written stage by stage through statements
/// prepared once, noting which stored rows changed.
struct RowPass<'t, 'p> {
    tx: &'t Connection,
    rows: RowWriter<'t>,
    insert_organization: CachedStatement<'t>,
    on_progress: &'p mut dyn FnMut(WriteProgress),
    touched: Touched,
}

impl<'t, 'p> RowPass<'t, 'p> {
    fn new(
        tx: &'t Connection,
        on_progress: &'p mut dyn FnMut(WriteProgress),
    ) -> Result<Self, CoreError> {
        let touched = Touched::default();
        let rows = RowWriter::new(tx)?;
        let insert_organization = tx.prepare_cached(
            "INSERT INTO organizations (id, name, description, website, email) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(id) DO NOTHING",
        )?;
        Ok(Self {
            tx,
            rows,
            insert_organization,
            on_progress,
            touched,
        })
    }

    fn organizations<'b>(
        &mut self,
        batch: &'b [Organization],
    ) -> Result<OrganizationRows<'b>, CoreError> {
        let mut organizations: OrganizationRows<'b> = map_with_capacity(batch.len());
        for (i, o) in batch.iter().enumerate() {
            report(
                self.on_progress,
                WriteStage::Organizations,
                i + 1,
                batch.len(),
            );
            let (row, new) = insert_or_update(
                self.tx,
                &mut self.insert_organization,
                "UPDATE organizations SET name = ?2, description = ?3, website = ?4, email = ?5
                 WHERE id = ?1 RETURNING row_id",
                params![o.id, o.name, o.description, o.website, o.email],
            )?;
            if !new {
                self.touched.organizations.insert(row);
            }
            organizations.insert(o.id.as_str(), (row, Cow::Borrowed(o.name.as_str())));
        }
        Ok(organizations)
    }

    /// The services; a provider not in the batch is looked up (and kept in
    /// `organizations`).
    fn services<'b>(
        &mut self,
        batch: &'b [Service],
        organizations: &mut OrganizationRows<'b>,
    ) -> Result<BatchRows<'b, Service>, CoreError> {
        let mut service_rows = map_with_capacity(batch.len());
        for (i, s) in batch.iter().enumerate() {
            report(self.on_progress, WriteStage::Services, i + 1, batch.len());
            let org_row = match organizations.get(s.organization_id.as_str()) {
                Some((row, _)) => *row,
                None => {
                    let (row, name) = stored_organization(self.tx, s)?;
                    organizations.insert(s.organization_id.as_str(), (row, Cow::Owned(name)));
                    row
                }
            };
            let (row, new) = self.rows.service(s, org_row)?;
            if !new {
                self.touched.services.insert(row);
            }
            service_rows.insert(s.id.as_str(), (row, s));
        }
        Ok(service_rows)
    }

    fn locations<'b>(
        &mut self,
        batch: &'b [Location],
    ) -> Result<BatchRows<'b, Location>, CoreError> {
        let mut location_rows = map_with_capacity(batch.len());
        for (i, l) in batch.iter().enumerate() {
            report(self.on_progress, WriteStage::Locations, i + 1, batch.len());
            let (row, new) = self.rows.location(l)?;
            if !new {
                self.touched.locations.insert(row);
            }
            location_rows.insert(l.id.as_str(), (row, l));
        }
        Ok(location_rows)
    }

    /// The offers, their service and location from the batch or stored.
    fn offers<'b>(
        &mut self,
        batch: &[ServiceAtLocation],
        services: &BatchRows<'b, Service>,
        locations: &BatchRows<'b, Location>,
    ) -> Result<InBatch<'b>, CoreError> {
        let mut in_batch = Vec::with_capacity(batch.len());
        for (i, sal) in batch.iter().enumerate() {
            report(self.on_progress, WriteStage::Offers, i + 1, batch.len());
            let service = services.get(sal.service_id.as_str()).copied();
            let location = locations.get(sal.location_id.as_str()).copied();
            let service_row = match service {
                Some((row, _)) => row,
                None => stored_row(self.tx, "services", &sal.service_id)?
                    .ok_or_else(|| dangling(&sal.id, "service", &sal.service_id))?,
            };
            let location_row = match location {
                Some((row, _)) => row,
                None => stored_row(self.tx, "locations", &sal.location_id)?
                    .ok_or_else(|| dangling(&sal.id, "location", &sal.location_id))?,
            };
            let row = self.rows.offer(sal, service_row, location_row)?;
            self.touched.offers.push(row);
            if let (Some((_, s)), Some((_, l))) = (service, location) {
                in_batch.push((row, s, l));
            }
        }
        Ok(in_batch)
    }

    /// Give the statements back to the cache: what was touched, and the
    /// progress callback for the index.
    fn finish(self) -> (Touched, &'p mut dyn FnMut(WriteProgress)) {
        drop(self.rows);
        drop(self.insert_organization);
        (self.touched, self.on_progress)
    }
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
fn stored_row(tx: &Connection, table: &str, id: &str) -> Result<Option<i64>, CoreError> {
    Ok(tx
        .prepare_cached(&format!("SELECT row_id FROM {table} WHERE id = ?1"))?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

/// The row id and name of the stored organization of a service.
fn stored_organization(tx: &Connection, s: &Service) -> Result<(i64, String), CoreError> {
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
