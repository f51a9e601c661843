//! Sync over real HTTP on loopback against `lotse serve`'s router, with
//! faults injected: server errors, a stalled body, a cut-off download that
//! resumes with Range, flipped bytes; and the 304 of a no-change sync.

use std::sync::Mutex;
use std::time::Duration;

use chrono::{DateTime, Utc};
use geo::Point;
use lotse_core::feed::FeedError;
use lotse_core::model::DirectoryBatch;
use lotse_core::publish::PublishOptions;
use lotse_core::sync::{Clock, RetryPolicy, SyncEngine, SyncOptions};
use lotse_core::Directory;

use crate::support::offers::{directory, numbered};
use crate::support::{http_client, transport, Fault, Office, TestServer};

/// Records the pauses instead of sleeping.
#[derive(Default)]
struct RecordingClock(Mutex<Vec<Duration>>);

impl Clock for RecordingClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
    fn sleep(&self, d: Duration) {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(d);
    }
}

/// `n` offers in Schwerin's postcode spread over a grid, with a long
/// description, two languages and opening hours.
fn offers(n: usize) -> DirectoryBatch {
    directory((0..n).map(|i| {
        let (lat, lon) = (
            47.5 + (i % 70) as f64 * 0.1,
            6.0 + (i / 70 % 90) as f64 * 0.1,
        );
        let (mut service, mut location, mut offer) = numbered(i, Point::new(lon, lat));
        service.name = format!("Beratung Nummer {i}");
        service.description =
            format!("Migrationsberatung mit langer Beschreibung Nummer {i} für alle.");
        location.languages = vec!["de".into(), "ar".into()];
        offer.opening_hours = Some("Mo-Fr 09:00-16:00".into());
        (service, location, offer)
    }))
}

struct Setup {
    office: Office,
    server: TestServer,
    client: Directory,
}

/// `n` offers published and served on loopback; an empty client.
fn setup(n: usize) -> Setup {
    let office = Office::new();
    let publisher = office.publisher("publisher.sqlite", &offers(n));
    office.publish(&publisher, &PublishOptions::default());
    let server = office.serve();
    let client = office.open("client.sqlite");
    Setup {
        office,
        server,
        client,
    }
}

fn sync(
    s: &mut Setup,
    clock: &RecordingClock,
    stall: Duration,
) -> Result<lotse_core::sync::SyncReport, FeedError> {
    let transport = transport(&s.server, stall);
    let mut engine = SyncEngine::new(&transport, s.office.path("cache"));
    engine.clock = clock;
    engine.retry = RetryPolicy {
        attempts: 4,
        base_delay: Duration::from_millis(100),
        max_delay: Duration::from_secs(1),
    };
    let options = SyncOptions {
        feed: s.server.url.clone(),
        pubkeys: vec![s.office.key.public()],
        ..Default::default()
    };
    engine.sync(&mut s.client, &options, &mut |_| {})
}

const SNAPSHOT: &str = ".jsonl.gz";

#[test]
fn server_errors_are_retried_with_backoff_then_succeed() {
    let mut s = setup(200);
    s.server.faults.once("manifest.json", Fault::Status(500));
    s.server.faults.once("manifest.json", Fault::Status(503));
    let clock = RecordingClock::default();
    sync(&mut s, &clock, Duration::from_secs(5)).expect("sync after retries");
    assert_eq!(s.client.offer_count().expect("count"), 200);
    let pauses = clock.0.lock().expect("pauses").clone();
    assert_eq!(pauses.len(), 2, "{pauses:?}");
    assert!(pauses[0] <= Duration::from_millis(100) && pauses[1] <= Duration::from_millis(200));
}

#[test]
fn a_server_that_keeps_failing_ends_in_a_clear_error_and_nothing_applied() {
    let mut s = setup(50);
    for _ in 0..4 {
        s.server.faults.once("manifest.json", Fault::Status(500));
    }
    let clock = RecordingClock::default();
    let err = sync(&mut s, &clock, Duration::from_secs(5)).expect_err("fails");
    assert!(
        matches!(err, FeedError::HttpStatus { status: 500, .. }),
        "{err}"
    );
    assert_eq!(clock.0.lock().expect("pauses").len(), 3);
    assert_eq!(s.client.offer_count().expect("count"), 0);
    let status = s.client.sync_status().expect("status");
    assert!(status
        .feed
        .last_error
        .expect("error recorded")
        .contains("500"));
    assert_eq!(status.feed.last_success_at, None);
}

#[test]
fn a_stalled_body_times_out_and_the_download_resumes_with_range() {
    let mut s = setup(2000);
    s.server.faults.once(SNAPSHOT, Fault::StallAfter(20_000));
    let clock = RecordingClock::default();
    sync(&mut s, &clock, Duration::from_millis(700)).expect("sync after stall");
    assert_eq!(s.client.offer_count().expect("count"), 2000);
    let log = s.server.faults.log();
    let resumed: Vec<_> = log
        .iter()
        .filter(|(p, _, _)| p.ends_with(SNAPSHOT))
        .collect();
    assert_eq!(resumed.len(), 2, "{log:?}");
    assert_eq!(resumed[1].1.as_deref(), Some("bytes=20000-"));
    assert_eq!(resumed[1].2, 206);
}

#[test]
fn a_cut_off_download_resumes_where_it_stopped() {
    let mut s = setup(2000);
    s.server.faults.once(SNAPSHOT, Fault::CutAfter(30_000));
    let clock = RecordingClock::default();
    sync(&mut s, &clock, Duration::from_secs(5)).expect("sync after cut");
    assert_eq!(s.client.offer_count().expect("count"), 2000);
    let log = s.server.faults.log();
    let gets: Vec<_> = log
        .iter()
        .filter(|(p, _, _)| p.ends_with(SNAPSHOT))
        .collect();
    assert_eq!(gets.len(), 2, "{log:?}");
    let range = gets[1].1.as_deref().expect("a Range request");
    let from: u64 = range
        .trim_start_matches("bytes=")
        .trim_end_matches('-')
        .parse()
        .expect("offset");
    assert!(from > 0 && from <= 30_000, "{range}");
}

#[test]
fn flipped_bytes_on_the_wire_are_caught_and_nothing_is_applied() {
    let mut s = setup(300);
    s.server.faults.always_flip(SNAPSHOT, 500);
    let clock = RecordingClock::default();
    let err = sync(&mut s, &clock, Duration::from_secs(5)).expect_err("corrupt");
    assert!(matches!(err, FeedError::HashMismatch { .. }), "{err}");
    assert_eq!(s.client.offer_count().expect("count"), 0);
}

#[test]
fn a_no_change_sync_is_one_conditional_request_answered_304() {
    let mut s = setup(100);
    let clock = RecordingClock::default();
    sync(&mut s, &clock, Duration::from_secs(5)).expect("first");
    let before = s.server.faults.log().len();
    let report = sync(&mut s, &clock, Duration::from_secs(5)).expect("second");
    assert!(report.not_modified);
    assert_eq!(report.requests, 1);
    let log = s.server.faults.log();
    assert_eq!(log.len(), before + 1);
    assert_eq!(log[before].2, 304);
}

#[test]
fn only_a_blob_that_is_there_is_cached_for_good() {
    let s = setup(5);
    let http = http_client();
    let cache_control = |path: &str| {
        let response = http
            .get(format!("{}/{path}", s.server.url))
            .send()
            .expect("request");
        let value = response
            .headers()
            .get(reqwest::header::CACHE_CONTROL)
            .map(|v| v.to_str().unwrap_or_default().to_owned());
        (response.status().as_u16(), value)
    };
    let blob = std::fs::read_dir(s.office.feed().join("blobs"))
        .expect("blobs")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .find(|n| n.ends_with(SNAPSHOT))
        .expect("a snapshot blob");
    let (status, cached) = cache_control(&format!("blobs/{blob}"));
    assert_eq!(status, 200);
    assert_eq!(
        cached.as_deref(),
        Some("public, max-age=31536000, immutable")
    );
    // A blob not (yet) uploaded must be asked for again, not cached a year.
    let (status, cached) = cache_control(&format!("blobs/{}{SNAPSHOT}", "0".repeat(64)));
    assert_eq!(status, 404);
    assert_eq!(cached, None);
}
