//! Property: whatever the publisher does, and whenever a client syncs (after
//! every publish, after several, by deltas or by snapshot), the client ends
//! at the publisher's state; applying the same delta twice changes nothing.

use lotse_core::feed::{FeedError, RegionData, SignedManifest, MANIFEST_FILE};
use lotse_core::sync::Applied;
use lotse_core::Directory;
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

use crate::support::{batch, content, offer, World};

/// One publisher state: which of 12 offers exist, and a rename counter each.
fn state(live: &[bool], names: &[u8]) -> lotse_core::model::DirectoryBatch {
    let items = live
        .iter()
        .zip(names)
        .enumerate()
        .filter(|(_, (on, _))| **on)
        .map(|(i, (_, n))| {
            let (mut s, l, sal) = offer(
                &format!("o{i:02}"),
                if i % 2 == 0 { "kita" } else { "sprachkurs" },
                50.0 + i as f64 * 0.3,
                8.0 + i as f64 * 0.2,
            );
            s.name = format!("Angebot {i} v{n}");
            (s, l, sal)
        })
        .collect();
    batch(items)
}

fn replace_publisher(w: &mut World, round: usize, b: &lotse_core::model::DirectoryBatch) {
    let mut db = Directory::open(&w.dir.path().join(format!("pub-{round}.sqlite"))).expect("open");
    db.upsert(b).expect("write");
    w.publisher = db;
}

/// 24 cases. The seeds of past failures are read from (and new ones written
/// to) `sync_properties.proptest-regressions` beside this file; proptest's
/// default, now that `tests/it/` has a `main.rs`, would be
/// `tests/proptest-regressions/sync_properties.txt`.
fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 24,
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_interleaving_of_publishes_and_syncs_converges(
        steps in prop::collection::vec(
            (prop::collection::vec(any::<bool>(), 12), prop::collection::vec(0u8..4, 12), any::<bool>()),
            1..7,
        ),
        keep_deltas in 1usize..4,
    ) {
        let mut w = World::new();
        w.options.keep_deltas = keep_deltas;
        for (round, (live, names, sync_now)) in steps.iter().enumerate() {
            replace_publisher(&mut w, round, &state(live, names));
            w.publish();
            if *sync_now {
                w.sync().expect("sync");
                prop_assert_eq!(content(&w.client), content(&w.publisher));
            }
        }
        w.sync().expect("final sync");
        prop_assert_eq!(content(&w.client), content(&w.publisher));
        // A second sync with nothing new changes nothing.
        let again = w.sync().expect("again");
        prop_assert!(again.regions.iter().all(|r| r.via == "unchanged"));
        prop_assert_eq!(content(&w.client), content(&w.publisher));
    }
}

#[test]
fn withdrawing_every_offer_empties_the_client() {
    let mut w = World::new();
    replace_publisher(&mut w, 0, &state(&[true; 12], &[0; 12]));
    w.publish();
    w.sync().expect("v1");
    assert_eq!(content(&w.client).services.len(), 12);
    replace_publisher(&mut w, 1, &state(&[false; 12], &[0; 12]));
    w.publish();
    w.sync().expect("v2");
    let left = content(&w.client);
    assert!(left.services.is_empty() && left.organizations.is_empty());
    assert_eq!(w.client.offer_count().expect("count"), 0);
}

#[test]
fn the_same_delta_applied_twice_is_a_no_op() {
    let mut w = World::new();
    replace_publisher(&mut w, 0, &state(&[true; 12], &[0; 12]));
    w.publish();
    w.sync().expect("v1");
    replace_publisher(&mut w, 1, &state(&[true; 12], &[1; 12]));
    w.publish();
    let feed = w.feed();
    let manifest = read_manifest(&feed);
    let delta = &manifest.regions[0].deltas[0];
    let data = RegionData::decode(
        &std::fs::read(feed.join(&delta.blob.path)).expect("blob"),
        "delta",
    )
    .expect("decode");
    let first = w.client.apply_region_data("de", &data).expect("once");
    assert_eq!(first.upserted, 12);
    let after_once = content(&w.client);
    assert_eq!(after_once, content(&w.publisher));
    let second = w.client.apply_region_data("de", &data).expect("twice");
    assert_eq!(second, Applied::default());
    assert_eq!(content(&w.client), after_once);
}

#[test]
fn a_delta_whose_base_does_not_match_is_refused_and_changes_nothing() {
    let mut w = World::new();
    for round in 0..3u8 {
        replace_publisher(&mut w, round.into(), &state(&[true; 12], &[round; 12]));
        w.publish();
        if round == 0 {
            w.sync().expect("v1");
        }
    }
    let feed = w.feed();
    let manifest = read_manifest(&feed);
    // The client is at 1; the delta 2 → 3 does not start there.
    let step = manifest.regions[0]
        .deltas
        .iter()
        .find(|d| d.from == 2)
        .expect("2 -> 3");
    let data = RegionData::decode(
        &std::fs::read(feed.join(&step.blob.path)).expect("blob"),
        "delta",
    )
    .expect("decode");
    let before = content(&w.client);
    let err = w
        .client
        .apply_region_data("de", &data)
        .expect_err("base mismatch");
    assert!(
        matches!(err, FeedError::DeltaBase { at: 1, base: 2, .. }),
        "{err}"
    );
    assert_eq!(content(&w.client), before);
    assert_eq!(
        w.client.sync_status().expect("status").regions[0].version,
        1
    );
}

fn read_manifest(feed: &std::path::Path) -> lotse_core::feed::Manifest {
    let signed = SignedManifest::parse(&std::fs::read(feed.join(MANIFEST_FILE)).expect("manifest"))
        .expect("parse");
    serde_json::from_str(&signed.manifest).expect("manifest text")
}
