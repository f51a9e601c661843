//! Findings of the security review (issue 16) that could stop a device's
//! updates for good, each with the attack or the publisher's change that
//! triggered it: a forged directory file, a region the publisher drops, and
//! following another office's feed (in the app's settings, or by naming it
//! and its key to the engine as `lotse sync` does).

use lotse_core::bundle::{export_bundle, import_bundle};
use lotse_core::feed::{FeedError, PublicKey};
use lotse_core::sync::{DirTransport, SyncEngine, SyncOptions, SyncReport};

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
    // The new office publishes region "de" at version 1.
    let (mut old, new) = old_and_new_office();
    let version = |w: &World| w.client.sync_status().expect("status").regions[0].version;
    assert_eq!(version(&old), 3);
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

/// The old office's feed synced to region version 3 and sequence 3; the
/// new office's feed has both at 1.
fn old_and_new_office() -> (World, World) {
    let mut old = World::new();
    old.publisher.upsert(&batch(scattered(40))).expect("seed");
    for (i, lat) in [50.1, 50.2, 50.3].into_iter().enumerate() {
        old.publisher
            .upsert(&batch(vec![offer(&format!("alt-{i}"), "kita", lat, 9.0)]))
            .expect("change");
        old.publish();
    }
    old.sync().expect("the old feed");
    let mut new = World::new();
    new.publisher.upsert(&batch(scattered(25))).expect("seed");
    new.publish();
    (old, new)
}

fn sync_from(
    w: &mut World,
    feed: &std::path::Path,
    keys: Vec<PublicKey>,
) -> Result<SyncReport, FeedError> {
    let transport = DirTransport::new(feed);
    let engine = SyncEngine::new(&transport, w.cache());
    let options = SyncOptions {
        feed: feed.display().to_string(),
        pubkeys: keys,
        ..SyncOptions::default()
    };
    engine.sync(&mut w.client, &options, &mut |_| {})
}

#[test]
fn syncing_another_offices_feed_by_its_key_starts_afresh_as_in_the_app() {
    // `lotse sync --feed OTHER --pubkey ITS_KEY` (and any caller of the
    // engine) names the feed and key directly, without `follow_feed`.
    let (mut old, new) = old_and_new_office();
    let report = sync_from(&mut old, &new.feed(), vec![new.pubkey()])
        .expect("the new office's sequence 1 and region 1 are not replays of the old one's 3");
    assert!(report.new_publisher, "{report:?}");
    assert_eq!(report.regions[0].via, "snapshot");
    assert_eq!(content(&old.client), content(&new.publisher));
    let status = old.client.sync_status().expect("status");
    assert_eq!(status.regions[0].version, 1);
    assert_eq!(status.feed.trusted_keys, [new.pubkey()], "only the new key");
    // The old office's feed is now the other one, and its key is no longer trusted.
    let old_feed = old.feed();
    let err = sync_from(&mut old, &old_feed, vec![]).expect_err("old key dropped");
    assert!(matches!(err, FeedError::UntrustedKey(_)), "{err}");
}

#[test]
fn a_mirror_of_the_same_feed_keeps_its_versions_and_refuses_a_replay() {
    // The same publisher at another address (a mirror, a USB copy), named
    // with its key or with none: no fresh start, so an older copy is still
    // a replay.
    let (mut old, _) = old_and_new_office();
    let stale = old.dir.path().join("stale-copy");
    copy_dir(&old.feed(), &stale);
    old.publisher
        .upsert(&batch(vec![offer("neu", "kita", 50.4, 9.0)]))
        .expect("change");
    old.publish();
    old.sync().expect("sequence 4");
    for keys in [vec![old.pubkey()], vec![]] {
        let err = sync_from(&mut old, &stale, keys).expect_err("an older copy of the same feed");
        assert!(matches!(err, FeedError::Replayed { .. }), "{err}");
    }
    assert!(old.client.offer("neu").expect("read").is_some());
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read feed") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
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
