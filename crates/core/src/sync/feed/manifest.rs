//! The feed manifest: which regions exist, at which version, and the
//! content-addressed files that bring a client there. It travels inside a
//! signed envelope (`manifest.json`); the signature covers the exact text.

use serde::{Deserialize, Serialize};

use chrono::{DateTime, Utc};

use super::keys::{KeyAnnouncement, PublicKey, SecretKey, MANIFEST_CONTEXT};
use super::trust::{KeyRevocation, KeyRing, TrustChanges};
use super::FeedError;

pub const MANIFEST_FORMAT: u32 = 1;
/// The manifest's name in a feed folder, a bundle and a URL.
pub const MANIFEST_FILE: &str = "manifest.json";

/// A file of the feed, named by its hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlobRef {
    /// Relative to the manifest, e.g. `blobs/<sha256>.jsonl.gz`.
    pub path: String,
    /// Hex SHA-256 of the file as served (compressed).
    pub sha256: String,
    /// Size as served.
    pub bytes: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeltaRef {
    pub from: u64,
    pub to: u64,
    #[serde(flatten)]
    pub blob: BlobRef,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegionManifest {
    pub id: String,
    pub name: String,
    /// Goes up by one with every publish that changes the region.
    pub version: u64,
    /// Services in the region at `version`.
    pub entries: u64,
    /// The whole region at `version`.
    pub snapshot: BlobRef,
    /// Consecutive steps up to `version`, oldest first; older ones are pruned.
    pub deltas: Vec<DeltaRef>,
    /// Where its offers are, `[min_lon, min_lat, max_lon, max_lat]` (WGS84),
    /// so a fresh device can offer the region nearest to it. Feeds published
    /// before this field have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bbox: Option<[f64; 4]>,
}

impl RegionManifest {
    /// The deltas from `version` to the current one, if the chain is complete.
    pub fn chain_from(&self, version: u64) -> Option<Vec<&DeltaRef>> {
        let mut chain = Vec::new();
        let mut at = version;
        while at < self.version {
            let step = self.deltas.iter().find(|d| d.from == at)?;
            // A step that does not go forward would loop for ever.
            if step.to <= step.from {
                return None;
            }
            chain.push(step);
            at = step.to;
        }
        (at == self.version).then_some(chain)
    }
}

/// A street-level map pack (PMTiles of vector tiles in the Protomaps
/// basemap schema) that a client may download on request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackRef {
    /// Stable id, also the installed file's name: `[a-z0-9_-]`, at most 64.
    pub id: String,
    /// Shown to the user, e.g. "Mecklenburg-Vorpommern (Straßenkarte)".
    pub label: String,
    /// Relative to the manifest (e.g. `packs/<sha256>.pmtiles`), or an
    /// absolute `https://` URL of a file hosted elsewhere.
    pub path: String,
    /// Size as served.
    pub bytes: u64,
    /// Hex SHA-256 of the file as served.
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    /// Goes up with every publish; a client never goes back to a lower one.
    pub sequence: u64,
    pub published_at: String,
    pub publisher: String,
    pub regions: Vec<RegionManifest>,
    /// Editors' decisions on field corrections (see `outbox`), if any.
    #[serde(default)]
    pub decisions: Option<BlobRef>,
    /// Key rotations, each signed by an earlier key.
    #[serde(default)]
    pub keys: Vec<KeyAnnouncement>,
    /// Optional map detail packs. Absent in older manifests, and left out
    /// when empty, so a manifest without packs reads and signs as before.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub packs: Vec<PackRef>,
    /// When a client stops taking this manifest as current (RFC 3339):
    /// a feed that is not signed anew by then counts as frozen. Absent in
    /// manifests published before it existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
    /// Keys the publisher has revoked, each statement signed by another key.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub revocations: Vec<KeyRevocation>,
}

impl Manifest {
    pub fn pack(&self, id: &str) -> Option<&PackRef> {
        self.packs.iter().find(|p| p.id == id)
    }

    pub fn region(&self, id: &str) -> Option<&RegionManifest> {
        self.regions.iter().find(|r| r.id == id)
    }

    /// What a signature cannot vouch for, checked before any of it is used:
    /// every hash is 64 lowercase hex digits (it names files in the cache),
    /// and every delta goes forward.
    pub fn check(&self) -> Result<(), FeedError> {
        let hashes = self
            .blobs()
            .map(|b| (&b.path, &b.sha256))
            .chain(self.packs.iter().map(|p| (&p.path, &p.sha256)));
        for (path, sha256) in hashes {
            if !is_sha256_hex(sha256) {
                return Err(FeedError::BadManifest(format!(
                    "{path}: the hash {sha256:?} is not 64 lowercase hex digits"
                )));
            }
        }
        for region in &self.regions {
            if let Some(d) = region.deltas.iter().find(|d| d.to <= d.from) {
                return Err(FeedError::BadManifest(format!(
                    "region `{}`: a delta from version {} to {} does not go forward",
                    region.id, d.from, d.to
                )));
            }
        }
        Ok(())
    }

    /// Every file the manifest names.
    pub fn blobs(&self) -> impl Iterator<Item = &BlobRef> {
        self.regions
            .iter()
            .flat_map(|r| std::iter::once(&r.snapshot).chain(r.deltas.iter().map(|d| &d.blob)))
            .chain(self.decisions.iter())
    }
}

/// What `manifest.json` holds: the manifest's exact text and its signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignedManifest {
    pub manifest: String,
    pub key: String,
    pub signature: String,
}

impl SignedManifest {
    pub fn sign(manifest: &Manifest, key: &SecretKey) -> Result<Self, FeedError> {
        let text = serde_json::to_string(manifest).map_err(FeedError::Json)?;
        Ok(Self {
            signature: key.sign(MANIFEST_CONTEXT, text.as_bytes()),
            key: key.public().to_base64(),
            manifest: text,
        })
    }

    pub fn to_bytes(&self) -> Result<Vec<u8>, FeedError> {
        serde_json::to_vec(self).map_err(FeedError::Json)
    }

    pub fn parse(bytes: &[u8]) -> Result<Self, FeedError> {
        serde_json::from_slice(bytes).map_err(FeedError::NotSigned)
    }

    /// Check the signature against the trusted keys (growing them by any
    /// rotation the manifest announces from a trusted key) and parse the
    /// manifest. Returns it with the keys newly trusted.
    pub fn verify(&self, trusted: &[PublicKey]) -> Result<(Manifest, Vec<PublicKey>), FeedError> {
        let mut ring = KeyRing::trusting(trusted);
        let (manifest, changes) = self.verify_with(&mut ring, Utc::now())?;
        Ok((manifest, changes.added))
    }

    /// Check the signature against `ring` as the manifest's own revocations
    /// and announcements change it (`trust.rs` says which count), and parse
    /// the manifest. `ring` is changed only when everything holds.
    pub fn verify_with(
        &self,
        ring: &mut KeyRing,
        now: DateTime<Utc>,
    ) -> Result<(Manifest, TrustChanges), FeedError> {
        let signer = PublicKey::parse(&self.key)?;
        // Parse first (unverified) only to read the key statements; nothing
        // else is used before the signature holds.
        let unverified: Manifest =
            serde_json::from_str(&self.manifest).map_err(FeedError::ManifestText)?;
        let mut learned = ring.clone();
        let changes = learned.learn(&unverified.revocations, &unverified.keys, now);
        learned.may_sign(&signer, now)?;
        if !signer.verify(MANIFEST_CONTEXT, self.manifest.as_bytes(), &self.signature) {
            return Err(FeedError::BadSignature);
        }
        if unverified.format != MANIFEST_FORMAT {
            return Err(FeedError::BadManifest(format!(
                "format {} is not supported (this Lotse reads format {MANIFEST_FORMAT})",
                unverified.format
            )));
        }
        unverified.check()?;
        *ring = learned;
        Ok((unverified, changes))
    }
}

/// 64 lowercase hex digits: a SHA-256 as the feed writes it.
pub fn is_sha256_hex(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(sequence: u64) -> Manifest {
        Manifest {
            format: MANIFEST_FORMAT,
            sequence,
            published_at: "2026-11-21T10:00:00Z".into(),
            publisher: "test".into(),
            regions: vec![],
            decisions: None,
            keys: vec![],
            packs: vec![],
            expires: None,
            revocations: vec![],
        }
    }

    #[test]
    fn a_manifest_without_packs_reads_and_writes_as_before() {
        let old = r#"{"format":1,"sequence":7,"published_at":"2026-11-01T10:00:00Z","publisher":"old","regions":[],"decisions":null,"keys":[]}"#;
        let m: Manifest = serde_json::from_str(old).expect("an old manifest parses");
        assert!(m.packs.is_empty());
        assert_eq!(serde_json::to_string(&m).expect("json"), old);
        let mut with = m.clone();
        with.packs.push(PackRef {
            id: "mv".into(),
            label: "MV".into(),
            path: "packs/ab.pmtiles".into(),
            bytes: 10,
            sha256: "ab".into(),
        });
        let text = serde_json::to_string(&with).expect("json");
        assert!(text.contains(r#""packs":[{"id":"mv""#));
        let back: Manifest = serde_json::from_str(&text).expect("parse");
        assert_eq!(back.pack("mv").map(|p| p.bytes), Some(10));
    }

    #[test]
    fn a_signed_manifest_verifies_with_its_key_only() {
        let key = SecretKey::generate().expect("key");
        let other = SecretKey::generate().expect("other");
        let signed = SignedManifest::sign(&manifest(3), &key).expect("sign");
        let parsed = SignedManifest::parse(&signed.to_bytes().expect("bytes")).expect("parse");
        assert_eq!(parsed.verify(&[key.public()]).expect("ok").0.sequence, 3);
        assert!(matches!(
            parsed.verify(&[other.public()]),
            Err(FeedError::UntrustedKey(_))
        ));
    }

    #[test]
    fn a_changed_byte_breaks_the_signature() {
        let key = SecretKey::generate().expect("key");
        let mut signed = SignedManifest::sign(&manifest(3), &key).expect("sign");
        signed.manifest = signed.manifest.replace("\"sequence\":3", "\"sequence\":9");
        assert!(matches!(
            signed.verify(&[key.public()]),
            Err(FeedError::BadSignature)
        ));
    }

    #[test]
    fn a_rotated_key_is_accepted_through_the_announcement() {
        let old = SecretKey::generate().expect("old");
        let new = SecretKey::generate().expect("new");
        let mut m = manifest(4);
        m.keys.push(old.announce(&new.public()));
        let signed = SignedManifest::sign(&m, &new).expect("sign");
        let (_, added) = signed.verify(&[old.public()]).expect("rotated");
        assert_eq!(added, vec![new.public()]);
    }

    #[test]
    fn a_delta_chain_is_found_only_when_complete() {
        let blob = |n: u64| BlobRef {
            path: format!("blobs/{n}"),
            sha256: String::new(),
            bytes: 0,
        };
        let region = RegionManifest {
            id: "r".into(),
            name: "R".into(),
            version: 5,
            entries: 0,
            snapshot: blob(0),
            bbox: None,
            deltas: vec![
                DeltaRef {
                    from: 3,
                    to: 4,
                    blob: blob(4),
                },
                DeltaRef {
                    from: 4,
                    to: 5,
                    blob: blob(5),
                },
            ],
        };
        assert_eq!(region.chain_from(3).map(|c| c.len()), Some(2));
        assert_eq!(region.chain_from(5).map(|c| c.len()), Some(0));
        assert!(region.chain_from(2).is_none());
    }

    #[test]
    fn a_hash_that_is_not_hex_is_refused_before_it_names_a_file() {
        let key = SecretKey::generate().expect("key");
        let mut m = manifest(2);
        m.decisions = Some(BlobRef {
            path: "blobs/x".into(),
            sha256: "../../outside".into(),
            bytes: 1,
        });
        let signed = SignedManifest::sign(&m, &key).expect("sign");
        let err = signed.verify(&[key.public()]).expect_err("not a hash");
        assert!(err.to_string().contains("64 lowercase hex"), "{err}");
        assert!(is_sha256_hex(&"0a".repeat(32)));
        assert!(!is_sha256_hex(&"0A".repeat(32)));
    }

    #[test]
    fn a_delta_that_does_not_go_forward_is_refused_and_never_loops() {
        let blob = BlobRef {
            path: "blobs/d".into(),
            sha256: "0".repeat(64),
            bytes: 1,
        };
        let region = RegionManifest {
            id: "r".into(),
            name: "R".into(),
            version: 5,
            entries: 0,
            snapshot: blob.clone(),
            bbox: None,
            deltas: vec![DeltaRef {
                from: 3,
                to: 3,
                blob,
            }],
        };
        assert!(region.chain_from(3).is_none());
        let key = SecretKey::generate().expect("key");
        let mut m = manifest(2);
        m.regions.push(region);
        let err = SignedManifest::sign(&m, &key)
            .expect("sign")
            .verify(&[key.public()])
            .expect_err("a looping delta");
        assert!(err.to_string().contains("does not go forward"), "{err}");
    }
}
