//! Full-text search against a real SQLite file.

use geo::Point;
use lotse_core::model::Translation;
use lotse_core::{Directory, SearchQuery};

use crate::support::{batch, file_directory, offer};

fn names(db: &Directory, text: &str) -> Vec<String> {
    let q = SearchQuery {
        text: text.into(),
        limit: 20,
        ..SearchQuery::default()
    };
    db.search(&q)
        .expect("search")
        .into_iter()
        .map(|h| h.offer.name)
        .collect()
}

fn directory() -> (tempfile::TempDir, Directory) {
    let (tmp, mut db) = file_directory();
    let mut kita = offer("kita", "kita", 53.63, 11.41);
    kita.0.name = "Kindertagesstätte Am Park".into();
    let mut mbe = offer("mbe", "migrationsberatung", 53.64, 11.41);
    mbe.0.name = "Migrationsberatung für Erwachsene".into();
    mbe.0.description = "Beratung zu Aufenthalt und Arbeit".into();
    mbe.0.translations = vec![Translation {
        lang: "uk".into(),
        name: "Консультація для мігрантів".into(),
        description: None,
    }];
    let mut far_mbe = offer("far", "migrationsberatung", 48.77, 9.18);
    far_mbe.0.name = "Migrationsberatung Süd".into();
    let mut kurs = offer("kurs", "sprachkurs", 53.62, 11.40);
    kurs.0.name = "Integrationskurs Mitte".into();
    kurs.1.address.city = "Schwerin".into();
    db.upsert(&batch(vec![kita, mbe, far_mbe, kurs]))
        .expect("upsert");
    (tmp, db)
}

#[test]
fn words_match_as_prefixes_in_any_field() {
    let (_tmp, db) = directory();
    assert_eq!(names(&db, "Kinderta"), ["Kindertagesstätte Am Park"]);
    assert_eq!(
        names(&db, "schwer integrations"),
        ["Integrationskurs Mitte"]
    );
    assert!(names(&db, "Beratung").contains(&"Migrationsberatung für Erwachsene".to_owned()));
    assert!(names(&db, "nichtsdergleichen").is_empty());
}

#[test]
fn categories_are_found_through_their_labels_in_every_language() {
    let (_tmp, db) = directory();
    for text in ["Kita", "كيتا", "детский сад", "daycare", "kreş"] {
        assert_eq!(
            names(&db, text),
            ["Kindertagesstätte Am Park"],
            "query {text}"
        );
    }
    // A translated service name is searchable too.
    assert_eq!(
        names(&db, "мігрантів"),
        ["Migrationsberatung für Erwachsene"]
    );
}

#[test]
fn typos_are_tolerated_after_exact_matches() {
    let (_tmp, db) = directory();
    assert_eq!(names(&db, "Integrationskrus"), ["Integrationskurs Mitte"]);
    assert!(names(&db, "Migrationsberatunk").len() == 2);
}

#[test]
fn with_a_point_equal_matches_are_ordered_by_distance() {
    let (_tmp, db) = directory();
    let near_stuttgart = SearchQuery {
        text: "Migrationsberatung".into(),
        near: Some(Point::new(9.18, 48.77)),
        limit: 10,
        ..SearchQuery::default()
    };
    let hits = db.search(&near_stuttgart).expect("search");
    assert_eq!(hits.len(), 2);
    assert_eq!(hits[0].offer.name, "Migrationsberatung Süd", "{hits:?}");
    assert!(hits[0].distance_m.expect("distance") < 1_000.0);
}

#[test]
fn typo_matches_follow_writes_on_this_and_other_connections() {
    let (tmp, mut db) = directory();
    // Reads (and keeps) the index's words starting with "w".
    assert!(names(&db, "Wohnungsbörze").is_empty());
    let mut wohnen = offer("wohnen", "wohnen", 53.60, 11.40);
    wohnen.0.name = "Wohnungsbörse Nord".into();
    db.upsert(&batch(vec![wohnen])).expect("upsert");
    assert_eq!(names(&db, "Wohnungsbörze"), ["Wohnungsbörse Nord"]);

    // Another connection (a sync on a worker thread) adds a word.
    assert!(names(&db, "Wohnzimmerkonsert").is_empty());
    let mut other = Directory::open(&tmp.path().join("lotse.sqlite")).expect("second connection");
    let mut konzert = offer("konzert", "wohnen", 53.61, 11.40);
    konzert.0.name = "Wohnzimmerkonzert".into();
    other
        .upsert(&batch(vec![konzert]))
        .expect("upsert elsewhere");
    assert_eq!(names(&db, "Wohnzimmerkonsert"), ["Wohnzimmerkonzert"]);
}

#[test]
fn offers_never_listed_do_not_crowd_out_the_best_matches() {
    let (_tmp, mut db) = file_directory();
    // More closed offers than one short ranking pass looks at, all ranked
    // first (the word is in their names), then one open offer.
    let mut items = Vec::new();
    for i in 0..60 {
        let mut closed = offer(&format!("closed-{i}"), "kita", 53.6, 11.4);
        closed.0.name = format!("Sonnenblume Sonnenblume {i}");
        closed.0.status = lotse_core::model::ServiceStatus::Defunct;
        items.push(closed);
    }
    let mut open = offer("open", "kita", 53.6, 11.4);
    open.0.name = "Kinderhaus".into();
    open.0.description = "Sonnenblume".into();
    items.push(open);
    db.upsert(&batch(items)).expect("upsert");
    let q = SearchQuery {
        text: "Sonnenblume".into(),
        limit: 5,
        ..SearchQuery::default()
    };
    let hits = db.search(&q).expect("search");
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].offer.name, "Kinderhaus");
}
