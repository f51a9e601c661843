//! The set-up the integration tests share: builders for small directories
//! (a directory with N offers: `batch(scattered(n))`), a directory file in a
//! temporary folder, and a publisher and a client with a feed folder between
//! them (`World`).

mod world;

pub use world::{content, World};

use geo::Point;
use lotse_core::model::{
    Address, DirectoryBatch, Location, Organization, Service, ServiceAtLocation,
};
use lotse_core::Directory;

pub fn org() -> Organization {
    Organization {
        id: "org".into(),
        name: "Test-Träger".into(),
        ..Organization::default()
    }
}

/// A service with one category at one location; the offer id is `id`.
pub fn offer(
    id: &str,
    category: &str,
    lat: f64,
    lon: f64,
) -> (Service, Location, ServiceAtLocation) {
    let service = Service {
        id: format!("{id}-svc"),
        organization_id: "org".into(),
        name: format!("Offer {id}"),
        categories: vec![category.into()],
        source: "test".into(),
        last_verified: "2026-01-01".into(),
        ..Service::default()
    };
    let location = Location {
        id: format!("{id}-loc"),
        name: None,
        address: Address {
            street: "Teststraße 1".into(),
            postcode: "00000".into(),
            city: "Test".into(),
            state: None,
        },
        point: Point::new(lon, lat),
        precision: Default::default(),
        languages: Vec::new(),
    };
    let sal = ServiceAtLocation {
        id: id.into(),
        service_id: service.id.clone(),
        location_id: location.id.clone(),
        opening_hours: None,
    };
    (service, location, sal)
}

pub fn batch(items: Vec<(Service, Location, ServiceAtLocation)>) -> DirectoryBatch {
    let mut b = DirectoryBatch {
        organizations: vec![org()],
        ..DirectoryBatch::default()
    };
    for (s, l, sal) in items {
        b.services.push(s);
        b.locations.push(l);
        b.service_at_locations.push(sal);
    }
    b
}

pub fn file_directory() -> (tempfile::TempDir, Directory) {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = Directory::open(&dir.path().join("lotse.sqlite")).expect("open");
    (dir, db)
}

/// A deterministic pseudo-random spread of offers across Germany and just beyond.
pub fn scattered(n: usize) -> Vec<(Service, Location, ServiceAtLocation)> {
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    (0..n)
        .map(|i| {
            let lat = 46.8 + next() * 8.7; // 46.8 .. 55.5 °N
            let lon = 5.5 + next() * 10.0; // 5.5 .. 15.5 °E
            let cat = if i % 3 == 0 {
                "kita"
            } else {
                "migrationsberatung"
            };
            offer(&format!("o{i:05}"), cat, lat, lon)
        })
        .collect()
}
