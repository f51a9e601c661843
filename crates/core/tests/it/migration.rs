//! A database written by an earlier schema is migrated in place, data intact.

use geo::Point;
use lotse_core::{Directory, NearestQuery, OfferFilter, SearchQuery, SCHEMA_VERSION};

const V1_SCHEMA: &str = include_str!("../../src/storage/offers_v1.sql");

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
            names_in: None,
        })
        .expect("nearest");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].offer.name, "Kita Altbestand");
    assert_eq!(hits[0].offer.phone.as_deref(), Some("+49 30 23125 999"));
    // Dates stored before v11 stay what they were stored as: checks.
    assert_eq!(
        (
            hits[0].offer.last_verified.as_str(),
            hits[0].offer.date_basis
        ),
        ("2025-01-01", lotse_core::model::DateBasis::Checked)
    );
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

/// Schema v6 as earlier releases created it.
const V6_SCHEMA: [&str; 6] = [
    V1_SCHEMA,
    include_str!("../../src/storage/directory_v2.sql"),
    include_str!("../../src/storage/summary_v3.sql"),
    include_str!("../../src/storage/search_v4.sql"),
    include_str!("../../src/storage/lean_v5.sql"),
    include_str!("../../src/sync/sync_v6.sql"),
];

#[test]
fn a_v6_database_keeps_its_categories_and_languages_in_the_list_columns() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("v6.sqlite");
    {
        let conn = rusqlite::Connection::open(&path).expect("create");
        for sql in V6_SCHEMA {
            conn.execute_batch(sql).expect("v6 schema");
        }
        // The child tables hold the lists; v6's language correction left a
        // summary that disagrees with them (unsorted, repeated).
        conn.execute_batch(
            "INSERT INTO organizations (id, name) VALUES ('o', 'Alter Träger');
             INSERT INTO services (id, organization_row_id, name, source, last_verified,
                                   category_mask, summary_categories, summary_languages)
             VALUES ('s', 1, 'Familienzentrum Altbestand', 'v6 test', '2025-01-01', 3,
                     'kita migrationsberatung', 'uk de uk');
             INSERT INTO service_categories VALUES (1, 'kita', 0), (1, 'migrationsberatung', 1);
             INSERT INTO service_languages VALUES (1, 'de', 0), (1, 'uk', 1);
             INSERT INTO locations (id, street, postcode, city, lat, lon) VALUES
                 ('l', 'Weg 1', '19055', 'Schwerin', 53.63, 11.41);
             INSERT INTO location_languages VALUES (1, 'ar', 0);
             INSERT INTO service_at_location (id, service_row_id, location_row_id) VALUES ('a', 1, 1);
             PRAGMA user_version = 6;",
        )
        .expect("v6 data");
    }
    let db = Directory::open(&path).expect("migrate");
    assert_eq!(db.schema_version().expect("version"), SCHEMA_VERSION);
    let batch = db.export_batch().expect("export");
    assert_eq!(batch.services[0].categories, ["kita", "migrationsberatung"]);
    assert_eq!(batch.services[0].languages, ["de", "uk"]);
    assert_eq!(batch.locations[0].languages, ["ar"]);
    let stats = db.stats().expect("stats");
    assert_eq!(stats.by_category.len(), 2);
    assert_eq!(
        stats.by_language,
        [("de".to_owned(), 1), ("uk".to_owned(), 1)]
    );
    for text in ["Altbest", "Kita", "детский сад", "Migrationsberatung"] {
        let found = db
            .search(&SearchQuery {
                text: text.into(),
                limit: 5,
                ..SearchQuery::default()
            })
            .expect("search");
        assert_eq!(found.len(), 1, "{text}");
        assert_eq!(found[0].offer.languages, ["de", "uk", "ar"], "{text}");
    }
}
