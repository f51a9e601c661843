//! Trusted publishers: the offices a build of Lotse trusts from the start
//! (`config/publishers.toml`, read when the app is built), and what a
//! directory file says about who signed it, before anything is imported.
//!
//! A file signed by a built-in publisher, or by a key this device already
//! trusts, is imported after one confirmation. A file from any other key is
//! shown with its key's fingerprint and imported only when the user says so.

use std::path::Path;

use lotse_contract::{FileTrust, OpenedFileDto, PublisherDto};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::sync::bundle::BundleTransport;
use crate::sync::feed::{FeedError, PublicKey, SignedManifest};
use crate::Directory;

/// One publisher a build trusts.
#[derive(Debug, Clone, PartialEq)]
pub struct BuiltInPublisher {
    pub name: String,
    pub key: PublicKey,
    /// The publisher's feed, offered on first start.
    pub feed: Option<String>,
    /// The regions to offer from that feed (all when empty).
    pub regions: Vec<String>,
}

/// Why `publishers.toml` was refused (the build fails on it).
#[derive(Debug, thiserror::Error)]
pub enum PublishersError {
    #[error("{origin}: {source}")]
    Toml {
        origin: String,
        source: toml::de::Error,
    },
    #[error("{origin}: publisher {index} (`{name}`): {reason}")]
    Publisher {
        origin: String,
        index: usize,
        name: String,
        reason: String,
    },
    #[error("{origin}: publisher {index} (`{name}`): `key`: {source}")]
    Key {
        origin: String,
        index: usize,
        name: String,
        source: Box<crate::sync::feed::FeedError>,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PublishersFile {
    #[serde(default)]
    publisher: Vec<PublisherEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PublisherEntry {
    name: String,
    key: String,
    feed: Option<String>,
    #[serde(default)]
    regions: Vec<String>,
}

/// Read a publishers file; `origin` names it in errors.
pub fn parse_publishers(
    text: &str,
    origin: &str,
) -> Result<Vec<BuiltInPublisher>, PublishersError> {
    let file: PublishersFile = toml::from_str(text).map_err(|source| PublishersError::Toml {
        origin: origin.to_owned(),
        source,
    })?;
    file.publisher
        .into_iter()
        .enumerate()
        .map(|(i, entry)| {
            let fail = |reason: String| PublishersError::Publisher {
                origin: origin.to_owned(),
                index: i + 1,
                name: entry.name.clone(),
                reason,
            };
            if entry.name.trim().is_empty() {
                return Err(fail("`name` is empty".into()));
            }
            let key = PublicKey::parse(&entry.key).map_err(|e| PublishersError::Key {
                origin: origin.to_owned(),
                index: i + 1,
                name: entry.name.clone(),
                source: Box::new(e),
            })?;
            if let Some(feed) = &entry.feed {
                // The same rule as a feed typed into settings: https, or
                // http on this device only (an office testing its server).
                super::service::check_feed_url(feed).map_err(|e| fail(format!("`feed`: {e}")))?;
            }
            Ok(BuiltInPublisher {
                name: entry.name.trim().to_owned(),
                key,
                feed: entry.feed.clone(),
                regions: entry.regions.clone(),
            })
        })
        .collect()
}

/// How far a directory file's signer is trusted on this device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trust {
    /// A publisher built into this app, by its name.
    BuiltIn(String),
    /// A key this device already follows (its office's feed is set up).
    Device,
    /// Nobody here knows the key: ask, showing its fingerprint.
    Unknown,
}

/// What a directory file holds and who signed it, read before importing.
#[derive(Debug, Clone, PartialEq)]
pub struct FileSummary {
    /// The publisher's name as the file states it (checked only when trusted).
    pub publisher: String,
    pub key: PublicKey,
    pub fingerprint: String,
    pub trust: Trust,
    pub published_at: String,
    pub regions: Vec<(String, String)>,
    pub offers: u64,
}

/// The key's fingerprint: the first 16 bytes of SHA-256 over the key's text,
/// in groups of four hex digits, as people read it aloud to compare.
pub fn fingerprint(key: &PublicKey) -> String {
    let digest = Sha256::digest(key.to_base64().as_bytes());
    digest[..16]
        .chunks(2)
        .map(|pair| format!("{:02X}{:02X}", pair[0], pair[1]))
        .collect::<Vec<_>>()
        .join(" ")
}

fn manifest_of(file: &Path) -> Result<SignedManifest, FeedError> {
    SignedManifest::parse(&BundleTransport::open(file)?.manifest_bytes()?)
}

impl FileSummary {
    /// The summary as the confirmation screen shows it.
    pub fn to_dto(&self, file_name: &str) -> OpenedFileDto {
        let (publisher, trust) = match &self.trust {
            Trust::BuiltIn(name) => (name.clone(), FileTrust::BuiltIn),
            Trust::Device => (self.publisher.clone(), FileTrust::Device),
            Trust::Unknown => (self.publisher.clone(), FileTrust::Unknown),
        };
        OpenedFileDto {
            file_name: file_name.to_owned(),
            publisher,
            trust,
            fingerprint: self.fingerprint.clone(),
            published_at: self.published_at.clone(),
            regions: self.regions.iter().map(|(_, name)| name.clone()).collect(),
            offers: self.offers,
        }
    }

    /// The keys to import the file with: the signer's when it is built in,
    /// already trusted, or `confirmed` by the user; otherwise it is refused.
    pub fn keys_for_import(&self, confirmed: bool) -> Result<Vec<PublicKey>, FeedError> {
        match self.trust {
            Trust::Unknown if !confirmed => Err(FeedError::UntrustedKey(self.key.to_base64())),
            _ => Ok(vec![self.key]),
        }
    }
}

impl BuiltInPublisher {
    pub fn to_dto(&self) -> PublisherDto {
        PublisherDto {
            name: self.name.clone(),
            key: self.key.to_base64(),
            fingerprint: fingerprint(&self.key),
            feed: self.feed.clone(),
        }
    }
}

impl Directory {
    /// Read `file`'s signed manifest: its signature must hold for the key it
    /// names (a damaged or altered file is refused here), and that key is
    /// looked up among `built_in` and the keys this device trusts.
    pub fn inspect_file(
        &self,
        file: &Path,
        built_in: &[BuiltInPublisher],
    ) -> Result<FileSummary, FeedError> {
        let signed = manifest_of(file)?;
        let key = PublicKey::parse(&signed.key)?;
        let (manifest, _) = signed.verify(&[key])?;
        let feed = self.sync_status()?.feed;
        // A key its publisher revoked is refused here already, whoever
        // built it in.
        if feed.revoked_keys.contains(&key) {
            return Err(FeedError::RevokedKey(key.to_base64()));
        }
        let trust = match built_in.iter().find(|p| p.key == key) {
            Some(p) => Trust::BuiltIn(p.name.clone()),
            None if feed.trusted_keys.contains(&key) => Trust::Device,
            None => Trust::Unknown,
        };
        Ok(FileSummary {
            publisher: manifest.publisher.clone(),
            fingerprint: fingerprint(&key),
            key,
            trust,
            published_at: manifest.published_at.clone(),
            offers: manifest.regions.iter().map(|r| r.entries).sum(),
            regions: manifest
                .regions
                .iter()
                .map(|r| (r.id.clone(), r.name.clone()))
                .collect(),
        })
    }

    /// The keys to import `file` with, checked as [`Directory::inspect_file`]
    /// does: its signer's when built in, already trusted, or `confirmed` by
    /// the user; an unknown signer is refused otherwise.
    pub fn keys_to_import(
        &self,
        file: &Path,
        built_in: &[BuiltInPublisher],
        confirmed: bool,
    ) -> Result<Vec<PublicKey>, FeedError> {
        self.inspect_file(file, built_in)?
            .keys_for_import(confirmed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::feed::SecretKey;

    #[test]
    fn a_publishers_file_reads_and_names_what_is_wrong() {
        let key = SecretKey::generate().expect("key").public().to_base64();
        let text = format!(
            "[[publisher]]\nname = \"Amt\"\nkey = \"{key}\"\nfeed = \"https://amt.example/feed\"\nregions = [\"sn\"]\n"
        );
        let list = parse_publishers(&text, "p.toml").expect("parses");
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].name, "Amt");
        assert_eq!(list[0].regions, ["sn"]);
        assert!(parse_publishers("", "p.toml").expect("empty").is_empty());

        let bad_key = parse_publishers("[[publisher]]\nname = \"A\"\nkey = \"xyz\"\n", "p.toml")
            .expect_err("bad key");
        assert!(
            bad_key
                .to_string()
                .starts_with("p.toml: publisher 1 (`A`): `key`"),
            "{bad_key}"
        );
        let http = format!("[[publisher]]\nname = \"A\"\nkey = \"{key}\"\nfeed = \"http://a\"\n");
        let http = parse_publishers(&http, "p.toml").expect_err("http feed");
        assert!(http.to_string().contains("https://"), "{http}");
        let typo = parse_publishers("[[publisher]]\nnmae = \"A\"\n", "p.toml").expect_err("typo");
        assert!(typo.to_string().contains("line 2"), "{typo}");
    }

    #[test]
    fn fingerprints_are_eight_groups_and_differ_per_key() {
        let (a, b) = (
            SecretKey::generate().expect("a").public(),
            SecretKey::generate().expect("b").public(),
        );
        let fa = fingerprint(&a);
        assert_eq!(fa.split(' ').count(), 8);
        assert!(fa.chars().all(|c| c == ' ' || c.is_ascii_hexdigit()));
        assert_ne!(fa, fingerprint(&b));
        assert_eq!(fa, fingerprint(&a));
    }
}
