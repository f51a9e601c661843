//! A feature's geometry → one point: the point itself, or a point inside a
//! (multi)polygon.

use geo::{Coord, InteriorPoint, LineString, MultiPolygon, Point, Polygon};
use serde_json::Value;

use crate::exchange::import::csv_mapped::common::FieldError;
use crate::exchange::import::csv_mapped::values::{check_point, Axis};

/// The most vertices an offer's (multi)polygon may have. Buildings and
/// sites in OpenStreetMap have far fewer; the interior point of this many
/// takes about 0.1 s at worst.
pub(super) const MAX_VERTICES: usize = 5_000;

fn count_vertices(polygons: &MultiPolygon<f64>) -> usize {
    polygons
        .iter()
        .map(|p| p.exterior().0.len() + p.interiors().iter().map(|r| r.0.len()).sum::<usize>())
        .sum()
}

/// The point, or a representative point inside a (multi)polygon.
pub(super) fn point(feature: &Value) -> Result<Point<f64>, FieldError> {
    let bad = |reason: String| FieldError::new("geometry", reason);
    let geometry = feature
        .get("geometry")
        .filter(|g| !g.is_null())
        .ok_or_else(|| bad("the feature has no geometry".into()))?;
    let kind = geometry
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let coordinates = geometry.get("coordinates").unwrap_or(&Value::Null);
    let (lon, lat) = match kind {
        "Point" => position(coordinates)
            .ok_or_else(|| bad("a Point needs [longitude, latitude] numbers".into()))?,
        "Polygon" | "MultiPolygon" => {
            let polygons: Option<Vec<Polygon<f64>>> = if kind == "Polygon" {
                polygon(coordinates).map(|p| vec![p])
            } else {
                coordinates
                    .as_array()
                    .and_then(|ps| ps.iter().map(polygon).collect())
            };
            let polygons = polygons.map(MultiPolygon::new);
            let vertices = polygons.as_ref().map_or(0, count_vertices);
            if vertices > MAX_VERTICES {
                // The interior point takes time quadratic in the vertices:
                // a crafted outline of 80,000 took 25 s.
                return Err(bad(format!(
                    "the {kind} has {vertices} vertices; an offer's outline may have at most {MAX_VERTICES}"
                )));
            }
            let inside = polygons.and_then(|ps| ps.interior_point());
            let p = inside.ok_or_else(|| {
                bad(format!(
                    "the {kind} has no usable rings of [longitude, latitude] numbers"
                ))
            })?;
            // A computed point, rounded to OSM's 7 decimals (about 1 cm) so that
            // it survives a JSON round trip bit for bit.
            let round = |v: f64| (v * 1e7).round() / 1e7;
            (round(p.x()), round(p.y()))
        }
        other => {
            return Err(bad(format!(
                "geometry type `{other}` is not supported (Point, Polygon, MultiPolygon)"
            )))
        }
    };
    check_point(lat, lon).map_err(|(axis, reason)| {
        FieldError::new(
            if axis == Axis::Lat {
                "geometry (latitude)"
            } else {
                "geometry (longitude)"
            },
            reason,
        )
    })
}

fn position(value: &Value) -> Option<(f64, f64)> {
    let array = value.as_array()?;
    let lon = array.first()?.as_f64()?;
    let lat = array.get(1)?.as_f64()?;
    Some((lon, lat))
}

fn polygon(value: &Value) -> Option<Polygon<f64>> {
    let ring = |r: &Value| -> Option<LineString<f64>> {
        let coords: Option<Vec<Coord<f64>>> = r
            .as_array()?
            .iter()
            .map(|p| position(p).map(|(x, y)| Coord { x, y }))
            .collect();
        coords.filter(|c| c.len() >= 3).map(LineString::new)
    };
    let rings = value.as_array()?;
    let outer = ring(rings.first()?)?;
    let holes: Option<Vec<_>> = rings.iter().skip(1).map(ring).collect();
    Some(Polygon::new(outer, holes?))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A "comb": a strip with `teeth` narrow teeth, the shape that makes
    /// the interior point quadratic.
    fn comb(teeth: usize) -> Value {
        let mut ring = vec![serde_json::json!([0.0, 0.0])];
        for i in 0..teeth {
            let x = i as f64 * 1e-5;
            ring.push(serde_json::json!([x, 1e-3]));
            ring.push(serde_json::json!([x + 0.5e-5, 1e-3]));
            ring.push(serde_json::json!([x + 0.5e-5, 1e-4]));
            ring.push(serde_json::json!([x + 1e-5, 1e-4]));
        }
        ring.push(serde_json::json!([teeth as f64 * 1e-5, 0.0]));
        ring.push(serde_json::json!([0.0, 0.0]));
        serde_json::json!({ "geometry": { "type": "Polygon", "coordinates": [ring] } })
    }

    #[test]
    fn a_crafted_outline_of_many_vertices_is_refused_at_once() {
        let err = point(&comb(20_000)).expect_err("80,003 vertices");
        assert!(format!("{err:?}").contains("80003 vertices"), "{err:?}");
        // A comb within the limit still gets a point inside it.
        let p = point(&comb(1_000)).expect("4,003 vertices");
        assert!(p.y() > 0.0 && p.y() < 1e-3, "{p:?}");
    }
}
