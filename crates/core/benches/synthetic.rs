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
/// Domain words; in the corpus they sit at Zipf ranks 30–69 of a 1,540-word
/// vocabulary, so each appears in roughly 2–6 % of descriptions, as such
/// words do in real directories (the rest are made-up words).
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
    "Deutschkurs",
    "Alltag",
    "Aufenthalt",
    "Antrag",
    "Termin",
    "Sozialarbeit",
    "Ausbildung",
    "Praktikum",
    "Bewerbung",
    "Dolmetschen",
    "Übersetzung",
    "Trauma",
    "Therapie",
    "Nachbarschaft",
    "Ehrenamt",
    "Patenschaft",
    "Freizeit",
    "Sport",
    "Musik",
    "Garten",
];

/// A vocabulary of made-up words with the domain words at ranks 30–69, and a
/// sampler that draws ranks with Zipf's law (s = 1).
pub struct Vocabulary {
    words: Vec<String>,
    cumulative: Vec<f64>,
}

impl Vocabulary {
    pub fn new(rng: &mut Rng) -> Self {
        let mut words: Vec<String> = (0..1_500).map(|_| made_up_word(rng)).collect();
        for (i, w) in WORDS.iter().enumerate() {
            words.insert(30 + i, (*w).to_owned());
        }
        let mut total = 0.0;
        let cumulative = (1..=words.len())
            .map(|rank| {
                total += 1.0 / rank as f64;
                total
            })
            .collect();
        Self { words, cumulative }
    }

    pub fn draw(&self, rng: &mut Rng) -> &str {
        let total = self.cumulative.last().copied().unwrap_or(1.0);
        let x = rng.unit() * total;
        let i = self
            .cumulative
            .partition_point(|c| *c < x)
            .min(self.words.len() - 1);
        &self.words[i]
    }
}

fn made_up_word(rng: &mut Rng) -> String {
    (0..2 + rng.next_u64() % 2)
        .map(|_| *rng.pick(SYLLABLES))
        .collect()
}
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
