//! The client sync engine: follows a signed feed over HTTP, from a folder
//! or from a bundle file, through one verification and apply path.

mod apply;
pub mod bundle;
pub mod decisions;
pub mod device_bundle;
pub(crate) mod download;
pub(crate) mod engine;
mod engine_region;
pub mod feed;
pub mod feed_link;
pub mod first_start;
mod freshness;
mod key_state;
pub mod monitor;
pub mod packs;
pub mod publish;
pub mod publishers;
mod send_reports;
pub mod service;
pub mod state;
mod status_view;
pub mod transport;
pub mod worker;

pub use crate::clock::{Clock, RetryPolicy, SystemClock};
pub use apply::Applied;
pub use download::{cache_dir_for, open_file, OpenSink};
pub use engine::{RegionReport, SyncEngine, SyncOptions, SyncPhase, SyncProgress, SyncReport};
pub use monitor::{RunTicket, SyncMonitor};
pub use service::{cached_manifest, problem_of, run_sync, RunOutcome};
pub use state::{FeedState, RegionState, SyncStatus};
pub use transport::{DirTransport, Fetch, Fetched, HttpTimeouts, HttpTransport, Transport};
pub use worker::{run_on_worker, AfterUpdate, WorkerRun};
