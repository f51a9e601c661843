//! GeoJSON with OpenStreetMap tags, as exported by Overpass (Overpass turbo,
//! osmtogeojson) — and Lotse's own GeoJSON export. One feature is one offer.
//!
//! # What is read
//!
//! Tags are the feature's scalar `properties`, merged over `properties.tags`
//! if present. Lotse-specific `lotse:*` properties (written by Lotse's export)
//! are read in preference to the OSM tags.
//!
//! - geometry: a `Point`; a `Polygon` or `MultiPolygon` gives a point inside
//!   it. Other geometries are rejected.
//! - ids: `lotse:offer_id`, `lotse:service_id`, `lotse:location_id`, else the
//!   OSM id from `@id` (`node/123`), `id` + `type`, or the feature `id`, as
//!   `osm-node-123`; a feature without any id gets `geojson-` + a stable hash
//!   of its name and coordinates.
//! - organization: `lotse:organization_id` and `operator`; without an
//!   operator the place is its own organization (id = the offer's service id,
//!   name = its name); an operator gets the id `osm-operator-<slug>-<hash>`.
//! - categories: `lotse:category` (`;`-separated ids), else every tag that
//!   [`taxonomy::category_for_osm_tag`](crate::directory::taxonomy::category_for_osm_tag)
//!   knows (amenity, social_facility, office, healthcare, …).
//! - `name` (required), `description`, `opening_hours` (checked),
//!   `phone`/`contact:phone`/`contact:mobile`, `fax`/`contact:fax`,
//!   `website`/`contact:website`/`url`, `email`/`contact:email`,
//!   `addr:street` (or `addr:place`) + `addr:housenumber`, `addr:postcode`,
//!   `addr:city`, `addr:state`; `fee=no`/`yes` → free or not.
//! - languages: `lotse:languages`, else every `language:xx=yes|main`.
//! - source: `lotse:source`, else "© OpenStreetMap contributors (ODbL)".
//! - the date: a check from `lotse:last_verified`, else `check_date`, else
//!   `survey:date` (whole dates only); else the source's date from
//!   `lotse:as_of`; else unknown (the import's `as_of` may then give the
//!   source's date). Never the day of the import.
//! - `lotse:status`, `lotse:precision`, `lotse:fees_free`, `lotse:is_demo`,
//!   `lotse:target_groups`, `lotse:location_name` as written by the export.
//!
//! # Error policy: valid features
//!
//! Every valid feature is imported; every other one is reported as a
//! [`RejectedRecord`](crate::exchange::import::RejectedRecord) with the file, the line
//! where the feature starts, its id (or `features[i]` without one), the
//! property at fault and the reason: no name, no or invalid geometry or
//! coordinates, no category, an unknown `lotse:category`, invalid opening
//! hours, language codes or `lotse:*` values, a value above 1 MiB, text that
//! was not valid UTF-8, a duplicate offer id, or an organization, service or
//! location id read before with other values.
//!
//! The whole file is refused (an [`ImportError`], nothing imported) when it
//! is empty, larger than 256 MiB, not JSON, or not a GeoJSON
//! `FeatureCollection` (or single `Feature`).

mod feature;
mod geometry;
mod offer;

use std::path::Path;

use serde_json::Value;

use self::feature::Feature;
use super::csv_mapped::common::{self, Assembler, IdFields};
use super::{ImportError, ParsedImport};

const ID_FIELDS: IdFields<'static> = IdFields {
    offer: "lotse:offer_id",
    service: "lotse:service_id",
    location: "lotse:location_id",
    organization: "lotse:organization_id",
};

/// Import the GeoJSON file at `path`.
pub fn parse(path: &Path) -> Result<ParsedImport, ImportError> {
    let bytes = common::read_file(path)?;
    let body = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
    let malformed = |line: Option<u64>, reason: String| ImportError::Malformed {
        path: path.to_owned(),
        line,
        reason,
    };
    let valid_utf8 = std::str::from_utf8(body).is_ok();
    let text = String::from_utf8_lossy(body);
    let root: Value = serde_json::from_str(&text).map_err(|source| ImportError::Json {
        path: path.to_owned(),
        source,
    })?;
    let single;
    let features: &[Value] = match root.get("type").and_then(Value::as_str) {
        Some("FeatureCollection") => {
            root.get("features")
                .and_then(Value::as_array)
                .ok_or_else(|| {
                    malformed(None, "the FeatureCollection has no `features` array".into())
                })?
        }
        Some("Feature") => {
            single = [root.clone()];
            &single
        }
        _ => {
            return Err(malformed(
                Some(1),
                "not a GeoJSON FeatureCollection (no \"type\": \"FeatureCollection\")".into(),
            ))
        }
    };
    let lines = feature_lines(&text);
    let mut assembler = Assembler::new(path);
    for (index, value) in features.iter().enumerate() {
        assembler.count_record();
        let line = lines.get(index).copied();
        let fallback_id = format!("features[{index}]");
        let feature = match Feature::new(value) {
            Ok(f) => f,
            Err(e) => {
                assembler.reject(line, Some(fallback_id), e);
                continue;
            }
        };
        let id = feature.offer_id().unwrap_or(fallback_id);
        let broken = if valid_utf8 {
            None
        } else {
            feature.broken_text()
        };
        let result = match broken {
            Some(e) => Err(e),
            None => feature.build().and_then(|offer| {
                assembler.add(
                    offer,
                    &format!("feature {index} (line {})", line.unwrap_or(0)),
                    &ID_FIELDS,
                )
            }),
        };
        match result {
            Ok(dropped) => assembler.warn(line, &id, dropped),
            Err(e) => assembler.reject(line, Some(id), e),
        }
    }
    Ok(assembler.finish())
}

/// The 1-based line where each element of the top-level `features` array starts.
fn feature_lines(text: &str) -> Vec<u64> {
    let mut starts = Vec::new();
    let (mut depth, mut line) = (0usize, 1u64);
    let (mut in_string, mut escaped, mut string_start) = (false, false, 0usize);
    let mut last_key = "";
    let (mut in_features, mut awaiting) = (false, false);
    for (i, c) in text.bytes().enumerate() {
        if c == b'\n' {
            line += 1;
        }
        if in_string {
            if escaped {
                escaped = false;
            } else if c == b'\\' {
                escaped = true;
            } else if c == b'"' {
                in_string = false;
                if depth == 1 {
                    last_key = text.get(string_start..i).unwrap_or_default();
                }
            }
            continue;
        }
        if c.is_ascii_whitespace() || c == b':' {
            continue;
        }
        if in_features && depth == 2 {
            if c == b',' {
                awaiting = true;
                continue;
            }
            if awaiting && c != b']' {
                starts.push(line);
                awaiting = false;
            }
        }
        match c {
            b'"' => {
                in_string = true;
                string_start = i + 1;
            }
            b'{' | b'[' => {
                if c == b'[' && depth == 1 && last_key == "features" && starts.is_empty() {
                    in_features = true;
                    awaiting = true;
                }
                depth += 1;
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                if in_features && depth == 1 {
                    break;
                }
            }
            _ => {}
        }
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feature_start_lines_are_found() {
        let text = "{\"type\": \"FeatureCollection\",\n \"x\": [1, {\"features\": [9]}],\n \"features\": [\n  {\"a\": \"}\\\"{\"},\n  {\"b\": [1,\n 2]}, 7,\n  \"s\"\n ]\n}";
        assert_eq!(feature_lines(text), vec![4, 5, 6, 7]);
        assert!(feature_lines("{\"features\": []}").is_empty());
    }
}
