//! The sync flow: conditional GET of the manifest, signature and replay
//! checks, a plan per region (delta chain or snapshot), verified downloads,
//! then one transaction per region (`engine_region.rs`).

use std::io::Read;
use std::path::PathBuf;

use serde::Serialize;

use super::download::{open_file, Downloader, OpenSink};
use super::state::{load_feed, save_feed, FeedState};
use super::transport::{Fetch, Fetched, Transport};
use crate::clock::{timestamp, Clock, RetryPolicy, SystemClock};
use crate::sync::feed::{FeedError, Manifest, PublicKey, SignedManifest, MANIFEST_FILE};
use crate::Directory;

/// A manifest larger than this is refused unread (from a feed or a bundle).
pub(crate) const MANIFEST_LIMIT: u64 = 4 * 1024 * 1024;

/// What the caller asks for.
#[derive(Debug, Clone, Default)]
pub struct SyncOptions {
    /// Recorded as the feed followed (a URL, a folder or a bundle file).
    pub feed: String,
    /// Publisher keys to trust, pinned for later syncs.
    pub pubkeys: Vec<PublicKey>,
    /// Regions to keep from now on; with none kept and none named, all.
    pub regions: Vec<String>,
    /// Sync only these of the kept regions (a bundle carries only some).
    pub limit_to: Option<Vec<String>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SyncPhase {
    Manifest,
    Download,
    Apply,
}

/// Progress for a bar: bytes while downloading, entries while applying.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SyncProgress {
    pub phase: SyncPhase,
    pub region: Option<String>,
    pub done: u64,
    pub total: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegionReport {
    pub id: String,
    pub from_version: u64,
    pub to_version: u64,
    /// `unchanged`, `deltas` or `snapshot`.
    pub via: &'static str,
    pub upserted: u64,
    pub deleted: u64,
    pub bytes: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncReport {
    pub feed: String,
    /// The manifest had not changed (one conditional request).
    pub not_modified: bool,
    pub sequence: u64,
    pub requests: u32,
    pub bytes_downloaded: u64,
    pub regions: Vec<RegionReport>,
    pub keys_added: Vec<String>,
    pub outbox_updated: u64,
    /// Kept regions the feed no longer has (skipped, their data kept).
    pub absent_regions: Vec<String>,
    /// Keys the manifest revoked.
    pub keys_revoked: Vec<String>,
    /// The manifest applied is within its expiry by this device's clock.
    pub current: bool,
    /// The feed named is another publisher's: versions started afresh.
    pub new_publisher: bool,
}

/// The client sync engine with its injected transport and clock.
pub struct SyncEngine<'a> {
    pub transport: &'a dyn Transport,
    pub clock: &'a dyn Clock,
    pub retry: RetryPolicy,
    pub cache_dir: PathBuf,
    pub open_sink: Box<OpenSink>,
}

impl<'a> SyncEngine<'a> {
    pub fn new(transport: &'a dyn Transport, cache_dir: PathBuf) -> Self {
        Self {
            transport,
            clock: &SystemClock,
            retry: RetryPolicy::default(),
            cache_dir,
            open_sink: Box::new(open_file),
        }
    }

    /// Bring the directory to the feed's current state. On failure the
    /// error is recorded (sync status) and nothing partial is applied.
    pub fn sync(
        &self,
        db: &mut Directory,
        options: &SyncOptions,
        on_progress: &mut dyn FnMut(SyncProgress),
    ) -> Result<SyncReport, FeedError> {
        let now = timestamp(self.clock);
        let result = self.run(db, options, on_progress);
        let mut state = load_feed(db.conn())?;
        state.last_attempt_at = Some(now);
        match &result {
            Ok(_) => {
                state.last_success_at = Some(timestamp(self.clock));
                state.last_error = None;
            }
            // Stored for the person who looks at the sync status later: the
            // database keeps the message, not the error value.
            Err(e) => state.last_error = Some(e.to_string()),
        }
        save_feed(db.conn(), &state)?;
        result
    }

    fn run(
        &self,
        db: &mut Directory,
        options: &SyncOptions,
        on_progress: &mut dyn FnMut(SyncProgress),
    ) -> Result<SyncReport, FeedError> {
        let (mut state, new_publisher) = followed_feed(db, options)?;
        // Regions asked for are kept only once the manifest is verified and
        // names them: an unverified (forged) id must never be stored.
        let kept = super::state::regions(db.conn())?;
        let asks_new = options
            .regions
            .iter()
            .any(|id| !kept.iter().any(|r| &r.id == id));
        let all_current = !asks_new && !kept.is_empty() && kept.iter().all(|r| r.version > 0);
        std::fs::create_dir_all(&self.cache_dir).map_err(FeedError::io(&self.cache_dir))?;
        let mut dl = self.downloader();
        on_progress(SyncProgress {
            phase: SyncPhase::Manifest,
            region: None,
            done: 0,
            total: 0,
        });
        let etag = if all_current {
            state.manifest_etag.clone()
        } else {
            None
        };
        let fetched = dl.with_retry(|d| fetch_manifest(d, etag.as_deref()))?;
        let mut report = SyncReport {
            feed: self.transport.describe(),
            not_modified: false,
            sequence: state.sequence,
            requests: dl.requests,
            bytes_downloaded: dl.bytes,
            regions: Vec::new(),
            keys_added: Vec::new(),
            outbox_updated: 0,
            absent_regions: Vec::new(),
            keys_revoked: Vec::new(),
            current: true,
            new_publisher,
        };
        let Some((bytes, new_etag)) = fetched else {
            // The same manifest as before: past its expiry it is not current.
            super::freshness::still_current(&state, self.clock.now())?;
            report.not_modified = true;
            save_feed(db.conn(), &state)?;
            return Ok(report);
        };
        let manifest = self.accept_manifest(&bytes, &mut state, &mut report)?;
        keep_asked_regions(db, &manifest, &options.regions)?;
        let none_in_feed = kept.iter().all(|r| manifest.region(&r.id).is_none());
        if options.regions.is_empty() && none_in_feed {
            subscribe_all(db, &manifest, options)?;
        }
        self.sync_kept_regions(db, &mut dl, &manifest, options, &mut report, on_progress)?;
        report.outbox_updated = super::decisions::refresh(db, &mut dl, &manifest, &mut state)?;
        state.sequence = manifest.sequence;
        state.manifest_etag = new_etag;
        save_feed(db.conn(), &state)?;
        self.clean_cache(&manifest);
        report.sequence = manifest.sequence;
        report.requests = dl.requests;
        report.bytes_downloaded = dl.bytes;
        Ok(report)
    }

    /// Update each kept region (those in `options.limit_to`, if given) the
    /// manifest names; one it no longer names is skipped and reported.
    fn sync_kept_regions(
        &self,
        db: &mut Directory,
        dl: &mut Downloader<'_>,
        manifest: &Manifest,
        options: &SyncOptions,
        report: &mut SyncReport,
        on_progress: &mut dyn FnMut(SyncProgress),
    ) -> Result<(), FeedError> {
        for region in super::state::regions(db.conn())? {
            if options
                .limit_to
                .as_ref()
                .is_some_and(|only| !only.contains(&region.id))
            {
                continue;
            }
            if manifest.region(&region.id).is_none() {
                // Renamed or dropped by the publisher: the others still
                // update; the user sees it and can let the region go.
                tracing::warn!(region = %region.id, "a kept region is no longer in the feed; skipped");
                report.absent_regions.push(region.id);
                continue;
            }
            report
                .regions
                .push(self.sync_region(db, dl, manifest, &region.id, on_progress)?);
        }
        Ok(())
    }

    fn downloader(&self) -> Downloader<'_> {
        Downloader {
            transport: self.transport,
            clock: self.clock,
            retry: self.retry,
            cache_dir: &self.cache_dir,
            open_sink: self.open_sink.as_ref(),
            requests: 0,
            bytes: 0,
        }
    }

    /// Parse and verify a fetched manifest against the device's keys, refuse
    /// one older than the last applied, note what it says of keys and of
    /// its expiry, and cache it.
    fn accept_manifest(
        &self,
        bytes: &[u8],
        state: &mut FeedState,
        report: &mut SyncReport,
    ) -> Result<Manifest, FeedError> {
        let now = self.clock.now();
        let signed = SignedManifest::parse(bytes)?;
        let mut ring = state.ring();
        let (manifest, changes) = signed.verify_with(&mut ring, now)?;
        report.current = super::freshness::check(&manifest, state, now)?;
        state.trusted_keys = ring.trusted;
        state.retiring = ring.retiring;
        state.revoked_keys = ring.revoked;
        state.published_at = Some(manifest.published_at.clone());
        state.expires_at = manifest.expires.clone();
        // The verified manifest stays beside the blobs: the app lists the
        // feed's regions from it offline. Only a cache, so a failure to write
        // it does not fail the sync.
        if let Err(e) = super::service::cache_manifest(&self.cache_dir, bytes) {
            tracing::warn!("could not cache the manifest: {e}");
        }
        report.keys_added = changes.added.iter().map(PublicKey::to_base64).collect();
        report.keys_revoked = changes.revoked.iter().map(PublicKey::to_base64).collect();
        Ok(manifest)
    }

    /// Remove cached files the manifest no longer names.
    fn clean_cache(&self, manifest: &Manifest) {
        let keep: Vec<&str> = manifest.blobs().map(|b| b.sha256.as_str()).collect();
        super::download::remove_stale(&self.cache_dir, &keep);
    }
}

/// The stored feed state for the feed in `options`: a new feed starts
/// without an ETag, the given keys are trusted, and at least one must be.
/// Another address named only with keys the device has never known (none
/// trusted, rotated out or revoked) is another publisher's feed: it starts
/// afresh, as following it in the app's settings does (the `bool`).
fn followed_feed(
    db: &mut Directory,
    options: &SyncOptions,
) -> Result<(FeedState, bool), FeedError> {
    let mut state = load_feed(db.conn())?;
    if state.url != options.feed {
        if another_publisher(&state, &options.pubkeys) {
            tracing::info!("another publisher's feed: its versions start afresh");
            db.start_afresh(&options.feed, &options.pubkeys)?;
            return Ok((load_feed(db.conn())?, true));
        }
        state.manifest_etag = None;
        state.url = options.feed.clone();
    }
    for key in &options.pubkeys {
        // A key its publisher revoked is not trusted again by naming it.
        if !state.trusted_keys.contains(key) && !state.revoked_keys.contains(key) {
            state.trusted_keys.push(*key);
        }
    }
    if state.trusted_keys.is_empty() {
        return Err(FeedError::NoTrustedKey);
    }
    Ok((state, false))
}

/// Whether `keys` name a publisher other than the one `state` follows: the
/// device follows one, and none of the keys is of it (a mirror of the same
/// feed is named with its key, or with none).
fn another_publisher(state: &FeedState, keys: &[PublicKey]) -> bool {
    let known = |k: &PublicKey| {
        state.trusted_keys.contains(k)
            || state.revoked_keys.contains(k)
            || state.retiring.iter().any(|r| &r.key == k)
    };
    !state.url.is_empty()
        && !state.trusted_keys.is_empty()
        && !keys.is_empty()
        && !keys.iter().any(known)
}

/// Keep the regions asked for, each checked against the verified
/// manifest first: one it does not name fails the run with nothing stored.
fn keep_asked_regions(
    db: &mut Directory,
    manifest: &Manifest,
    asked: &[String],
) -> Result<(), FeedError> {
    if let Some(unknown) = asked.iter().find(|id| manifest.region(id).is_none()) {
        return Err(FeedError::UnknownRegion(unknown.clone()));
    }
    db.subscribe_regions(asked)
}

/// With no region kept yet (or none of the kept in this feed), keep every region of the manifest (those in
/// `limit_to`, if given).
fn subscribe_all(
    db: &mut Directory,
    manifest: &Manifest,
    options: &SyncOptions,
) -> Result<(), FeedError> {
    let all: Vec<String> = manifest
        .regions
        .iter()
        .filter(|r| {
            options
                .limit_to
                .as_ref()
                .is_none_or(|only| only.contains(&r.id))
        })
        .map(|r| r.id.clone())
        .collect();
    db.subscribe_regions(&all)?;
    Ok(())
}

/// The manifest's bytes and its ETag.
type ManifestBody = (Vec<u8>, Option<String>);

/// The manifest's bytes and ETag, or `None` when it has not changed.
pub(crate) fn fetch_manifest(
    dl: &mut Downloader<'_>,
    etag: Option<&str>,
) -> Result<Option<ManifestBody>, FeedError> {
    dl.requests += 1;
    let fetched = dl.transport.fetch(&Fetch {
        path: MANIFEST_FILE,
        if_none_match: etag,
        resume_from: 0,
    })?;
    let Fetched::Body { etag, body, .. } = fetched else {
        return Ok(None);
    };
    let mut bytes = Vec::new();
    body.take(MANIFEST_LIMIT + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| FeedError::ReadBody {
            url: MANIFEST_FILE.into(),
            source,
        })?;
    dl.bytes += bytes.len() as u64;
    if bytes.len() as u64 > MANIFEST_LIMIT {
        return Err(FeedError::BadManifest(format!(
            "{MANIFEST_FILE} is larger than {MANIFEST_LIMIT} bytes"
        )));
    }
    Ok(Some((bytes, etag)))
}
