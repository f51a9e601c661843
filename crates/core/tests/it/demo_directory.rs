//! The embedded demo directory: loads, is fully marked, answers the slice's query.

use geo::Point;
use lotse_core::{demo, Directory, NearestQuery, OfferFilter};

#[test]
fn demo_is_seeded_once_and_every_entry_is_marked_fictional() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("lotse.sqlite");
    let mut db = Directory::open(&path).expect("open");
    assert!(db.seed_demo_if_empty().expect("seed"));
    let count = db.offer_count().expect("count");
    assert_eq!(count, 25);
    assert!(
        !db.seed_demo_if_empty().expect("second seed"),
        "seeded twice"
    );
    assert_eq!(db.offer_count().expect("count"), count);

    let batch = demo::demo_directory().expect("parse");
    for s in &batch.services {
        assert!(s.is_demo, "{} not marked as demo", s.id);
        assert!(
            s.name.starts_with("Demo-"),
            "{} has no visible demo name",
            s.name
        );
        for phone in &s.phones {
            // Fictional range reserved for media use; no real-looking guesses.
            assert!(
                phone.number.starts_with("+49 30 23125 "),
                "{} has phone {}",
                s.id,
                phone.number
            );
        }
        assert!(!s.source.is_empty() && s.last_verified.len() == 10);
    }

    // Reopen: the data survives in the file.
    drop(db);
    let db = Directory::open(&path).expect("reopen");
    assert_eq!(db.offer_count().expect("count"), count);
}

#[test]
fn nearest_kita_to_schwerin_19055_is_sonnenblume() {
    let mut db = Directory::open_in_memory().expect("open");
    db.seed_demo_if_empty().expect("seed");
    let query = NearestQuery {
        origin: Point::new(11.41, 53.63),
        k: 5,
        max_distance_m: None,
        filter: OfferFilter {
            categories: vec!["kita".into()],
            ..OfferFilter::default()
        },
        names_in: None,
    };
    let hits = db.nearest(&query).expect("nearest");
    let names: Vec<&str> = hits.iter().map(|h| h.offer.name.as_str()).collect();
    assert_eq!(names[0], "Demo-Kita Sonnenblume");
    assert!(hits.windows(2).all(|w| w[0].distance_m <= w[1].distance_m));
    assert!(hits.iter().all(|h| h.offer.categories == ["kita"]));
    // 53.6321,11.4102 is 233.9 m from the query point (independent Python haversine).
    assert!(
        (hits[0].distance_m - 233.9).abs() < 0.5,
        "{}",
        hits[0].distance_m
    );
    assert_eq!(hits[0].offer.provider, "Demo-Träger Nord e. V. (fiktiv)");
}
