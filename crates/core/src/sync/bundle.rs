//! Offline bundles: one file (a tar archive) with the signed manifest and the
//! region snapshots, passed on by USB stick or a messenger. Importing one
//! goes through the sync engine, with the bundle as its transport, so it is
//! verified and applied exactly like a download.

use std::collections::HashMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::sync::engine::MANIFEST_LIMIT;
use crate::sync::feed::{BlobRef, FeedError, PublicKey, SignedManifest, MANIFEST_FILE};
use crate::sync::transport::{safe_relative, Fetch, Fetched, Transport};
use crate::sync::{SyncEngine, SyncOptions, SyncProgress, SyncReport};
use crate::Directory;

/// What went into a bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BundleReport {
    pub file: String,
    pub sequence: u64,
    pub regions: Vec<String>,
    pub bytes: u64,
}

fn read_all(transport: &dyn Transport, path: &str) -> Result<Vec<u8>, FeedError> {
    match transport.fetch(&Fetch {
        path,
        if_none_match: None,
        resume_from: 0,
    })? {
        Fetched::Body { mut body, .. } => {
            let mut bytes = Vec::new();
            body.read_to_end(&mut bytes)
                .map_err(|source| FeedError::ReadBody {
                    url: path.to_owned(),
                    source,
                })?;
            Ok(bytes)
        }
        Fetched::NotModified => Err(FeedError::Transport {
            url: path.to_owned(),
            reason: "unexpected \"not modified\"".into(),
        }),
    }
}

/// Write a bundle of `regions` (all when empty) from a feed. With `trusted`
/// keys the manifest is verified first; the file holds it byte for byte.
pub fn export_bundle(
    feed: &dyn Transport,
    regions: &[String],
    trusted: &[PublicKey],
    out: &Path,
) -> Result<BundleReport, FeedError> {
    let manifest_bytes = read_all(feed, MANIFEST_FILE)?;
    let signed = SignedManifest::parse(&manifest_bytes)?;
    let manifest = if trusted.is_empty() {
        serde_json::from_str(&signed.manifest).map_err(FeedError::ManifestText)?
    } else {
        signed.verify(trusted)?.0
    };
    let chosen: Vec<&crate::sync::feed::RegionManifest> = if regions.is_empty() {
        manifest.regions.iter().collect()
    } else {
        regions
            .iter()
            .map(|id| {
                manifest
                    .region(id)
                    .ok_or_else(|| FeedError::UnknownRegion(id.clone()))
            })
            .collect::<Result<_, _>>()?
    };
    let blobs: Vec<&BlobRef> = chosen
        .iter()
        .map(|r| &r.snapshot)
        .chain(manifest.decisions.iter())
        .collect();
    let tmp = out.with_extension("partial");
    let file = File::create(&tmp).map_err(FeedError::io(&tmp))?;
    let mut tar = tar::Builder::new(file);
    let mut add = |name: &str, bytes: &[u8]| -> Result<(), FeedError> {
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        tar.append_data(&mut header, name, bytes)
            .map_err(FeedError::io(&tmp))
    };
    add(MANIFEST_FILE, &manifest_bytes)?;
    let mut total = manifest_bytes.len() as u64;
    for blob in blobs {
        let bytes = read_all(feed, &blob.path)?;
        if crate::sync::feed::sha256_hex(&bytes) != blob.sha256 {
            return Err(FeedError::HashMismatch {
                path: blob.path.clone(),
                expected: blob.sha256.clone(),
                actual: crate::sync::feed::sha256_hex(&bytes),
            });
        }
        total += bytes.len() as u64;
        add(&blob.path, &bytes)?;
    }
    tar.into_inner()
        .and_then(|f| f.sync_all())
        .map_err(FeedError::io(&tmp))?;
    std::fs::rename(&tmp, out).map_err(FeedError::io(out))?;
    Ok(BundleReport {
        file: out.display().to_string(),
        sequence: manifest.sequence,
        regions: chosen.iter().map(|r| r.id.clone()).collect(),
        bytes: total,
    })
}

/// A bundle file read as a feed.
pub struct BundleTransport {
    path: PathBuf,
    /// Archive path → (offset of the data, size).
    index: HashMap<String, (u64, u64)>,
}

impl BundleTransport {
    pub fn open(path: &Path) -> Result<Self, FeedError> {
        let file = File::open(path).map_err(FeedError::io(path))?;
        let mut archive = tar::Archive::new(file);
        let not_bundle = |source: std::io::Error| FeedError::NotBundle {
            path: path.display().to_string(),
            source,
        };
        let mut index = HashMap::new();
        for entry in archive.entries().map_err(not_bundle)? {
            let entry = entry.map_err(not_bundle)?;
            let name = entry
                .path()
                .map_err(not_bundle)?
                .to_string_lossy()
                .into_owned();
            index.insert(name, (entry.raw_file_position(), entry.size()));
        }
        if !index.contains_key(MANIFEST_FILE) {
            return Err(FeedError::BadData {
                file: path.display().to_string(),
                line: 0,
                reason: format!("not a Lotse bundle: no {MANIFEST_FILE} inside"),
            });
        }
        Ok(Self {
            path: path.to_owned(),
            index,
        })
    }

    /// The signed manifest's bytes; one larger than a feed's limit is
    /// refused unread, as from a feed.
    pub fn manifest_bytes(&self) -> Result<Vec<u8>, FeedError> {
        if let Some(&(_, size)) = self.index.get(MANIFEST_FILE) {
            if size > MANIFEST_LIMIT {
                return Err(FeedError::BadManifest(format!(
                    "{MANIFEST_FILE} in {} is {size} bytes, larger than {MANIFEST_LIMIT}",
                    self.path.display()
                )));
            }
        }
        read_all(self, MANIFEST_FILE)
    }

    /// Region ids whose snapshot the bundle carries.
    pub fn regions(&self) -> Result<Vec<String>, FeedError> {
        let bytes = self.manifest_bytes()?;
        let signed = SignedManifest::parse(&bytes)?;
        let manifest: crate::sync::feed::Manifest =
            serde_json::from_str(&signed.manifest).map_err(FeedError::ManifestText)?;
        Ok(manifest
            .regions
            .iter()
            .filter(|r| self.can_fetch(&r.snapshot.path))
            .map(|r| r.id.clone())
            .collect())
    }
}

impl Transport for BundleTransport {
    fn fetch(&self, request: &Fetch<'_>) -> Result<Fetched, FeedError> {
        let name = safe_relative(request.path)?;
        let &(offset, size) = self.index.get(name).ok_or_else(|| FeedError::BadData {
            file: self.path.display().to_string(),
            line: 0,
            reason: format!("the bundle does not contain `{name}`"),
        })?;
        let skip = request.resume_from.min(size);
        let mut file = File::open(&self.path).map_err(FeedError::io(&self.path))?;
        file.seek(SeekFrom::Start(offset + skip))
            .map_err(FeedError::io(&self.path))?;
        Ok(Fetched::Body {
            etag: None,
            resumed: skip > 0,
            body: Box::new(file.take(size - skip)),
        })
    }

    fn can_fetch(&self, path: &str) -> bool {
        self.index.contains_key(path)
    }

    fn describe(&self) -> String {
        format!("bundle {}", self.path.display())
    }
}

/// Import a bundle: the regions it carries (or those of them named), through
/// the same verification and apply path as a download. The feed the
/// directory follows stays as it was.
pub fn import_bundle(
    db: &mut Directory,
    file: &Path,
    pubkeys: &[PublicKey],
    regions: &[String],
    cache_dir: PathBuf,
    on_progress: &mut dyn FnMut(SyncProgress),
) -> Result<SyncReport, FeedError> {
    let bundle = BundleTransport::open(file)?;
    let carried = bundle.regions()?;
    for id in regions {
        if !carried.contains(id) {
            return Err(FeedError::UnknownRegion(format!(
                "{id} (not in this bundle)"
            )));
        }
    }
    let chosen = if regions.is_empty() {
        carried
    } else {
        regions.to_vec()
    };
    let status = db.sync_status()?;
    let feed = if status.feed.url.is_empty() {
        format!("bundle:{}", file.display())
    } else {
        status.feed.url
    };
    let options = SyncOptions {
        feed,
        pubkeys: pubkeys.to_vec(),
        regions: chosen.clone(),
        limit_to: Some(chosen),
    };
    SyncEngine::new(&bundle, cache_dir).sync(db, &options, on_progress)
}
