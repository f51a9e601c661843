//! A decoded CSV row → one offer: each field checked against the mapping
//! (required values, dates, coordinates, PO boxes, statuses, yes/no flags,
//! categories, languages) and the records assembled.

use super::common::{date_or_unknown, hours_or_note, optional, FieldError, OfferRecord};
use super::mapping::{MissingCoordinates, PoBox};
use super::row::Row;
use super::spec::{Field, ValueSource};
use super::values::{
    check_point, is_po_box, iso_date, name_id, parse_coordinate, postcode_centroid, Axis,
};
use crate::directory::model::{
    Address, DateBasis, Fees, GeoPrecision, Location, Organization, Phone, Service,
    ServiceAtLocation, ServiceStatus,
};
use crate::directory::taxonomy;
use crate::storage::validate::is_language_code;

/// Where an offer is, before it becomes a [`Location`].
struct Place {
    point: geo::Point<f64>,
    precision: Option<GeoPrecision>,
    street: String,
}

impl Row<'_> {
    /// Build the offer, or say which field is wrong and why (the first
    /// wrong field in the order they are checked here).
    pub fn build(&self) -> Result<OfferRecord, FieldError> {
        let base = self.base_id();
        let organization = self.organization()?;
        let name = self.required(Field::Name, "a name")?;
        let source = self.required(Field::Source, "a source")?;
        let mut dropped = Vec::new();
        let (last_verified, date_basis) = date_or_unknown(self.date(), &mut dropped);
        let place = self.place()?;
        let offer = ServiceAtLocation {
            id: self.id(Field::OfferId).unwrap_or_else(|| base.clone()),
            service_id: self.id(Field::ServiceId).unwrap_or_else(|| base.clone()),
            location_id: self.id(Field::LocationId).unwrap_or(base),
            opening_hours: self.opening_hours(&mut dropped),
        };
        let service = Service {
            id: offer.service_id.clone(),
            organization_id: organization.id.clone(),
            name,
            source,
            last_verified,
            date_basis,
            ..self.service_details(&mut dropped)?
        };
        let location = self.location(offer.location_id.clone(), place);
        Ok(OfferRecord {
            organization,
            service,
            location,
            offer,
            dropped,
        })
    }

    /// The organization: its name is required, its id is the `organization_id`
    /// field or one per name.
    fn organization(&self) -> Result<Organization, FieldError> {
        let name = self.required(Field::OrganizationName, "an organization")?;
        let id = self
            .id(Field::OrganizationId)
            .unwrap_or_else(|| format!("{}org-{}", self.mapping.id_prefix, name_id(&name)));
        Ok(Organization {
            id,
            name,
            ..Organization::default()
        })
    }

    /// Where the offer is: its point and street, a PO box handled as the
    /// mapping says (refused, or kept at the postcode's precision).
    fn place(&self) -> Result<Place, FieldError> {
        let (point, mut precision) = self.point()?;
        let mut street = self.text(Field::Street).unwrap_or_default();
        if is_po_box(&street) {
            match self.mapping.po_box {
                PoBox::Reject => {
                    return Err(self.error(
                        Field::Street,
                        format!("`{street}` is a PO box, not a place people can visit; set po_box = \"approximate\" in the mapping to keep such rows at approximate coordinates"),
                    ))
                }
                PoBox::Approximate => {
                    street.clear();
                    precision = precision.or(Some(GeoPrecision::Postcode));
                }
                PoBox::Keep => {}
            }
        }
        Ok(Place {
            point,
            precision,
            street,
        })
    }

    fn opening_hours(&self, dropped: &mut Vec<FieldError>) -> Option<String> {
        let raw = self.text(Field::OpeningHours)?;
        hours_or_note(&raw, &self.name(Field::OpeningHours), dropped)
    }

    /// The service's fields other than its ids, name, source and date, in
    /// the order they are checked; wrong optional ones go to `dropped`.
    fn service_details(&self, dropped: &mut Vec<FieldError>) -> Result<Service, FieldError> {
        let phones = self
            .phones(Field::Phone, None)
            .chain(self.phones(Field::Fax, Some("fax")))
            .collect();
        Ok(Service {
            description: self.text(Field::Description).unwrap_or_default(),
            url: self.text(Field::Website),
            email: self.text(Field::Email),
            status: self.status()?,
            categories: self.categories()?,
            languages: self.languages(dropped),
            target_groups: self.list(Field::TargetGroups),
            fees: Fees {
                free: optional(self.flag(Field::FeesFree), dropped),
                description: None,
            },
            phones,
            is_demo: self.flag(Field::IsDemo)?.unwrap_or(false),
            ..Service::default()
        })
    }

    fn location(&self, id: String, place: Place) -> Location {
        Location {
            id,
            name: self.text(Field::LocationName),
            address: Address {
                street: place.street,
                postcode: self.text(Field::Postcode).unwrap_or_default(),
                city: self.text(Field::City).unwrap_or_default(),
                state: self.text(Field::State),
            },
            point: place.point,
            precision: place.precision.unwrap_or_default(),
            languages: Vec::new(),
        }
    }

    /// The row's date: `last_verified` from a column (or template) is the
    /// row's check; a constant there, or `as_of`, is only the source's
    /// date; with neither (or empty cells) the date is unknown. A mapping
    /// cannot say "today" (refused when it is read).
    fn date(&self) -> Result<(String, DateBasis), FieldError> {
        let checks = !matches!(
            self.mapping
                .fields
                .get(&Field::LastVerified)
                .map(|s| &s.source),
            Some(ValueSource::Value(_))
        );
        let candidates = [
            (
                Field::LastVerified,
                if checks {
                    DateBasis::Checked
                } else {
                    DateBasis::AsOf
                },
            ),
            (Field::AsOf, DateBasis::AsOf),
        ];
        for (field, basis) in candidates {
            if let Some(raw) = self.text(field) {
                let date = iso_date(&raw).ok_or_else(|| {
                    self.error(
                        field,
                        format!("`{raw}` is not a date like 2026-11-01 or 01.11.2026"),
                    )
                })?;
                return Ok((date, basis));
            }
        }
        Ok((String::new(), DateBasis::Unknown))
    }

    fn point(&self) -> Result<(geo::Point<f64>, Option<GeoPrecision>), FieldError> {
        let has_coordinates = self.text(Field::Lat).is_some() && self.text(Field::Lon).is_some();
        if !has_coordinates && self.mapping.missing_coordinates == MissingCoordinates::Postcode {
            let code = self.text(Field::Postcode).ok_or_else(|| {
                self.error(
                    Field::Lat,
                    "no coordinates, and no postcode to place the row by",
                )
            })?;
            let point = postcode_centroid(code.trim())
                .map_err(|reason| self.error(Field::Postcode, reason))?;
            return Ok((point, Some(GeoPrecision::Postcode)));
        }
        let coordinate = |field: Field| -> Result<f64, FieldError> {
            let raw = self.text(field).ok_or_else(|| {
                self.error(field, "no coordinates: the row has no latitude/longitude (addresses are not geocoded on import)")
            })?;
            parse_coordinate(&raw)
                .ok_or_else(|| self.error(field, format!("`{raw}` is not a number")))
        };
        let (lat, lon) = (coordinate(Field::Lat)?, coordinate(Field::Lon)?);
        let point = check_point(lat, lon).map_err(|(axis, reason)| {
            self.error(
                if axis == Axis::Lat {
                    Field::Lat
                } else {
                    Field::Lon
                },
                reason,
            )
        })?;
        let precision = match self.text(Field::Precision) {
            None => None,
            Some(raw) => Some(GeoPrecision::parse(&raw.to_lowercase()).ok_or_else(|| {
                self.error(
                    Field::Precision,
                    format!("`{raw}` is not a precision (exact, postcode, town)"),
                )
            })?),
        };
        Ok((point, precision))
    }

    fn phones(&self, field: Field, kind: Option<&str>) -> impl Iterator<Item = Phone> {
        let kind = kind.map(str::to_owned);
        self.list(field).into_iter().map(move |number| Phone {
            number,
            kind: kind.clone(),
            description: None,
        })
    }

    fn status(&self) -> Result<ServiceStatus, FieldError> {
        match self.text(Field::Status) {
            None => Ok(ServiceStatus::default()),
            Some(raw) => ServiceStatus::from_hsds(&raw).ok_or_else(|| {
                self.error(
                    Field::Status,
                    format!(
                        "`{raw}` is not a status (active, temporarily closed, inactive, defunct)"
                    ),
                )
            }),
        }
    }

    fn flag(&self, field: Field) -> Result<Option<bool>, FieldError> {
        let Some(raw) = self.text(field) else {
            return Ok(None);
        };
        match raw.to_lowercase().as_str() {
            "true" | "yes" | "ja" | "j" | "y" | "1" | "wahr" => Ok(Some(true)),
            "false" | "no" | "nein" | "n" | "0" | "falsch" => Ok(Some(false)),
            _ => Err(self.error(
                field,
                format!("`{raw}` is not yes/no (true, false, ja, nein, 1, 0)"),
            )),
        }
    }

    fn categories(&self) -> Result<Vec<String>, FieldError> {
        let categories = self.list(Field::Categories);
        if categories.is_empty() {
            return Err(self.error(Field::Categories, "is empty: every offer needs a category"));
        }
        if let Some(unknown) = categories.iter().find(|c| taxonomy::category(c).is_none()) {
            let known: Vec<&str> = taxonomy::CATEGORIES.iter().map(|c| c.id).collect();
            return Err(self.error(
                Field::Categories,
                format!(
                    "unknown category `{unknown}`; map it to one of: {}",
                    known.join(", ")
                ),
            ));
        }
        Ok(categories)
    }

    /// The valid language codes; each other one is left out and noted.
    fn languages(&self, dropped: &mut Vec<FieldError>) -> Vec<String> {
        let (good, bad): (Vec<String>, Vec<String>) = self
            .list(Field::Languages)
            .iter()
            .map(|l| l.to_lowercase())
            .partition(|l| is_language_code(l));
        for code in bad {
            dropped.push(self.error(
                Field::Languages,
                format!("`{code}` is not an ISO 639 language code (de, ar, prs, …); map it in the mapping"),
            ));
        }
        good
    }
}
