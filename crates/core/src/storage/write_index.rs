//! The search index after a batch's rows are written: the index built on a
//! second thread copied in, or the documents of every offer the batch
//! touched (and of the stored offers whose service, location or provider it
//! changed) refreshed here, from the batch where it has them.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};

use foldhash::fast::RandomState;
use rusqlite::Transaction;

use super::progress::{WriteProgress, WriteStage};
use super::{fts, fts_build};
use crate::directory::model::{Location, Service};
use crate::CoreError;

/// Organizations by id: row id and name (for the offers' index documents).
pub(super) type OrganizationRows<'b> = HashMap<&'b str, (i64, Cow<'b, str>), RandomState>;

/// Offers whose service and location are both in the batch: their index
/// documents are built from the batch, not read back.
pub(super) type InBatch<'b> = Vec<(i64, &'b Service, &'b Location)>;

/// The search index of the offers a batch touched.
pub(super) struct IndexPass<'o, 'b> {
    pub(super) organizations: &'o OrganizationRows<'b>,
    pub(super) in_batch: InBatch<'b>,
    pub(super) touched: Touched,
}

impl IndexPass<'_, '_> {
    /// Install the index built on the second thread if it fits, else
    /// refresh the touched offers' documents here.
    pub(super) fn write(
        mut self,
        tx: &Transaction<'_>,
        build: Option<fts_build::Build<'_>>,
        on_progress: &mut dyn FnMut(WriteProgress),
    ) -> Result<(), CoreError> {
        if let Some(build) = build {
            let total = self.touched.offers.len() as u64;
            let progress = |done| WriteProgress {
                stage: WriteStage::SearchIndex,
                done,
                total,
            };
            on_progress(progress(0));
            if build.install(tx, &self.touched.offers)? {
                // Indexed on the second thread, and copied in.
                on_progress(progress(total));
                return Ok(());
            }
        }
        let offer_rows = self.touched.offer_rows(tx)?;
        on_progress(WriteProgress {
            stage: WriteStage::SearchIndex,
            done: 0,
            total: offer_rows.len() as u64,
        });
        // New offers come in row order already; both lists are walked in step.
        self.in_batch.sort_unstable_by_key(|(row, _, _)| *row);
        let mut next = 0;
        fts::refresh_with(tx, &offer_rows, |row, document| {
            while self.in_batch.get(next).is_some_and(|(r, _, _)| *r < row) {
                next += 1;
            }
            let Some((_, s, l)) = self.in_batch.get(next).filter(|(r, _, _)| *r == row) else {
                return false;
            };
            let Some((_, provider)) = self.organizations.get(s.organization_id.as_str()) else {
                return false;
            };
            document.fill(s, provider, l);
            true
        })
    }
}

/// Row ids changed by a batch, to find the offers whose index rows are stale.
/// Organizations, services and locations are listed only if they were stored
/// before: a new one has no offers outside the batch.
#[derive(Default)]
pub(super) struct Touched {
    pub(super) organizations: BTreeSet<i64>,
    pub(super) services: BTreeSet<i64>,
    pub(super) locations: BTreeSet<i64>,
    pub(super) offers: Vec<i64>,
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
