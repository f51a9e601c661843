//! Offline gazetteer: a German postcode or a town name (in any script) →
//! approximate coordinates.
//!
//! The data ships inside the binary (`crates/core/data/gazetteer.tsv.gz`, about
//! 13,000 towns and 8,200 postcodes, made by `cargo xtask gazetteer`; sources and
//! licences in `crates/core/data/GAZETTEER-SOURCES.md`). Every position is a
//! centroid or a town's reference point, never an address, so every [`Place`]
//! says `approximate: true`.
//!
//! ```
//! # use lotse_core::gazetteer::{Gazetteer, PlaceKind};
//! let gazetteer = Gazetteer::embedded().expect("the embedded gazetteer loads");
//! let hits = gazetteer.lookup("Мюнхен", 5);
//! assert_eq!(hits[0].name, "München");
//! assert_eq!(gazetteer.lookup("19055", 1)[0].kind, PlaceKind::Postcode);
//! ```

mod fold;
mod parse;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Serialize};

/// The compressed data file, embedded at compile time.
const EMBEDDED: &[u8] = include_bytes!("../../../data/gazetteer.tsv.gz");

/// Why the gazetteer data could not be read.
#[derive(Debug, Clone, thiserror::Error)]
pub enum GazetteerError {
    #[error("the gazetteer data cannot be unpacked: {0}")]
    Unpack(#[source] Arc<std::io::Error>),

    #[error("the gazetteer data is malformed at line {line}: {reason}")]
    Line { line: usize, reason: String },

    #[error("the gazetteer data is malformed: {0}")]
    Invalid(String),
}

/// What a [`Place`] stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaceKind {
    /// A German postcode area; the position is its centroid.
    Postcode,
    /// A town, municipality or district; the position is its reference point.
    Town,
}

/// One answer of [`Gazetteer::lookup`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    /// The German name; for a postcode, its main municipality (or the postcode
    /// itself where no municipality is known).
    pub name: String,
    pub kind: PlaceKind,
    /// The postcode of a [`PlaceKind::Postcode`]; for a town, its postcode if it has
    /// exactly one.
    pub postcode: Option<String>,
    pub lat: f64,
    pub lon: f64,
    /// Always true here: centroids and reference points, not addresses.
    pub approximate: bool,
    /// Inhabitants per GeoNames, where known (towns only).
    pub population: Option<u64>,
    /// The federal state (Land), where known.
    pub state: Option<String>,
    /// A town's postcodes, ascending; for a postcode, just itself.
    pub postcodes: Vec<String>,
    /// For a postcode: every municipality it covers, the main one first.
    pub municipalities: Vec<String>,
    /// The other name that matched the query, e.g. "Мюнхен" for München.
    pub matched_alias: Option<String>,
}

/// The offline gazetteer: look up with [`Gazetteer::lookup`].
pub struct Gazetteer {
    states: Vec<String>,
    towns: Vec<Town>,
    /// Sorted by code.
    postcodes: Vec<PostcodeArea>,
    /// Sorted by key.
    names: Vec<NameKey>,
}

struct Town {
    name: String,
    lat: f64,
    lon: f64,
    population: Option<u64>,
    /// Index into `Gazetteer::states`.
    state: Option<usize>,
    aliases: Vec<String>,
    /// Indices into `Gazetteer::postcodes`, ascending.
    postcodes: Vec<u32>,
}

struct PostcodeArea {
    code: String,
    lat: f64,
    lon: f64,
    /// Indices into `Gazetteer::towns`, the main municipality first.
    towns: Vec<u32>,
}

/// One search key of one town: `alias` 0 is its name, n its n-th alias.
struct NameKey {
    key: String,
    town: u32,
    alias: u32,
}

impl Gazetteer {
    /// The gazetteer built into this binary, unpacked on first use.
    pub fn embedded() -> Result<&'static Gazetteer, GazetteerError> {
        static EMBEDDED_GAZETTEER: OnceLock<Result<Gazetteer, GazetteerError>> = OnceLock::new();
        EMBEDDED_GAZETTEER
            .get_or_init(|| Gazetteer::from_gzip(EMBEDDED))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Read a gzip-compressed gazetteer file (the format `cargo xtask gazetteer` writes).
    pub fn from_gzip(bytes: &[u8]) -> Result<Gazetteer, GazetteerError> {
        Gazetteer::from_text(&parse::gunzip(bytes)?)
    }

    /// Read the uncompressed text of a gazetteer file.
    pub fn from_text(text: &str) -> Result<Gazetteer, GazetteerError> {
        let parsed = parse::parse(text)?;
        Ok(Gazetteer {
            states: parsed.states,
            towns: parsed.towns,
            postcodes: parsed.postcodes,
            names: parsed.names,
        })
    }

    /// How many towns and postcodes the gazetteer knows.
    pub fn counts(&self) -> (usize, usize) {
        (self.towns.len(), self.postcodes.len())
    }

    /// Up to `limit` places for what a person typed:
    ///
    /// - digits: a postcode ("19055") or the postcodes starting with them
    ///   ("190"), ascending; text after the digits ("19055 Schwerin") is ignored;
    /// - anything else: towns whose name, or one of their names in other
    ///   languages and scripts, starts with the query, ignoring case, accents
    ///   and umlaut spellings ("muenchen", "Munchen", "Мюнхен"). Exact matches
    ///   come first, then the larger towns.
    ///
    /// Unknown or empty queries give an empty list.
    pub fn lookup(&self, query: &str, limit: usize) -> Vec<Place> {
        let query = query.trim();
        if limit == 0 || query.is_empty() {
            return Vec::new();
        }
        if query.starts_with(|c: char| c.is_ascii_digit()) {
            let end = query
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(query.len());
            return self.lookup_postcodes(&query[..end], limit);
        }
        self.lookup_names(query, limit)
    }

    fn lookup_postcodes(&self, prefix: &str, limit: usize) -> Vec<Place> {
        if prefix.len() > 5 {
            return Vec::new();
        }
        let start = self.postcodes.partition_point(|p| p.code.as_str() < prefix);
        self.postcodes[start..]
            .iter()
            .take_while(|p| p.code.starts_with(prefix))
            .take(limit)
            .map(|p| self.postcode_place(p))
            .collect()
    }

    fn lookup_names(&self, query: &str, limit: usize) -> Vec<Place> {
        let key = fold::fold(query);
        if key.is_empty() {
            return Vec::new();
        }
        // The best match of each town: exact before prefix, its name before aliases.
        let mut best: HashMap<u32, (bool, u32)> = HashMap::new();
        let start = self
            .names
            .partition_point(|n| n.key.as_str() < key.as_str());
        for name in self.names[start..]
            .iter()
            .take_while(|n| n.key.starts_with(&key))
        {
            let found = (name.key == key, name.alias);
            best.entry(name.town)
                .and_modify(|b| {
                    if (found.0, std::cmp::Reverse(found.1)) > (b.0, std::cmp::Reverse(b.1)) {
                        *b = found;
                    }
                })
                .or_insert(found);
        }
        let mut hits: Vec<(u32, bool, u32)> = best
            .into_iter()
            .map(|(town, (exact, alias))| (town, exact, alias))
            .collect();
        hits.sort_by(|a, b| {
            let (ta, tb) = (&self.towns[a.0 as usize], &self.towns[b.0 as usize]);
            b.1.cmp(&a.1)
                .then(tb.population.unwrap_or(0).cmp(&ta.population.unwrap_or(0)))
                .then(ta.name.cmp(&tb.name))
                .then(a.0.cmp(&b.0))
        });
        hits.into_iter()
            .take(limit)
            .map(|(town, _, alias)| self.town_place(town, alias))
            .collect()
    }

    fn state_name(&self, state: Option<usize>) -> Option<String> {
        state.and_then(|s| self.states.get(s)).cloned()
    }

    fn town_place(&self, index: u32, alias: u32) -> Place {
        let town = &self.towns[index as usize];
        let postcodes: Vec<String> = town
            .postcodes
            .iter()
            .filter_map(|&p| self.postcodes.get(p as usize))
            .map(|p| p.code.clone())
            .collect();
        let matched_alias = (alias as usize)
            .checked_sub(1)
            .and_then(|a| town.aliases.get(a))
            .cloned();
        Place {
            name: town.name.clone(),
            kind: PlaceKind::Town,
            postcode: (postcodes.len() == 1).then(|| postcodes[0].clone()),
            lat: town.lat,
            lon: town.lon,
            approximate: true,
            population: town.population,
            state: self.state_name(town.state),
            postcodes,
            municipalities: Vec::new(),
            matched_alias,
        }
    }

    fn postcode_place(&self, area: &PostcodeArea) -> Place {
        let towns: Vec<&Town> = area
            .towns
            .iter()
            .filter_map(|&t| self.towns.get(t as usize))
            .collect();
        Place {
            name: towns
                .first()
                .map_or_else(|| area.code.clone(), |t| t.name.clone()),
            kind: PlaceKind::Postcode,
            postcode: Some(area.code.clone()),
            lat: area.lat,
            lon: area.lon,
            approximate: true,
            population: None,
            state: self.state_name(towns.first().and_then(|t| t.state)),
            postcodes: vec![area.code.clone()],
            municipalities: towns.iter().map(|t| t.name.clone()).collect(),
            matched_alias: None,
        }
    }
}

impl std::fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gazetteer")
            .field("towns", &self.towns.len())
            .field("postcodes", &self.postcodes.len())
            .field("names", &self.names.len())
            .finish()
    }
}

impl From<GazetteerError> for lotse_contract::ApiError {
    fn from(err: GazetteerError) -> Self {
        lotse_contract::ApiError::new(lotse_contract::ErrorCode::Internal, err.to_string())
    }
}
