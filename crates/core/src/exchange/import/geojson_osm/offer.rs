//! One GeoJSON feature with OSM tags → one offer: the `lotse:` tags and
//! their OSM equivalents checked (dates, status, precision, fees, demo flag,
//! categories, languages) and the records assembled.

use super::feature::Feature;
use super::geometry;
use crate::directory::model::{
    Address, DateBasis, Fees, GeoPrecision, Location, Organization, Phone, Service,
    ServiceAtLocation, ServiceStatus,
};
use crate::directory::taxonomy;
use crate::exchange::import::csv_mapped::common::{
    date_or_unknown, hours_or_note, optional, FieldError, OfferRecord, OSM_SOURCE,
};
use crate::exchange::import::csv_mapped::values::{iso_date, name_id, stable_hash};
use crate::storage::validate::is_language_code;

impl Feature<'_> {
    /// Build the offer, or say which tag is wrong and why.
    pub fn build(&self) -> Result<OfferRecord, FieldError> {
        let name = self
            .first(&["name"])
            .ok_or_else(|| FieldError::new("name", "the feature has no name"))?;
        let point = geometry::point(self.value)?;
        let base = self.osm_id().unwrap_or_else(|| {
            let (lon, lat) = (point.x().to_string(), point.y().to_string());
            format!("geojson-{:016x}", stable_hash(&[&name, &lat, &lon]))
        });
        let mut dropped = Vec::new();
        let offer = ServiceAtLocation {
            id: self
                .first(&["lotse:offer_id"])
                .unwrap_or_else(|| base.clone()),
            service_id: self
                .first(&["lotse:service_id"])
                .unwrap_or_else(|| base.clone()),
            location_id: self.first(&["lotse:location_id"]).unwrap_or(base),
            opening_hours: self.opening_hours(&mut dropped),
        };
        let organization = self.organization(&name, &offer.service_id);
        let checked = self.checked(&mut dropped)?;
        let location = self.location(offer.location_id.clone(), point, checked.precision);
        let service = Service {
            id: offer.service_id.clone(),
            organization_id: organization.id.clone(),
            name,
            status: checked.status,
            fees: Fees {
                free: checked.fees_free,
                description: None,
            },
            last_verified: checked.date.0,
            date_basis: checked.date.1,
            is_demo: checked.is_demo,
            ..self.service_details(&mut dropped)?
        };
        Ok(OfferRecord {
            organization,
            service,
            location,
            offer,
            dropped,
        })
    }

    /// The operator as the organization (`lotse:organization_id`, else one
    /// id per operator name), else the offer itself.
    fn organization(&self, name: &str, service_id: &str) -> Organization {
        let operator = self.first(&["operator"]);
        let id = self
            .first(&["lotse:organization_id"])
            .unwrap_or_else(|| match &operator {
                Some(op) => format!("osm-operator-{}", name_id(op)),
                None => service_id.to_owned(),
            });
        Organization {
            id,
            name: operator.unwrap_or_else(|| name.to_owned()),
            ..Organization::default()
        }
    }

    fn opening_hours(&self, dropped: &mut Vec<FieldError>) -> Option<String> {
        hours_or_note(self.tag("opening_hours")?, "opening_hours", dropped)
    }

    fn checked(&self, dropped: &mut Vec<FieldError>) -> Result<Checked, FieldError> {
        Ok(Checked {
            date: date_or_unknown(self.date(), dropped),
            status: self.status()?,
            precision: self.precision()?,
            fees_free: optional(self.fees_free(), dropped),
            is_demo: self.is_demo()?,
        })
    }

    /// The offer's date: a check from `lotse:last_verified`, OSM's
    /// `check_date` or `survey:date`; else the source's date from
    /// `lotse:as_of` (Lotse's own export); else unknown. Never the day of
    /// the import: an OSM export says nothing of when someone looked.
    fn date(&self) -> Result<(String, DateBasis), FieldError> {
        for (tag, basis) in [
            ("lotse:last_verified", DateBasis::Checked),
            ("lotse:as_of", DateBasis::AsOf),
        ] {
            if let Some(raw) = self.tag(tag) {
                let date = iso_date(raw).ok_or_else(|| {
                    FieldError::new(tag, format!("`{raw}` is not a date like 2026-11-01"))
                })?;
                return Ok((date, basis));
            }
        }
        // OSM's dates are often a year or a month alone: only a whole date counts.
        let osm = ["check_date", "survey:date"]
            .into_iter()
            .find_map(|tag| self.tag(tag).and_then(iso_date));
        Ok(match osm {
            Some(date) => (date, DateBasis::Checked),
            None => (String::new(), DateBasis::Unknown),
        })
    }

    fn status(&self) -> Result<ServiceStatus, FieldError> {
        match self.tag("lotse:status") {
            Some(raw) => ServiceStatus::from_hsds(raw).ok_or_else(|| {
                FieldError::new("lotse:status", format!("`{raw}` is not an HSDS status"))
            }),
            None => Ok(ServiceStatus::default()),
        }
    }

    fn precision(&self) -> Result<GeoPrecision, FieldError> {
        match self.tag("lotse:precision") {
            Some(raw) => GeoPrecision::parse(raw).ok_or_else(|| {
                FieldError::new(
                    "lotse:precision",
                    format!("`{raw}` is not exact, postcode or town"),
                )
            }),
            None => Ok(GeoPrecision::Exact),
        }
    }

    /// `lotse:fees_free`, else OSM's `fee` (`fee=no` is free).
    fn fees_free(&self) -> Result<Option<bool>, FieldError> {
        match (self.tag("lotse:fees_free"), self.tag("fee")) {
            (Some("true"), _) => Ok(Some(true)),
            (Some("false"), _) => Ok(Some(false)),
            (Some(raw), _) => Err(FieldError::new(
                "lotse:fees_free",
                format!("`{raw}` is not true or false"),
            )),
            (None, Some("no")) => Ok(Some(true)),
            (None, Some("yes")) => Ok(Some(false)),
            (None, _) => Ok(None),
        }
    }

    fn is_demo(&self) -> Result<bool, FieldError> {
        match self.tag("lotse:is_demo") {
            None | Some("false") => Ok(false),
            Some("true") => Ok(true),
            Some(raw) => Err(FieldError::new(
                "lotse:is_demo",
                format!("`{raw}` is not true or false"),
            )),
        }
    }

    /// The service's descriptive fields, its categories and languages
    /// (checked after the tags in [`Feature::checked`]).
    fn service_details(&self, dropped: &mut Vec<FieldError>) -> Result<Service, FieldError> {
        Ok(Service {
            description: self.first(&["description"]).unwrap_or_default(),
            url: self.first(&["website", "contact:website", "url"]),
            email: self.first(&["email", "contact:email"]),
            categories: self.categories()?,
            languages: self.languages(dropped),
            target_groups: self.list(&["lotse:target_groups"]),
            phones: self.phones(),
            source: self
                .first(&["lotse:source"])
                .unwrap_or_else(|| OSM_SOURCE.to_owned()),
            ..Service::default()
        })
    }

    /// Voice numbers first, then fax numbers.
    fn phones(&self) -> Vec<Phone> {
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
        voice.chain(fax).collect()
    }

    fn location(&self, id: String, point: geo::Point<f64>, precision: GeoPrecision) -> Location {
        let street = [
            self.first(&["addr:street", "addr:place"]),
            self.first(&["addr:housenumber"]),
        ];
        Location {
            id,
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
        }
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

    /// `lotse:languages` (each wrong code left out and noted), else every
    /// `language:xx=yes|main` with a valid code.
    fn languages(&self, dropped: &mut Vec<FieldError>) -> Vec<String> {
        if self.tag("lotse:languages").is_some() {
            let (good, bad): (Vec<String>, Vec<String>) = self
                .list(&["lotse:languages"])
                .into_iter()
                .partition(|c| is_language_code(c));
            for code in bad {
                dropped.push(FieldError::new(
                    "lotse:languages",
                    format!("`{code}` is not an ISO 639 code"),
                ));
            }
            return good;
        }
        self.tags
            .iter()
            .filter_map(|(k, v)| {
                k.strip_prefix("language:")
                    .filter(|_| matches!(v.as_str(), "yes" | "main"))
            })
            .filter(|code| is_language_code(code))
            .map(str::to_owned)
            .collect()
    }
}

/// The tags with a fixed set of values, checked.
struct Checked {
    /// The date and what it is.
    date: (String, DateBasis),
    status: ServiceStatus,
    precision: GeoPrecision,
    fees_free: Option<bool>,
    is_demo: bool,
}

fn known_osm_tags() -> String {
    taxonomy::CATEGORIES
        .iter()
        .flat_map(|c| c.osm_tags.iter().copied())
        .collect::<Vec<_>>()
        .join(", ")
}
