//! Nearest-offer queries against real SQLite files.

use geo::Point;
use lotse_core::geodesy::distance_m;
use lotse_core::model::{Fees, ServiceStatus};
use lotse_core::{CoreError, NearestQuery, OfferFilter};

use crate::support::{batch, file_directory, offer, scattered};

fn query(lat: f64, lon: f64, categories: &[&str], k: usize) -> NearestQuery {
    NearestQuery {
        origin: Point::new(lon, lat),
        k,
        max_distance_m: None,
        filter: OfferFilter {
            categories: categories.iter().map(|c| c.to_string()).collect(),
            ..OfferFilter::default()
        },
        names_in: None,
    }
}

#[test]
fn nearest_matches_brute_force_across_germany_and_its_edges() {
    let (_tmp, mut db) = file_directory();
    let items = scattered(3_000);
    let points: Vec<(String, String, Point<f64>)> = items
        .iter()
        .map(|(s, l, sal)| (sal.id.clone(), s.categories[0].clone(), l.point))
        .collect();
    db.upsert(&batch(items)).expect("upsert");
    // Corners and edges of Germany's bounding box, a city, and points outside.
    let origins = [
        (53.63, 11.41),
        (47.27, 5.87),
        (55.06, 15.04),
        (47.0, 15.0),
        (55.0, 6.0),
        (50.0, 10.0),
        (60.0, 2.0),
    ];
    for (lat, lon) in origins {
        let origin = Point::new(lon, lat);
        for (category, k) in [(None, 1), (None, 10), (Some("kita"), 7), (Some("kita"), 50)] {
            let cats: Vec<&str> = category.into_iter().collect();
            let got = db.nearest(&query(lat, lon, &cats, k)).expect("nearest");
            let mut want: Vec<(String, f64)> = points
                .iter()
                .filter(|(_, c, _)| category.is_none_or(|want| c == want))
                .map(|(id, _, p)| (id.clone(), distance_m(origin, *p)))
                .collect();
            want.sort_by(|a, b| a.1.total_cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
            want.truncate(k);
            let got: Vec<(String, f64)> = got
                .into_iter()
                .map(|h| (h.offer.id, h.distance_m))
                .collect();
            assert_eq!(got, want, "origin {lat},{lon} category {category:?} k {k}");
        }
    }
}

#[test]
fn filters_for_language_fees_target_group_status_and_distance() {
    let (_tmp, mut db) = file_directory();
    let mut near = offer("near", "migrationsberatung", 53.631, 11.41);
    near.0.languages = vec!["de".into()];
    let mut arabic = offer("arabic", "migrationsberatung", 53.64, 11.41);
    arabic.0.languages = vec!["de".into(), "ar".into()];
    arabic.0.fees = Fees {
        free: Some(true),
        description: None,
    };
    arabic.0.target_groups = vec!["refugees".into()];
    let mut closed = offer("closed", "migrationsberatung", 53.6301, 11.41);
    closed.0.status = ServiceStatus::Defunct;
    let mut paused = offer("paused", "migrationsberatung", 53.6302, 11.41);
    paused.0.status = ServiceStatus::TemporarilyClosed;
    let mut far_arabic = offer("far-arabic", "migrationsberatung", 48.77, 9.18);
    far_arabic.1.languages = vec!["ar".into()]; // spoken at the location
    db.upsert(&batch(vec![near, arabic, closed, paused, far_arabic]))
        .expect("upsert");

    let ids = |q: &NearestQuery| -> Vec<String> {
        db.nearest(q)
            .expect("nearest")
            .into_iter()
            .map(|h| h.offer.id)
            .collect()
    };
    let mut q = query(53.63, 11.41, &["migrationsberatung"], 10);
    assert_eq!(
        ids(&q),
        ["paused", "near", "arabic", "far-arabic"],
        "defunct offers are never listed"
    );
    q.filter.languages = vec!["ar".into()];
    assert_eq!(ids(&q), ["arabic", "far-arabic"]);
    q.max_distance_m = Some(50_000.0);
    assert_eq!(ids(&q), ["arabic"]);
    q.max_distance_m = None;
    q.filter.languages.clear();
    q.filter.free_only = true;
    assert_eq!(ids(&q), ["arabic"]);
    q.filter.free_only = false;
    q.filter.target_group = Some("refugees".into());
    assert_eq!(ids(&q), ["arabic"]);
}

#[test]
fn fewer_offers_than_k_returns_all_of_them_sorted() {
    let (_tmp, mut db) = file_directory();
    db.upsert(&batch(vec![
        offer("far", "kita", 48.0, 9.0),
        offer("near", "kita", 53.6, 11.4),
    ]))
    .expect("upsert");
    let hits = db
        .nearest(&query(53.63, 11.41, &["kita"], 10))
        .expect("nearest");
    let ids: Vec<&str> = hits.iter().map(|h| h.offer.id.as_str()).collect();
    assert_eq!(ids, ["near", "far"]);
}

#[test]
fn an_unknown_category_is_a_typed_error() {
    let (_tmp, db) = file_directory();
    let err = db
        .nearest(&query(53.0, 11.0, &["bakery"], 3))
        .expect_err("must fail");
    assert!(
        matches!(err, CoreError::UnknownCategory(ref c) if c == "bakery"),
        "{err}"
    );
}

#[test]
fn an_invalid_record_rolls_back_the_whole_batch() {
    let (_tmp, mut db) = file_directory();
    let good = offer("good", "kita", 53.0, 11.0);
    let mut bad = offer("bad", "kita", 53.0, 11.0);
    bad.0.categories = vec!["bakery".into()];
    let err = db.upsert(&batch(vec![good, bad])).expect_err("must fail");
    assert!(
        err.to_string()
            .contains("service `bad-svc`: unknown category `bakery`"),
        "{err}"
    );
    assert_eq!(db.offer_count().expect("count"), 0);

    let mut orphan = offer("orphan", "kita", 53.0, 11.0);
    orphan.2.location_id = "nowhere".into();
    let err = db
        .upsert(&batch(vec![offer("ok", "kita", 53.0, 11.0), orphan]))
        .expect_err("must fail");
    assert!(
        err.to_string().contains("unknown location `nowhere`"),
        "{err}"
    );
    assert_eq!(
        db.offer_count().expect("count"),
        0,
        "the first offer must be rolled back too"
    );
}

#[test]
fn a_moved_location_is_found_at_its_new_place_and_reimport_changes_nothing() {
    let (_tmp, mut db) = file_directory();
    db.upsert(&batch(vec![offer("a", "kita", 48.0, 9.0)]))
        .expect("upsert");
    db.upsert(&batch(vec![offer("a", "kita", 53.63, 11.41)]))
        .expect("move");
    db.upsert(&batch(vec![offer("a", "kita", 53.63, 11.41)]))
        .expect("same again");
    let hits = db.nearest(&query(53.63, 11.41, &[], 5)).expect("nearest");
    assert_eq!(hits.len(), 1);
    assert!(
        hits[0].distance_m < 1.0,
        "R*Tree not updated: {}",
        hits[0].distance_m
    );
    assert_eq!(db.offer_count().expect("count"), 1);
}

#[test]
fn a_recategorised_service_moves_between_category_filters() {
    let (_tmp, mut db) = file_directory();
    db.upsert(&batch(vec![offer("a", "kita", 53.63, 11.41)]))
        .expect("upsert");
    let mut changed = offer("a", "hort", 53.63, 11.41);
    changed.0.categories = vec!["hort".into()];
    db.upsert(&batch(vec![changed])).expect("recategorise");
    assert!(db
        .nearest(&query(53.63, 11.41, &["kita"], 5))
        .expect("kita")
        .is_empty());
    assert_eq!(
        db.nearest(&query(53.63, 11.41, &["hort"], 5))
            .expect("hort")
            .len(),
        1
    );
}

#[test]
fn export_batch_returns_exactly_what_was_written() {
    let (_tmp, mut db) = file_directory();
    let mut items = scattered(20);
    items[0].0.languages = vec!["de".into(), "ar".into()];
    items[0].0.funders = vec!["ESF Plus".into(), "Land MV".into()];
    items[0].0.phones = vec![lotse_core::model::Phone {
        number: "+49 30 23125 001".into(),
        kind: Some("voice".into()),
        description: None,
    }];
    items[0].1.languages = vec!["uk".into()];
    items[0].2.opening_hours = Some("Mo-Fr 09:00-12:00".into());
    let written = batch(items);
    db.upsert(&written).expect("upsert");
    let mut read = db.export_batch().expect("export");
    let mut want = written.clone();
    for b in [&mut read, &mut want] {
        b.services.sort_by(|a, c| a.id.cmp(&c.id));
        b.locations.sort_by(|a, c| a.id.cmp(&c.id));
        b.service_at_locations.sort_by(|a, c| a.id.cmp(&c.id));
    }
    assert_eq!(read, want);
}

#[test]
fn an_index_prepared_by_the_writing_connection_serves_another_connection() {
    let (tmp, window) = file_directory();
    let path = tmp.path().join("lotse.sqlite");
    assert!(window
        .nearest(&query(53.63, 11.41, &[], 5))
        .expect("before")
        .is_empty());
    // A worker (its own connection) writes, then hands its index over.
    let mut worker = lotse_core::Directory::open(&path).expect("worker");
    worker
        .upsert(&batch(vec![offer("a", "kita", 53.63, 11.41)]))
        .expect("upsert");
    window.adopt_index(worker.prepare_index().expect("prepare"));
    let hits = window.nearest(&query(53.63, 11.41, &[], 5)).expect("after");
    assert_eq!(hits.len(), 1, "the adopted index has the worker's offer");
    assert_eq!(hits[0].offer.id, "a");
}
