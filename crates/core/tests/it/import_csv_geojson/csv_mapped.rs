//! The mapped CSV importer with the committed mappings: the Munich and
//! portal layouts, Windows-1252, broken UTF-8, files without an id column,
//! and rows placed at their postcode.

use lotse_core::import::{parse_file, ImportError, ImportFormat, ParsedImport};
use lotse_core::model::{DateBasis, GeoPrecision};

use super::{assert_rejected, csv, fixture, imported, mapping, munich, offer_ids, rejected_at};

/// The offer's location is marked approximate and lies near `near` (lat, lon).
fn assert_placed_at_postcode(parsed: &ParsedImport, offer_id: &str, near: (f64, f64)) {
    let sal = parsed
        .batch
        .service_at_locations
        .iter()
        .find(|s| s.id == offer_id)
        .expect("offer");
    let location = parsed
        .batch
        .locations
        .iter()
        .find(|l| l.id == sal.location_id)
        .expect("location");
    assert_eq!(
        location.precision,
        lotse_core::model::GeoPrecision::Postcode
    );
    let (lat, lon) = (location.point.y(), location.point.x());
    assert!(
        (lat - near.0).abs() < 0.05 && (lon - near.1).abs() < 0.05,
        "{offer_id} at {lat},{lon}"
    );
}

#[test]
fn munich_style_csv_imports_with_the_committed_mapping() {
    let path = fixture("csv/muenchen_style.csv");
    let parsed = munich();
    assert_eq!(parsed.records_read, 7);
    assert_eq!(
        offer_ids(&parsed),
        [
            "muenchen-kita-90001",
            "muenchen-kita-90002",
            "muenchen-kita-90003",
            "muenchen-kita-90004",
            "muenchen-kita-90005",
            "muenchen-kita-90006",
            "muenchen-kita-90007"
        ]
    );
    // Line 8 has no coordinates: the mapping places it at its postcode, approximately.
    assert_placed_at_postcode(&parsed, "muenchen-kita-90007", (48.19, 11.46));
    assert!(
        parsed.rejected.is_empty(),
        "{:?} (in {})",
        parsed.rejected,
        path.display()
    );

    let b = &parsed.batch;
    let krippe = &b.services[1];
    assert_eq!(
        (krippe.name.as_str(), krippe.categories.as_slice()),
        ("Kinderkrippe Zaunkönig (fiktiv)", &["kita".to_owned()][..])
    );
    assert!(krippe.description.starts_with("Kinderkrippe:"));
    assert!(
        krippe.source.contains("Landeshauptstadt München")
            && krippe.source.contains("dl-de/by-2.0")
    );
    // The list gives no date and nobody checked its rows: unknown, not today.
    assert_eq!(
        (krippe.last_verified.as_str(), krippe.date_basis),
        ("", DateBasis::Unknown)
    );
    assert_eq!(krippe.target_groups, ["families"]);
    let loc = &b.locations[1];
    assert_eq!(loc.address.street, "Erfundene Str. 12a");
    assert_eq!(
        (
            loc.address.postcode.as_str(),
            loc.address.city.as_str(),
            loc.address.state.as_deref()
        ),
        ("80331", "München", Some("Bayern"))
    );
    assert_eq!(
        (loc.point.y(), loc.point.x()),
        (48.1372, 11.5755),
        "decimal comma"
    );
    assert_eq!(
        b.services[2].name,
        "Kindergarten Kleine Füchse; Außenstelle (fiktiv)"
    );
    assert_eq!(b.services[3].categories, ["hort"]);
    assert_eq!(b.services[4].categories, ["hort"], "Tagesheim");
    let po_box = &b.locations[5];
    assert_eq!(
        (po_box.address.street.as_str(), po_box.precision),
        ("", GeoPrecision::Postcode)
    );
    let orgs: Vec<&str> = b.organizations.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(
        orgs,
        [
            "Landeshauptstadt München (städtische Einrichtung)",
            "Freier Träger (in der Liste der Stadt nicht namentlich genannt)"
        ]
    );

    let db = imported(ImportFormat::Csv, parsed);
    assert_eq!(db.offer_count().expect("count"), 7);
}

#[test]
fn the_portal_format_with_commas_imports_with_the_same_mapping() {
    let path = fixture("csv/muenchen_portal_format.csv");
    let parsed = csv(&path, &mapping("muenchen-kitas.toml"));
    assert_eq!(parsed.records_read, 3);
    assert_eq!(
        offer_ids(&parsed),
        [
            "muenchen-kita-90001",
            "muenchen-kita-90002",
            "muenchen-kita-90007"
        ]
    );
    assert_eq!(
        parsed.batch.services[1].name,
        "Kinderkrippe Zaunkönig, Erfundene Str. (fiktiv)"
    );
    assert_eq!(parsed.batch.locations[1].point.y(), 48.1372);
    assert_placed_at_postcode(&parsed, "muenchen-kita-90007", (48.19, 11.46));
}

#[test]
fn a_windows_1252_file_imports_when_the_mapping_says_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read_to_string(fixture("csv/muenchen_style.csv")).expect("fixture");
    let (latin1, _, lossy) = encoding_rs::WINDOWS_1252.encode(text.trim_start_matches('\u{feff}'));
    assert!(!lossy);
    let path = dir.path().join("kitas-latin1.csv");
    std::fs::write(&path, &latin1).expect("write");
    let toml = std::fs::read_to_string(mapping("muenchen-kitas.toml")).expect("mapping");
    let map_path = dir.path().join("latin1.toml");
    std::fs::write(
        &map_path,
        toml.replace("encoding = \"utf-8\"", "encoding = \"windows-1252\""),
    )
    .expect("write");
    let parsed = csv(&path, &map_path);
    assert_eq!(parsed.batch, munich().batch);

    // Read as UTF-8, the header ("Trägerschaft") is already not valid text.
    match parse_file(
        &path,
        ImportFormat::Csv,
        Some(&mapping("muenchen-kitas.toml")),
    ) {
        Err(e @ ImportError::Header { .. }) => {
            let reason = e.to_string();
            assert!(
                reason.starts_with(&format!("{}:1: ", path.display())),
                "{reason}"
            );
            assert!(
                reason.contains("header column 1: not valid UTF-8")
                    && reason.contains("windows-1252"),
                "{reason}"
            );
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn broken_utf8_rejects_the_row_and_names_the_column() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bytes = std::fs::read(fixture("csv/muenchen_style.csv")).expect("fixture");
    let broken = String::from_utf8(bytes)
        .expect("utf-8")
        .replace("Zaunkönig", "Zaunk\u{1}nig")
        .into_bytes();
    let broken: Vec<u8> = broken
        .into_iter()
        .map(|b| if b == 1 { 0xF6 } else { b })
        .collect();
    let path = dir.path().join("broken.csv");
    std::fs::write(&path, broken).expect("write");
    let parsed = csv(&path, &mapping("muenchen-kitas.toml"));
    assert_eq!(parsed.records_read, 7);
    assert_eq!(parsed.batch.service_at_locations.len(), 6);
    assert_rejected(
        rejected_at(&parsed, &path, 3),
        None,
        Some("Name Einrichtung"),
        "not valid UTF-8 (byte 0xF6",
    );
}

#[test]
fn a_csv_without_an_id_column_gets_stable_ids_and_checks_its_values() {
    let path = fixture("csv/beratung.csv");
    let map = fixture("csv/beratung.toml");
    let parsed = csv(&path, &map);
    assert_eq!(parsed.records_read, 5);
    assert_eq!(
        offer_ids(&parsed),
        offer_ids(&csv(&path, &map)),
        "ids are stable"
    );
    assert!(offer_ids(&parsed)
        .iter()
        .all(|id| id.starts_with("test-beratung-") && id.len() == 14 + 16));
    // Rows with wrong hours, a wrong language or a wrong date keep the
    // offer and lose only that value.
    let [mbe, kurs, zeiten, klingonisch, ohne_stand] = &parsed.batch.services[..] else {
        panic!("five services: {:#?}", parsed.batch.services)
    };
    assert_eq!(mbe.languages, ["de", "ar", "fa"]);
    assert_eq!(mbe.last_verified, "2026-10-01");
    assert_eq!(mbe.categories, ["migrationsberatung"]);
    assert_eq!(kurs.categories, ["sprachkurs"]);
    let numbers: Vec<&str> = kurs.phones.iter().map(|p| p.number.as_str()).collect();
    assert_eq!(numbers, ["+49 30 23125 102", "+49 30 23125 103"]);
    assert_eq!(
        parsed.batch.service_at_locations[0]
            .opening_hours
            .as_deref(),
        Some("Mo-Fr 09:00-15:00")
    );
    assert_eq!(
        parsed.batch.organizations.len(),
        1,
        "one organization, read twice with the same values"
    );

    assert!(parsed.rejected.is_empty(), "{:?}", parsed.rejected);
    assert_eq!(parsed.dropped.len(), 3, "{:?}", parsed.dropped);
    let at = |line: u64| {
        parsed
            .dropped
            .iter()
            .find(|d| d.line == Some(line))
            .unwrap_or_else(|| panic!("nothing left out at line {line}: {:?}", parsed.dropped))
    };
    let offer_of = |service: &lotse_core::model::Service| {
        parsed
            .batch
            .service_at_locations
            .iter()
            .find(|o| o.service_id == service.id)
            .cloned()
            .expect("its offer")
    };
    assert_rejected(
        at(4),
        Some(offer_of(zeiten).id.as_str()),
        Some("Öffnungszeiten"),
        "invalid opening_hours",
    );
    assert_eq!(offer_of(zeiten).opening_hours, None);
    assert_rejected(
        at(5),
        Some(offer_of(klingonisch).id.as_str()),
        Some("Sprachen"),
        "`klingonisch` is not an ISO 639",
    );
    assert!(klingonisch.languages.is_empty());
    assert_rejected(
        at(6),
        Some(offer_of(ohne_stand).id.as_str()),
        Some("Stand"),
        "`demnächst` is not a date",
    );
    assert_eq!(
        (ohne_stand.last_verified.as_str(), ohne_stand.date_basis),
        ("", DateBasis::Unknown)
    );
}

#[test]
fn rows_without_coordinates_can_be_placed_at_their_postcode_marked_approximate() {
    let dir = tempfile::tempdir().expect("tempdir");
    let csv = dir.path().join("kitas.csv");
    std::fs::write(
        &csv,
        "Name;PLZ;Ort;Lat;Lon\nKita Ohne Koordinaten (fiktiv);80331;München;;\nKita Mit Koordinaten (fiktiv);80331;München;48,1372;11,5755\nKita Nirgendwo (fiktiv);00001;Nirgendwo;;\n",
    )
    .expect("write csv");
    let mapping = dir.path().join("map.toml");
    std::fs::write(
        &mapping,
        r#"delimiter = ";"
missing_coordinates = "postcode"
[fields]
name = "Name"
postcode = "PLZ"
city = "Ort"
lat = "Lat"
lon = "Lon"
categories = { value = "kita" }
organization_name = { value = "Test-Träger" }
source = { value = "test" }
last_verified = { value = "2026-11-01" }
"#,
    )
    .expect("write mapping");
    let parsed =
        lotse_core::import::parse_file(&csv, lotse_core::import::ImportFormat::Csv, Some(&mapping))
            .expect("parse");
    assert_eq!(parsed.batch.locations.len(), 2, "{:?}", parsed.rejected);
    let placed = parsed
        .batch
        .locations
        .iter()
        .find(|l| l.address.street.is_empty() && l.precision.is_approximate())
        .expect("approximate row");
    assert!(
        (placed.point.y() - 48.137).abs() < 0.05 && (placed.point.x() - 11.575).abs() < 0.05,
        "{:?}",
        placed.point
    );
    let exact = parsed
        .batch
        .locations
        .iter()
        .filter(|l| !l.precision.is_approximate())
        .count();
    assert_eq!(exact, 1);
    assert_eq!(parsed.rejected.len(), 1);
    let r = &parsed.rejected[0];
    assert_eq!(r.line, Some(4));
    assert!(
        r.reason
            .to_string()
            .contains("`00001` is not in the gazetteer"),
        "{r}"
    );
}
