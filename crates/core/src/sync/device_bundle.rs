//! Passing the directory on from a device: a bundle made of what the last
//! sync verified and cached (the signed manifest and the region snapshots).
//! A snapshot the device never downloaded (it updated by deltas) is fetched
//! from the feed when there is a connection.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use crate::sync::bundle::{export_bundle, BundleReport};
use crate::sync::feed::{FeedError, Manifest, MANIFEST_FILE};
use crate::sync::service::cached_manifest;
use crate::sync::transport::{Fetch, Fetched, Transport};
use crate::Directory;

/// The sync cache read as a feed, with the real feed behind it.
struct CacheTransport {
    cache_dir: PathBuf,
    manifest: Manifest,
    feed: Option<Box<dyn Transport>>,
}

impl Transport for CacheTransport {
    fn fetch(&self, request: &Fetch<'_>) -> Result<Fetched, FeedError> {
        let cached = if request.path == MANIFEST_FILE {
            Some(self.cache_dir.join(MANIFEST_FILE))
        } else {
            self.manifest
                .blobs()
                .find(|b| b.path == request.path)
                .map(|b| self.cache_dir.join(format!("{}.blob", b.sha256)))
                .filter(|p| p.is_file())
        };
        if let Some(path) = cached {
            let bytes = std::fs::read(&path).map_err(FeedError::io(&path))?;
            return Ok(Fetched::Body {
                etag: None,
                resumed: false,
                body: Box::new(Cursor::new(bytes)),
            });
        }
        match &self.feed {
            Some(feed) => feed.fetch(request),
            None => Err(FeedError::Transport {
                url: request.path.to_owned(),
                reason: "not on this device, and no feed to fetch it from".into(),
            }),
        }
    }

    fn describe(&self) -> String {
        format!("this device's copy ({})", self.cache_dir.display())
    }
}

/// Write a bundle of the regions this device keeps (all of the manifest's
/// when it keeps none) to `out`, verified with the trusted keys.
pub fn export_device_bundle(
    db: &Directory,
    cache_dir: &Path,
    out: &Path,
) -> Result<BundleReport, FeedError> {
    let Some(manifest) = cached_manifest(cache_dir)? else {
        return Err(FeedError::Config(
            "this device has not received a signed directory yet (only the built-in demo), so there is nothing to pass on".into(),
        ));
    };
    let status = db.sync_status()?;
    let feed = if status.feed.url.starts_with("http") {
        crate::sync::packs::transport_for(&status.feed.url).ok()
    } else {
        None
    };
    let kept: Vec<String> = status
        .regions
        .iter()
        .filter(|r| r.version > 0)
        .map(|r| r.id.clone())
        .collect();
    let transport = CacheTransport {
        cache_dir: cache_dir.to_owned(),
        manifest,
        feed,
    };
    export_bundle(&transport, &kept, &status.feed.trusted_keys, out)
}
