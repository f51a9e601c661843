//! A directory with N numbered offers. Offer `o{i}` is the service `s{i}` at
//! the location `l{i}` ("Weg {i}", 19055 Schwerin), run by the one provider
//! `org` ("Träger"); each test changes what it needs (names, places,
//! languages, hours) before it builds the directory.
//!
//! Shared with the CLI's integration tests, which include this file from
//! `crates/cli/tests/it/support/mod.rs`.

use geo::Point;
use lotse_core::model::{
    Address, DirectoryBatch, Location, Organization, Service, ServiceAtLocation,
};

/// Offer number `i` at `point`: a migration counselling service, last
/// checked 2026-11-01, with no description, languages or opening hours.
pub fn numbered(i: usize, point: Point) -> (Service, Location, ServiceAtLocation) {
    let service = Service {
        id: format!("s{i}"),
        organization_id: "org".into(),
        name: format!("Beratung {i}"),
        categories: vec!["migrationsberatung".into()],
        source: "test".into(),
        last_verified: "2026-11-01".into(),
        ..Default::default()
    };
    let location = Location {
        id: format!("l{i}"),
        name: None,
        address: Address {
            street: format!("Weg {i}"),
            postcode: "19055".into(),
            city: "Schwerin".into(),
            state: None,
        },
        point,
        precision: Default::default(),
        languages: vec![],
    };
    let offer = ServiceAtLocation {
        id: format!("o{i}"),
        service_id: format!("s{i}"),
        location_id: format!("l{i}"),
        opening_hours: None,
    };
    (service, location, offer)
}

/// A directory of these offers, in this order, with their provider.
pub fn directory(
    offers: impl IntoIterator<Item = (Service, Location, ServiceAtLocation)>,
) -> DirectoryBatch {
    let mut b = DirectoryBatch {
        organizations: vec![Organization {
            id: "org".into(),
            name: "Träger".into(),
            ..Default::default()
        }],
        ..Default::default()
    };
    for (service, location, offer) in offers {
        b.services.push(service);
        b.locations.push(location);
        b.service_at_locations.push(offer);
    }
    b
}
