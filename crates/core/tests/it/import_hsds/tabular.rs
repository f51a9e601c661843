//! The HSDS tabular data package.

use lotse_core::import::{parse_file, ImportError, ImportFormat};
use lotse_core::model::GeoPrecision;

use super::{fixture, hours, service};

#[test]
fn a_tabular_package_imports_with_per_row_errors() {
    let parsed = parse_file(&fixture("tabular"), ImportFormat::HsdsCsv, None).expect("parse");
    assert_eq!(parsed.records_read, 3);
    let b = &parsed.batch;
    let ids: Vec<&str> = b.services.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["svc-t-kita", "svc-t-schule"]);

    let kita = service(b, "svc-t-kita");
    assert_eq!(kita.categories, ["kita"]);
    assert_eq!(kita.languages, ["de", "tr"]);
    assert_eq!(kita.phones.len(), 1);
    assert_eq!(kita.funders, ["Land (fiktiv)"]);
    assert_eq!(kita.source, "Amt für Bildung (fiktiv)");
    assert_eq!((kita.minimum_age, kita.maximum_age), (Some(1), Some(6)));
    assert_eq!(hours(b, "sal-t-kita"), Some("Mo-Fr 07:00-16:00"));

    let schule = service(b, "svc-t-schule");
    assert_eq!(
        schule.source, "tabular",
        "the folder name is the default source"
    );
    assert_eq!(schule.last_verified, "2025-12-24");
    assert_eq!(schule.target_groups, ["youth"]);
    assert_eq!(hours(b, "sal-t-schule"), Some("Mo,We 08:00-13:30"));
    let place = b
        .locations
        .iter()
        .find(|l| l.id == "loc-t-schule")
        .expect("schule");
    assert_eq!(
        (place.precision, place.languages.as_slice()),
        (GeoPrecision::Town, &["uk".to_owned()][..])
    );

    assert_eq!(parsed.rejected.len(), 2, "{:#?}", parsed.rejected);
    let bad = parsed
        .rejected
        .iter()
        .find(|r| r.file.ends_with("locations.csv"))
        .expect("locations.csv");
    assert_eq!(
        (bad.line, bad.record_id.as_deref(), bad.field.as_deref()),
        (Some(3), Some("loc-t-bad"), Some("latitude"))
    );
    assert!(
        bad.reason.to_string().contains("100 is not a latitude")
            && bad
                .reason
                .to_string()
                .contains("`svc-t-mbe` was not imported"),
        "{}",
        bad.reason
    );
    let phone = parsed
        .rejected
        .iter()
        .find(|r| r.file.ends_with("phones.csv"))
        .expect("phones.csv");
    assert_eq!(
        (
            phone.line,
            phone.record_id.as_deref(),
            phone.field.as_deref()
        ),
        (Some(3), Some("ph-t-2"), Some("service_id"))
    );
    assert!(
        phone
            .reason
            .to_string()
            .contains("no usable service `svc-t-gibt-es-nicht` in services.csv"),
        "{}",
        phone.reason
    );

    let via_descriptor = parse_file(
        &fixture("tabular/datapackage.json"),
        ImportFormat::HsdsCsv,
        None,
    )
    .expect("parse");
    assert_eq!(via_descriptor.batch, parsed.batch);
}

#[test]
fn a_tabular_row_with_broken_utf8_is_reported_with_its_column() {
    let dir = package_copy();
    let services = dir.path().join("services.csv");
    let mut bytes = std::fs::read(&services).expect("read");
    bytes.extend_from_slice(b"svc-t-neu,org-t-stadt,Sprachcaf\xE9,,,,,active,,,,,2026-01-01,\n");
    std::fs::write(&services, bytes).expect("write");
    let parsed = parse_file(dir.path(), ImportFormat::HsdsCsv, None).expect("parse");
    assert_eq!(parsed.records_read, 4);
    let r = parsed
        .rejected
        .iter()
        .find(|r| r.file.ends_with("services.csv"))
        .expect("services.csv");
    assert_eq!(
        (r.line, r.record_id.as_deref(), r.field.as_deref()),
        (Some(5), Some("svc-t-neu"), Some("name"))
    );
    assert!(
        r.reason.to_string().contains("invalid UTF-8 (byte 0xE9)"),
        "{}",
        r.reason
    );
    assert_eq!(parsed.batch.services.len(), 2);
}

#[test]
fn a_package_without_services_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("organizations.csv"),
        "id,name\norg,Träger\n",
    )
    .expect("write");
    match parse_file(dir.path(), ImportFormat::HsdsCsv, None) {
        Err(ImportError::Malformed { path, reason, .. }) => {
            assert!(path.ends_with("services.csv"), "{}", path.display());
            assert!(reason.contains("no services table"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
}

/// A copy of the fixture package in a temporary folder.
fn package_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for entry in std::fs::read_dir(fixture("tabular")).expect("dir") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).expect("copy");
    }
    dir
}

#[test]
fn crlf_line_ends_give_the_same_line_numbers() {
    let dir = package_copy();
    for entry in std::fs::read_dir(dir.path()).expect("dir") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "csv") {
            let text = std::fs::read_to_string(&path).expect("read");
            std::fs::write(&path, text.replace('\n', "\r\n")).expect("write");
        }
    }
    let parsed = parse_file(dir.path(), ImportFormat::HsdsCsv, None).expect("parse");
    let lines: Vec<(String, Option<u64>)> = parsed
        .rejected
        .iter()
        .map(|r| {
            (
                r.file
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                r.line,
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            ("locations.csv".to_owned(), Some(3)),
            ("phones.csv".to_owned(), Some(3))
        ]
    );
    assert_eq!(parsed.batch.services.len(), 2);
}
