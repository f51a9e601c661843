//! Publish → sync through a feed folder: snapshots, deltas, deletions,
//! regions, verification failures, key rotation, a full disk.

use lotse_core::feed::{FeedError, SecretKey, SignedManifest, MANIFEST_FILE};
use lotse_core::sync::{DirTransport, SyncEngine, SyncOptions};

use crate::support::{batch, content, offer, scattered, World};

fn flip_byte(path: &std::path::Path, at: usize) {
    let mut bytes = std::fs::read(path).expect("read");
    let i = at.min(bytes.len() - 1);
    bytes[i] ^= 0x40;
    std::fs::write(path, bytes).expect("write");
}

fn blobs(world: &World) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(world.feed().join("blobs"))
        .expect("blobs")
        .map(|e| e.expect("entry").path())
        .collect();
    v.sort();
    v
}

#[test]
fn a_first_sync_copies_the_publishers_directory_exactly() {
    let mut w = World::new();
    w.publisher.upsert(&batch(scattered(300))).expect("seed");
    let published = w.publish();
    assert!(published.changed);
    let report = w.sync().expect("sync");
    assert_eq!(report.regions.len(), 1);
    assert_eq!(report.regions[0].via, "snapshot");
    assert_eq!(report.regions[0].upserted, 300);
    assert_eq!(content(&w.client), content(&w.publisher));
    let status = w.client.sync_status().expect("status");
    assert_eq!(status.regions[0].version, 1);
    assert_eq!(status.regions[0].entries, 300);
    assert!(status.feed.last_success_at.is_some());
    assert_eq!(status.feed.last_error, None);
}

#[test]
fn what_each_offers_date_is_travels_with_the_feed() {
    use lotse_core::model::DateBasis;
    let mut w = World::new();
    let mut offers = scattered(3);
    offers[1].0.date_basis = DateBasis::AsOf;
    offers[2].0.date_basis = DateBasis::Unknown;
    offers[2].0.last_verified.clear();
    w.publisher.upsert(&batch(offers)).expect("seed");
    w.publish();
    w.sync().expect("sync");
    let mut got: Vec<DateBasis> = content(&w.client)
        .services
        .iter()
        .map(|s| s.date_basis)
        .collect();
    got.sort();
    assert_eq!(
        got,
        [DateBasis::Checked, DateBasis::AsOf, DateBasis::Unknown]
    );
    assert_eq!(content(&w.client), content(&w.publisher));
}

#[test]
fn changes_and_deletions_arrive_as_a_delta() {
    let mut w = World::new();
    let items = scattered(200);
    w.publisher.upsert(&batch(items.clone())).expect("seed");
    w.publish();
    w.sync().expect("first");

    // Change one, add one, delete one.
    let (mut changed, l, sal) = items[5].clone();
    changed.name = "Neuer Name".into();
    w.publisher
        .upsert(&batch(vec![
            (changed, l, sal),
            offer("neu", "kita", 53.6, 11.4),
        ]))
        .expect("change");
    let republished = w.publish();
    assert!(republished.regions[0].delta_bytes.is_some());
    let report = w.sync().expect("delta");
    assert_eq!(report.regions[0].via, "deltas");
    assert_eq!(report.regions[0].upserted, 2);
    assert_eq!(content(&w.client), content(&w.publisher));

    // Applying again changes nothing.
    let again = w.sync().expect("again");
    assert_eq!(again.regions[0].via, "unchanged");
    assert_eq!(content(&w.client), content(&w.publisher));
}

#[test]
fn a_service_removed_by_the_publisher_leaves_the_client() {
    let mut w = World::new();
    w.publisher.upsert(&batch(scattered(50))).expect("seed");
    w.publish();
    w.sync().expect("first");
    // A new publisher database without o00007: the next publish deletes it.
    let path = w.dir.path().join("publisher2.sqlite");
    let mut next = lotse_core::Directory::open(&path).expect("open");
    let mut items = scattered(50);
    items.remove(7);
    next.upsert(&batch(items)).expect("seed2");
    w.publisher = next;
    w.publish();
    let report = w.sync().expect("delta");
    assert_eq!(report.regions[0].deleted, 1);
    assert!(w.client.offer("o00007").expect("read").is_none());
    assert_eq!(content(&w.client), content(&w.publisher));
}

#[test]
fn overlapping_regions_keep_shared_offers_until_the_last_one_goes() {
    let regions = r#"
        [[region]]
        id = "nord"
        name = "Nord"
        bbox = [5.0, 51.0, 16.0, 56.0]
        [[region]]
        id = "mitte"
        name = "Mitte"
        bbox = [5.0, 50.0, 16.0, 52.0]
    "#;
    let mut w = World::new().with_regions(regions);
    w.publisher.upsert(&batch(scattered(400))).expect("seed");
    w.publish();
    w.sync_with(&["nord", "mitte"]).expect("sync");
    let both = w.client.offer_count().expect("count");
    w.client.unsubscribe_region("mitte").expect("unsubscribe");
    let nord_only = w.client.offer_count().expect("count");
    assert!(nord_only < both);
    // Offers between 51° and 52° are in both regions and stay.
    let shared = scattered(400)
        .into_iter()
        .find(|(_, l, _)| (51.0..=52.0).contains(&l.point.y()))
        .expect("a shared offer");
    assert!(w.client.offer(&shared.2.id).expect("read").is_some());
    // The last kept region stays: with none kept, the next update would
    // fetch every region of the feed.
    match w.client.unsubscribe_region("nord") {
        Err(FeedError::LastRegion(id)) => assert_eq!(id, "nord"),
        other => panic!("expected LastRegion, got {other:?}"),
    }
    assert_eq!(w.client.offer_count().expect("count"), nord_only);
}

#[test]
fn a_tampered_manifest_is_rejected_and_nothing_changes() {
    let mut w = World::new();
    w.publisher.upsert(&batch(scattered(20))).expect("seed");
    w.publish();
    let path = w.feed().join(MANIFEST_FILE);
    let mut signed = SignedManifest::parse(&std::fs::read(&path).expect("read")).expect("parse");
    signed.manifest = signed
        .manifest
        .replace("\"publisher\":\"Lotse\"", "\"publisher\":\"Evil\"");
    std::fs::write(&path, signed.to_bytes().expect("bytes")).expect("write");
    let err = w.sync().expect_err("tampered");
    assert!(matches!(err, FeedError::BadSignature), "{err}");
    assert_eq!(w.client.offer_count().expect("count"), 0);
    let status = w.client.sync_status().expect("status");
    assert!(status
        .feed
        .last_error
        .expect("recorded")
        .contains("signature"));
}

#[test]
fn a_feed_signed_by_another_key_is_rejected() {
    let mut w = World::new();
    w.publisher.upsert(&batch(scattered(20))).expect("seed");
    w.publish();
    w.key = SecretKey::generate().expect("other");
    let transport = DirTransport::new(w.feed());
    let engine = SyncEngine::new(&transport, w.cache());
    let options = SyncOptions {
        feed: "x".into(),
        pubkeys: vec![w.pubkey()],
        ..SyncOptions::default()
    };
    let err = engine
        .sync(&mut w.client, &options, &mut |_| {})
        .expect_err("wrong key");
    assert!(matches!(err, FeedError::UntrustedKey(_)), "{err}");
    assert_eq!(w.client.offer_count().expect("count"), 0);
}

#[test]
fn a_replayed_older_manifest_is_rejected() {
    let mut w = World::new();
    w.publisher.upsert(&batch(scattered(20))).expect("seed");
    w.publish();
    let old = std::fs::read(w.feed().join(MANIFEST_FILE)).expect("old manifest");
    w.publisher
        .upsert(&batch(vec![offer("neu", "kita", 52.5, 13.4)]))
        .expect("change");
    w.publish();
    w.sync().expect("sync to 2");
    std::fs::write(w.feed().join(MANIFEST_FILE), old).expect("replay");
    let err = w.sync().expect_err("replay");
    assert!(
        matches!(
            err,
            FeedError::Replayed {
                offered: 1,
                accepted: 2
            }
        ),
        "{err}"
    );
    assert!(w.client.offer("neu").expect("read").is_some());
}

#[test]
fn a_flipped_byte_in_a_snapshot_is_caught_by_its_hash() {
    let mut w = World::new();
    w.publisher.upsert(&batch(scattered(50))).expect("seed");
    w.publish();
    let blob = blobs(&w).into_iter().next().expect("a blob");
    flip_byte(&blob, 100);
    let err = w.sync().expect_err("corrupt");
    assert!(matches!(err, FeedError::HashMismatch { .. }), "{err}");
    assert_eq!(w.client.offer_count().expect("count"), 0);
}

#[test]
fn a_rotated_key_is_followed_when_announced_by_the_old_one() {
    let mut w = World::new();
    w.publisher.upsert(&batch(scattered(20))).expect("seed");
    w.publish();
    w.sync().expect("first");
    let old = w.key.clone();
    let old_public = old.public();
    w.key = SecretKey::generate().expect("new");
    w.options.rotate_from = Some(old);
    w.publisher
        .upsert(&batch(vec![offer("neu", "kita", 52.5, 13.4)]))
        .expect("change");
    w.publish();
    // The client only knows the old key.
    let transport = DirTransport::new(w.feed());
    let engine = SyncEngine::new(&transport, w.cache());
    let options = SyncOptions {
        feed: w.feed().display().to_string(),
        pubkeys: vec![old_public],
        ..SyncOptions::default()
    };
    let report = engine
        .sync(&mut w.client, &options, &mut |_| {})
        .expect("rotated");
    assert_eq!(report.keys_added, vec![w.pubkey().to_base64()]);
    let status = w.client.sync_status().expect("status");
    assert!(status.feed.trusted_keys.contains(&w.pubkey()));
}

#[test]
fn a_full_disk_fails_the_sync_cleanly_and_the_next_one_resumes() {
    let mut w = World::new();
    w.publisher.upsert(&batch(scattered(500))).expect("seed");
    w.publish();
    let transport = DirTransport::new(w.feed());
    let mut engine = SyncEngine::new(&transport, w.cache());
    engine.open_sink = Box::new(|path, append| {
        let file = lotse_core::sync::open_file(path, append)?;
        Ok(Box::new(FullAfter {
            inner: file,
            left: 4096,
        }))
    });
    let options = SyncOptions {
        feed: "x".into(),
        pubkeys: vec![w.pubkey()],
        ..SyncOptions::default()
    };
    let err = engine
        .sync(&mut w.client, &options, &mut |_| {})
        .expect_err("disk full");
    assert!(
        matches!(&err, FeedError::Io { source, .. } if source.kind() == std::io::ErrorKind::StorageFull),
        "{err}"
    );
    assert_eq!(w.client.offer_count().expect("count"), 0);
    w.sync().expect("after freeing space");
    assert_eq!(content(&w.client), content(&w.publisher));
}

/// A writer that fails like a full disk after `left` bytes.
struct FullAfter {
    inner: Box<dyn std::io::Write>,
    left: usize,
}

impl std::io::Write for FullAfter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.left == 0 {
            return Err(std::io::Error::from(std::io::ErrorKind::StorageFull));
        }
        let n = buf.len().min(self.left);
        self.left -= n;
        self.inner.write(&buf[..n])
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}
