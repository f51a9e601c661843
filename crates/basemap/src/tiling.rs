//! Cutting features into vector tiles: Web Mercator projection, clipping
//! down the tile pyramid (each tile clips what its parent kept), per-tile
//! simplification with `geo`, and MVT encoding with `mvt`.

use std::collections::BTreeMap;

use geo::{Coord, LineString, Simplify};
use mvt::{GeomEncoder, GeomType, Tile};

use crate::clip::{clip_line, clip_ring, Rect};

/// Tile coordinates span 0..EXTENT.
pub const EXTENT: f64 = 4096.0;
/// Geometry kept beyond the tile edge, in tile units (so strokes join).
const BUFFER: f64 = 64.0;

pub type Pt = [f64; 2];

/// A geometry in Web Mercator, normalised to 0..1 (y down, as tiles are).
#[derive(Debug, Clone)]
pub enum Shape {
    /// Polygons, each a list of rings (exterior first), rings not closed.
    Polygons(Vec<Vec<Vec<Pt>>>),
    Lines(Vec<Vec<Pt>>),
    Point(Pt),
}

#[derive(Debug, Clone)]
pub enum Prop {
    Str(String),
    Int(i64),
}

#[derive(Debug, Clone)]
pub struct Feature {
    pub layer: &'static str,
    pub shape: Shape,
    pub props: Vec<(&'static str, Prop)>,
    pub min_zoom: u8,
    pub max_zoom: u8,
}

/// Longitude/latitude to normalised Web Mercator.
pub fn project(lon: f64, lat: f64) -> Pt {
    let lat = lat.clamp(-85.051_128_78, 85.051_128_78).to_radians();
    let x = (lon + 180.0) / 360.0;
    let y = (1.0 - lat.tan().asinh() / std::f64::consts::PI) / 2.0;
    [x.clamp(0.0, 1.0), y.clamp(0.0, 1.0)]
}

pub fn project_ring(ls: &LineString) -> Vec<Pt> {
    let mut pts: Vec<Pt> = ls.0.iter().map(|c| project(c.x, c.y)).collect();
    if pts.len() > 1 && pts.first() == pts.last() {
        pts.pop();
    }
    pts
}

pub fn project_line(ls: &LineString) -> Vec<Pt> {
    ls.0.iter().map(|c| project(c.x, c.y)).collect()
}

/// Which tiles to build.
pub struct Plan {
    pub max_zoom: u8,
    /// Tiles up to this zoom cover the world; deeper ones only `region`.
    pub world_until: u8,
    /// West, south, east, north (degrees).
    pub region: [f64; 4],
}

fn tile_rect(z: u8, x: u32, y: u32, buffer: f64) -> Rect {
    let n = f64::from(1u32 << z);
    let b = buffer / EXTENT;
    Rect {
        x0: (f64::from(x) - b) / n,
        y0: (f64::from(y) - b) / n,
        x1: (f64::from(x) + 1.0 + b) / n,
        y1: (f64::from(y) + 1.0 + b) / n,
    }
}

/// Build every tile of the plan; returns encoded (uncompressed) MVT bytes
/// by (z, x, y), leaving out empty tiles.
pub fn build(features: Vec<Feature>, plan: &Plan) -> BTreeMap<(u8, u32, u32), Vec<u8>> {
    let [w, s, e, n] = plan.region;
    let (rx0, ry1) = {
        let p = project(w, s);
        (p[0], p[1])
    };
    let (rx1, ry0) = {
        let p = project(e, n);
        (p[0], p[1])
    };
    let region = Rect {
        x0: rx0,
        y0: ry0,
        x1: rx1,
        y1: ry1,
    };
    let mut out = BTreeMap::new();
    descend(0, 0, 0, features, plan, region, &mut out);
    out
}

fn descend(
    z: u8,
    x: u32,
    y: u32,
    features: Vec<Feature>,
    plan: &Plan,
    region: Rect,
    out: &mut BTreeMap<(u8, u32, u32), Vec<u8>>,
) {
    if let Some(bytes) = encode(z, x, y, &features) {
        out.insert((z, x, y), bytes);
    }
    if z >= plan.max_zoom {
        return;
    }
    let cz = z + 1;
    for (cx, cy) in [
        (2 * x, 2 * y),
        (2 * x + 1, 2 * y),
        (2 * x, 2 * y + 1),
        (2 * x + 1, 2 * y + 1),
    ] {
        let r = tile_rect(cz, cx, cy, 0.0);
        if cz > plan.world_until
            && (r.x1 <= region.x0 || r.x0 >= region.x1 || r.y1 <= region.y0 || r.y0 >= region.y1)
        {
            continue;
        }
        let buffered = tile_rect(cz, cx, cy, BUFFER);
        let kept: Vec<Feature> = features
            .iter()
            .filter(|f| f.max_zoom >= cz)
            .filter_map(|f| clip_feature(f, buffered, r))
            .collect();
        if !kept.is_empty() {
            descend(cz, cx, cy, kept, plan, region, out);
        }
    }
}

fn clip_feature(f: &Feature, buffered: Rect, exact: Rect) -> Option<Feature> {
    let shape = match &f.shape {
        Shape::Point(p) => {
            let inside = p[0] >= exact.x0 && p[0] < exact.x1 && p[1] >= exact.y0 && p[1] < exact.y1;
            if !inside {
                return None;
            }
            Shape::Point(*p)
        }
        Shape::Polygons(polys) => {
            let kept: Vec<Vec<Vec<Pt>>> = polys
                .iter()
                .filter_map(|rings| {
                    let mut out = Vec::new();
                    for (i, ring) in rings.iter().enumerate() {
                        let c = clip_ring(ring, buffered);
                        if c.len() >= 3 {
                            out.push(c);
                        } else if i == 0 {
                            return None;
                        }
                    }
                    Some(out)
                })
                .collect();
            if kept.is_empty() {
                return None;
            }
            Shape::Polygons(kept)
        }
        Shape::Lines(lines) => {
            let kept: Vec<Vec<Pt>> = lines.iter().flat_map(|l| clip_line(l, buffered)).collect();
            if kept.is_empty() {
                return None;
            }
            Shape::Lines(kept)
        }
    };
    Some(Feature {
        layer: f.layer,
        shape,
        props: f.props.clone(),
        min_zoom: f.min_zoom,
        max_zoom: f.max_zoom,
    })
}

/// Simplification tolerance in tile units (a data tile is shown 512 px wide,
/// so 8 units are a pixel).
fn tolerance(z: u8, max_zoom: u8) -> f64 {
    if z >= max_zoom {
        2.0
    } else {
        4.0
    }
}

fn to_tile(p: Pt, z: u8, x: u32, y: u32) -> Coord {
    let n = f64::from(1u32 << z);
    Coord {
        x: ((p[0] * n - f64::from(x)) * EXTENT).round(),
        y: ((p[1] * n - f64::from(y)) * EXTENT).round(),
    }
}

fn simplified(pts: &[Pt], z: u8, x: u32, y: u32, eps: f64, closed: bool) -> Vec<Coord> {
    let mut coords: Vec<Coord> = pts.iter().map(|&p| to_tile(p, z, x, y)).collect();
    if closed {
        if let Some(&first) = coords.first() {
            coords.push(first);
        }
    }
    let mut out = LineString::new(coords).simplify(eps).0;
    out.dedup();
    if closed && out.len() > 1 && out.first() == out.last() {
        out.pop();
    }
    out
}

/// Twice the signed area in tile coordinates (y down): positive is
/// clockwise on screen, which MVT wants for exterior rings.
fn signed_area2(ring: &[Coord]) -> f64 {
    let mut a = 0.0;
    for i in 0..ring.len() {
        let (p, q) = (ring[i], ring[(i + 1) % ring.len()]);
        a += p.x * q.y - q.x * p.y;
    }
    a
}

fn geometry(f: &Feature, z: u8, x: u32, y: u32, max_zoom: u8) -> Option<mvt::GeomData> {
    let eps = tolerance(z, max_zoom);
    let enc = match &f.shape {
        Shape::Point(p) => {
            let c = to_tile(*p, z, x, y);
            GeomEncoder::new(GeomType::Point).point(c.x, c.y).ok()?
        }
        Shape::Lines(lines) => {
            let mut enc = GeomEncoder::new(GeomType::Linestring);
            let mut any = false;
            for l in lines {
                let c = simplified(l, z, x, y, eps, false);
                if c.len() < 2 {
                    continue;
                }
                for p in &c {
                    enc.add_point(p.x, p.y).ok()?;
                }
                enc.complete_geom().ok()?;
                any = true;
            }
            if !any {
                return None;
            }
            enc
        }
        Shape::Polygons(polys) => {
            let mut enc = GeomEncoder::new(GeomType::Polygon);
            let mut any = false;
            // Rings smaller than about a pixel are left out.
            let min_area2 = 2.0 * 64.0;
            for rings in polys {
                for (i, ring) in rings.iter().enumerate() {
                    let mut c = simplified(ring, z, x, y, eps, true);
                    if c.len() < 3 {
                        if i == 0 {
                            break;
                        }
                        continue;
                    }
                    let a = signed_area2(&c);
                    if a.abs() < min_area2 {
                        if i == 0 {
                            break;
                        }
                        continue;
                    }
                    if (i == 0) != (a > 0.0) {
                        c.reverse();
                    }
                    for p in &c {
                        enc.add_point(p.x, p.y).ok()?;
                    }
                    enc.complete_geom().ok()?;
                    any = true;
                }
            }
            if !any {
                return None;
            }
            enc
        }
    };
    let data = enc.encode().ok()?;
    (!data.is_empty()).then_some(data)
}

/// Encode the features visible at z into one tile; `None` if it is empty.
fn encode(z: u8, x: u32, y: u32, features: &[Feature]) -> Option<Vec<u8>> {
    let mut tile = Tile::new(EXTENT as u32);
    let mut layers: Vec<&'static str> = Vec::new();
    for f in features {
        if !layers.contains(&f.layer) {
            layers.push(f.layer);
        }
    }
    let max_zoom = features.iter().map(|f| f.max_zoom).max().unwrap_or(z);
    let mut any = false;
    for name in layers {
        let mut layer = tile.create_layer(name);
        for f in features
            .iter()
            .filter(|f| f.layer == name && f.min_zoom <= z && z <= f.max_zoom)
        {
            let Some(geom) = geometry(f, z, x, y, max_zoom.max(10)) else {
                continue;
            };
            let mut feature = layer.into_feature(geom);
            for (k, v) in &f.props {
                match v {
                    Prop::Str(s) => feature.add_tag_string(k, s),
                    Prop::Int(i) => feature.add_tag_sint(k, *i),
                }
            }
            layer = feature.into_layer();
        }
        if layer.num_features() > 0 {
            any = true;
            tile.add_layer(layer).ok()?;
        }
    }
    if !any {
        return None;
    }
    tile.to_bytes().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r() -> Rect {
        Rect {
            x0: 0.0,
            y0: 0.0,
            x1: 1.0,
            y1: 1.0,
        }
    }

    #[test]
    fn a_ring_around_the_tile_clips_to_the_tile() {
        let ring = vec![[-1.0, -1.0], [2.0, -1.0], [2.0, 2.0], [-1.0, 2.0]];
        let c = clip_ring(&ring, r());
        assert_eq!(c.len(), 4);
        assert!(c
            .iter()
            .all(|p| (0.0..=1.0).contains(&p[0]) && (0.0..=1.0).contains(&p[1])));
    }

    #[test]
    fn a_line_through_the_tile_keeps_its_inside_piece() {
        let pieces = clip_line(&[[-1.0, 0.5], [0.5, 0.5], [2.0, 0.5]], r());
        assert_eq!(pieces, vec![vec![[0.0, 0.5], [0.5, 0.5], [1.0, 0.5]]]);
        assert!(clip_line(&[[2.0, 2.0], [3.0, 3.0]], r()).is_empty());
    }

    #[test]
    fn exterior_rings_are_clockwise_on_screen() {
        // A square drawn counter-clockwise on screen gets turned round.
        let f = Feature {
            layer: "earth",
            shape: Shape::Polygons(vec![vec![vec![
                [0.1, 0.1],
                [0.1, 0.9],
                [0.9, 0.9],
                [0.9, 0.1],
            ]]]),
            props: vec![],
            min_zoom: 0,
            max_zoom: 0,
        };
        let bytes = encode(0, 0, 0, &[f]).expect("a tile");
        assert!(!bytes.is_empty());
        let ccw: Vec<Coord> = [[0.1, 0.1], [0.1, 0.9], [0.9, 0.9], [0.9, 0.1]]
            .iter()
            .map(|&p| to_tile(p, 0, 0, 0))
            .collect();
        assert!(signed_area2(&ccw) < 0.0);
    }
}
