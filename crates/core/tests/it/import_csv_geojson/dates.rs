//! Honest dates (issue 17, part 4): an import never invents a verification
//! date. A record's own check is "checked"; a date of the source as a whole
//! (a constant in the mapping, HSDS `last_modified`, `as_of` of the import)
//! is "as of"; with neither the date is unknown and the offer is kept.

use std::path::Path;

use lotse_core::export::{write as export_to, ExportFormat};
use lotse_core::import::{parse_file, parse_file_with, ImportError, ImportFormat, SourceFacts};
use lotse_core::model::DateBasis;
use lotse_core::Directory;

use super::{csv, fixture, mapping};

fn dates(parsed: &lotse_core::import::ParsedImport) -> Vec<(String, String, DateBasis)> {
    parsed
        .batch
        .services
        .iter()
        .map(|s| (s.id.clone(), s.last_verified.clone(), s.date_basis))
        .collect()
}

fn basis_of(parsed: &lotse_core::import::ParsedImport, id: &str) -> (String, DateBasis) {
    let s = parsed
        .batch
        .services
        .iter()
        .find(|s| s.id == id)
        .unwrap_or_else(|| panic!("no service {id} in {:?}", dates(parsed)));
    (s.last_verified.clone(), s.date_basis)
}

const FEATURES: &str = r#"{"type": "FeatureCollection", "features": [
  {"type": "Feature", "id": "node/1", "geometry": {"type": "Point", "coordinates": [13.4, 52.5]},
   "properties": {"amenity": "kindergarten", "name": "Kita Geprüft", "check_date": "2026-05-04"}},
  {"type": "Feature", "id": "node/2", "geometry": {"type": "Point", "coordinates": [13.41, 52.5]},
   "properties": {"amenity": "kindergarten", "name": "Kita Begangen", "survey:date": "2026-03-02"}},
  {"type": "Feature", "id": "node/3", "geometry": {"type": "Point", "coordinates": [13.42, 52.5]},
   "properties": {"amenity": "kindergarten", "name": "Kita Jahr", "check_date": "2024"}},
  {"type": "Feature", "id": "node/4", "geometry": {"type": "Point", "coordinates": [13.43, 52.5]},
   "properties": {"amenity": "kindergarten", "name": "Kita Ohne"}}
]}"#;

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    path
}

#[test]
fn osm_dates_are_checks_only_where_osm_says_someone_looked() {
    let dir = tempfile::tempdir().expect("dir");
    let file = write(dir.path(), "kitas.geojson", FEATURES);
    let parsed = parse_file(&file, ImportFormat::GeoJson, None).expect("parse");
    assert!(parsed.rejected.is_empty(), "{:?}", parsed.rejected);
    let checked = |d: &str| (d.to_owned(), DateBasis::Checked);
    assert_eq!(basis_of(&parsed, "osm-node-1"), checked("2026-05-04"));
    assert_eq!(basis_of(&parsed, "osm-node-2"), checked("2026-03-02"));
    // A year alone is no date; no date is unknown, not the import's day.
    let unknown = (String::new(), DateBasis::Unknown);
    assert_eq!(basis_of(&parsed, "osm-node-3"), unknown);
    assert_eq!(basis_of(&parsed, "osm-node-4"), unknown);

    // The date the office gives for the whole export fills only the gaps,
    // as the source's date.
    let facts = SourceFacts {
        as_of: Some("2026-11-20".into()),
    };
    let parsed = parse_file_with(&file, ImportFormat::GeoJson, None, &facts).expect("parse");
    assert_eq!(basis_of(&parsed, "osm-node-1"), checked("2026-05-04"));
    assert_eq!(
        basis_of(&parsed, "osm-node-4"),
        ("2026-11-20".into(), DateBasis::AsOf)
    );
}

#[test]
fn a_source_date_that_is_not_a_date_is_refused_before_anything_is_read() {
    let dir = tempfile::tempdir().expect("dir");
    let file = write(dir.path(), "kitas.geojson", FEATURES);
    for bad in ["20.11.2026", "2026-13-01", "gestern"] {
        let facts = SourceFacts {
            as_of: Some(bad.into()),
        };
        match parse_file_with(&file, ImportFormat::GeoJson, None, &facts) {
            Err(ImportError::AsOf(value)) => assert_eq!(value, bad),
            other => panic!("{bad}: {other:?}"),
        }
    }
}

#[test]
fn a_csv_column_is_a_check_a_constant_only_the_lists_date_and_today_is_refused() {
    // The test mapping reads each row's date from the column `Stand`; one
    // row's `demnächst` is no date (left out, so unknown).
    let parsed = csv(&fixture("csv/beratung.csv"), &fixture("csv/beratung.toml"));
    let bases: Vec<DateBasis> = parsed.batch.services.iter().map(|s| s.date_basis).collect();
    assert_eq!(
        bases,
        [
            DateBasis::Checked,
            DateBasis::Checked,
            DateBasis::Checked,
            DateBasis::Checked,
            DateBasis::Unknown
        ]
    );

    let dir = tempfile::tempdir().expect("dir");
    let base = std::fs::read_to_string(fixture("csv/beratung.toml")).expect("mapping");
    let constant = base.replace(
        "last_verified = \"Stand\"",
        "last_verified = { value = \"2026-10-30\" }",
    );
    let map = write(dir.path(), "constant.toml", &constant);
    let parsed = csv(&fixture("csv/beratung.csv"), &map);
    assert_eq!(parsed.batch.services.len(), 5);
    assert!(parsed
        .batch
        .services
        .iter()
        .all(|s| (s.last_verified.as_str(), s.date_basis) == ("2026-10-30", DateBasis::AsOf)));

    let today = base.replace(
        "last_verified = \"Stand\"",
        "last_verified = { value = \"today\" }",
    );
    let map = write(dir.path(), "today.toml", &today);
    let err = parse_file(&fixture("csv/beratung.csv"), ImportFormat::Csv, Some(&map))
        .expect_err("today is no check");
    let text = err.to_string();
    assert!(
        text.contains("today.toml") && text.contains("checked on the day of the import"),
        "{text}"
    );

    // The Munich mapping names no date: unknown, or the city's as of date.
    let facts = SourceFacts {
        as_of: Some("2026-11-15".into()),
    };
    let parsed = parse_file_with(
        &fixture("csv/muenchen_style.csv"),
        ImportFormat::Csv,
        Some(&mapping("muenchen-kitas.toml")),
        &facts,
    )
    .expect("parse");
    assert!(parsed
        .batch
        .services
        .iter()
        .all(|s| (s.last_verified.as_str(), s.date_basis) == ("2026-11-15", DateBasis::AsOf)));
}

const HSDS: &str = r#"[
  {"id": "geprueft", "name": "Beratung A", "assured_date": "2026-04-01",
   "organization": {"id": "o", "name": "Träger"},
   "attributes": [{"taxonomy_term": {"code": "migrationsberatung", "taxonomy": "lotse-category"}}],
   "service_at_locations": [{"id": "a", "location": {"id": "la", "latitude": 52.5, "longitude": 13.4}}]},
  {"id": "geaendert", "name": "Beratung B", "last_modified": "2026-06-01T12:00:00Z",
   "organization": {"id": "o", "name": "Träger"},
   "attributes": [{"taxonomy_term": {"code": "migrationsberatung", "taxonomy": "lotse-category"}}],
   "service_at_locations": [{"id": "b", "location": {"id": "lb", "latitude": 52.5, "longitude": 13.41}}]},
  {"id": "ohne", "name": "Beratung C",
   "organization": {"id": "o", "name": "Träger"},
   "attributes": [{"taxonomy_term": {"code": "migrationsberatung", "taxonomy": "lotse-category"}}],
   "service_at_locations": [{"id": "c", "location": {"id": "lc", "latitude": 52.5, "longitude": 13.42}}]}
]"#;

#[test]
fn hsds_assured_date_is_a_check_last_modified_the_sources_date_and_none_is_kept() {
    let dir = tempfile::tempdir().expect("dir");
    let file = write(dir.path(), "beratung.json", HSDS);
    let parsed = parse_file(&file, ImportFormat::HsdsJson, None).expect("parse");
    assert!(parsed.rejected.is_empty(), "{:?}", parsed.rejected);
    let mut got = dates(&parsed);
    got.sort();
    assert_eq!(
        got,
        [
            ("geaendert".into(), "2026-06-01".into(), DateBasis::AsOf),
            ("geprueft".into(), "2026-04-01".into(), DateBasis::Checked),
            ("ohne".into(), String::new(), DateBasis::Unknown),
        ]
    );
}

/// Export `db` in `format` into `dir`, import it again, and give the dates.
fn round_trip(
    db: &Directory,
    format: ExportFormat,
    dir: &Path,
) -> Vec<(String, String, DateBasis)> {
    let (name, import, mapping) = match format {
        ExportFormat::HsdsJson => ("out.json", ImportFormat::HsdsJson, None),
        ExportFormat::GeoJson => ("out.geojson", ImportFormat::GeoJson, None),
        _ => (
            "out.csv",
            ImportFormat::Csv,
            Some(super::mapping("lotse-export.toml")),
        ),
    };
    let path = dir.join(name);
    let mut file = std::fs::File::create(&path).expect("create");
    let batch = db.export_batch().expect("read");
    export_to(&batch, format, &mut file).expect("export");
    drop(file);
    let mut parsed = parse_file(&path, import, mapping.as_deref()).expect("import again");
    parsed.batch.services.sort_by(|a, b| a.id.cmp(&b.id));
    dates(&parsed)
}

#[test]
fn every_export_keeps_what_each_date_is_through_a_round_trip() {
    let dir = tempfile::tempdir().expect("dir");
    let file = write(dir.path(), "beratung.json", HSDS);
    let mut db = Directory::open(&dir.path().join("amt.sqlite")).expect("db");
    let parsed = parse_file(&file, ImportFormat::HsdsJson, None).expect("parse");
    db.import(ImportFormat::HsdsJson, parsed).expect("stored");
    let mut stored: Vec<_> = db
        .export_batch()
        .expect("read")
        .services
        .into_iter()
        .map(|s| (s.id, s.last_verified, s.date_basis))
        .collect();
    stored.sort();
    assert_eq!(stored.len(), 3);
    assert!(stored.contains(&("ohne".into(), String::new(), DateBasis::Unknown)));
    for format in [
        ExportFormat::HsdsJson,
        ExportFormat::GeoJson,
        ExportFormat::Csv,
    ] {
        assert_eq!(round_trip(&db, format, dir.path()), stored, "{format:?}");
    }
}
