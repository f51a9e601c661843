//! The embedded demo directory: loads, is fully marked, answers the slice's query.

use geo::Point;
use lotse_core::{demo, Directory, NearestQuery};

#[test]
fn demo_is_seeded_once_and_every_entry_is_marked_fictional() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("lotse.sqlite");
    let mut db = Directory::open(&path).expect("open");
    assert!(db.seed_demo_if_empty().expect("seed"));
    let count = db.offer_count().expect("count");
    assert!(count >= 20, "only {count} demo offers");
    assert!(
        !db.seed_demo_if_empty().expect("second seed"),
        "seeded twice"
    );
    assert_eq!(db.offer_count().expect("count"), count);

    let (_, offers) = demo::demo_directory().expect("parse");
    for o in &offers {
        assert!(o.is_demo, "{} not marked as demo", o.id);
        assert!(
            o.name.starts_with("Demo-"),
            "{} has no visible demo name",
            o.name
        );
        let phone = o.phone.as_deref().unwrap_or_default();
        // Fictional range reserved for media use; no real-looking guesses.
        assert!(
            phone.starts_with("+49 30 23125 "),
            "{} has phone {phone}",
            o.id
        );
        assert!(!o.source.is_empty() && o.last_verified.len() == 10);
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
    let hits = db
        .nearest(&NearestQuery {
            origin: Point::new(11.41, 53.63),
            category: Some("kita".into()),
            k: 5,
        })
        .expect("nearest");
    let names: Vec<&str> = hits.iter().map(|h| h.offer.name.as_str()).collect();
    assert_eq!(names[0], "Demo-Kita Sonnenblume");
    assert!(hits.windows(2).all(|w| w[0].distance_m <= w[1].distance_m));
    assert!(hits.iter().all(|h| h.offer.category_id == "kita"));
    // 53.6321,11.4102 is about 234 m from the query point.
    assert!(
        (hits[0].distance_m - 234.0).abs() < 5.0,
        "{}",
        hits[0].distance_m
    );
    assert_eq!(hits[0].provider_name, "Demo-Träger Nord e. V. (fiktiv)");
}
