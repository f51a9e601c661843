//! The batch write path: new rows take a fast path (no child deletes, index
//! documents built from the batch), stored rows the update path. Both must
//! leave exactly what writing the records one at a time leaves.

use std::path::Path;

use geo::Point;
use lotse_core::model::{
    Address, Contact, DirectoryBatch, Fees, GeoPrecision, Location, Organization, Phone, Service,
    ServiceAtLocation, ServiceStatus, Translation,
};
use lotse_core::Directory;
use rusqlite::types::Value;

mod first_write;

fn org(i: usize, name: &str) -> Organization {
    Organization {
        id: format!("org-{i}"),
        name: name.into(),
        description: i
            .is_multiple_of(2)
            .then(|| "Beratung und Begleitung".into()),
        ..Organization::default()
    }
}

fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| (*v).to_owned()).collect()
}

/// A service with every kind of child, including repeated values.
fn service(i: usize, org: usize, revision: u8) -> Service {
    let categories: &[&str] = match (i + usize::from(revision)) % 3 {
        0 => &["kita", "hort", "kita"],
        1 => &["sprachkurs"],
        _ => &["migrationsberatung", "arbeit", "hort"],
    };
    let mut translations = vec![
        Translation {
            lang: "uk".into(),
            name: format!("Послуга {i}"),
            description: None,
        },
        Translation {
            lang: "ar".into(),
            name: format!("خدمة {i}"),
            description: Some(format!("وصف {revision}")),
        },
    ];
    if revision > 0 {
        // A repeated language: the last one wins.
        translations.push(Translation {
            lang: "ar".into(),
            name: format!("خدمة جديدة {i}"),
            description: Some("محدث".into()),
        });
    }
    Service {
        id: format!("svc-{i}"),
        organization_id: format!("org-{org}"),
        name: format!("Angebot {i} r{revision}"),
        alternate_name: (i % 2 == 1).then(|| format!("Kurzname {i}")),
        description: format!("Beschreibung {i} Fassung {revision}"),
        status: if i % 5 == 4 {
            ServiceStatus::Inactive
        } else {
            ServiceStatus::Active
        },
        categories: strings(categories),
        languages: strings(&["de", "ar", "de", if revision > 0 { "uk" } else { "en" }]),
        eligibility: i.is_multiple_of(3).then(|| "Für alle".into()),
        target_groups: strings(&["families", "refugees", "families"]),
        minimum_age: Some(u32::from(revision)),
        fees: Fees {
            free: Some(i.is_multiple_of(2)),
            description: None,
        },
        funders: strings(&["ESF Plus", "Land MV"][..1 + usize::from(revision % 2)]),
        phones: (0..1 + usize::from(revision))
            .map(|p| Phone {
                number: format!("0385 {i}{p}"),
                kind: Some("voice".into()),
                description: None,
            })
            .collect(),
        contacts: vec![Contact {
            name: Some(format!("Person {revision}")),
            ..Contact::default()
        }],
        translations,
        source: "test".into(),
        last_verified: "2026-01-01".into(),
        ..Service::default()
    }
}

fn location(i: usize, revision: u8) -> Location {
    Location {
        id: format!("loc-{i}"),
        name: i.is_multiple_of(2).then(|| format!("Haus {i}")),
        address: Address {
            street: format!("Weg {i}"),
            postcode: format!("{:05}", 19000 + i),
            city: if revision > 0 { "Rostock" } else { "Schwerin" }.into(),
            state: None,
        },
        point: Point::new(11.4 + i as f64 * 0.01, 53.6 + f64::from(revision) * 0.5),
        precision: GeoPrecision::Exact,
        languages: strings(&["de", "fa", "de"][..usize::from(revision) + 1]),
    }
}

fn offer(id: &str, service: usize, location: usize, hours: &str) -> ServiceAtLocation {
    ServiceAtLocation {
        id: id.into(),
        service_id: format!("svc-{service}"),
        location_id: format!("loc-{location}"),
        opening_hours: Some(hours.into()),
    }
}

fn initial() -> DirectoryBatch {
    DirectoryBatch {
        organizations: vec![org(0, "Träger Null"), org(1, "Träger Eins")],
        services: (0..6).map(|i| service(i, i % 2, 0)).collect(),
        locations: (0..6).map(|i| location(i, 0)).collect(),
        service_at_locations: (0..6)
            .map(|i| offer(&format!("offer-{i}"), i, i, "Mo-Fr 09:00-12:00"))
            .collect(),
    }
}

/// Changed, moved and recategorised records next to new ones, and offers
/// whose service or location is only in the database.
fn mixed() -> DirectoryBatch {
    DirectoryBatch {
        organizations: vec![org(1, "Träger Eins neu"), org(2, "Träger Zwei")],
        services: vec![service(1, 1, 1), service(2, 0, 1), service(6, 2, 0)],
        locations: vec![location(3, 1), location(6, 0), location(7, 2)],
        service_at_locations: vec![
            offer("offer-0", 0, 3, "Mo 10:00-11:00"),
            offer("offer-6", 6, 6, "Di 10:00-11:00"),
            offer("offer-7", 6, 4, "Mi 10:00-11:00"),
            offer("offer-8", 5, 7, "Do 10:00-11:00"),
        ],
    }
}

/// Each record of `batch` as its own batch, in the same order.
fn one_by_one(batch: &DirectoryBatch) -> Vec<DirectoryBatch> {
    let orgs = batch.organizations.iter().map(|o| DirectoryBatch {
        organizations: vec![o.clone()],
        ..DirectoryBatch::default()
    });
    let services = batch.services.iter().map(|s| DirectoryBatch {
        services: vec![s.clone()],
        ..DirectoryBatch::default()
    });
    let locations = batch.locations.iter().map(|l| DirectoryBatch {
        locations: vec![l.clone()],
        ..DirectoryBatch::default()
    });
    let offers = batch.service_at_locations.iter().map(|o| DirectoryBatch {
        service_at_locations: vec![o.clone()],
        ..DirectoryBatch::default()
    });
    orgs.chain(services)
        .chain(locations)
        .chain(offers)
        .collect()
}

/// Every stored row, including the spatial and full-text index rows.
fn dump(path: &Path) -> Vec<(String, Vec<Vec<Value>>)> {
    let conn = rusqlite::Connection::open(path).expect("raw open");
    [
        "organizations",
        "services",
        "service_target_groups",
        "service_funders",
        "phones",
        "contacts",
        "service_translations",
        "locations",
        "service_at_location",
        "offers_fts",
        "offers_fts_vocab",
    ]
    .iter()
    .map(|table| {
        let mut stmt = conn
            .prepare(&format!("SELECT rowid, * FROM {table} ORDER BY 1, 2, 3"))
            .or_else(|_| conn.prepare(&format!("SELECT * FROM {table} ORDER BY 1, 2, 3")))
            .expect("prepare");
        let width = stmt.column_count();
        let rows = stmt
            .query_map([], |r| (0..width).map(|c| r.get::<_, Value>(c)).collect())
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("rows");
        ((*table).to_owned(), rows)
    })
    .collect()
}

/// The full-text index's entries (term, offer, column, offset), and the
/// entries of an index built afresh from the documents the tables say each
/// offer should have. The index keeps no copy of its documents, so they are
/// compared through what it indexed.
fn expected_documents(path: &Path) -> (Vec<Vec<Value>>, Vec<Vec<Value>>) {
    let conn = rusqlite::Connection::open(path).expect("raw open");
    conn.execute_batch(
        "CREATE VIRTUAL TABLE temp.derived USING fts5(
             name, description, provider, address, categories,
             tokenize = 'unicode61 remove_diacritics 2');
         CREATE VIRTUAL TABLE temp.stored_entries USING fts5vocab(main, offers_fts, 'instance');
         CREATE VIRTUAL TABLE temp.derived_entries USING fts5vocab(temp, derived, 'instance');",
    )
    .expect("comparison tables");
    conn.execute(
        "INSERT INTO temp.derived (rowid, name, description, provider, address, categories)
         SELECT sal.row_id,
                s.name || ' ' || coalesce(s.alternate_name, '') || ' ' ||
                    coalesce((SELECT group_concat(name, ' ') FROM service_translations WHERE service_row_id = s.row_id), ''),
                s.description || ' ' || coalesce(s.eligibility, '') || ' ' ||
                    coalesce((SELECT group_concat(description, ' ') FROM service_translations WHERE service_row_id = s.row_id), ''),
                org.name,
                coalesce(l.name, '') || ' ' || l.street || ' ' || l.postcode || ' ' || l.city,
                s.summary_categories
         FROM service_at_location sal
         JOIN services s ON s.row_id = sal.service_row_id
         JOIN organizations org ON org.row_id = s.organization_row_id
         JOIN locations l ON l.row_id = sal.location_row_id",
        [],
    )
    .expect("derived documents");
    let read = |table: &str| -> Vec<Vec<Value>> {
        let mut stmt = conn
            .prepare(&format!(
                "SELECT term, doc, col, offset FROM temp.{table} ORDER BY 1, 2, 3, 4"
            ))
            .expect("prepare");
        stmt.query_map([], |r| (0..4).map(|c| r.get::<_, Value>(c)).collect())
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("rows")
    };
    let (stored, derived) = (read("stored_entries"), read("derived_entries"));
    assert!(!derived.is_empty());
    (stored, derived)
}

fn open(dir: &tempfile::TempDir, name: &str) -> (Directory, std::path::PathBuf) {
    let path = dir.path().join(name);
    (Directory::open(&path).expect("open"), path)
}

#[test]
fn a_mixed_batch_leaves_what_writing_record_by_record_leaves() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut whole, whole_path) = open(&dir, "whole.sqlite");
    let (mut single, single_path) = open(&dir, "single.sqlite");
    for batch in [initial(), mixed()] {
        whole.upsert(&batch).expect("whole batch");
        for record in one_by_one(&batch) {
            single.upsert(&record).expect("single record");
        }
        assert_eq!(
            whole.export_batch().expect("export"),
            single.export_batch().expect("export")
        );
        assert_eq!(dump(&whole_path), dump(&single_path));
        for path in [&whole_path, &single_path] {
            let (stored, derived) = expected_documents(path);
            assert_eq!(stored, derived);
        }
    }
    let exported = whole.export_batch().expect("export");
    assert_eq!(exported.service_at_locations.len(), 9);
    let renamed = exported.organizations.iter().find(|o| o.id == "org-1");
    assert_eq!(renamed.map(|o| o.name.as_str()), Some("Träger Eins neu"));
}

#[test]
fn rewriting_a_batch_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut db, path) = open(&dir, "db.sqlite");
    db.upsert(&initial()).expect("first");
    db.upsert(&mixed()).expect("second");
    let before = dump(&path);
    db.upsert(&mixed()).expect("again");
    db.upsert(&initial()).expect("initial again");
    db.upsert(&mixed()).expect("mixed again");
    assert_eq!(dump(&path), before);
}

#[test]
fn a_bad_record_after_new_and_changed_ones_rolls_everything_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut db, path) = open(&dir, "db.sqlite");
    db.upsert(&initial()).expect("first");
    let before = dump(&path);
    let mut bad = mixed();
    bad.service_at_locations
        .push(offer("offer-9", 6, 99, "Fr 10:00-11:00"));
    assert!(db.upsert(&bad).is_err());
    assert_eq!(dump(&path), before);
    // The connection is still usable and the good batch goes through.
    db.upsert(&mixed()).expect("good batch");
    let (stored, derived) = expected_documents(&path);
    assert_eq!(stored, derived);
}

#[test]
fn a_large_batch_with_one_invalid_record_is_refused_with_that_record_and_leaves_nothing() {
    // Large enough to be checked while it is written.
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut db, path) = open(&dir, "db.sqlite");
    db.upsert(&initial()).expect("first");
    let before = dump(&path);
    let mut big = DirectoryBatch {
        organizations: vec![org(0, "Träger")],
        ..DirectoryBatch::default()
    };
    for i in 100..5_100 {
        big.services.push(service(i, 0, 1));
        big.locations.push(location(i, 1));
        big.service_at_locations
            .push(offer(&format!("big-{i}"), i, i, "Mo 09:00-12:00"));
    }
    // Valid for SQLite, invalid for the directory: an unknown category.
    if let Some(last) = big.services.last_mut() {
        last.categories = vec!["no-such-category".into()];
    }
    match db.upsert(&big) {
        Err(lotse_core::CoreError::InvalidRecord(invalid)) => {
            assert_eq!(invalid.record, "service");
            let reason = invalid.problem.to_string();
            assert!(reason.contains("no-such-category"), "{reason}");
        }
        other => panic!("expected the invalid record, got {other:?}"),
    }
    assert_eq!(dump(&path), before);
}
