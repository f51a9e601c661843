//! A publisher and a client on real SQLite files, with a feed folder between.

use std::path::PathBuf;

use lotse_core::feed::{PublicKey, SecretKey};
use lotse_core::model::DirectoryBatch;
use lotse_core::publish::{publish, PublishOptions, PublishReport, RegionsConfig};
use lotse_core::sync::{DirTransport, SyncEngine, SyncOptions, SyncReport, SystemClock};
use lotse_core::Directory;

pub struct World {
    pub dir: tempfile::TempDir,
    pub publisher: Directory,
    pub client: Directory,
    pub key: SecretKey,
    pub options: PublishOptions,
}

impl World {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let publisher = Directory::open(&dir.path().join("publisher.sqlite")).expect("publisher");
        let client = Directory::open(&dir.path().join("client.sqlite")).expect("client");
        Self {
            dir,
            publisher,
            client,
            key: SecretKey::generate().expect("key"),
            options: PublishOptions::default(),
        }
    }

    pub fn with_regions(mut self, toml: &str) -> Self {
        self.options.regions = RegionsConfig::parse(toml).expect("regions");
        self
    }

    pub fn feed(&self) -> PathBuf {
        self.dir.path().join("feed")
    }

    pub fn publish(&self) -> PublishReport {
        publish(
            &self.publisher,
            &self.feed(),
            &self.key,
            &self.options,
            &SystemClock,
        )
        .expect("publish")
    }

    pub fn pubkey(&self) -> PublicKey {
        self.key.public()
    }

    pub fn cache(&self) -> PathBuf {
        self.dir.path().join("cache")
    }

    pub fn sync_with(
        &mut self,
        regions: &[&str],
    ) -> Result<SyncReport, lotse_core::feed::FeedError> {
        let transport = DirTransport::new(self.feed());
        let engine = SyncEngine::new(&transport, self.cache());
        let options = SyncOptions {
            feed: self.feed().display().to_string(),
            pubkeys: vec![self.pubkey()],
            regions: regions.iter().map(|s| (*s).to_owned()).collect(),
            limit_to: None,
        };
        engine.sync(&mut self.client, &options, &mut |_| {})
    }

    pub fn sync(&mut self) -> Result<SyncReport, lotse_core::feed::FeedError> {
        self.sync_with(&[])
    }
}

/// A directory's content in a comparable order.
/// What a feed carries of a directory: its offers, and the organisations that
/// run at least one of them (a feed region is made of offers, so a provider
/// with none is in no region).
pub fn content(db: &Directory) -> DirectoryBatch {
    let mut b = db.export_batch().expect("export");
    let running: std::collections::HashSet<String> = b
        .services
        .iter()
        .map(|s| s.organization_id.clone())
        .collect();
    b.organizations.retain(|o| running.contains(&o.id));
    b.organizations.sort_by(|a, b| a.id.cmp(&b.id));
    b.services.sort_by(|a, b| a.id.cmp(&b.id));
    b.locations.sort_by(|a, b| a.id.cmp(&b.id));
    b.service_at_locations.sort_by(|a, b| a.id.cmp(&b.id));
    b
}
