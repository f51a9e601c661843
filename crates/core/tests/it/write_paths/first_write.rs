//! A directory's first large write builds its search index on a second
//! thread and copies it in (`storage/fts_build.rs`). It must leave the same
//! index entries, the same ranking and an index that later writes and this
//! same connection keep using, and roll back like any other write.

use lotse_core::model::DirectoryBatch;
use lotse_core::{Directory, SearchQuery, WriteStage};

use super::{dump, expected_documents, location, offer, open, org, service};

/// More offers than the threshold for a second thread (4,096), two providers.
fn large(first: usize, count: usize) -> DirectoryBatch {
    let ids = first..first + count;
    DirectoryBatch {
        organizations: vec![org(0, "Träger Null"), org(1, "Träger Eins")],
        services: ids.clone().map(|i| service(i, i % 2, 0)).collect(),
        locations: ids.clone().map(|i| location(i, 0)).collect(),
        service_at_locations: ids
            .map(|i| offer(&format!("offer-{i}"), i, i, "Mo-Fr 09:00-12:00"))
            .collect(),
    }
}

fn search(db: &Directory, text: &str) -> Vec<(String, f64)> {
    let query = SearchQuery {
        text: text.into(),
        limit: 50,
        ..SearchQuery::default()
    };
    db.search(&query)
        .expect("search")
        .into_iter()
        .map(|hit| (hit.offer.id, hit.score))
        .collect()
}

const QUERIES: [&str; 5] = [
    "Angebot",
    "Beschreibung 0",
    "Träger Eins",
    "Schwerin kita",
    "خدمة",
];

fn fts_integrity(path: &std::path::Path) {
    let conn = rusqlite::Connection::open(path).expect("raw open");
    conn.execute(
        "INSERT INTO offers_fts (offers_fts, rank) VALUES ('integrity-check', 1)",
        [],
    )
    .expect("the full-text index is consistent");
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity check");
    assert_eq!(check, "ok");
}

#[test]
fn a_first_large_write_indexes_as_the_writing_connection_would() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut parallel, parallel_path) = open(&dir, "parallel.sqlite");
    let (mut serial, serial_path) = open(&dir, "serial.sqlite");
    // This connection reads the empty index first, as the app's does.
    assert!(search(&parallel, "Angebot").is_empty());
    let batch = large(0, 5_000);
    let indexed = |db: &mut Directory, batch: &DirectoryBatch| {
        let mut on_second_thread = false;
        db.upsert_with_progress(batch, &mut |p| {
            on_second_thread |= p.stage == WriteStage::SearchIndex && p.done == p.total;
        })
        .expect("write");
        on_second_thread
    };
    assert!(indexed(&mut parallel, &batch), "indexed on a second thread");
    // The same offers in two writes, none rewritten: the first too small
    // for a second thread, the second into an index that is not empty.
    serial.upsert(&large(0, 10)).expect("small write");
    let mut tail = large(10, 4_990);
    tail.organizations.clear();
    assert!(
        !indexed(&mut serial, &tail),
        "indexed by the writing connection"
    );

    let (stored, derived) = expected_documents(&parallel_path);
    assert_eq!(stored, derived);
    assert_eq!(dump(&parallel_path), dump(&serial_path));
    for text in QUERIES {
        let hits = search(&parallel, text);
        assert!(!hits.is_empty(), "{text}");
        assert_eq!(hits, search(&serial, text), "{text}");
    }
    fts_integrity(&parallel_path);

    // Later writes go through the index in the usual way.
    let mut renamed = service(7, 1, 0);
    renamed.name = "Sprachcafé Umbenannt".into();
    parallel
        .upsert(&DirectoryBatch {
            services: vec![renamed],
            ..DirectoryBatch::default()
        })
        .expect("rename");
    let hits = search(&parallel, "Umbenannt");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].0, "offer-7");
    assert!(search(&parallel, "Angebot 7")
        .iter()
        .all(|(id, _)| id != "offer-7"));
    parallel
        .upsert(&large(5_000, 5_000))
        .expect("second large write");
    assert_eq!(search(&parallel, "Angebot").len(), 50);
    let (stored, derived) = expected_documents(&parallel_path);
    assert_eq!(stored, derived);
    fts_integrity(&parallel_path);
}

#[test]
fn an_invalid_first_large_write_leaves_nothing_and_the_next_one_works() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut db, path) = open(&dir, "db.sqlite");
    let empty = dump(&path);
    let mut bad = large(0, 5_000);
    if let Some(last) = bad.services.last_mut() {
        last.categories = vec!["no-such-category".into()];
    }
    assert!(db.upsert(&bad).is_err());
    assert_eq!(dump(&path), empty);
    // An offer whose location is not in the batch: no second thread, and
    // refused as before.
    let mut dangling = large(0, 5_000);
    dangling.locations.pop();
    assert!(db.upsert(&dangling).is_err());
    assert_eq!(dump(&path), empty);
    db.upsert(&large(0, 5_000)).expect("valid write");
    assert_eq!(search(&db, "Angebot").len(), 50);
    let (stored, derived) = expected_documents(&path);
    assert_eq!(stored, derived);
    fts_integrity(&path);
}
