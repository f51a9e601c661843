//! One region of a sync: the version check, the plan (the delta chain when
//! it is smaller than the snapshot), the verified downloads, and the files
//! applied in one transaction that records the region's new version.

use super::apply::{apply, Applied};
use super::download::Downloader;
use super::engine::{RegionReport, SyncEngine, SyncPhase, SyncProgress};
use super::state::{region_version, set_region};
use crate::clock::timestamp;
use crate::sync::feed::{BlobRef, FeedError, Manifest, RegionData, RegionManifest};
use crate::Directory;

impl SyncEngine<'_> {
    /// Bring region `id` to the manifest's version.
    pub(super) fn sync_region(
        &self,
        db: &mut Directory,
        dl: &mut Downloader<'_>,
        manifest: &Manifest,
        id: &str,
        on_progress: &mut dyn FnMut(SyncProgress),
    ) -> Result<RegionReport, FeedError> {
        let region = manifest
            .region(id)
            .ok_or_else(|| FeedError::UnknownRegion(id.to_owned()))?;
        let current = region_version(db.conn(), id)?.unwrap_or(0);
        let mut report = RegionReport {
            id: id.to_owned(),
            from_version: current,
            to_version: region.version,
            via: "unchanged",
            upserted: 0,
            deleted: 0,
            bytes: 0,
        };
        if current > region.version {
            return Err(FeedError::RegionReplayed {
                region: id.to_owned(),
                offered: region.version,
                accepted: current,
            });
        }
        if current == region.version {
            return Ok(report);
        }
        let (via, blobs) = self.plan(region, current);
        report.via = via;
        let files = download(dl, id, &blobs, on_progress)?;
        report.bytes = blobs.iter().map(|b| b.bytes).sum();
        self.apply_region(db, region, files, &mut report, on_progress)?;
        Ok(report)
    }

    /// The files to fetch from version `current` on: the delta chain if the
    /// transport has every step and it is smaller than the snapshot, else
    /// the snapshot; and which of the two (`deltas`, `snapshot`).
    fn plan<'m>(
        &self,
        region: &'m RegionManifest,
        current: u64,
    ) -> (&'static str, Vec<&'m BlobRef>) {
        let chain = (current > 0)
            .then(|| region.chain_from(current))
            .flatten()
            .filter(|steps| steps.iter().all(|d| self.transport.can_fetch(&d.blob.path)));
        match &chain {
            Some(steps)
                if steps.iter().map(|d| d.blob.bytes).sum::<u64>() < region.snapshot.bytes =>
            {
                ("deltas", steps.iter().map(|d| &d.blob).collect())
            }
            _ => ("snapshot", vec![&region.snapshot]),
        }
    }

    /// Apply the downloaded files with the write tuning on, reporting the
    /// entries before and after.
    fn apply_region(
        &self,
        db: &mut Directory,
        region: &RegionManifest,
        files: Vec<RegionData>,
        report: &mut RegionReport,
        on_progress: &mut dyn FnMut(SyncProgress),
    ) -> Result<(), FeedError> {
        let (id, current) = (report.id.clone(), report.from_version);
        let items: u64 = files
            .iter()
            .map(|f| (f.upserts.len() + f.deletes.len()) as u64)
            .sum();
        on_progress(SyncProgress {
            phase: SyncPhase::Apply,
            region: Some(id.clone()),
            done: 0,
            total: items,
        });
        let at = timestamp(self.clock);
        let tuning = crate::storage::tuning::WriteTuning::apply(db.conn())?;
        let applied = Self::apply_files(db, &id, current, files, region, &at, report);
        tuning.restore(db.conn())?;
        applied?;
        on_progress(SyncProgress {
            phase: SyncPhase::Apply,
            region: Some(id),
            done: items,
            total: items,
        });
        Ok(())
    }

    /// Apply a region's files in one transaction and record its version.
    fn apply_files(
        db: &mut Directory,
        id: &str,
        current: u64,
        files: Vec<RegionData>,
        region: &RegionManifest,
        at: &str,
        report: &mut RegionReport,
    ) -> Result<(), FeedError> {
        let total = report.bytes;
        let tx = db.conn_mut().transaction()?;
        // Demo offers make way first: a device's first region then goes
        // into an empty directory, whose search index is built on a second
        // thread. Rolled back with the rest if the region fails.
        super::apply::drop_demo(&tx)?;
        let mut version = current;
        for file in files {
            let next = file.header.version_after();
            let Applied { upserted, deleted } = apply(&tx, id, version, file)?;
            report.upserted += upserted;
            report.deleted += deleted;
            version = next;
        }
        if version != region.version {
            return Err(FeedError::BadManifest(format!(
                "region `{id}`: the files lead to version {version}, the manifest says {}",
                region.version
            )));
        }
        set_region(&tx, id, &region.name, version, total, at)?;
        tx.commit()?;
        Ok(())
    }
}

/// Download and decode `blobs` in order, reporting the bytes of all of them.
fn download(
    dl: &mut Downloader<'_>,
    id: &str,
    blobs: &[&BlobRef],
    on_progress: &mut dyn FnMut(SyncProgress),
) -> Result<Vec<RegionData>, FeedError> {
    let total: u64 = blobs.iter().map(|b| b.bytes).sum();
    let mut files = Vec::new();
    let mut before = 0;
    for blob in blobs {
        let bytes = dl.blob(blob, &mut |done| {
            on_progress(SyncProgress {
                phase: SyncPhase::Download,
                region: Some(id.to_owned()),
                done: before + done,
                total,
            })
        })?;
        before += blob.bytes;
        files.push(RegionData::decode(&bytes, &blob.path)?);
    }
    Ok(files)
}
