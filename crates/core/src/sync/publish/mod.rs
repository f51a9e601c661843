//! `lotse publish`: turn a directory database into a static, signed feed.
//!
//! Per region: a full snapshot and a delta from the previous version
//! (changes and deletions only), compressed and named by their hash. The
//! manifest is written last, so a reader never sees it name a missing file.
//! Publishing unchanged data changes nothing.

mod regions;
mod signing;

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use serde::Serialize;

pub use regions::{RegionSpec, RegionsConfig, RegionsError};

use crate::clock::{timestamp, Clock};
use crate::sync::decisions::{self, Decision};
use chrono::SecondsFormat;

use crate::sync::feed::{
    blob_path, entries_of, sha256_hex, BlobRef, DataHeader, DeltaRef, FeedEntry, FeedError,
    KeyAnnouncement, Manifest, PublicKey, RegionData, RegionManifest, SecretKey, SignedManifest,
    BLOB_DIR, MANIFEST_FILE,
};
use crate::Directory;

#[derive(Debug, Clone)]
pub struct PublishOptions {
    pub regions: RegionsConfig,
    /// Deltas kept per region; a client further behind takes the snapshot.
    pub keep_deltas: usize,
    pub publisher: String,
    /// Announce this (new) signing key, signed by the given old one.
    pub rotate_from: Option<SecretKey>,
    /// Map detail packs to list (see [`crate::sync::packs::publish_pack`]);
    /// `None` keeps the previous manifest's.
    pub packs: Option<Vec<crate::sync::feed::PackRef>>,
    /// How long after signing clients take the manifest as current. An
    /// unchanged feed is signed anew once half of this has passed, so a
    /// daily `lotse publish` keeps it current.
    pub expires_in: chrono::Duration,
    /// Keys to revoke, each statement signed by the publishing key; kept
    /// in every later manifest.
    pub revoke: Vec<PublicKey>,
}

/// How long a manifest counts as current unless the publisher says otherwise.
pub const DEFAULT_EXPIRY: chrono::Duration = chrono::Duration::days(14);

impl Default for PublishOptions {
    fn default() -> Self {
        Self {
            regions: RegionsConfig::default(),
            keep_deltas: 30,
            publisher: "Lotse".into(),
            rotate_from: None,
            packs: None,
            expires_in: DEFAULT_EXPIRY,
            revoke: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublishedRegion {
    pub id: String,
    pub version: u64,
    pub entries: u64,
    pub changed: bool,
    pub snapshot_bytes: u64,
    pub delta_bytes: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublishReport {
    /// False when nothing changed and the feed was left as it was.
    pub changed: bool,
    pub sequence: u64,
    pub regions: Vec<PublishedRegion>,
}

/// Write `bytes` under `name` in `dir` atomically (temporary file, then rename).
fn write_atomic(dir: &Path, name: &str, bytes: &[u8]) -> Result<(), FeedError> {
    let path = dir.join(name);
    let tmp = dir.join(format!("{name}.tmp"));
    std::fs::write(&tmp, bytes).map_err(FeedError::io(&tmp))?;
    std::fs::rename(&tmp, &path).map_err(FeedError::io(&path))
}

/// Store a blob (content-addressed: an existing file is the same bytes).
fn put_blob(out: &Path, bytes: &[u8]) -> Result<BlobRef, FeedError> {
    let sha256 = sha256_hex(bytes);
    let path = blob_path(&sha256);
    if !out.join(&path).exists() {
        write_atomic(&out.join(BLOB_DIR), &format!("{sha256}.jsonl.gz"), bytes)?;
    }
    Ok(BlobRef {
        path,
        sha256,
        bytes: bytes.len() as u64,
    })
}

fn read_previous(out: &Path) -> Result<Option<Manifest>, FeedError> {
    let path = out.join(MANIFEST_FILE);
    let Ok(bytes) = std::fs::read(&path) else {
        return Ok(None);
    };
    let signed = SignedManifest::parse(&bytes)?;
    let manifest =
        serde_json::from_str(&signed.manifest).map_err(|source| FeedError::ManifestFile {
            path: path.display().to_string(),
            source,
        })?;
    Ok(Some(manifest))
}

/// Content hashes of a region's entries, by service id.
type Hashes = BTreeMap<String, [u8; 32]>;

fn hashes(entries: &BTreeMap<&str, &FeedEntry>) -> Result<Hashes, FeedError> {
    entries
        .iter()
        .map(|(id, e)| Ok(((*id).to_owned(), e.content_hash()?)))
        .collect()
}

/// Publish `db` into the feed folder `out`, signed with `key`.
pub fn publish(
    db: &Directory,
    out: &Path,
    key: &SecretKey,
    options: &PublishOptions,
    clock: &dyn Clock,
) -> Result<PublishReport, FeedError> {
    std::fs::create_dir_all(out.join(BLOB_DIR)).map_err(FeedError::io(out))?;
    let previous = read_previous(out)?;
    let all = entries_of(db.export_batch()?);
    let mut regions = Vec::new();
    let mut report_regions = Vec::new();
    for spec in &options.regions.regions {
        let current: BTreeMap<&str, &FeedEntry> = all
            .iter()
            .filter(|(_, e)| spec.contains(e))
            .map(|(id, e)| (id.as_str(), e))
            .collect();
        let before = previous.as_ref().and_then(|m| m.region(&spec.id));
        let (region, published) = publish_region(out, spec, &current, before, options.keep_deltas)?;
        regions.push(region);
        report_regions.push(published);
    }
    let decisions = publish_decisions(db, out)?;
    let mut keys = previous
        .as_ref()
        .map(|m| m.keys.clone())
        .unwrap_or_default();
    if let Some(old) = &options.rotate_from {
        let announcement: KeyAnnouncement = old.announce(&key.public());
        if !keys.contains(&announcement) {
            keys.push(announcement);
        }
    }
    let packs = match &options.packs {
        Some(packs) => packs.clone(),
        None => previous
            .as_ref()
            .map(|m| m.packs.clone())
            .unwrap_or_default(),
    };
    let revocations = signing::revocations(previous.as_ref(), key, &options.revoke);
    let now = clock.now();
    let unchanged = previous.as_ref().is_some_and(|p| {
        p.packs == packs
            && p.regions == regions
            && p.decisions == decisions
            && p.keys == keys
            && p.revocations == revocations
            && p.publisher == options.publisher
            && !signing::due_for_signing(p, now, options.expires_in)
    });
    let sequence = previous.as_ref().map_or(0, |p| p.sequence) + u64::from(!unchanged);
    if unchanged {
        return Ok(PublishReport {
            changed: false,
            sequence,
            regions: report_regions,
        });
    }
    let manifest = Manifest {
        format: crate::sync::feed::manifest::MANIFEST_FORMAT,
        sequence,
        published_at: timestamp(clock),
        publisher: options.publisher.clone(),
        regions,
        decisions,
        keys,
        packs,
        expires: Some((now + options.expires_in).to_rfc3339_opts(SecondsFormat::Secs, true)),
        revocations,
    };
    let signed = SignedManifest::sign(&manifest, key)?;
    write_atomic(out, MANIFEST_FILE, &signed.to_bytes()?)?;
    prune_blobs(out, &manifest, previous.as_ref());
    Ok(PublishReport {
        changed: true,
        sequence,
        regions: report_regions,
    })
}

fn publish_region(
    out: &Path,
    spec: &RegionSpec,
    current: &BTreeMap<&str, &FeedEntry>,
    before: Option<&RegionManifest>,
    keep_deltas: usize,
) -> Result<(RegionManifest, PublishedRegion), FeedError> {
    let now_hashes = hashes(current)?;
    let old_hashes = previous_hashes(out, before)?;
    if let (Some(r), Some(old)) = (before, &old_hashes) {
        if *old == now_hashes && r.name == spec.name {
            return Ok(unchanged_region(spec, r, current));
        }
    }
    let version = before.map_or(1, |r| r.version + 1);
    let snapshot = RegionData {
        header: DataHeader::Snapshot {
            region: spec.id.clone(),
            version,
            entries: current.len() as u64,
        },
        upserts: current.values().map(|e| (*e).clone()).collect(),
        deletes: Vec::new(),
    };
    let snapshot_ref = put_blob(out, &snapshot.encode()?)?;
    let mut deltas = before.map(|r| r.deltas.clone()).unwrap_or_default();
    let mut delta_bytes = None;
    if let (Some(r), Some(old)) = (before, &old_hashes) {
        let (upserts, deletes) = changed_entries(current, old, &now_hashes);
        let delta = RegionData {
            header: DataHeader::Delta {
                region: spec.id.clone(),
                from: r.version,
                to: version,
                upserts: upserts.len() as u64,
                deletes: deletes.len() as u64,
            },
            upserts,
            deletes,
        };
        let blob = put_blob(out, &delta.encode()?)?;
        delta_bytes = Some(blob.bytes);
        deltas.push(DeltaRef {
            from: r.version,
            to: version,
            blob,
        });
    }
    if deltas.len() > keep_deltas {
        deltas.drain(..deltas.len() - keep_deltas);
    }
    let published = PublishedRegion {
        id: spec.id.clone(),
        version,
        entries: current.len() as u64,
        changed: true,
        snapshot_bytes: snapshot_ref.bytes,
        delta_bytes,
    };
    let region = RegionManifest {
        id: spec.id.clone(),
        name: spec.name.clone(),
        version,
        entries: current.len() as u64,
        snapshot: snapshot_ref,
        deltas,
        bbox: extent_of(current),
    };
    Ok((region, published))
}

/// The content hash of each entry of the region's previous snapshot, by
/// service id; `None` for a new region.
fn previous_hashes(
    out: &Path,
    before: Option<&RegionManifest>,
) -> Result<Option<Hashes>, FeedError> {
    let previous_entries = match before {
        Some(r) => {
            let path = out.join(&r.snapshot.path);
            let bytes = std::fs::read(&path).map_err(FeedError::io(&path))?;
            Some(RegionData::decode(&bytes, &r.snapshot.path)?)
        }
        None => None,
    };
    previous_entries
        .as_ref()
        .map(|d| {
            d.upserts
                .iter()
                .map(|e| Ok::<_, FeedError>((e.service.id.clone(), e.content_hash()?)))
                .collect()
        })
        .transpose()
}

/// A region whose entries and name have not changed: the same version and
/// files, its extent recomputed.
fn unchanged_region(
    spec: &RegionSpec,
    r: &RegionManifest,
    current: &BTreeMap<&str, &FeedEntry>,
) -> (RegionManifest, PublishedRegion) {
    let published = PublishedRegion {
        id: spec.id.clone(),
        version: r.version,
        entries: r.entries,
        changed: false,
        snapshot_bytes: r.snapshot.bytes,
        delta_bytes: None,
    };
    let mut unchanged = r.clone();
    unchanged.bbox = extent_of(current);
    (unchanged, published)
}

/// The entries new or changed since the previous snapshot (`old` hashes),
/// and the ids it had that are gone.
fn changed_entries(
    current: &BTreeMap<&str, &FeedEntry>,
    old: &Hashes,
    now: &Hashes,
) -> (Vec<FeedEntry>, Vec<String>) {
    let upserts: Vec<FeedEntry> = current
        .iter()
        .filter(|(id, _)| old.get(**id) != now.get(**id))
        .map(|(_, e)| (*e).clone())
        .collect();
    let deletes: Vec<String> = old
        .keys()
        .filter(|id| !current.contains_key(id.as_str()))
        .cloned()
        .collect();
    (upserts, deletes)
}

/// `[min_lon, min_lat, max_lon, max_lat]` of the entries' locations; `None`
/// for a region with no located offer.
fn extent_of(entries: &BTreeMap<&str, &FeedEntry>) -> Option<[f64; 4]> {
    let points = entries
        .values()
        .flat_map(|e| e.locations.iter().map(|l| (l.point.x(), l.point.y())));
    points.fold(None, |acc, (lon, lat)| {
        let [w, s, e, n] = acc.unwrap_or([lon, lat, lon, lat]);
        Some([w.min(lon), s.min(lat), e.max(lon), n.max(lat)])
    })
}

fn publish_decisions(db: &Directory, out: &Path) -> Result<Option<BlobRef>, FeedError> {
    let list: Vec<Decision> = db
        .editor_decisions()?
        .into_iter()
        .map(|(key, decision, decided_at)| Decision {
            key,
            decision,
            decided_at,
        })
        .collect();
    if list.is_empty() {
        return Ok(None);
    }
    Ok(Some(put_blob(out, &decisions::encode(&list)?)?))
}

/// Delete blobs neither the new nor the previous manifest names (a client
/// that just read the previous one can still fetch its files).
fn prune_blobs(out: &Path, manifest: &Manifest, previous: Option<&Manifest>) {
    let keep: HashSet<&str> = manifest
        .blobs()
        .chain(previous.into_iter().flat_map(Manifest::blobs))
        .map(|b| b.sha256.as_str())
        .collect();
    let Ok(entries) = std::fs::read_dir(out.join(BLOB_DIR)) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let hash = name.split('.').next().unwrap_or_default();
        if !keep.contains(hash) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}
