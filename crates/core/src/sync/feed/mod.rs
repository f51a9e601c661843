//! The signed directory feed: what a publisher writes and a client reads.
//!
//! A feed is a folder of static files: `manifest.json` (a signed
//! [`Manifest`]) and `blobs/<sha256>.jsonl.gz` (region snapshots, deltas and
//! editors' decisions), so any web server, CDN or object store can serve it.

mod bounded;
mod error;
pub mod keys;
pub mod manifest;
pub mod region_data;
pub mod trust;

pub(crate) use bounded::gunzip;
pub(crate) use error::Failure;
pub use error::FeedError;
pub use keys::{KeyAnnouncement, PublicKey, SecretKey};
pub use manifest::{
    BlobRef, DeltaRef, Manifest, PackRef, RegionManifest, SignedManifest, MANIFEST_FILE,
};
pub use region_data::{
    batch_from, batch_of, entries_of, hex, sha256_hex, DataHeader, FeedEntry, RegionData, Repeats,
};
pub use trust::{KeyRevocation, KeyRing, Retiring, TrustChanges};

/// Where blobs live, relative to the manifest.
pub const BLOB_DIR: &str = "blobs";

/// The path of a blob with these bytes.
pub fn blob_path(sha256: &str) -> String {
    format!("{BLOB_DIR}/{sha256}.jsonl.gz")
}
