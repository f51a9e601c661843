//! Findings of the security review (issue 16) that could stop a device's
//! updates for good, each with the attack or the publisher's change that
//! triggered it: a forged directory file, a region the publisher drops, and
//! following another office's feed.

use lotse_core::bundle::{export_bundle, import_bundle};
use lotse_core::feed::FeedError;
use lotse_core::sync::{DirTransport, SyncEngine, SyncOptions};

use crate::support::{batch, content, offer, scattered, World};

const TWO_REGIONS: &str = r#"
    [[region]]
    id = "nord"
    name = "Nord"
    bbox = [5.0, 51.0, 16.0, 56.0]
    [[region]]
    id = "sued"
    name = "Süd"
    bbox = [5.0, 47.0, 16.0, 51.0]
"#;

fn kept(w: &World) -> Vec<String> {
    let status = w.client.sync_status().expect("status");
    status.regions.into_iter().map(|r| r.id).collect()
}

#[test]
fn a_forged_directory_file_leaves_no_region_behind_and_updates_go_on() {
    let mut w = World::new().with_regions(TWO_REGIONS);
    w.publisher.upsert(&batch(scattered(60))).expect("seed");
    w.publish();
    w.sync_with(&["nord"]).expect("first sync");
    // A forger's feed with a region id of its own, signed by another key.
    let mut forger = World::new().with_regions(
        r#"
        [[region]]
        id = "gefaelscht"
        name = "Gefälscht"
        bbox = [5.0, 47.0, 16.0, 56.0]
    "#,
    );
    forger.publisher.upsert(&batch(scattered(5))).expect("seed");
    forger.publish();
    let file = w.dir.path().join("forged.lotse");
    export_bundle(&DirTransport::new(forger.feed()), &[], &[], &file).expect("bundle");

    let (pubkeys, cache) = ([w.pubkey()], w.cache());
    let err = import_bundle(&mut w.client, &file, &pubkeys, &[], cache, &mut |_| {})
        .expect_err("a file signed by an unknown key");
    assert!(
        matches!(err, FeedError::UntrustedKey(_) | FeedError::BadSignature),
        "{err}"
    );
    assert_eq!(kept(&w), ["nord"], "the forged region was kept");
    // The next update works as before.
    w.publisher
        .upsert(&batch(vec![offer("neu", "kita", 53.5, 10.0)]))
        .expect("change");
    w.publish();
    w.sync().expect("the update after the forged file");
    assert!(w.client.offer("neu").expect("read").is_some());
}

#[test]
fn a_region_asked_for_that_the_feed_does_not_have_is_not_kept() {
    let mut w = World::new().with_regions(TWO_REGIONS);
    w.publisher.upsert(&batch(scattered(30))).expect("seed");
    w.publish();
    let err = w.sync_with(&["nord", "west"]).expect_err("no region west");
    assert!(
        matches!(&err, FeedError::UnknownRegion(id) if id == "west"),
        "{err}"
    );
    assert!(kept(&w).is_empty(), "kept {:?}", kept(&w));
    w.sync_with(&["nord"]).expect("then nord alone");
    assert_eq!(kept(&w), ["nord"]);
}

#[test]
fn a_kept_region_the_publisher_drops_is_skipped_and_the_others_update() {
    let mut w = World::new().with_regions(TWO_REGIONS);
    w.publisher.upsert(&batch(scattered(60))).expect("seed");
    w.publish();
    w.sync_with(&["nord", "sued"]).expect("first sync");
    // The publisher renames "sued" to "sued-west".
    w = w.with_regions(&TWO_REGIONS.replace("\"sued\"", "\"sued-west\""));
    w.publisher
        .upsert(&batch(vec![offer("neu", "kita", 53.5, 10.0)]))
        .expect("change");
    w.publish();
    let report = w.sync().expect("the update goes on");
    assert_eq!(report.absent_regions, ["sued"]);
    assert!(w.client.offer("neu").expect("read").is_some());
    // The user lets the old region go (the other is still kept).
    w.client.unsubscribe_region("sued").expect("let sued go");
    assert_eq!(kept(&w), ["nord"]);
}

#[test]
fn following_another_offices_feed_starts_its_regions_afresh() {
    let mut old = World::new();
    old.publisher.upsert(&batch(scattered(40))).expect("seed");
    for (i, lat) in [50.1, 50.2, 50.3].into_iter().enumerate() {
        old.publisher
            .upsert(&batch(vec![offer(&format!("alt-{i}"), "kita", lat, 9.0)]))
            .expect("change");
        old.publish();
    }
    old.sync().expect("the old feed");
    let version = |w: &World| w.client.sync_status().expect("status").regions[0].version;
    assert_eq!(version(&old), 3);

    // The new office publishes region "de" at version 1.
    let mut new = World::new();
    new.publisher.upsert(&batch(scattered(25))).expect("seed");
    new.publish();
    let url = "http://127.0.0.1:9/neues-amt/";
    old.client
        .follow_feed(url, &new.pubkey().to_base64())
        .expect("follow");
    let transport = DirTransport::new(new.feed());
    let engine = SyncEngine::new(&transport, old.cache());
    let options = SyncOptions {
        feed: url.to_owned(),
        ..SyncOptions::default()
    };
    let report = engine
        .sync(&mut old.client, &options, &mut |_| {})
        .expect("the new office's region 1 is not a replay of the old one's 3");
    assert_eq!(report.regions[0].via, "snapshot");
    assert_eq!(version(&old), 1);
    assert_eq!(content(&old.client), content(&new.publisher));
}

#[test]
fn a_replayed_region_says_so_in_its_own_words() {
    let err = FeedError::RegionReplayed {
        region: "de".into(),
        offered: 1,
        accepted: 3,
    };
    let text = err.to_string();
    assert!(
        text.contains("region `de`") && text.contains("version 1"),
        "{text}"
    );
    assert!(!text.contains("manifest sequence"), "{text}");
}
