//! The update status as the app shows it: the persisted sync state, the
//! regions of the feed (kept or not, with sizes), and the current run.

use std::path::Path;

use lotse_contract::{RegionDto, SyncProblemCode, SyncProblemDto, SyncStatusDto};

use super::monitor::MonitorState;
use super::service::cached_manifest;
use crate::sync::feed::{FeedError, PublicKey};
use crate::Directory;

impl Directory {
    /// Everything the settings screen and the status line show about updates.
    pub fn sync_status_view(
        &self,
        cache_dir: &Path,
        run: MonitorState,
    ) -> Result<SyncStatusDto, FeedError> {
        let status = self.sync_status()?;
        let feed = status.feed;
        let mut regions: Vec<RegionDto> = status
            .regions
            .iter()
            .map(|r| RegionDto {
                id: r.id.clone(),
                name: r.name.clone(),
                kept: true,
                version: r.version,
                offers: r.entries,
                download_bytes: r.bytes,
            })
            .collect();
        // A manifest from another feed (before the address changed) says nothing.
        if let Some(manifest) = cached_manifest(cache_dir)?.filter(|_| !feed.url.is_empty()) {
            for region in &manifest.regions {
                match regions.iter_mut().find(|r| r.id == region.id) {
                    Some(kept) => {
                        kept.download_bytes = region.snapshot.bytes;
                        if kept.name.is_empty() {
                            kept.name.clone_from(&region.name);
                        }
                    }
                    None => regions.push(RegionDto {
                        id: region.id.clone(),
                        name: region.name.clone(),
                        kept: false,
                        version: 0,
                        offers: region.entries,
                        download_bytes: region.snapshot.bytes,
                    }),
                }
            }
        }
        regions.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id)));
        // After a restart only the stored text of the last failure is left
        // (a success clears it).
        let stored_problem = feed.last_error.as_ref().map(|detail| SyncProblemDto {
            code: SyncProblemCode::Other,
            detail: detail.clone(),
        });
        Ok(SyncStatusDto {
            publisher_keys: feed.trusted_keys.iter().map(PublicKey::to_base64).collect(),
            has_reporter_token: self.reporter_token()?.is_some(),
            running: run.running,
            progress: run.progress,
            runs_ended: run.runs_ended,
            last_run_ended_ms: run.last_ended_unix_ms,
            last_success_at: feed.last_success_at,
            last_attempt_at: feed.last_attempt_at,
            problem: if run.running {
                None
            } else {
                run.last_problem.or(stored_problem)
            },
            last_changes: run.last_changes,
            offers: self.offer_count()?,
            demo_offers: self.demo_offer_count()?,
            queued_reports: self.queued_report_count()?,
            regions,
            current_until: feed.expires_at,
            feed_url: feed.url,
        })
    }
}
