//! A large write sets secondary indexes aside and builds them again inside
//! its transaction: afterwards (or after a failure) the schema is whole.

mod common;

use common::{batch, file_directory, scattered};

const DEFERRED: [&str; 3] = [
    "services_by_organization",
    "sal_by_service",
    "sal_by_location",
];

fn indexes(path: &std::path::Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(path).expect("raw open");
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .expect("prepare");
    let names = stmt
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("names");
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity");
    assert_eq!(ok, "ok");
    names
}

#[test]
fn a_large_import_leaves_every_index_in_place_and_usable() {
    let (dir, mut db) = file_directory();
    let path = dir.path().join("lotse.sqlite");
    let before = indexes(&path);
    for name in DEFERRED {
        assert!(before.iter().any(|n| n == name), "{name} missing before");
    }
    let items = scattered(5_000);
    db.upsert(&batch(items.clone())).expect("large import");
    assert_eq!(indexes(&path), before);
    // A second large batch over the same rows updates them through the
    // rebuilt indexes; nothing is duplicated.
    let mut renamed = batch(items);
    for s in &mut renamed.services {
        s.name = format!("{} neu", s.name);
    }
    db.upsert(&renamed).expect("large update");
    assert_eq!(db.offer_count().expect("count"), 5_000);
    assert_eq!(indexes(&path), before);
}

#[test]
fn a_large_import_that_fails_half_way_leaves_the_schema_and_data_as_they_were() {
    let (dir, mut db) = file_directory();
    let path = dir.path().join("lotse.sqlite");
    let before = indexes(&path);
    let mut broken = batch(scattered(5_000));
    // Only the write finds this: the offer names a service nobody has.
    if let Some(last) = broken.service_at_locations.last_mut() {
        last.service_id = "no-such-service".into();
    }
    assert!(db.upsert(&broken).is_err());
    assert_eq!(db.offer_count().expect("count"), 0);
    assert_eq!(indexes(&path), before);
}
