//! The set-up the server's integration tests share: a publisher's folder
//! with its key and feed, that feed served on loopback by `lotse serve`'s
//! router (with faults injected, see `faults`), and a directory with N
//! numbered offers (`offers`).

pub mod faults;
pub mod offers;
pub mod raw_http;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use lotse_core::feed::SecretKey;
use lotse_core::model::DirectoryBatch;
use lotse_core::publish::{publish, PublishOptions, PublishReport};
use lotse_core::sync::{HttpTimeouts, HttpTransport, SystemClock};
use lotse_core::Directory;
use lotse_server::{ServeLimits, SuggestionStore};

pub use faults::{Fault, TestServer};

/// A publisher's folder (a temporary directory): its signing key, its feed
/// folder `feed/` and, for an office that takes reports, the suggestions
/// store `suggestions.sqlite`. Client databases of a test live here too.
pub struct Office {
    // Fields drop in this order: the store is closed before the folder goes.
    store: Option<Arc<SuggestionStore>>,
    pub key: SecretKey,
    pub dir: tempfile::TempDir,
}

impl Office {
    /// An office that serves its feed only.
    pub fn new() -> Self {
        Self {
            store: None,
            key: SecretKey::generate().expect("key"),
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    /// An office that also takes reports through the suggestions API.
    pub fn taking_reports() -> Self {
        let mut office = Self::new();
        let store = SuggestionStore::open(&office.path("suggestions.sqlite")).expect("store");
        office.store = Some(Arc::new(store));
        office
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn feed(&self) -> PathBuf {
        self.path("feed")
    }

    /// The suggestions store of an office made with `taking_reports`.
    pub fn store(&self) -> &SuggestionStore {
        self.store.as_deref().expect("an office that takes reports")
    }

    /// The database file `name` in the folder, opened (a new one is empty).
    pub fn open(&self, name: &str) -> Directory {
        Directory::open(&self.path(name)).expect(name)
    }

    /// A new publisher database `name` holding `batch`.
    pub fn publisher(&self, name: &str, batch: &DirectoryBatch) -> Directory {
        let mut db = self.open(name);
        db.upsert(batch).expect("write the publisher's directory");
        db
    }

    /// Publish `db` into the feed folder, signed with the office's key.
    pub fn publish(&self, db: &Directory, options: &PublishOptions) -> PublishReport {
        publish(db, &self.feed(), &self.key, options, &SystemClock).expect("publish")
    }

    /// The feed folder (and the suggestions API of an office that takes
    /// reports) served on loopback.
    pub fn serve(&self) -> TestServer {
        TestServer::start(self.feed(), self.store.clone())
    }

    /// As `serve`, within `limits`.
    pub fn serve_with(&self, limits: ServeLimits) -> TestServer {
        TestServer::with_limits(self.feed(), self.store.clone(), limits)
    }
}

/// An HTTP transport to `server` that gives up connecting after 5 s and on
/// a body that stalls for `stall`.
pub fn transport(server: &TestServer, stall: Duration) -> HttpTransport {
    HttpTransport::new(
        &server.url,
        HttpTimeouts {
            connect: Duration::from_secs(5),
            stall,
        },
    )
    .expect("transport")
}

/// A plain HTTP client for loopback requests (reqwest wants a TLS provider
/// chosen even for http).
pub fn http_client() -> reqwest::blocking::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::blocking::Client::new()
}
