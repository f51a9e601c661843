//! The app's update run against a real server on loopback: the feed set up
//! in settings, queued reports sent with the run, progress, the regions
//! listed with sizes, plain-words problems when offline, and passing the
//! directory on as a bundle made from the device's own copy.

use geo::Point;
use lotse_contract::{ReportDraft, SyncProblemCode, SyncStep};
use lotse_core::feed::SecretKey;
use lotse_core::model::DirectoryBatch;
use lotse_core::publish::{PublishOptions, RegionsConfig};
use lotse_core::sync::device_bundle::export_device_bundle;
use lotse_core::sync::{cache_dir_for, problem_of, run_sync, SyncMonitor, SystemClock};
use lotse_core::Directory;

use crate::support::offers::{directory, numbered};
use crate::support::Office;

const REGIONS: &str = r#"
[[region]]
id = "mv"
name = "Mecklenburg-Vorpommern"
postcodes = ["19"]

[[region]]
id = "by"
name = "Bayern"
postcodes = ["80"]
"#;

/// `n` offers, every other one in Schwerin (region `mv`) or Munich (`by`),
/// named for the publisher's `version`.
fn offers(n: usize, version: u32) -> DirectoryBatch {
    directory((0..n).map(|i| {
        let (postcode, lat, lon) = if i % 2 == 0 {
            ("19055", 53.6 + i as f64 * 0.001, 11.4)
        } else {
            ("80331", 48.1 + i as f64 * 0.001, 11.5)
        };
        let (mut service, mut location, offer) = numbered(i, Point::new(lon, lat));
        service.name = format!("Beratung {i} v{version}");
        location.address.postcode = postcode.into();
        location.address.city = "Ort".into();
        location.languages = vec!["de".into()];
        (service, location, offer)
    }))
}

/// Publish `batch` from a fresh publisher database (one per `round`) in the
/// two regions.
fn publish(office: &Office, batch: &DirectoryBatch, round: u32) {
    let publisher = office.publisher(&format!("publisher-{round}.sqlite"), batch);
    let options = PublishOptions {
        regions: RegionsConfig::parse(REGIONS).expect("regions"),
        ..PublishOptions::default()
    };
    office.publish(&publisher, &options);
}

fn lotse(dir: &tempfile::TempDir, name: &str) -> (Directory, std::path::PathBuf) {
    let path = dir.path().join(name);
    let mut db = Directory::open(&path).expect("client");
    db.seed_demo_if_empty().expect("demo");
    (db, cache_dir_for(&path))
}

#[test]
fn a_run_sends_the_queued_reports_then_updates_with_progress() {
    let office = Office::taking_reports();
    publish(&office, &offers(40, 1), 1);
    let server = office.serve();
    let (mut db, cache) = lotse(&office.dir, "lotse.sqlite");
    assert!(db.demo_offer_count().expect("demo") > 0);
    let problem = run_sync(&mut db, cache.clone(), &SystemClock, &mut |_| {}).expect_err("no feed");
    assert_eq!(problem_of(&problem).code, SyncProblemCode::NoFeed);

    db.follow_feed(&server.url, &office.key.public().to_base64())
        .expect("follow");
    let token = office.store().issue_token("Anna").expect("token");
    db.set_reporter_token(Some(&token)).expect("token");
    let demo_offer = db.export_batch().expect("export").service_at_locations[0]
        .id
        .clone();
    db.report_change(
        &ReportDraft {
            offer_id: demo_offer,
            field: "phone".into(),
            new_value: "+49 385 0000 000".into(),
            comment: "neue Nummer".into(),
        },
        &SystemClock,
    )
    .expect("report");
    assert_eq!(db.queued_report_count().expect("queued"), 1);

    let mut steps = Vec::new();
    let outcome =
        run_sync(&mut db, cache.clone(), &SystemClock, &mut |p| steps.push(p)).expect("sync");
    assert_eq!(outcome.sent.as_ref().map(|s| s.sent), Some(1));
    assert_eq!(db.queued_report_count().expect("queued"), 0);
    assert_eq!(office.store().list(None).expect("stored").len(), 1);
    assert!(steps.iter().any(|p| p.step == SyncStep::Reports));
    let download = steps
        .iter()
        .rfind(|p| p.step == SyncStep::Download)
        .expect("download progress");
    assert!(download.total > 0 && download.done == download.total);
    assert!(steps.iter().any(|p| p.step == SyncStep::Apply));
    assert_eq!(db.offer_count().expect("count"), 40);
    assert_eq!(db.demo_offer_count().expect("demo"), 0, "demo offers leave");
    let changes = outcome.changes();
    assert_eq!((changes.updated, changes.reports_sent), (40, 1));

    let view = db
        .sync_status_view(&cache, SyncMonitor::new().snapshot())
        .expect("view");
    assert_eq!(view.feed_url, server.url);
    assert!(view.last_success_at.is_some() && view.problem.is_none());
    let names: Vec<(&str, bool, u64)> = view
        .regions
        .iter()
        .map(|r| (r.id.as_str(), r.kept, r.offers))
        .collect();
    assert_eq!(names, vec![("by", true, 20), ("mv", true, 20)]);
    assert!(view.regions.iter().all(|r| r.download_bytes > 0));
}

#[test]
fn offline_the_run_fails_in_plain_words_and_nothing_changes() {
    let office = Office::taking_reports();
    publish(&office, &offers(10, 1), 1);
    let server = office.serve();
    let (mut db, cache) = lotse(&office.dir, "lotse.sqlite");
    db.follow_feed(&server.url, &office.key.public().to_base64())
        .expect("follow");
    run_sync(&mut db, cache.clone(), &SystemClock, &mut |_| {}).expect("first");
    let url = server.url.clone();
    drop(server);
    publish(&office, &offers(12, 2), 2);
    let err = run_sync(&mut db, cache.clone(), &SystemClock, &mut |_| {}).expect_err("offline");
    assert_eq!(
        problem_of(&err).code,
        SyncProblemCode::NoConnection,
        "{err}"
    );
    assert_eq!(db.offer_count().expect("count"), 10);
    let view = db
        .sync_status_view(&cache, SyncMonitor::new().snapshot())
        .expect("view");
    assert_eq!(view.feed_url, url);
    assert!(
        view.problem.is_some(),
        "the stored failure is shown after a restart"
    );
    assert!(view.last_success_at.is_some());
}

#[test]
fn the_feed_address_and_key_are_checked_before_anything_is_stored() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut db, _) = lotse(&dir, "lotse.sqlite");
    let key = SecretKey::generate().expect("key").public().to_base64();
    for bad in [
        "http://feed.example.org",
        "ftp://x",
        "javascript:alert(1)",
        "nix",
    ] {
        let err = db.follow_feed(bad, &key).expect_err(bad);
        assert!(err.to_string().contains("feed address"), "{bad}: {err}");
    }
    assert!(db
        .follow_feed("https://feed.example.org", "not a key")
        .is_err());
    assert!(db.sync_status().expect("status").feed.url.is_empty());
    db.follow_feed("https://feed.example.org/", &key)
        .expect("https");
}

#[test]
fn a_device_passes_its_directory_on_as_a_bundle_that_another_verifies() {
    let office = Office::taking_reports();
    publish(&office, &offers(30, 1), 1);
    let server = office.serve();
    let (mut db, cache) = lotse(&office.dir, "a.sqlite");
    db.follow_feed(&server.url, &office.key.public().to_base64())
        .expect("follow");
    run_sync(&mut db, cache.clone(), &SystemClock, &mut |_| {}).expect("sync");
    drop(server); // the export uses the device's own copy, offline
    let file = office.dir.path().join("directory.lotse");
    let report = export_device_bundle(&db, &cache, &file).expect("export");
    assert_eq!(report.regions.len(), 2);

    let (mut other, other_cache) = lotse(&office.dir, "b.sqlite");
    let imported = lotse_core::bundle::import_bundle(
        &mut other,
        &file,
        &[office.key.public()],
        &[],
        other_cache,
        &mut |_| {},
    )
    .expect("import");
    assert_eq!(imported.regions.len(), 2);
    assert_eq!(other.offer_count().expect("count"), 30);

    let (mut stranger, stranger_cache) = lotse(&office.dir, "c.sqlite");
    let untrusted = SecretKey::generate().expect("key").public();
    let err = lotse_core::bundle::import_bundle(
        &mut stranger,
        &file,
        &[untrusted],
        &[],
        stranger_cache,
        &mut |_| {},
    )
    .expect_err("untrusted");
    assert_eq!(problem_of(&err).code, SyncProblemCode::Rejected);
    assert_eq!(
        stranger.offer_count().expect("count"),
        stranger.demo_offer_count().expect("demo")
    );
}
