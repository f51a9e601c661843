//! Synthetic directories spread over Germany, deterministic for a given seed.

use geo::Point;
use lotse_core::model::{
    Address, DirectoryBatch, Fees, GeoPrecision, Location, Organization, Service, ServiceAtLocation,
};
use lotse_core::taxonomy::CATEGORIES;

/// xorshift64*: fast, deterministic, good enough to spread points.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed.max(1))
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next_u64() % items.len() as u64) as usize]
    }
}

const SYLLABLES: &[&str] = &[
    "ber", "lin", "ham", "burg", "mün", "chen", "kö", "stutt", "gart", "dres", "den", "leip",
    "zig", "ros", "tock", "schwe", "rin", "kas", "sel", "brem", "en", "han", "no", "ver", "bo",
    "chum", "wup", "per", "tal", "dorf",
];
const WORDS: &[&str] = &[
    "Beratung",
    "Familie",
    "Kinder",
    "Sprache",
    "Arbeit",
    "Zentrum",
    "Hilfe",
    "Treff",
    "Büro",
    "Dienst",
    "Schule",
    "Kurs",
    "Jugend",
    "Integration",
    "Gesundheit",
    "Wohnen",
    "Frauen",
    "Eltern",
    "Begegnung",
    "Netzwerk",
];
const LANGUAGES: &[&str] = &[
    "de", "en", "ar", "uk", "ru", "fa", "ps", "tr", "ti", "ku", "so", "fr",
];

fn town(rng: &mut Rng) -> String {
    let mut s: String = (0..2 + rng.next_u64() % 2)
        .map(|_| *rng.pick(SYLLABLES))
        .collect();
    if let Some(first) = s.get(0..1) {
        s = first.to_uppercase() + s.get(1..).unwrap_or_default();
    }
    s
}

/// `n` offers (one service at one location each) over Germany's bounding box.
pub fn directory(n: usize, seed: u64) -> DirectoryBatch {
    let mut rng = Rng::new(seed);
    let organizations: Vec<Organization> = (0..(n / 50).max(1))
        .map(|i| Organization {
            id: format!("org-{i}"),
            name: format!("Träger {} e. V.", town(&mut rng)),
            ..Organization::default()
        })
        .collect();
    let mut batch = DirectoryBatch {
        organizations,
        ..DirectoryBatch::default()
    };
    let vocabulary = Vocabulary::new(&mut rng);
    for i in 0..n {
        let lat = 47.3 + rng.unit() * 7.7;
        let lon = 5.9 + rng.unit() * 9.1;
        let category = rng.pick(CATEGORIES);
        let city = town(&mut rng);
        // Names like real ones: the kind of offer, a proper name, the town.
        let kind = category
            .label(lotse_core::taxonomy::Lang::De)
            .split(' ')
            .next()
            .unwrap_or_default();
        let name = format!("{kind} {} {city}", town(&mut rng));
        let description: Vec<&str> = (0..20).map(|_| vocabulary.draw(&mut rng)).collect();
        let category = category.id.to_owned();
        let languages: Vec<String> = (0..1 + rng.next_u64() % 3)
            .map(|_| rng.pick(LANGUAGES).to_string())
            .collect();
        batch.services.push(Service {
            id: format!("svc-{i}"),
            organization_id: format!("org-{}", i % batch.organizations.len()),
            name,
            description: description.join(" "),
            categories: vec![category],
            languages,
            fees: Fees {
                free: Some(rng.next_u64().is_multiple_of(2)),
                description: None,
            },
            source: "synthetic benchmark data".into(),
            last_verified: "2026-11-01".into(),
            ..Service::default()
        });
        batch.locations.push(Location {
            id: format!("loc-{i}"),
            name: None,
            address: Address {
                street: format!("{}straße {}", town(&mut rng), 1 + rng.next_u64() % 120),
                postcode: format!("{:05}", 1000 + rng.next_u64() % 98_000),
                city,
                state: None,
            },
            point: Point::new(lon, lat),
            precision: GeoPrecision::Exact,
            languages: Vec::new(),
        });
        batch.service_at_locations.push(ServiceAtLocation {
            id: format!("offer-{i}"),
            service_id: format!("svc-{i}"),
            location_id: format!("loc-{i}"),
            opening_hours: Some("Mo-Fr 09:00-16:00".into()),
        });
    }
    batch
}
