//! Map detail packs: street-level PMTiles files (Protomaps basemap schema)
//! that the signed feed lists and a user may download for a state or
//! region. They are verified exactly like the directory's files (hash from
//! the signed manifest, resumable download through the same [`Transport`]),
//! stored beside the database in `map-packs/`, listed with their size and
//! deletable. The map's tile server reads the installed files in place.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::clock::{timestamp, Clock, RetryPolicy, SystemClock};
use crate::sync::download::{open_file, Downloader, OpenSink};
use crate::sync::feed::{sha256_hex, FeedError, KeyRing, Manifest, PackRef, SignedManifest};
use crate::sync::transport::{safe_relative, DirTransport, HttpTimeouts, HttpTransport, Transport};
use crate::Directory;

/// What a pack download needs from the database, read once so the database
/// is not held during the download: the feed followed and what the device
/// knows of its keys (trusted, rotated out with their grace, revoked).
#[derive(Debug, Clone, PartialEq)]
pub struct FeedPin {
    pub url: String,
    ring: KeyRing,
    sequence: u64,
}

/// The feed this database follows, with the keys it trusts.
pub fn feed_pin(db: &Directory) -> Result<FeedPin, FeedError> {
    let state = crate::sync::state::load_feed(db.conn())?;
    if state.trusted_keys.is_empty() || state.url.is_empty() {
        return Err(FeedError::NotSynced);
    }
    Ok(FeedPin {
        ring: state.ring(),
        url: state.url,
        sequence: state.sequence,
    })
}

/// A transport for a feed URL (http or https) or folder.
pub fn transport_for(feed: &str) -> Result<Box<dyn Transport>, FeedError> {
    if feed.starts_with("https://") || feed.starts_with("http://") {
        Ok(Box::new(HttpTransport::new(feed, HttpTimeouts::default())?))
    } else if Path::new(feed).is_dir() {
        Ok(Box::new(DirTransport::new(feed)))
    } else {
        Err(FeedError::Config(format!(
            "the feed `{feed}` is neither an http(s) URL nor a folder"
        )))
    }
}

impl From<&InstalledPack> for lotse_contract::MapPackDto {
    fn from(p: &InstalledPack) -> Self {
        Self {
            id: p.id.clone(),
            label: p.label.clone(),
            bytes: p.bytes,
            installed_at: p.installed_at.clone(),
            max_zoom: p.max_zoom,
        }
    }
}

/// The folder of installed packs for the database at `db_path`.
pub fn packs_dir_for(db_path: &Path) -> PathBuf {
    db_path.with_file_name("map-packs")
}

/// Where packs live inside a published feed folder.
pub const FEED_PACK_DIR: &str = "packs";

/// One installed pack.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InstalledPack {
    pub id: String,
    pub label: String,
    pub bytes: u64,
    pub sha256: String,
    pub installed_at: String,
    pub min_zoom: u8,
    pub max_zoom: u8,
    /// West, south, east, north.
    pub bounds: [f64; 4],
    /// The PMTiles file.
    #[serde(skip)]
    pub path: PathBuf,
}

/// A pack id names files: lowercase letters, digits, `-` and `_`.
pub fn valid_pack_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

fn bad_id(id: &str) -> FeedError {
    FeedError::Config(format!(
        "`{id}` is not a pack id (lowercase letters, digits, - and _, at most 64)"
    ))
}

/// Progress of a pack download: bytes so far and in all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PackProgress {
    pub done: u64,
    pub total: u64,
}

/// The installed packs of one database.
pub struct PackStore {
    dir: PathBuf,
}

impl PackStore {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// The store beside this database file.
    pub fn for_database(db_path: &Path) -> Self {
        Self::new(packs_dir_for(db_path))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn file(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.pmtiles"))
    }

    fn record(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.json"))
    }

    /// Where downloads in progress wait (resumable).
    fn partial_dir(&self) -> PathBuf {
        self.dir.join("partial")
    }

    /// The installed packs, by id. A pack whose file or record is missing
    /// or unreadable is not listed.
    pub fn list(&self) -> Result<Vec<InstalledPack>, FeedError> {
        let entries = match std::fs::read_dir(&self.dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(FeedError::io(&self.dir)(e)),
        };
        let mut out = Vec::new();
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some(id) = name.strip_suffix(".json") else {
                continue;
            };
            let file = self.file(id);
            let record = std::fs::read(entry.path())
                .ok()
                .and_then(|b| serde_json::from_slice::<InstalledPack>(&b).ok());
            match (record, std::fs::metadata(&file)) {
                (Some(mut pack), Ok(meta)) if meta.len() == pack.bytes && pack.id == id => {
                    pack.path = file;
                    out.push(pack);
                }
                _ => tracing::warn!("map pack `{id}` is incomplete; not listed"),
            }
        }
        out.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(out)
    }

    /// The packs the feed's last verified manifest (cached by the sync in
    /// `cache_dir`) offers, and whether each is installed; empty before the
    /// first update. Works offline.
    pub fn offered(
        &self,
        cache_dir: &Path,
    ) -> Result<Vec<lotse_contract::OfferedPackDto>, FeedError> {
        let Some(manifest) = crate::sync::cached_manifest(cache_dir)? else {
            return Ok(Vec::new());
        };
        let installed = self.list()?;
        Ok(manifest
            .packs
            .into_iter()
            .map(|p| lotse_contract::OfferedPackDto {
                installed: installed.iter().any(|i| i.id == p.id),
                id: p.id,
                label: p.label,
                bytes: p.bytes,
            })
            .collect())
    }

    /// (id, file) of every installed pack, for the tile server.
    pub fn tile_sources(&self) -> Result<Vec<(String, PathBuf)>, FeedError> {
        Ok(self.list()?.into_iter().map(|p| (p.id, p.path)).collect())
    }

    /// Remove a pack; `false` if it was not installed.
    pub fn delete(&self, id: &str) -> Result<bool, FeedError> {
        if !valid_pack_id(id) {
            return Err(bad_id(id));
        }
        let mut removed = false;
        for path in [self.record(id), self.file(id)] {
            match std::fs::remove_file(&path) {
                Ok(()) => removed = true,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(FeedError::io(&path)(e)),
            }
        }
        Ok(removed)
    }

    /// Move a verified file into place and record it.
    fn install(
        &self,
        pack: &PackRef,
        verified: &Path,
        at: String,
    ) -> Result<InstalledPack, FeedError> {
        let archive = lotse_tiles::open_pack(verified).map_err(|source| {
            let _ = std::fs::remove_file(verified);
            FeedError::PackDownload {
                id: pack.id.clone(),
                source,
            }
        })?;
        let h = archive.header().clone();
        drop(archive);
        let file = self.file(&pack.id);
        std::fs::rename(verified, &file).map_err(FeedError::io(&file))?;
        let installed = InstalledPack {
            id: pack.id.clone(),
            label: pack.label.clone(),
            bytes: pack.bytes,
            sha256: pack.sha256.clone(),
            installed_at: at,
            min_zoom: h.min_zoom,
            max_zoom: h.max_zoom,
            bounds: h.bounds,
            path: file,
        };
        let record = self.record(&pack.id);
        let json = serde_json::to_vec_pretty(&installed).map_err(FeedError::Json)?;
        let tmp = record.with_extension("json.part");
        std::fs::write(&tmp, json).map_err(FeedError::io(&tmp))?;
        std::fs::rename(&tmp, &record).map_err(FeedError::io(&record))?;
        Ok(installed)
    }
}

/// Downloads packs listed in the feed the database follows.
pub struct PackDownloader<'a> {
    pub transport: &'a dyn Transport,
    pub clock: &'a dyn Clock,
    pub retry: RetryPolicy,
    pub open_sink: Box<OpenSink>,
}

impl<'a> PackDownloader<'a> {
    pub fn new(transport: &'a dyn Transport) -> Self {
        Self {
            transport,
            clock: &SystemClock,
            retry: RetryPolicy::default(),
            open_sink: Box::new(open_file),
        }
    }

    fn downloader<'b>(&'b self, transport: &'b dyn Transport, cache: &'b Path) -> Downloader<'b> {
        Downloader {
            transport,
            clock: self.clock,
            retry: self.retry,
            cache_dir: cache,
            open_sink: self.open_sink.as_ref(),
            requests: 0,
            bytes: 0,
        }
    }

    /// The feed's manifest, verified as a sync verifies it (a rotated-out
    /// key past its grace or a revoked key is refused) and no older than the
    /// one last applied. What it says of keys is not kept: only a sync
    /// changes the device's keys.
    pub fn manifest(&self, pin: &FeedPin, scratch: &Path) -> Result<Manifest, FeedError> {
        let mut dl = self.downloader(self.transport, scratch);
        let fetched = dl.with_retry(|d| crate::sync::engine::fetch_manifest(d, None))?;
        let Some((bytes, _)) = fetched else {
            return Err(FeedError::Transport {
                url: self.transport.describe(),
                reason: "answered \"not modified\" to an unconditional request".into(),
            });
        };
        let mut ring = pin.ring.clone();
        let (manifest, _) =
            SignedManifest::parse(&bytes)?.verify_with(&mut ring, self.clock.now())?;
        if manifest.sequence < pin.sequence {
            return Err(FeedError::Replayed {
                offered: manifest.sequence,
                accepted: pin.sequence,
            });
        }
        Ok(manifest)
    }

    /// The packs the feed offers.
    pub fn available(&self, pin: &FeedPin, store: &PackStore) -> Result<Vec<PackRef>, FeedError> {
        std::fs::create_dir_all(store.partial_dir()).map_err(FeedError::io(store.dir()))?;
        Ok(self.manifest(pin, &store.partial_dir())?.packs)
    }

    /// Download pack `id` (resuming an earlier attempt), check its SHA-256
    /// against the signed manifest and that it is a readable vector-tile
    /// archive, and install it in `store`.
    pub fn download(
        &self,
        pin: &FeedPin,
        store: &PackStore,
        id: &str,
        on_progress: &mut dyn FnMut(PackProgress),
    ) -> Result<InstalledPack, FeedError> {
        if !valid_pack_id(id) {
            return Err(bad_id(id));
        }
        let partial = store.partial_dir();
        std::fs::create_dir_all(&partial).map_err(FeedError::io(&partial))?;
        let manifest = self.manifest(pin, &partial)?;
        // Half-done downloads of packs the feed no longer offers are never resumed.
        let offered: Vec<&str> = manifest.packs.iter().map(|p| p.sha256.as_str()).collect();
        crate::sync::download::remove_stale(&partial, &offered);
        let pack = manifest
            .pack(id)
            .ok_or_else(|| FeedError::Config(format!("the feed offers no map pack `{id}`")))?
            .clone();
        // A file hosted elsewhere: a transport for its folder.
        let elsewhere;
        let (transport, path): (&dyn Transport, String) =
            if pack.path.starts_with("https://") || pack.path.starts_with("http://") {
                let (base, name) = pack.path.rsplit_once('/').unwrap_or_default();
                elsewhere = HttpTransport::new(base, HttpTimeouts::default())?;
                (&elsewhere, safe_relative(name)?.to_owned())
            } else {
                (self.transport, safe_relative(&pack.path)?.to_owned())
            };
        let blob = crate::sync::feed::BlobRef {
            path,
            sha256: pack.sha256.clone(),
            bytes: pack.bytes,
        };
        let total = pack.bytes;
        let mut dl = self.downloader(transport, &partial);
        let verified =
            dl.blob_file(&blob, &mut |done| on_progress(PackProgress { done, total }))?;
        store.install(&pack, &verified, timestamp(self.clock))
    }
}

/// Download pack `id` from the followed feed `pin` over HTTP, as
/// [`PackDownloader::download`] does, without progress.
pub fn download_pack(
    pin: &FeedPin,
    store: &PackStore,
    id: &str,
) -> Result<InstalledPack, FeedError> {
    let transport = transport_for(&pin.url)?;
    PackDownloader::new(transport.as_ref()).download(pin, store, id, &mut |_| {})
}

/// Publisher side: copy a pack file into `feed/packs/<sha256>.pmtiles` and
/// describe it for [`crate::sync::publish::PublishOptions::packs`].
pub fn publish_pack(feed: &Path, id: &str, label: &str, file: &Path) -> Result<PackRef, FeedError> {
    if !valid_pack_id(id) {
        return Err(bad_id(id));
    }
    lotse_tiles::open_pack(file).map_err(|source| FeedError::PackFile {
        path: file.display().to_string(),
        source,
    })?;
    let bytes = std::fs::read(file).map_err(FeedError::io(file))?;
    let sha256 = sha256_hex(&bytes);
    let rel = format!("{FEED_PACK_DIR}/{sha256}.pmtiles");
    let dest = feed.join(&rel);
    if let Some(dir) = dest.parent() {
        std::fs::create_dir_all(dir).map_err(FeedError::io(dir))?;
    }
    if !dest.is_file() {
        std::fs::write(&dest, &bytes).map_err(FeedError::io(&dest))?;
    }
    Ok(PackRef {
        id: id.to_owned(),
        label: label.to_owned(),
        path: rel,
        bytes: bytes.len() as u64,
        sha256,
    })
}
