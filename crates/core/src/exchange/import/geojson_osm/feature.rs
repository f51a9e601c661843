//! One GeoJSON feature with OSM tags → one offer.

use std::collections::BTreeMap;

use serde_json::Value;

use super::geometry;
use crate::directory::model::{
    Address, Fees, GeoPrecision, Location, Organization, Phone, Service, ServiceAtLocation,
    ServiceStatus,
};
use crate::directory::taxonomy;
use crate::exchange::import::csv_mapped::common::{
    FieldError, OfferRecord, MAX_LINE_BYTES, OSM_SOURCE,
};
use crate::exchange::import::csv_mapped::values::{check_hours, iso_date, name_id, stable_hash};
use crate::storage::validate::is_language_code;

/// A feature's tags: `properties.tags` (osmtogeojson) merged with the scalar
/// top-level properties (Overpass turbo), which win.
pub(super) struct Feature<'a> {
    value: &'a Value,
    tags: BTreeMap<String, String>,
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

    fn tag(&self, key: &str) -> Option<&str> {
        self.tags.get(key).map(String::as_str)
    }

    fn first(&self, keys: &[&str]) -> Option<String> {
        keys.iter().find_map(|k| self.tag(k)).map(str::to_owned)
    }

    /// `;`-separated values of several tags, in order, without repeats.
    fn list(&self, keys: &[&str]) -> Vec<String> {
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

    pub fn build(&self, today: &str) -> Result<OfferRecord, FieldError> {
        let name = self
            .first(&["name"])
            .ok_or_else(|| FieldError::new("name", "the feature has no name"))?;
        let point = geometry::point(self.value)?;
        let base = self.osm_id().unwrap_or_else(|| {
            let (lon, lat) = (point.x().to_string(), point.y().to_string());
            format!("geojson-{:016x}", stable_hash(&[&name, &lat, &lon]))
        });
        let service_id = self
            .first(&["lotse:service_id"])
            .unwrap_or_else(|| base.clone());
        let location_id = self
            .first(&["lotse:location_id"])
            .unwrap_or_else(|| base.clone());
        let offer_id = self
            .first(&["lotse:offer_id"])
            .unwrap_or_else(|| base.clone());
        let operator = self.first(&["operator"]);
        let organization_id =
            self.first(&["lotse:organization_id"])
                .unwrap_or_else(|| match &operator {
                    Some(op) => format!("osm-operator-{}", name_id(op)),
                    None => service_id.clone(),
                });
        let organization = Organization {
            id: organization_id.clone(),
            name: operator.unwrap_or_else(|| name.clone()),
            ..Organization::default()
        };

        let opening_hours = match self.tag("opening_hours") {
            Some(raw) => Some(check_hours(raw).map_err(|e| FieldError::new("opening_hours", e))?),
            None => None,
        };
        let last_verified = match self.tag("lotse:last_verified") {
            Some(raw) => iso_date(raw).ok_or_else(|| {
                FieldError::new(
                    "lotse:last_verified",
                    format!("`{raw}` is not a date like 2026-11-01"),
                )
            })?,
            None => self
                .tag("check_date")
                .and_then(iso_date)
                .unwrap_or_else(|| today.to_owned()),
        };
        let status = match self.tag("lotse:status") {
            Some(raw) => ServiceStatus::from_hsds(raw).ok_or_else(|| {
                FieldError::new("lotse:status", format!("`{raw}` is not an HSDS status"))
            })?,
            None => ServiceStatus::default(),
        };
        let precision = match self.tag("lotse:precision") {
            Some(raw) => GeoPrecision::parse(raw).ok_or_else(|| {
                FieldError::new(
                    "lotse:precision",
                    format!("`{raw}` is not exact, postcode or town"),
                )
            })?,
            None => GeoPrecision::Exact,
        };
        let fees_free = match (self.tag("lotse:fees_free"), self.tag("fee")) {
            (Some("true"), _) => Some(true),
            (Some("false"), _) => Some(false),
            (Some(raw), _) => {
                return Err(FieldError::new(
                    "lotse:fees_free",
                    format!("`{raw}` is not true or false"),
                ))
            }
            (None, Some("no")) => Some(true),
            (None, Some("yes")) => Some(false),
            (None, _) => None,
        };
        let is_demo = match self.tag("lotse:is_demo") {
            None | Some("false") => false,
            Some("true") => true,
            Some(raw) => {
                return Err(FieldError::new(
                    "lotse:is_demo",
                    format!("`{raw}` is not true or false"),
                ))
            }
        };
        let voice = self
            .list(&["phone", "contact:phone", "contact:mobile"])
            .into_iter()
            .map(|number| Phone {
                number,
                kind: None,
                description: None,
            });
        let fax = self
            .list(&["fax", "contact:fax"])
            .into_iter()
            .map(|number| Phone {
                number,
                kind: Some("fax".into()),
                description: None,
            });

        let service = Service {
            id: service_id.clone(),
            organization_id,
            name,
            description: self.first(&["description"]).unwrap_or_default(),
            url: self.first(&["website", "contact:website", "url"]),
            email: self.first(&["email", "contact:email"]),
            status,
            categories: self.categories()?,
            languages: self.languages()?,
            target_groups: self.list(&["lotse:target_groups"]),
            fees: Fees {
                free: fees_free,
                description: None,
            },
            phones: voice.chain(fax).collect(),
            source: self
                .first(&["lotse:source"])
                .unwrap_or_else(|| OSM_SOURCE.to_owned()),
            last_verified,
            is_demo,
            ..Service::default()
        };
        let street = [
            self.first(&["addr:street", "addr:place"]),
            self.first(&["addr:housenumber"]),
        ];
        let location = Location {
            id: location_id.clone(),
            name: self.first(&["lotse:location_name"]),
            address: Address {
                street: street.into_iter().flatten().collect::<Vec<_>>().join(" "),
                postcode: self.first(&["addr:postcode"]).unwrap_or_default(),
                city: self.first(&["addr:city"]).unwrap_or_default(),
                state: self.first(&["addr:state"]),
            },
            point,
            precision,
            languages: Vec::new(),
        };
        let offer = ServiceAtLocation {
            id: offer_id,
            service_id,
            location_id,
            opening_hours,
        };
        Ok(OfferRecord {
            organization,
            service,
            location,
            offer,
        })
    }

    fn categories(&self) -> Result<Vec<String>, FieldError> {
        if self.tag("lotse:category").is_some() {
            let ids = self.list(&["lotse:category"]);
            return match ids.iter().find(|c| taxonomy::category(c).is_none()) {
                Some(unknown) => Err(FieldError::new(
                    "lotse:category",
                    format!("unknown category `{unknown}`"),
                )),
                None if ids.is_empty() => Err(FieldError::new("lotse:category", "is empty")),
                None => Ok(ids),
            };
        }
        let mut ids: Vec<String> = Vec::new();
        for (key, value) in &self.tags {
            for v in value.split(';').map(str::trim) {
                if let Some(c) = taxonomy::category_for_osm_tag(key, v) {
                    if !ids.iter().any(|i| i == c.id) {
                        ids.push(c.id.to_owned());
                    }
                }
            }
        }
        if ids.is_empty() {
            let field = ["amenity", "social_facility", "office", "healthcare"]
                .into_iter()
                .find(|k| self.tags.contains_key(*k));
            let shown = field
                .and_then(|k| self.tag(k).map(|v| format!("{k}={v}")))
                .unwrap_or_else(|| "no amenity, social_facility, office or healthcare tag".into());
            return Err(FieldError::new(
                field.unwrap_or("amenity"),
                format!(
                    "no Lotse category for this feature ({shown}); known tags: {}",
                    known_osm_tags()
                ),
            ));
        }
        Ok(ids)
    }

    fn languages(&self) -> Result<Vec<String>, FieldError> {
        if self.tag("lotse:languages").is_some() {
            let codes = self.list(&["lotse:languages"]);
            return match codes.iter().find(|c| !is_language_code(c)) {
                Some(bad) => Err(FieldError::new(
                    "lotse:languages",
                    format!("`{bad}` is not an ISO 639 code"),
                )),
                None => Ok(codes),
            };
        }
        Ok(self
            .tags
            .iter()
            .filter_map(|(k, v)| {
                k.strip_prefix("language:")
                    .filter(|_| matches!(v.as_str(), "yes" | "main"))
            })
            .filter(|code| is_language_code(code))
            .map(str::to_owned)
            .collect())
    }
}

fn known_osm_tags() -> String {
    taxonomy::CATEGORIES
        .iter()
        .flat_map(|c| c.osm_tags.iter().copied())
        .collect::<Vec<_>>()
        .join(", ")
}
