//! One GeoJSON feature's tags (nested and top-level properties merged) and
//! the OSM id it stands for. The offer is built from them in `offer.rs`.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::exchange::import::csv_mapped::common::{FieldError, MAX_LINE_BYTES};

/// A feature's tags: `properties.tags` (osmtogeojson) merged with the scalar
/// top-level properties (Overpass turbo), which win.
pub(super) struct Feature<'a> {
    pub(super) value: &'a Value,
    pub(super) tags: BTreeMap<String, String>,
}

impl<'a> Feature<'a> {
    pub fn new(value: &'a Value) -> Result<Self, FieldError> {
        let Some(object) = value.as_object() else {
            return Err(FieldError::record("the feature is not a JSON object"));
        };
        let mut tags = BTreeMap::new();
        let properties = object.get("properties").and_then(Value::as_object);
        let nested = properties
            .and_then(|p| p.get("tags"))
            .and_then(Value::as_object);
        for (key, value) in nested
            .into_iter()
            .flatten()
            .chain(properties.into_iter().flatten())
        {
            let text = match value {
                Value::String(s) => s.trim().to_owned(),
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                _ => continue,
            };
            if text.len() > MAX_LINE_BYTES {
                return Err(FieldError::new(key, format!("the value has {} bytes; values longer than {MAX_LINE_BYTES} bytes (1 MiB) are refused", text.len())));
            }
            if !text.is_empty() {
                tags.insert(key.clone(), text);
            }
        }
        Ok(Self { value, tags })
    }

    /// A property that was not valid UTF-8 in the file (decoded as U+FFFD).
    pub fn broken_text(&self) -> Option<FieldError> {
        self.tags
            .iter()
            .find(|(k, v)| k.contains('\u{fffd}') || v.contains('\u{fffd}'))
            .map(|(k, _)| FieldError::new(k, "not valid UTF-8: GeoJSON must be UTF-8"))
    }

    pub(super) fn tag(&self, key: &str) -> Option<&str> {
        self.tags.get(key).map(String::as_str)
    }

    pub(super) fn first(&self, keys: &[&str]) -> Option<String> {
        keys.iter().find_map(|k| self.tag(k)).map(str::to_owned)
    }

    /// `;`-separated values of several tags, in order, without repeats.
    pub(super) fn list(&self, keys: &[&str]) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for value in keys.iter().filter_map(|k| self.tag(k)) {
            for item in value.split(';').map(str::trim).filter(|i| !i.is_empty()) {
                if !out.iter().any(|o| o == item) {
                    out.push(item.to_owned());
                }
            }
        }
        out
    }

    /// `osm-node-123` from `@id` (`node/123`), `id` + `type` (a `type` other
    /// than node or way is a relation's type tag), or the feature id.
    pub fn osm_id(&self) -> Option<String> {
        let osm = |text: &str| {
            let (kind, number) = text.split_once('/')?;
            let valid = matches!(kind, "node" | "way" | "relation")
                && !number.is_empty()
                && number.bytes().all(|b| b.is_ascii_digit());
            valid.then(|| format!("osm-{kind}-{number}"))
        };
        if let Some(id) = self.tag("@id").and_then(osm) {
            return Some(id);
        }
        // Overpass exports put the element type in `type`; a relation's own
        // `type` tag (multipolygon, site, …) may overwrite it.
        let kind = self.tag("type").map(|t| match t {
            "node" | "way" => t,
            _ => "relation",
        });
        let feature_id = self.value.get("id").and_then(|v| match v {
            Value::String(s) => Some(s.trim().to_owned()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        });
        for candidate in [self.tag("id").map(str::to_owned), feature_id]
            .into_iter()
            .flatten()
        {
            if let Some(id) = osm(&candidate) {
                return Some(id);
            }
            if let (Some(kind), true) = (kind, candidate.bytes().all(|b| b.is_ascii_digit())) {
                return Some(format!("osm-{kind}-{candidate}"));
            }
            if !candidate.is_empty() {
                return Some(candidate);
            }
        }
        None
    }

    /// The offer id this feature gets, for reports.
    pub fn offer_id(&self) -> Option<String> {
        self.tag("lotse:offer_id")
            .map(str::to_owned)
            .or_else(|| self.osm_id())
    }
}
