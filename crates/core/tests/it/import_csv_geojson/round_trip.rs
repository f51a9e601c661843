//! Round trips: import → export (CSV, GeoJSON) → import into a fresh
//! directory gives the same directory for the fields each format carries;
//! importing the same files again changes nothing.

use lotse_core::export::{self, ExportFormat};
use lotse_core::import::{parse_file, ImportFormat};
use lotse_core::model::{DirectoryBatch, Organization};
use lotse_core::Directory;

use super::{csv, fixture, geojson, imported, mapping, munich};

/// Export `db`, import the file into a fresh directory, return what it holds.
fn round_trip(db: &Directory, format: ExportFormat) -> DirectoryBatch {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, import_format, mapping) = match format {
        ExportFormat::Csv => (
            dir.path().join("lotse.csv"),
            ImportFormat::Csv,
            Some(mapping("lotse-export.toml")),
        ),
        _ => (
            dir.path().join("lotse.geojson"),
            ImportFormat::GeoJson,
            None,
        ),
    };
    let mut out = Vec::new();
    export::write(&db.export_batch().expect("export batch"), format, &mut out).expect("export");
    std::fs::write(&path, out).expect("write export");
    let parsed = parse_file(&path, import_format, mapping.as_deref()).expect("re-import");
    assert!(parsed.rejected.is_empty(), "{:#?}", parsed.rejected);
    imported(import_format, parsed)
        .export_batch()
        .expect("export batch")
}

/// A directory with everything both importers produce.
fn mixed_directory() -> Directory {
    let mut db = imported(ImportFormat::Csv, munich());
    db.import(
        ImportFormat::Csv,
        csv(&fixture("csv/beratung.csv"), &fixture("csv/beratung.toml")),
    )
    .expect("import");
    db.import(
        ImportFormat::GeoJson,
        geojson(&fixture("geojson/osm_overpass.geojson")),
    )
    .expect("import");
    db
}

#[test]
fn the_csv_export_reads_back_unchanged() {
    let db = mixed_directory();
    let before = db.export_batch().expect("export batch");
    assert_eq!(before.service_at_locations.len(), 17);
    assert_eq!(round_trip(&db, ExportFormat::Csv), before);
}

#[test]
fn the_geojson_export_reads_back_unchanged() {
    let db = mixed_directory();
    let before = db.export_batch().expect("export batch");
    assert_eq!(round_trip(&db, ExportFormat::GeoJson), before);
}

/// The fields the CSV and GeoJSON exports carry; offers only.
fn carried(mut b: DirectoryBatch) -> DirectoryBatch {
    for o in &mut b.organizations {
        *o = Organization {
            id: o.id.clone(),
            name: o.name.clone(),
            ..Organization::default()
        };
    }
    for s in &mut b.services {
        s.alternate_name = None;
        s.eligibility = None;
        (s.minimum_age, s.maximum_age) = (None, None);
        s.fees.description = None;
        s.service_area = None;
        s.funders.clear();
        s.contacts.clear();
        s.translations.clear();
        for p in &mut s.phones {
            p.description = None;
            p.kind = p.kind.take().filter(|k| k == "fax");
        }
        s.phones.sort_by_key(|p| p.kind.is_some());
    }
    for l in &mut b.locations {
        l.languages.clear();
    }
    let services: Vec<_> = b
        .services
        .iter()
        .filter(|s| b.service_at_locations.iter().any(|o| o.service_id == s.id))
        .cloned()
        .collect();
    let locations: Vec<_> = b
        .locations
        .iter()
        .filter(|l| b.service_at_locations.iter().any(|o| o.location_id == l.id))
        .cloned()
        .collect();
    let organizations = b
        .organizations
        .iter()
        .filter(|o| services.iter().any(|s| s.organization_id == o.id))
        .cloned()
        .collect();
    DirectoryBatch {
        organizations,
        services,
        locations,
        service_at_locations: b.service_at_locations,
    }
}

#[test]
fn the_demo_directory_keeps_every_carried_field_through_both_exports() {
    let mut db = Directory::open_in_memory().expect("db");
    db.upsert(&lotse_core::demo::demo_directory().expect("demo"))
        .expect("seed");
    let before = carried(db.export_batch().expect("export batch"));
    assert!(before.services.iter().all(|s| s.is_demo));
    assert_eq!(carried(round_trip(&db, ExportFormat::Csv)), before);
    assert_eq!(carried(round_trip(&db, ExportFormat::GeoJson)), before);
}

#[test]
fn importing_the_same_files_again_changes_nothing() {
    let mut db = mixed_directory();
    let before = db.export_batch().expect("export batch");
    db.import(ImportFormat::Csv, munich()).expect("again");
    db.import(
        ImportFormat::GeoJson,
        geojson(&fixture("geojson/osm_overpass.geojson")),
    )
    .expect("again");
    db.import(
        ImportFormat::Csv,
        csv(&fixture("csv/beratung.csv"), &fixture("csv/beratung.toml")),
    )
    .expect("again");
    assert_eq!(db.export_batch().expect("export batch"), before);
    assert_eq!(db.offer_count().expect("count"), 17);
}
