//! A database written by an earlier schema is migrated in place, data intact.

use geo::Point;
use lotse_core::{Directory, NearestQuery, OfferFilter, SearchQuery, SCHEMA_VERSION};

const V1_SCHEMA: &str = include_str!("../src/storage/offers_v1.sql");

#[test]
fn a_v1_database_is_migrated_with_its_offers_searchable() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("old.sqlite");
    {
        let conn = rusqlite::Connection::open(&path).expect("create");
        conn.execute_batch(V1_SCHEMA).expect("v1 schema");
        conn.execute_batch(
            "INSERT INTO organizations (id, name) VALUES ('o', 'Alter Träger');
             INSERT INTO offers (id, organization_row_id, name, category_id, street, postcode, city,
                                 lat, lon, phone, source, last_verified, is_demo)
             VALUES ('k1', 1, 'Kita Altbestand', 'kita', 'Weg 1', '19055', 'Schwerin',
                     53.63, 11.41, '+49 30 23125 999', 'v1 test', '2025-01-01', 0);
             PRAGMA user_version = 1;",
        )
        .expect("v1 data");
    }
    let db = Directory::open(&path).expect("migrate");
    assert_eq!(db.schema_version().expect("version"), SCHEMA_VERSION);
    let hits = db
        .nearest(&NearestQuery {
            origin: Point::new(11.41, 53.63),
            k: 1,
            max_distance_m: None,
            filter: OfferFilter {
                categories: vec!["kita".into()],
                ..OfferFilter::default()
            },
        })
        .expect("nearest");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].offer.name, "Kita Altbestand");
    assert_eq!(hits[0].offer.phone.as_deref(), Some("+49 30 23125 999"));
    let found = db
        .search(&SearchQuery {
            text: "Altbestand".into(),
            limit: 5,
            ..SearchQuery::default()
        })
        .expect("search");
    assert_eq!(
        found.len(),
        1,
        "migrated offers must be in the full-text index"
    );
}
