//! HSDS 3.0 import (JSON and tabular) and HSDS JSON export, against
//! hand-written fictional fixtures in `tests/fixtures/hsds/`.

use std::path::{Path, PathBuf};

use lotse_core::export::{self, ExportFormat};
use lotse_core::import::{parse_file, ImportFormat, ParsedImport, RejectedRecord};
use lotse_core::model::{DirectoryBatch, GeoPrecision, ServiceStatus};
use lotse_core::Directory;

mod bad_input;
mod tabular;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hsds")
        .join(name)
}

fn parse_json(path: &Path) -> ParsedImport {
    parse_file(path, ImportFormat::HsdsJson, None).expect("parse")
}

fn import(db: &mut Directory, format: ImportFormat, path: &Path) {
    let parsed = parse_file(path, format, None).expect("parse");
    db.import(format, parsed).expect("import");
}

fn export_json(db: &Directory) -> Vec<u8> {
    let mut out = Vec::new();
    export::write(
        &db.export_batch().expect("export batch"),
        ExportFormat::HsdsJson,
        &mut out,
    )
    .expect("export");
    out
}

fn service<'a>(batch: &'a DirectoryBatch, id: &str) -> &'a lotse_core::model::Service {
    batch
        .services
        .iter()
        .find(|s| s.id == id)
        .unwrap_or_else(|| panic!("no service {id}"))
}

fn hours<'a>(batch: &'a DirectoryBatch, offer: &str) -> Option<&'a str> {
    let sal = batch
        .service_at_locations
        .iter()
        .find(|s| s.id == offer)
        .unwrap_or_else(|| panic!("no offer {offer}"));
    sal.opening_hours.as_deref()
}

/// The only rejected record, checked to name the file.
fn only_rejected(parsed: &ParsedImport, file: &str) -> RejectedRecord {
    assert_eq!(parsed.rejected.len(), 1, "{:#?}", parsed.rejected);
    let r = parsed.rejected[0].clone();
    assert!(r.file.ends_with(file), "{}", r.file.display());
    r
}

#[test]
fn a_single_service_object_imports() {
    let parsed = parse_json(&fixture("single.json"));
    assert!(parsed.rejected.is_empty(), "{:#?}", parsed.rejected);
    assert_eq!(parsed.records_read, 1);
    let b = &parsed.batch;
    let s = service(b, "svc-lotsen-nordstadt");
    assert_eq!(s.categories, ["lotsen"]);
    assert_eq!(s.languages, ["de", "ru"]);
    assert_eq!(s.source, "Beratungsnetz Nordlicht (fiktiv)");
    assert_eq!(s.last_verified, "2026-02-10");
    assert_eq!(s.phones[0].number, "+49 30 23125 101");
    assert_eq!(
        hours(b, "sal-lotsen-nordstadt"),
        Some("Mo,We 09:00-12:00; Th 14:00-18:00")
    );
    let l = &b.locations[0];
    assert_eq!((l.point.y(), l.point.x()), (53.6413, 11.4031));
    assert_eq!(l.address.one_line(), "Lindenhof 4, 19055 Schwerin");
    assert_eq!(l.address.state.as_deref(), Some("Mecklenburg-Vorpommern"));

    let mut db = Directory::open_in_memory().expect("db");
    let report = db.import(ImportFormat::HsdsJson, parsed).expect("import");
    assert_eq!(report.offers_written, 1);
    assert_eq!(db.offer_count().expect("count"), 1);
}

#[test]
fn an_array_of_services_imports_every_field() {
    let parsed = parse_json(&fixture("list.json"));
    assert!(parsed.rejected.is_empty(), "{:#?}", parsed.rejected);
    let b = &parsed.batch;
    assert_eq!(
        (
            b.organizations.len(),
            b.services.len(),
            b.locations.len(),
            b.service_at_locations.len()
        ),
        (2, 3, 3, 4)
    );

    let mbe = service(b, "svc-mbe-hafen");
    assert_eq!(mbe.alternate_name.as_deref(), Some("MBE Hafen"));
    assert_eq!(mbe.categories, ["migrationsberatung", "sprachmittler"]);
    assert_eq!(mbe.languages, ["de", "ar", "uk"]);
    assert_eq!(mbe.funders, ["ESF Plus", "Land Mecklenburg-Vorpommern"]);
    assert_eq!(mbe.fees.free, Some(true));
    assert_eq!(
        mbe.fees.description.as_deref(),
        Some("Die Beratung kostet nichts.")
    );
    assert_eq!(mbe.minimum_age, Some(27));
    assert_eq!(
        mbe.service_area.as_deref(),
        Some("Landeshauptstadt Schwerin")
    );
    assert_eq!(mbe.phones.len(), 2);
    assert_eq!(mbe.phones[1].kind.as_deref(), Some("fax"));
    assert_eq!(mbe.contacts[0].phone.as_deref(), Some("+49 30 23125 203"));
    assert_eq!(mbe.target_groups, ["refugees", "families"]);
    assert_eq!(mbe.translations.len(), 2);
    assert_eq!(mbe.translations[1].lang, "en");
    assert_eq!(mbe.source, "Landesnetzwerk Migration (fiktiv)");
    assert_eq!(mbe.status, ServiceStatus::Active);
    assert!(!mbe.is_demo);
    assert_eq!(
        hours(b, "sal-mbe-hafen"),
        Some("Mo-Fr 09:00-12:00; Th 14:00-18:00; PH off")
    );
    assert_eq!(
        hours(b, "sal-mbe-dorf"),
        Some("Tu 10:00-16:00 \"Sprechstunde\"")
    );

    let hafen = b
        .locations
        .iter()
        .find(|l| l.id == "loc-hafen")
        .expect("hafen");
    assert_eq!(hafen.address.street, "Hafenstraße 7, Hinterhaus");
    assert_eq!(hafen.languages, ["de", "fa"]);
    assert_eq!(hafen.precision, GeoPrecision::Exact);
    let dorf = b
        .locations
        .iter()
        .find(|l| l.id == "loc-dorf")
        .expect("dorf");
    assert_eq!(dorf.precision, GeoPrecision::Postcode);
    assert_eq!(dorf.address.one_line(), "19099 Tannenfeld");

    // Only `organization_id`; the organization is nested in a later record.
    let kita = service(b, "svc-kita-sonnenblume");
    assert_eq!(kita.organization_id, "org-stadt");
    assert_eq!(kita.last_verified, "2025-11-03");
    assert_eq!(kita.source, "list.json");
    assert_eq!(kita.fees.free, Some(true));
    assert_eq!(kita.categories, ["kita"]);

    let kurs = service(b, "svc-sprachkurs");
    assert_eq!(kurs.status, ServiceStatus::TemporarilyClosed);
    assert!(kurs.is_demo);
    assert_eq!(kurs.fees.free, Some(false));

    let mut db = Directory::open_in_memory().expect("db");
    db.import(ImportFormat::HsdsJson, parsed).expect("import");
    assert_eq!(db.offer_count().expect("count"), 4);
}

#[test]
fn a_paginated_list_imports_its_contents() {
    let parsed = parse_json(&fixture("page.json"));
    assert!(parsed.rejected.is_empty(), "{:#?}", parsed.rejected);
    assert_eq!(parsed.records_read, 2);
    assert_eq!(parsed.batch.services.len(), 2);
    assert_eq!(
        parsed.batch.locations.len(),
        1,
        "the shared location is stored once"
    );
    assert_eq!(
        service(&parsed.batch, "svc-jmd-mitte").categories,
        ["jugend", "migrationsberatung"]
    );
}

fn loaded_directory() -> Directory {
    let mut db = Directory::open_in_memory().expect("db");
    for name in ["list.json", "single.json", "page.json"] {
        import(&mut db, ImportFormat::HsdsJson, &fixture(name));
    }
    import(&mut db, ImportFormat::HsdsCsv, &fixture("tabular"));
    db
}

#[test]
fn export_then_import_is_lossless() {
    let first = loaded_directory();
    let before = first.export_batch().expect("batch");
    assert_eq!(before.services.len(), 8);

    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("export.json");
    std::fs::write(&file, export_json(&first)).expect("write");
    let parsed = parse_json(&file);
    assert!(parsed.rejected.is_empty(), "{:#?}", parsed.rejected);

    let mut second = Directory::open_in_memory().expect("db");
    second
        .import(ImportFormat::HsdsJson, parsed)
        .expect("import");
    assert_eq!(second.export_batch().expect("batch"), before);
    assert_eq!(
        export_json(&second),
        export_json(&first),
        "the export is deterministic"
    );
}

#[test]
fn the_demo_directory_survives_an_hsds_round_trip() {
    let mut first = Directory::open_in_memory().expect("db");
    assert!(first.seed_demo_if_empty().expect("seed"));
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("demo.json");
    std::fs::write(&file, export_json(&first)).expect("write");
    let parsed = parse_json(&file);
    assert!(parsed.rejected.is_empty(), "{:#?}", parsed.rejected);
    let mut second = Directory::open_in_memory().expect("db");
    second
        .import(ImportFormat::HsdsJson, parsed)
        .expect("import");
    assert_eq!(
        second.export_batch().expect("batch"),
        first.export_batch().expect("batch")
    );
}

#[test]
fn reimporting_the_same_file_changes_nothing() {
    let mut db = Directory::open_in_memory().expect("db");
    import(&mut db, ImportFormat::HsdsJson, &fixture("list.json"));
    let before = (
        db.export_batch().expect("batch"),
        db.offer_count().expect("count"),
    );
    import(&mut db, ImportFormat::HsdsJson, &fixture("list.json"));
    assert_eq!(
        (
            db.export_batch().expect("batch"),
            db.offer_count().expect("count")
        ),
        before
    );
}
