//! A feed that cannot be frozen, and keys that can be revoked (issue 16,
//! part 2): the manifest's expiry against the device's clock, a device
//! clock years wrong, the signing time that never goes back, and a
//! revoked key refused in a feed, a bundle and the file confirmation, and
//! a rotated-out key past its grace refused for the map packs too.

use chrono::{DateTime, Duration, Utc};
use lotse_core::bundle::{export_bundle, import_bundle};
use lotse_core::feed::{FeedError, SecretKey, SignedManifest, MANIFEST_FILE};
use lotse_core::packs::{feed_pin, PackDownloader};
use lotse_core::publish::{publish, PublishReport};
use lotse_core::sync::{Clock, DirTransport, SyncEngine, SyncOptions, SyncReport};

use crate::support::{batch, offer, scattered, World};

/// A clock standing at a given time.
struct At(DateTime<Utc>);

impl Clock for At {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
    fn sleep(&self, _: std::time::Duration) {}
}

fn publish_at(w: &World, key: &SecretKey, at: DateTime<Utc>) -> PublishReport {
    publish(&w.publisher, &w.feed(), key, &w.options, &At(at)).expect("publish")
}

fn sync_at(w: &mut World, at: DateTime<Utc>) -> Result<SyncReport, FeedError> {
    let transport = DirTransport::new(w.feed());
    let mut engine = SyncEngine::new(&transport, w.cache());
    let clock = At(at);
    engine.clock = &clock;
    let options = SyncOptions {
        feed: w.feed().display().to_string(),
        pubkeys: vec![w.pubkey()],
        ..SyncOptions::default()
    };
    engine.sync(&mut w.client, &options, &mut |_| {})
}

fn day(n: i64) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-12-01T10:00:00Z")
        .expect("time")
        .with_timezone(&Utc)
        + Duration::days(n)
}

#[test]
fn a_frozen_feed_is_not_current_after_its_expiry_and_the_offers_stay() {
    let mut w = World::new();
    w.publisher.upsert(&batch(scattered(30))).expect("seed");
    publish_at(&w, &w.key.clone(), day(0));
    assert!(sync_at(&mut w, day(1)).expect("fresh").current);
    // Fifteen days later the same manifest (frozen, or replayed) is refused.
    let err = sync_at(&mut w, day(15)).expect_err("expired");
    assert!(matches!(err, FeedError::NotCurrent { .. }), "{err}");
    assert!(err
        .to_string()
        .contains("could not be confirmed as current since 2026-12-15"));
    assert_eq!(w.client.offer_count().expect("count"), 30);
    let status = w.client.sync_status().expect("status");
    assert!(status
        .feed
        .last_error
        .unwrap_or_default()
        .contains("confirmed as current"));
    // The publisher's daily run signs the unchanged feed anew after half
    // its time (day 8 here), and the device is current again.
    assert!(
        !publish_at(&w, &w.key.clone(), day(3)).changed,
        "signed anew too early"
    );
    assert!(publish_at(&w, &w.key.clone(), day(15)).changed);
    let report = sync_at(&mut w, day(15)).expect("signed anew");
    assert!(report.current && report.sequence == 2, "{report:?}");
}

#[test]
fn a_device_clock_years_wrong_does_not_stop_updates() {
    let mut w = World::new();
    w.publisher.upsert(&batch(scattered(10))).expect("seed");
    publish_at(&w, &w.key.clone(), day(0));
    // Three years ahead: every manifest looks expired, but a newer one is
    // still a step forward, taken and marked as not current.
    let ahead = day(3 * 365);
    let first = sync_at(&mut w, ahead).expect("taken");
    assert!(!first.current);
    w.publisher
        .upsert(&batch(vec![offer("neu", "kita", 52.5, 13.4)]))
        .expect("change");
    publish_at(&w, &w.key.clone(), day(1));
    let second = sync_at(&mut w, ahead).expect("the update arrives");
    assert!(!second.current && second.sequence == 2);
    assert!(w.client.offer("neu").expect("read").is_some());
    // Three years behind: the manifest's own signing time is the floor, so
    // the data is current and no older manifest is taken.
    let behind = day(-3 * 365);
    w.publisher
        .upsert(&batch(vec![offer("neu-2", "kita", 52.6, 13.4)]))
        .expect("change");
    publish_at(&w, &w.key.clone(), day(2));
    assert!(sync_at(&mut w, behind).expect("behind").current);
}

#[test]
fn a_manifest_signed_before_the_last_applied_is_refused_whatever_its_sequence() {
    let mut w = World::new();
    w.publisher.upsert(&batch(scattered(10))).expect("seed");
    publish_at(&w, &w.key.clone(), day(5));
    sync_at(&mut w, day(5)).expect("sync");
    // The same key signs a higher sequence with an older signing time.
    let path = w.feed().join(MANIFEST_FILE);
    let signed = SignedManifest::parse(&std::fs::read(&path).expect("read")).expect("parse");
    let (mut manifest, _) = signed.verify(&[w.pubkey()]).expect("verify");
    manifest.sequence += 1;
    manifest.published_at = day(2).to_rfc3339();
    let again = SignedManifest::sign(&manifest, &w.key).expect("sign");
    std::fs::write(&path, again.to_bytes().expect("bytes")).expect("write");
    let err = sync_at(&mut w, day(6)).expect_err("signed before");
    assert!(matches!(err, FeedError::SignedBefore { .. }), "{err}");
}

#[test]
fn a_revoked_key_is_refused_in_a_feed_a_bundle_and_the_file_confirmation() {
    let mut w = World::new();
    w.publisher.upsert(&batch(scattered(20))).expect("seed");
    let old = w.key.clone();
    publish_at(&w, &old, day(0));
    sync_at(&mut w, day(0)).expect("old key");
    // Keep a file signed by the old key, as a volunteer might pass it on.
    let file = w.dir.path().join("old.lotse");
    export_bundle(&DirTransport::new(w.feed()), &[], &[], &file).expect("bundle");

    // The office rotates to a new key and revokes the old (leaked) one.
    let new = SecretKey::generate().expect("new key");
    w.options.rotate_from = Some(old.clone());
    w.options.revoke = vec![old.public()];
    publish_at(&w, &new, day(1));
    let report = sync_at(&mut w, day(1)).expect("the revocation arrives");
    assert_eq!(report.keys_revoked, [old.public().to_base64()]);

    // A manifest signed by the revoked key, even with a higher sequence.
    w.options.rotate_from = None;
    w.publisher
        .upsert(&batch(vec![offer("boese", "kita", 52.5, 13.4)]))
        .expect("change");
    publish_at(&w, &old, day(2));
    let err = sync_at(&mut w, day(2)).expect_err("revoked");
    assert!(matches!(err, FeedError::RevokedKey(_)), "{err}");
    assert!(w.client.offer("boese").expect("read").is_none());

    // The file signed by the old key: refused at the confirmation and at
    // the import, even when the old key is named as trusted.
    let err = w.client.inspect_file(&file, &[]).expect_err("confirmation");
    assert!(matches!(err, FeedError::RevokedKey(_)), "{err}");
    let cache = w.cache();
    let err = import_bundle(
        &mut w.client,
        &file,
        &[old.public()],
        &[],
        cache,
        &mut |_| {},
    )
    .expect_err("import");
    assert!(matches!(err, FeedError::RevokedKey(_)), "{err}");
}

#[test]
fn a_map_pack_list_signed_by_a_key_past_its_grace_is_refused() {
    let mut w = World::new();
    w.publisher.upsert(&batch(scattered(10))).expect("seed");
    let old = w.key.clone();
    publish_at(&w, &old, day(0));
    sync_at(&mut w, day(0)).expect("old key");
    // The office rotates to a new key; the old one may sign for 30 days.
    let new = SecretKey::generate().expect("new key");
    w.options.rotate_from = Some(old.clone());
    publish_at(&w, &new, day(1));
    let report = sync_at(&mut w, day(1)).expect("the rotation arrives");
    assert_eq!(report.keys_added, [new.public().to_base64()]);

    // Forty days on, someone holding the old key signs a newer manifest.
    w.options.rotate_from = None;
    w.publisher
        .upsert(&batch(vec![offer("alt", "kita", 52.5, 13.4)]))
        .expect("change");
    publish_at(&w, &old, day(40));
    let err = sync_at(&mut w, day(40)).expect_err("the sync refuses it");
    assert!(matches!(err, FeedError::RetiredKey { .. }), "{err}");
    // The map packs' list is checked the same way (it trusted every pinned
    // key with no grace period before).
    let transport = DirTransport::new(w.feed());
    let mut packs = PackDownloader::new(&transport);
    let clock = At(day(40));
    packs.clock = &clock;
    let pin = feed_pin(&w.client).expect("pin");
    let err = packs
        .manifest(&pin, &w.dir.path().join("scratch"))
        .expect_err("the pack list refuses it");
    assert!(matches!(err, FeedError::RetiredKey { .. }), "{err}");
    // Within the grace period the old key's manifest is still good for both.
    let clock = At(day(20));
    packs.clock = &clock;
    packs
        .manifest(&pin, &w.dir.path().join("scratch"))
        .expect("within the grace period");
}
