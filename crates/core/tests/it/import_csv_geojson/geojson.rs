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
