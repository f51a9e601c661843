//! Nearest-offer queries against real SQLite files.

use geo::Point;
use lotse_core::geodesy::distance_m;
use lotse_core::model::{Address, Offer, Organization};
use lotse_core::{CoreError, Directory, NearestQuery};

fn offer(id: &str, category: &str, lat: f64, lon: f64) -> Offer {
    Offer {
        id: id.into(),
        organization_id: "org".into(),
        name: format!("Offer {id}"),
        description: String::new(),
        category_id: category.into(),
        address: Address {
            street: "Teststraße 1".into(),
            postcode: "00000".into(),
            city: "Test".into(),
        },
        location: Point::new(lon, lat),
        phone: None,
        email: None,
        website: None,
        source: "test".into(),
        last_verified: "2026-01-01".into(),
        is_demo: false,
    }
}

fn org() -> Vec<Organization> {
    vec![Organization {
        id: "org".into(),
        name: "Test-Träger".into(),
    }]
}

fn file_directory() -> (tempfile::TempDir, Directory) {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = Directory::open(&dir.path().join("lotse.sqlite")).expect("open");
    (dir, db)
}

/// A deterministic pseudo-random grid of offers across Germany and just beyond.
fn scattered_offers(n: usize) -> Vec<Offer> {
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    (0..n)
        .map(|i| {
            let lat = 46.8 + next() * 8.7; // 46.8 .. 55.5 °N
            let lon = 5.5 + next() * 10.0; // 5.5 .. 15.5 °E
            let cat = if i % 3 == 0 {
                "kita"
            } else {
                "migrationsberatung"
            };
            offer(&format!("o{i:05}"), cat, lat, lon)
        })
        .collect()
}

fn brute_force(
    offers: &[Offer],
    origin: Point<f64>,
    category: Option<&str>,
    k: usize,
) -> Vec<(String, f64)> {
    let mut all: Vec<(String, f64)> = offers
        .iter()
        .filter(|o| category.is_none_or(|c| o.category_id == c))
        .map(|o| (o.id.clone(), distance_m(origin, o.location)))
        .collect();
    all.sort_by(|a, b| a.1.total_cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
    all.truncate(k);
    all
}

#[test]
fn nearest_matches_brute_force_across_germany_and_its_edges() {
    let (_tmp, mut db) = file_directory();
    let offers = scattered_offers(3_000);
    db.upsert(&org(), &offers).expect("upsert");
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
            let got = db
                .nearest(&NearestQuery {
                    origin,
                    category: category.map(str::to_owned),
                    k,
                })
                .expect("nearest");
            let want = brute_force(&offers, origin, category, k);
            let got: Vec<(String, f64)> = got
                .into_iter()
                .map(|h| (h.offer.id, h.distance_m))
                .collect();
            assert_eq!(got, want, "origin {lat},{lon} category {category:?} k {k}");
        }
    }
}

#[test]
fn fewer_offers_than_k_returns_all_of_them_sorted() {
    let (_tmp, mut db) = file_directory();
    let offers = vec![
        offer("far", "kita", 48.0, 9.0),
        offer("near", "kita", 53.6, 11.4),
    ];
    db.upsert(&org(), &offers).expect("upsert");
    let hits = db
        .nearest(&NearestQuery {
            origin: Point::new(11.41, 53.63),
            category: Some("kita".into()),
            k: 10,
        })
        .expect("nearest");
    let ids: Vec<&str> = hits.iter().map(|h| h.offer.id.as_str()).collect();
    assert_eq!(ids, ["near", "far"]);
    assert!(hits[0].distance_m < hits[1].distance_m);
}

#[test]
fn an_unknown_category_is_a_typed_error() {
    let (_tmp, db) = file_directory();
    let err = db
        .nearest(&NearestQuery {
            origin: Point::new(11.0, 53.0),
            category: Some("bakery".into()),
            k: 3,
        })
        .expect_err("must fail");
    assert!(
        matches!(err, CoreError::UnknownCategory(ref c) if c == "bakery"),
        "{err}"
    );
}

#[test]
fn an_invalid_offer_rolls_back_the_whole_batch() {
    let (_tmp, mut db) = file_directory();
    let good = offer("good", "kita", 53.0, 11.0);
    let mut bad = offer("bad", "kita", 53.0, 11.0);
    bad.category_id = "bakery".into();
    let err = db.upsert(&org(), &[good, bad]).expect_err("must fail");
    assert!(err.to_string().contains("offer `bad`"), "{err}");
    assert_eq!(db.offer_count().expect("count"), 0);

    let mut orphan = offer("orphan", "kita", 53.0, 11.0);
    orphan.organization_id = "nobody".into();
    let err = db
        .upsert(&org(), &[offer("ok", "kita", 53.0, 11.0), orphan])
        .expect_err("must fail");
    assert!(
        err.to_string().contains("unknown organization `nobody`"),
        "{err}"
    );
    assert_eq!(
        db.offer_count().expect("count"),
        0,
        "the first offer must be rolled back too"
    );
}

#[test]
fn a_moved_offer_is_found_at_its_new_place() {
    let (_tmp, mut db) = file_directory();
    db.upsert(&org(), &[offer("a", "kita", 48.0, 9.0)])
        .expect("upsert");
    db.upsert(&org(), &[offer("a", "kita", 53.63, 11.41)])
        .expect("move");
    let hits = db
        .nearest(&NearestQuery {
            origin: Point::new(11.41, 53.63),
            category: None,
            k: 1,
        })
        .expect("nearest");
    assert!(
        hits[0].distance_m < 1.0,
        "R*Tree not updated: {}",
        hits[0].distance_m
    );
    assert_eq!(db.offer_count().expect("count"), 1);
}
