//! Bad input: each rejected record names the file, the line, the field and
//! the reason; files that cannot be read at all are refused whole.

use std::path::PathBuf;

use lotse_core::import::{parse_file, ImportError, ImportFormat, ParsedImport};

use super::{assert_rejected, csv, fixture, geojson, mapping, offer_ids, rejected_at};

fn bad_csv() -> (PathBuf, ParsedImport) {
    let path = fixture("csv/muenchen_style_bad.csv");
    let parsed = csv(&path, &mapping("muenchen-kitas.toml"));
    assert_eq!(parsed.records_read, 8);
    assert_eq!(
        offer_ids(&parsed),
        ["muenchen-kita-91001"],
        "the valid row is imported"
    );
    assert_eq!(parsed.rejected.len(), 7);
    (path, parsed)
}

#[test]
fn csv_invalid_coordinates_are_reported() {
    let (path, parsed) = bad_csv();
    assert_rejected(
        rejected_at(&parsed, &path, 3),
        Some("muenchen-kita-91002"),
        Some("Geokoordinaten Breite"),
        "latitude 100 is outside -90..90",
    );
    assert_rejected(
        rejected_at(&parsed, &path, 8),
        Some("muenchen-kita-91006"),
        Some("Geokoordinaten Länge"),
        "`elf` is not a number",
    );
    assert_rejected(
        rejected_at(&parsed, &path, 9),
        Some("muenchen-kita-91007"),
        Some("Geokoordinaten Breite"),
        "look swapped",
    );
}

#[test]
fn csv_missing_required_fields_are_reported() {
    let (path, parsed) = bad_csv();
    assert_rejected(
        rejected_at(&parsed, &path, 4),
        Some("muenchen-kita-91003"),
        Some("Name Einrichtung"),
        "is empty",
    );
    assert_rejected(
        rejected_at(&parsed, &path, 7),
        None,
        None,
        "the row has 4 fields, the header has 13",
    );
}

#[test]
fn csv_unknown_categories_are_reported() {
    let (path, parsed) = bad_csv();
    assert_rejected(
        rejected_at(&parsed, &path, 5),
        Some("muenchen-kita-91004"),
        Some("Einrichtungsart"),
        "unknown category `SCHWIMMBAD`",
    );
}

#[test]
fn csv_duplicate_ids_are_reported() {
    let (path, parsed) = bad_csv();
    let r = rejected_at(&parsed, &path, 6);
    assert_rejected(
        r,
        Some("muenchen-kita-91001"),
        Some("ID Einrichtung"),
        "duplicate id `muenchen-kita-91001`: already read at line 2",
    );
}

#[test]
fn a_csv_line_above_the_limit_refuses_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("huge.csv");
    let header = "Trägerschaft;Name Einrichtung;Einrichtungsart;Straße;Haus-nr.;Hausnummernzusatz;PLZ;Ort;Stadtbezirk Name;Stadtbezirknr.;Geokoordinaten Breite;Geokoordinaten Länge;ID Einrichtung\n";
    let mut text = String::with_capacity(51 << 20);
    text.push_str(header);
    text.push_str("LHM;");
    text.push_str(&"x".repeat(50 << 20));
    text.push_str(";KINDERGARTEN;Musterweg;1;;80999;München;X;1;48,1;11,5;1\n");
    std::fs::write(&path, text).expect("write");
    match parse_file(
        &path,
        ImportFormat::Csv,
        Some(&mapping("muenchen-kitas.toml")),
    ) {
        Err(e @ ImportError::Malformed { .. }) => {
            let ImportError::Malformed {
                path: p,
                line,
                reason,
            } = &e
            else {
                unreachable!()
            };
            assert_eq!((p.as_path(), *line), (path.as_path(), Some(2)));
            assert!(reason.contains("1 MiB"), "{reason}");
            assert!(e.to_string().contains("huge.csv:2"), "{e}");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn empty_files_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, content, format) in [
        ("empty.csv", &b""[..], ImportFormat::Csv),
        ("bom-only.csv", &b"\xef\xbb\xbf\n"[..], ImportFormat::Csv),
        ("empty.geojson", &b"  \n"[..], ImportFormat::GeoJson),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, content).expect("write");
        let mapping = mapping("muenchen-kitas.toml");
        match parse_file(&path, format, Some(&mapping)) {
            Err(ImportError::Empty { path: p }) => assert_eq!(p, path),
            other => panic!("{name}: expected Empty, got {other:?}"),
        }
    }
}

#[test]
fn a_mapping_that_names_a_missing_column_refuses_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let toml = std::fs::read_to_string(mapping("muenchen-kitas.toml")).expect("mapping");
    let map_path = dir.path().join("wrong.toml");
    std::fs::write(
        &map_path,
        toml.replace("postcode = \"PLZ\"", "postcode = \"Postleitzahl\""),
    )
    .expect("write");
    let path = fixture("csv/muenchen_style.csv");
    match parse_file(&path, ImportFormat::Csv, Some(&map_path)) {
        Err(e @ ImportError::Header { .. }) => {
            let reason = e.to_string();
            assert!(
                reason.starts_with(&format!("{}:1: ", path.display())),
                "{reason}"
            );
            assert!(
                reason.contains("`Postleitzahl`") && reason.contains("`PLZ`"),
                "{reason}"
            );
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    std::fs::write(&map_path, "[fields]\nname = 3\n").expect("write");
    match parse_file(&path, ImportFormat::Csv, Some(&map_path)) {
        Err(ImportError::Mapping {
            path: p, source, ..
        }) => assert!(
            p == map_path && source.to_string().contains("name"),
            "{source}"
        ),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// The line where feature `index` of `osm_bad.geojson` starts.
fn feature_line(index: u64) -> u64 {
    4 + 5 * index
}

fn bad_geojson() -> (PathBuf, ParsedImport) {
    let path = fixture("geojson/osm_bad.geojson");
    let parsed = geojson(&path);
    assert_eq!(parsed.records_read, 9);
    assert_eq!(
        offer_ids(&parsed),
        ["osm-node-7001", "osm-node-7006"],
        "the valid feature is imported, and the one with bad hours without them"
    );
    assert_eq!(parsed.rejected.len(), 7);
    (path, parsed)
}

#[test]
fn geojson_invalid_coordinates_and_geometries_are_reported() {
    let (path, parsed) = bad_geojson();
    assert_rejected(
        rejected_at(&parsed, &path, feature_line(1)),
        Some("osm-node-7002"),
        Some("geometry (latitude)"),
        "latitude 100 is outside -90..90",
    );
    assert_rejected(
        rejected_at(&parsed, &path, feature_line(7)),
        Some("osm-way-7007"),
        Some("geometry"),
        "`LineString` is not supported",
    );
}

#[test]
fn geojson_missing_required_fields_are_reported() {
    let (path, parsed) = bad_geojson();
    assert_rejected(
        rejected_at(&parsed, &path, feature_line(2)),
        Some("osm-node-7003"),
        Some("name"),
        "no name",
    );
    assert_rejected(
        rejected_at(&parsed, &path, feature_line(8)),
        Some("osm-node-7008"),
        Some("geometry"),
        "no geometry",
    );
}

#[test]
fn geojson_unknown_categories_are_reported() {
    let (path, parsed) = bad_geojson();
    assert_rejected(
        rejected_at(&parsed, &path, feature_line(3)),
        Some("osm-node-7004"),
        Some("amenity"),
        "no Lotse category for this feature (amenity=restaurant)",
    );
    assert_rejected(
        rejected_at(&parsed, &path, feature_line(4)),
        Some("osm-node-7005"),
        Some("lotse:category"),
        "unknown category `kochkurs`",
    );
}

#[test]
fn geojson_duplicate_ids_are_reported_and_bad_hours_left_out() {
    let (path, parsed) = bad_geojson();
    assert_rejected(
        rejected_at(&parsed, &path, feature_line(5)),
        Some("osm-node-7001"),
        Some("lotse:offer_id"),
        "duplicate id `osm-node-7001`: already read at feature 0 (line 4)",
    );
    // Bad hours leave the hours out, not the Kita.
    assert!(parsed
        .rejected
        .iter()
        .all(|r| r.line != Some(feature_line(6))));
    assert_eq!(parsed.dropped.len(), 1, "{:?}", parsed.dropped);
    assert_rejected(
        &parsed.dropped[0],
        Some("osm-node-7006"),
        Some("opening_hours"),
        "invalid opening_hours",
    );
    assert_eq!(parsed.dropped[0].line, Some(feature_line(6)));
    assert_eq!(parsed.batch.service_at_locations[1].opening_hours, None);
}

#[test]
fn geojson_broken_utf8_rejects_the_feature_and_names_the_property() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read_to_string(fixture("geojson/osm_overpass.geojson")).expect("fixture");
    let bytes: Vec<u8> = text
        .replace("Musterstraße", "Musterstra\u{1}e")
        .into_bytes()
        .into_iter()
        .map(|b| if b == 1 { 0xDF } else { b })
        .collect();
    let path = dir.path().join("broken.geojson");
    std::fs::write(&path, bytes).expect("write");
    let parsed = geojson(&path);
    assert_eq!(
        offer_ids(&parsed),
        [
            "osm-way-2002",
            "osm-relation-3003",
            "osm-node-4004",
            "osm-node-5005"
        ]
    );
    assert_rejected(
        rejected_at(&parsed, &path, 5),
        Some("osm-node-1001"),
        Some("addr:street"),
        "not valid UTF-8",
    );
}

#[test]
fn a_geojson_value_above_the_limit_rejects_the_feature() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("huge.geojson");
    let feature = |id: u32, description: &str| {
        format!("{{\"type\": \"Feature\", \"geometry\": {{\"type\": \"Point\", \"coordinates\": [13.4, 52.5]}}, \"properties\": {{\"id\": {id}, \"type\": \"node\", \"amenity\": \"kindergarten\", \"name\": \"Demo (fiktiv)\", \"description\": \"{description}\"}}}}")
    };
    let text = format!(
        "{{\"type\": \"FeatureCollection\", \"features\": [\n{},\n{}\n]}}",
        feature(1, &"x".repeat(50 << 20)),
        feature(2, "kurz")
    );
    std::fs::write(&path, text).expect("write");
    let parsed = geojson(&path);
    assert_eq!(offer_ids(&parsed), ["osm-node-2"]);
    assert_rejected(
        rejected_at(&parsed, &path, 2),
        Some("features[0]"),
        Some("description"),
        "values longer than 1048576 bytes (1 MiB) are refused",
    );
}

#[test]
fn files_that_are_not_geojson_are_refused_with_a_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, content, line) in [
        (
            "broken.geojson",
            "{\"type\": \"FeatureCollection\",\n \"features\": [\n {,}]}",
            Some(3),
        ),
        ("list.geojson", "[1, 2]", Some(1)),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, content).expect("write");
        match parse_file(&path, ImportFormat::GeoJson, None) {
            Err(ImportError::Malformed {
                path: p, line: l, ..
            }) => assert_eq!((p, l), (path, line)),
            Err(ImportError::Json { path: p, source }) => {
                assert_eq!((p, Some(source.line() as u64)), (path, line));
            }
            other => panic!("{name}: expected a refusal, got {other:?}"),
        }
    }
}
