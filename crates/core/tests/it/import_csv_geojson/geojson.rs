//! The OSM GeoJSON importer: points and polygons, both tag layouts
//! (osmtogeojson's nested tags and Overpass turbo's flat properties).

use lotse_core::model::{DateBasis, Organization};

use super::{fixture, geojson, offer_ids};

#[test]
fn osm_geojson_imports_points_polygons_and_both_tag_layouts() {
    let parsed = geojson(&fixture("geojson/osm_overpass.geojson"));
    assert_eq!(parsed.records_read, 5);
    assert!(parsed.rejected.is_empty(), "{:#?}", parsed.rejected);
    assert_eq!(
        offer_ids(&parsed),
        [
            "osm-node-1001",
            "osm-way-2002",
            "osm-relation-3003",
            "osm-node-4004",
            "osm-node-5005"
        ]
    );
    let b = &parsed.batch;
    let kita = &b.services[0];
    assert_eq!(
        (kita.categories[0].as_str(), kita.last_verified.as_str()),
        ("kita", "2025-06-01")
    );
    assert_eq!(kita.date_basis, DateBasis::Checked, "check_date is a check");
    assert_eq!(kita.source, "© OpenStreetMap contributors (ODbL)");
    assert_eq!(
        kita.url.as_deref(),
        Some("https://example.org/kita-sonnenschein")
    );
    assert_eq!(b.locations[0].address.street, "Musterstraße 12a");
    assert_eq!(
        b.service_at_locations[0].opening_hours.as_deref(),
        Some("Mo-Fr 07:30-16:30; PH off")
    );

    let mbe = &b.services[1];
    assert_eq!(mbe.categories, ["migrationsberatung"]);
    assert_eq!(mbe.languages, ["ar", "de"]);
    assert_eq!(mbe.phones.len(), 2);
    assert_eq!(
        (mbe.last_verified.as_str(), mbe.date_basis),
        ("", DateBasis::Unknown),
        "no check_date: unknown, never the import date"
    );
    let p = b.locations[1].point;
    assert!(
        (13.40..=13.41).contains(&p.x()) && (52.52..=52.53).contains(&p.y()),
        "a point inside the polygon"
    );

    assert_eq!(
        b.services[2].organization_id, kita.organization_id,
        "one operator, one organization"
    );
    assert_eq!(b.services[3].categories, ["hort"]);
    assert_eq!(b.services[3].fees.free, Some(true));
    assert_eq!(b.services[4].categories, ["arbeit"]);
    assert_eq!(b.services[4].phones[0].kind.as_deref(), Some("fax"));
    let orgs: Vec<&Organization> = b.organizations.iter().collect();
    assert_eq!(orgs.len(), 4);
    assert_eq!(orgs[0].name, "Demo-Kitaverein e.V. (fiktiv)");
    assert_eq!(
        orgs[1].name, "Demo-Migrationsberatung Mitte (fiktiv)",
        "no operator: the place is its own organization"
    );
}

#[test]
fn a_kindergarten_with_a_slip_in_its_hours_is_kept_with_the_hours_mended_and_said() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("kitas.geojson");
    std::fs::write(
        &path,
        r#"{"type": "FeatureCollection", "features": [
          {"type": "Feature", "id": "node/1", "geometry": {"type": "Point", "coordinates": [11.57, 48.14]},
           "properties": {"amenity": "kindergarten", "name": "Kita Slip", "opening_hours": "Mo-Thu 08:00-17:00; Fr 07:00-16:00"}},
          {"type": "Feature", "id": "node/2", "geometry": {"type": "Point", "coordinates": [11.58, 48.14]},
           "properties": {"amenity": "kindergarten", "name": "Kita Unlesbar", "opening_hours": "morgens und abends",
                          "lotse:languages": "de;klingonisch"}}]}"#,
    )
    .expect("write");
    let parsed = geojson(&path);
    assert!(parsed.rejected.is_empty(), "{:?}", parsed.rejected);
    assert_eq!(offer_ids(&parsed), ["osm-node-1", "osm-node-2"]);
    let hours: Vec<Option<&str>> = parsed
        .batch
        .service_at_locations
        .iter()
        .map(|o| o.opening_hours.as_deref())
        .collect();
    assert_eq!(hours, [Some("Mo-Th 08:00-17:00; Fr 07:00-16:00"), None]);
    assert_eq!(parsed.batch.services[1].languages, ["de"]);
    let notes: Vec<String> = parsed.dropped.iter().map(ToString::to_string).collect();
    assert_eq!(notes.len(), 3, "{notes:#?}");
    assert!(
        notes[0].contains("record `osm-node-1` field `opening_hours`")
            && notes[0].contains("read as `Mo-Th"),
        "{}",
        notes[0]
    );
    assert!(
        notes
            .iter()
            .any(|n| n.contains("osm-node-2") && n.contains("`opening_hours`")),
        "{notes:#?}"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.contains("`klingonisch` is not an ISO 639 code")),
        "{notes:#?}"
    );
}
