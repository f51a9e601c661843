//! The app's updates around the engine: the feed an office sets up, sending
//! the queued reports with each run, and the outcome in plain categories.

use std::path::{Path, PathBuf};

use lotse_contract::{SyncChangesDto, SyncProblemCode, SyncProblemDto, SyncProgressDto, SyncStep};
use rusqlite::OptionalExtension;

use super::engine::{SyncEngine, SyncOptions, SyncPhase, SyncProgress, SyncReport};
use super::state::{load_feed, save_feed};
use crate::clock::Clock;
use crate::field::outbox::SendReport;
use crate::sync::feed::{Failure, FeedError, Manifest, PublicKey, SignedManifest};
use crate::Directory;

/// The verified manifest kept in the sync cache.
const CACHED_MANIFEST: &str = "manifest.json";

/// Keep the verified manifest's exact bytes in the cache (atomically).
pub(crate) fn cache_manifest(cache_dir: &Path, bytes: &[u8]) -> Result<(), FeedError> {
    std::fs::create_dir_all(cache_dir).map_err(FeedError::io(cache_dir))?;
    let tmp = cache_dir.join(format!("{CACHED_MANIFEST}.tmp"));
    std::fs::write(&tmp, bytes).map_err(FeedError::io(&tmp))?;
    let path = cache_dir.join(CACHED_MANIFEST);
    std::fs::rename(&tmp, &path).map_err(FeedError::io(&path))
}

/// The manifest of the last sync or bundle import, verified when it came;
/// `None` before the first.
pub fn cached_manifest(cache_dir: &Path) -> Result<Option<Manifest>, FeedError> {
    let path = cache_dir.join(CACHED_MANIFEST);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(FeedError::io(&path)(e)),
    };
    let signed = SignedManifest::parse(&bytes)?;
    serde_json::from_str(&signed.manifest)
        .map(Some)
        .map_err(|source| FeedError::ManifestFile {
            path: path.display().to_string(),
            source,
        })
}

/// A feed address the app accepts: https, or http on this device only (an
/// office testing its own server). Reports carry a token, so no plain http
/// over a network.
pub fn check_feed_url(url: &str) -> Result<(), FeedError> {
    let parsed = reqwest::Url::parse(url.trim()).map_err(|source| FeedError::FeedUrl {
        url: url.to_owned(),
        source,
    })?;
    let loopback = matches!(parsed.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
    match parsed.scheme() {
        "https" => Ok(()),
        "http" if loopback => Ok(()),
        other => Err(FeedError::Config(format!(
            "the feed address must start with https:// (it starts with {other}://)"
        ))),
    }
}

impl Directory {
    /// Follow the feed at `url`, trusting `publisher_key`. A different
    /// address is a different publisher: its version count starts afresh
    /// and only the new key is trusted. Nothing is downloaded yet.
    pub fn follow_feed(&mut self, url: &str, publisher_key: &str) -> Result<(), FeedError> {
        check_feed_url(url)?;
        let key = PublicKey::parse(publisher_key.trim())?;
        let url = url.trim().to_owned();
        let mut state = load_feed(self.conn())?;
        if state.url != url {
            return self.start_afresh(&url, &[key]);
        } else if !state.trusted_keys.contains(&key) {
            state.trusted_keys.push(key);
        }
        save_feed(self.conn(), &state)
    }

    /// Follow another publisher's feed at `url`, trusting only `keys`: its
    /// sequence, region versions and key history start afresh (they are
    /// not comparable with the old publisher's), in one transaction with
    /// the new address. The offers stay until the new feed replaces them.
    pub(crate) fn start_afresh(&mut self, url: &str, keys: &[PublicKey]) -> Result<(), FeedError> {
        let mut state = load_feed(self.conn())?;
        state.url = url.to_owned();
        state.trusted_keys = keys.to_vec();
        state.sequence = 0;
        state.manifest_etag = None;
        state.decisions_sha256 = None;
        state.last_error = None;
        state.retiring.clear();
        state.revoked_keys.clear();
        state.published_at = None;
        state.expires_at = None;
        let tx = self.conn_mut().transaction()?;
        super::key_state::clear(&tx)?;
        save_feed(&tx, &state)?;
        super::state::forget_region_versions(&tx)?;
        tx.commit()?;
        Ok(())
    }

    /// Set (or with `None`/empty clear) the token for sending reports.
    pub fn set_reporter_token(&mut self, token: Option<&str>) -> Result<(), FeedError> {
        let token = token.map(str::trim).filter(|t| !t.is_empty());
        let state = load_feed(self.conn())?;
        save_feed(self.conn(), &state)?;
        self.conn().execute(
            "UPDATE sync_feed SET reporter_token = ?1 WHERE id = 1",
            [token],
        )?;
        Ok(())
    }

    pub fn reporter_token(&self) -> Result<Option<String>, FeedError> {
        Ok(self
            .conn()
            .query_row(
                "SELECT reporter_token FROM sync_feed WHERE id = 1",
                [],
                |r| r.get::<_, Option<String>>(0),
            )
            .optional()?
            .flatten())
    }
}

/// What one run did.
#[derive(Debug, Clone, PartialEq)]
pub struct RunOutcome {
    pub report: SyncReport,
    /// `None` when nothing was queued or no token is set.
    pub sent: Option<SendReport>,
}

impl RunOutcome {
    pub fn changes(&self) -> SyncChangesDto {
        changes_of(&self.report, self.sent.as_ref().map_or(0, |s| s.sent))
    }
}

pub fn changes_of(report: &SyncReport, reports_sent: u32) -> SyncChangesDto {
    SyncChangesDto {
        unchanged: report.not_modified || report.regions.iter().all(|r| r.via == "unchanged"),
        updated: report.regions.iter().map(|r| r.upserted).sum(),
        removed: report.regions.iter().map(|r| r.deleted).sum(),
        bytes: report.bytes_downloaded,
        reports_sent,
        source: report.feed.clone(),
    }
}

pub fn progress_dto(p: SyncProgress) -> SyncProgressDto {
    SyncProgressDto {
        step: match p.phase {
            SyncPhase::Manifest => SyncStep::Manifest,
            SyncPhase::Download => SyncStep::Download,
            SyncPhase::Apply => SyncStep::Apply,
        },
        region: p.region,
        done: p.done,
        total: p.total,
    }
}

/// One update of the app: send the queued reports (when a token is set),
/// then bring the directory to the feed's state. A failure to send leaves
/// the reports queued and does not stop the update.
pub fn run_sync(
    db: &mut Directory,
    cache_dir: PathBuf,
    clock: &dyn Clock,
    on_progress: &mut dyn FnMut(SyncProgressDto),
) -> Result<RunOutcome, FeedError> {
    let state = load_feed(db.conn())?;
    if state.url.is_empty() {
        return Err(FeedError::NoFeed);
    }
    let transport = crate::sync::packs::transport_for(&state.url)?;
    let queued = db.queued_report_count()?;
    let sent = match db.reporter_token()? {
        Some(token) if queued > 0 => {
            on_progress(SyncProgressDto {
                step: SyncStep::Reports,
                region: None,
                done: 0,
                total: queued,
            });
            Some(db.send_outbox(transport.as_ref(), &token, clock)?)
        }
        _ => None,
    };
    let mut engine = SyncEngine::new(transport.as_ref(), cache_dir);
    engine.clock = clock;
    let options = SyncOptions {
        feed: state.url.clone(),
        ..SyncOptions::default()
    };
    let report = engine.sync(db, &options, &mut |p| on_progress(progress_dto(p)))?;
    Ok(RunOutcome { report, sent })
}

/// The plain category of a failed update or import.
pub fn problem_of(err: &FeedError) -> SyncProblemDto {
    let code = match err.failure() {
        Failure::NoFeed => SyncProblemCode::NoFeed,
        Failure::NoKey => SyncProblemCode::NoKey,
        Failure::Connection => SyncProblemCode::NoConnection,
        Failure::ServerStatus => SyncProblemCode::ServerTrouble,
        Failure::Rejected => SyncProblemCode::Rejected,
        Failure::NotCurrent => SyncProblemCode::NotCurrent,
        Failure::BadFile | Failure::Json => SyncProblemCode::BadFile,
        Failure::StorageFull | Failure::Database => SyncProblemCode::Storage,
        Failure::Setup | Failure::Io | Failure::Core | Failure::Field => SyncProblemCode::Other,
    };
    SyncProblemDto {
        code,
        detail: err.to_string(),
    }
}
