//! Applying a region's snapshot or delta inside the caller's transaction.
//!
//! A region owns the services its data brought (`region_entries`). A
//! snapshot replaces the region's set; a delta upserts and deletes. A
//! service is removed from the directory only when no region keeps it, so
//! overlapping regions never take each other's offers away. User data
//! (favourites, notes, the outbox) lives in other tables and is never touched.

use std::collections::{BTreeSet, HashSet};

use rusqlite::Transaction;

use crate::directory::model::DirectoryBatch;
use crate::storage::delete::{delete_service, retain_offers};
use crate::storage::{read, validate, write};
use crate::sync::feed::{batch_from, DataHeader, FeedEntry, FeedError, RegionData, Repeats};

/// What applying one file changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Applied {
    pub upserted: u64,
    pub deleted: u64,
}

/// Apply `data` to region `region`, which must be at the delta's base (or
/// anything, for a snapshot). Applying a delta the region already has is a
/// no-op. The caller commits and records the new version.
pub(crate) fn apply(
    tx: &Transaction<'_>,
    region: &str,
    current: u64,
    data: RegionData,
) -> Result<Applied, FeedError> {
    let RegionData {
        header,
        upserts,
        deletes,
    } = data;
    match &header {
        DataHeader::Snapshot { region: r, .. } | DataHeader::Delta { region: r, .. }
            if r != region =>
        {
            Err(FeedError::BadManifest(format!(
                "a file for region `{r}` is listed under region `{region}`"
            )))
        }
        DataHeader::Snapshot { .. } => apply_snapshot(tx, region, upserts),
        DataHeader::Delta { from, to, .. } => {
            if current == *to {
                return Ok(Applied::default());
            }
            if current != *from {
                return Err(FeedError::DeltaBase {
                    region: region.to_owned(),
                    at: current,
                    base: *from,
                });
            }
            let mut applied = upsert_entries(tx, region, upserts)?;
            let deletes: BTreeSet<&str> = deletes.iter().map(String::as_str).collect();
            applied.deleted = release(tx, region, deletes)?;
            Ok(applied)
        }
    }
}

fn apply_snapshot(
    tx: &Transaction<'_>,
    region: &str,
    entries: Vec<FeedEntry>,
) -> Result<Applied, FeedError> {
    let keep: HashSet<&str> = entries.iter().map(|e| e.service.id.as_str()).collect();
    let before: Vec<String> = members(tx, region)?;
    let gone: BTreeSet<&str> = before
        .iter()
        .map(String::as_str)
        .filter(|id| !keep.contains(id))
        .collect();
    drop(keep);
    let deleted = release(tx, region, gone)?;
    let mut applied = upsert_entries(tx, region, entries)?;
    applied.deleted = deleted;
    Ok(applied)
}

/// Write entries, drop offers they no longer list, and claim them for `region`.
fn upsert_entries(
    tx: &Transaction<'_>,
    region: &str,
    entries: Vec<FeedEntry>,
) -> Result<Applied, FeedError> {
    // Which services are stored already: only those can have stale offers.
    let stored_ids = read::service_ids(tx)?;
    let refreshed: Vec<(String, BTreeSet<String>)> = entries
        .iter()
        .filter(|e| stored_ids.contains(&e.service.id))
        .map(|e| {
            (
                e.service.id.clone(),
                e.offers.iter().map(|o| o.id.clone()).collect(),
            )
        })
        .collect();
    drop(stored_ids);
    let count = entries.len() as u64;
    let (batch, repeats) = batch_from(entries);
    // Checked while it is written; the caller rolls an invalid one back.
    validate::batch_while(&batch, || write::write_batch(tx, &batch, &mut |_| {}))?;
    for (service_id, offers) in &refreshed {
        let keep: BTreeSet<&str> = offers.iter().map(String::as_str).collect();
        retain_offers(tx, service_id, &keep)?;
    }
    let mut claim = tx.prepare_cached(
        "INSERT INTO region_entries (region_id, service_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
    )?;
    // In key order, both B-trees of region_entries grow at their right
    // edge (no page splits in the middle, full pages).
    let mut ids: Vec<&str> = batch.services.iter().map(|s| s.id.as_str()).collect();
    ids.sort_unstable();
    for id in ids {
        claim.execute([region, id])?;
    }
    drop_elsewhere(batch, repeats);
    Ok(Applied {
        upserted: count,
        deleted: 0,
    })
}

/// Free a large batch, and the repeated providers and locations left out
/// of it, on another thread: its millions of small strings took about
/// 0.25 s to free at 100k offers, time the caller would otherwise wait
/// before the commit. Freed here if no thread can start.
fn drop_elsewhere(batch: DirectoryBatch, repeats: Repeats) {
    if batch.services.len() < crate::storage::LARGE_WRITE_ROWS {
        return;
    }
    // On failure the closure, and the batch with it, is dropped here.
    let _ = std::thread::Builder::new()
        .name("lotse-free".into())
        .spawn(move || drop((batch, repeats)));
}

fn members(tx: &Transaction<'_>, region: &str) -> Result<Vec<String>, FeedError> {
    let mut stmt =
        tx.prepare_cached("SELECT service_id FROM region_entries WHERE region_id = ?1")?;
    let rows = stmt.query_map([region], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Take services out of `region`; delete those no other region keeps.
/// Returns how many left the directory.
fn release(tx: &Transaction<'_>, region: &str, ids: BTreeSet<&str>) -> Result<u64, FeedError> {
    let mut unclaim =
        tx.prepare_cached("DELETE FROM region_entries WHERE region_id = ?1 AND service_id = ?2")?;
    let mut kept_elsewhere =
        tx.prepare_cached("SELECT 1 FROM region_entries WHERE service_id = ?1")?;
    let mut deleted = 0;
    for id in ids {
        unclaim.execute([region, id])?;
        if !kept_elsewhere.exists([id])? && delete_service(tx, id)? {
            deleted += 1;
        }
    }
    Ok(deleted)
}

/// Take every service out of `region` (unsubscribing).
pub(crate) fn release_region(tx: &Transaction<'_>, region: &str) -> Result<u64, FeedError> {
    let all = members(tx, region)?;
    release(tx, region, all.iter().map(String::as_str).collect())
}

/// Demo offers make way for real data: when a region is applied, demo
/// services that no region keeps are removed.
pub(crate) fn drop_demo(tx: &Transaction<'_>) -> Result<u64, FeedError> {
    let mut kept = tx.prepare_cached("SELECT 1 FROM region_entries WHERE service_id = ?1")?;
    let mut deleted = 0;
    for id in &read::demo_service_ids(tx)? {
        if !kept.exists([id])? && delete_service(tx, id)? {
            deleted += 1;
        }
    }
    Ok(deleted)
}

impl crate::Directory {
    /// Apply one verified snapshot or delta to a kept region in one
    /// transaction and record its new version. The sync engine does this
    /// for every file it downloads; it is public for tools and tests.
    pub fn apply_region_data(
        &mut self,
        region: &str,
        data: &RegionData,
    ) -> Result<Applied, FeedError> {
        let current = super::state::region_version(self.conn(), region)?.unwrap_or(0);
        let tx = self.conn_mut().transaction()?;
        let applied = apply(&tx, region, current, data.clone())?;
        let version = data.header.version_after();
        super::state::set_region(&tx, region, region, version, 0, "")?;
        tx.commit()?;
        Ok(applied)
    }
}
