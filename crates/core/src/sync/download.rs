//! Fetching one content-addressed file into the download cache: resumed
//! with Range after an interruption, retried with backoff, checked against
//! its SHA-256 before anyone reads it.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use super::transport::{Fetch, Fetched, Transport};
use crate::clock::{Clock, RetryPolicy};
use crate::sync::feed::region_data::sha256_hex_of;
use crate::sync::feed::{BlobRef, FeedError};

/// Opens the file a download is written to; tests swap it for one that fails
/// like a full disk.
pub type OpenSink = dyn Fn(&Path, bool) -> std::io::Result<Box<dyn Write>> + Send + Sync;

pub fn open_file(path: &Path, append: bool) -> std::io::Result<Box<dyn Write>> {
    let file = std::fs::OpenOptions::new()
        .create(true)
        .write(true)
        .append(append)
        .truncate(!append)
        .open(path)?;
    Ok(Box::new(file))
}

pub(crate) struct Downloader<'a> {
    pub transport: &'a dyn Transport,
    pub clock: &'a dyn Clock,
    pub retry: RetryPolicy,
    pub cache_dir: &'a Path,
    pub open_sink: &'a OpenSink,
    /// Requests made and bytes received, for the report.
    pub requests: u32,
    pub bytes: u64,
}

impl Downloader<'_> {
    /// Run `attempt` until it succeeds, fails for good, or the tries run out.
    pub fn with_retry<T>(
        &mut self,
        mut attempt: impl FnMut(&mut Self) -> Result<T, FeedError>,
    ) -> Result<T, FeedError> {
        let mut tries = 0;
        loop {
            tries += 1;
            match attempt(self) {
                Err(e) if e.is_transient() && tries < self.retry.attempts => {
                    tracing::warn!("{e}; retrying");
                    self.clock.sleep(self.retry.delay(tries));
                }
                other => return other,
            }
        }
    }

    /// The verified bytes of `blob`, from the cache or the feed.
    pub fn blob(
        &mut self,
        blob: &BlobRef,
        on_bytes: &mut dyn FnMut(u64),
    ) -> Result<Vec<u8>, FeedError> {
        let done = self.blob_file(blob, on_bytes)?;
        std::fs::read(&done).map_err(FeedError::io(&done))
    }

    /// The cache file holding `blob`'s verified bytes, fetched if needed
    /// (for files too large to hold in memory, such as map packs).
    pub fn blob_file(
        &mut self,
        blob: &BlobRef,
        on_bytes: &mut dyn FnMut(u64),
    ) -> Result<PathBuf, FeedError> {
        let done = self.cache_dir.join(format!("{}.blob", blob.sha256));
        if done.is_file() {
            let cached = std::fs::File::open(&done)
                .and_then(sha256_hex_of)
                .map_err(FeedError::io(&done))?;
            if cached == blob.sha256 {
                on_bytes(blob.bytes);
                return Ok(done);
            }
        }
        let part = self.cache_dir.join(format!("{}.part", blob.sha256));
        self.with_retry(|d| d.fetch_into(blob, &part, on_bytes))?;
        let actual = std::fs::File::open(&part)
            .and_then(sha256_hex_of)
            .map_err(FeedError::io(&part))?;
        if actual != blob.sha256 {
            let _ = std::fs::remove_file(&part);
            return Err(FeedError::HashMismatch {
                path: blob.path.clone(),
                expected: blob.sha256.clone(),
                actual,
            });
        }
        std::fs::rename(&part, &done).map_err(FeedError::io(&done))?;
        Ok(done)
    }

    /// One try: continue `part` from where it ends.
    fn fetch_into(
        &mut self,
        blob: &BlobRef,
        part: &Path,
        on_bytes: &mut dyn FnMut(u64),
    ) -> Result<(), FeedError> {
        let mut have = std::fs::metadata(part).map(|m| m.len()).unwrap_or(0);
        if have >= blob.bytes {
            // Complete already (or too long: the hash check decides), or stale.
            if have == blob.bytes {
                return Ok(());
            }
            have = 0;
        }
        self.requests += 1;
        let fetched = self.transport.fetch(&Fetch {
            path: &blob.path,
            if_none_match: None,
            resume_from: have,
        })?;
        let Fetched::Body {
            resumed, mut body, ..
        } = fetched
        else {
            return Err(FeedError::Transport {
                url: blob.path.clone(),
                reason: "answered \"not modified\" to an unconditional request".into(),
            });
        };
        let start = if resumed { have } else { 0 };
        let mut sink = (self.open_sink)(part, resumed).map_err(FeedError::io(part))?;
        let mut written = start;
        on_bytes(written);
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = match body.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    sink.flush().map_err(FeedError::io(part))?;
                    return Err(FeedError::Interrupted {
                        url: blob.path.clone(),
                        bytes: written,
                        source: e,
                    });
                }
            };
            sink.write_all(&buf[..n]).map_err(FeedError::io(part))?;
            written += n as u64;
            self.bytes += n as u64;
            on_bytes(written);
            if written > blob.bytes {
                break;
            }
        }
        sink.flush().map_err(FeedError::io(part))?;
        if written < blob.bytes {
            return Err(FeedError::Transport {
                url: blob.path.clone(),
                reason: format!(
                    "the download ended early, after {written} of {} bytes",
                    blob.bytes
                ),
            });
        }
        Ok(())
    }
}

/// The cache folder for a directory database: `<db>.sync-cache/`.
pub fn cache_dir_for(db_path: &Path) -> PathBuf {
    let mut name = db_path.file_name().unwrap_or_default().to_os_string();
    name.push(".sync-cache");
    db_path.with_file_name(name)
}

/// Remove the downloads in `dir` (finished `.blob` and interrupted `.part`
/// files) whose hash is not in `keep`: what the current manifest no longer
/// names will never be resumed or read again.
pub(crate) fn remove_stale(dir: &Path, keep: &[&str]) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let Some((hash, kind)) = name.split_once('.') else {
            continue;
        };
        if matches!(kind, "blob" | "part") && !keep.contains(&hash) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn downloads_the_manifest_no_longer_names_are_removed_also_half_done_ones() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (kept, gone) = ("a".repeat(64), "b".repeat(64));
        for name in [
            format!("{kept}.blob"),
            format!("{kept}.part"),
            format!("{gone}.blob"),
            format!("{gone}.part"),
            "manifest.json".to_owned(),
        ] {
            std::fs::write(dir.path().join(name), b"x").expect("write");
        }
        remove_stale(dir.path(), &[kept.as_str()]);
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .expect("read")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                format!("{kept}.blob"),
                format!("{kept}.part"),
                "manifest.json".into()
            ]
        );
    }
}
