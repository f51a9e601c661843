//! One CSV row → one offer, following the mapping.

use csv::ByteRecord;

use super::common::{FieldError, OfferRecord};
use super::mapping::{Encoding, Mapping, MissingCoordinates, PoBox};
use super::spec::{Field, Piece, Spec, ValueSource};
use super::values::{
    check_hours, check_point, is_po_box, iso_date, name_id, parse_coordinate, postcode_centroid,
    stable_hash, today, Axis,
};
use crate::directory::model::{
    Address, Fees, GeoPrecision, Location, Organization, Phone, Service, ServiceAtLocation,
    ServiceStatus,
};
use crate::directory::taxonomy;
use crate::exchange::import::RejectReason;
use crate::storage::validate::is_language_code;

/// A row's cells, decoded for the columns the mapping reads.
pub(super) struct Row<'a> {
    mapping: &'a Mapping,
    cells: Vec<Option<String>>,
}

impl<'a> Row<'a> {
    /// Decode the cells the mapping reads; a cell that is not valid text in
    /// the mapping's encoding rejects the row, naming the column.
    pub fn decode(
        mapping: &'a Mapping,
        headers: &[String],
        record: &ByteRecord,
        used: &[usize],
    ) -> Result<Self, FieldError> {
        if record.len() != headers.len() {
            return Err(FieldError::record(format!(
                "the row has {} fields, the header has {}; check the delimiter and the quoting",
                record.len(),
                headers.len()
            )));
        }
        let mut cells = vec![None; headers.len()];
        for &i in used {
            let bytes = record.get(i).unwrap_or_default();
            let text = match mapping.encoding {
                Encoding::Utf8 => std::str::from_utf8(bytes).map(str::to_owned).map_err(|e| {
                    let at = e.valid_up_to();
                    FieldError::new(
                        header(headers, i),
                        format!(
                            "not valid UTF-8 (byte 0x{:02X} after {at} bytes of the value); if the file is Latin-1 or Windows-1252, set encoding = \"windows-1252\" in the mapping",
                            bytes.get(at).copied().unwrap_or_default()
                        ),
                    )
                })?,
                Encoding::Windows1252 => encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned(),
            };
            if let Some(cell) = cells.get_mut(i) {
                *cell = Some(text);
            }
        }
        Ok(Self { mapping, cells })
    }

    fn cell(&self, index: usize) -> &str {
        self.cells
            .get(index)
            .and_then(Option::as_deref)
            .unwrap_or_default()
            .trim()
    }

    /// The value before the map: trimmed, `default` if empty.
    fn raw(&self, spec: &Spec) -> Option<String> {
        let value = match &spec.source {
            ValueSource::Column(c) => self.cell(c.index).to_owned(),
            ValueSource::Value(v) => v.trim().to_owned(),
            ValueSource::Template(pieces) => {
                let joined: String = pieces
                    .iter()
                    .map(|p| match p {
                        Piece::Text(t) => t.as_str(),
                        Piece::Column(c) => self.cell(c.index),
                    })
                    .collect();
                joined.split_whitespace().collect::<Vec<_>>().join(" ")
            }
        };
        if value.is_empty() {
            spec.default.clone()
        } else {
            Some(value)
        }
    }

    /// A single value, mapped; `None` if the field is unmapped or empty.
    pub fn text(&self, field: Field) -> Option<String> {
        let spec = self.mapping.fields.get(&field)?;
        let raw = self.raw(spec)?;
        let value = spec.map.get(&raw).cloned().unwrap_or(raw);
        Some(value.trim().to_owned()).filter(|v| !v.is_empty())
    }

    /// A list value, split at the separator (default `;`), each item mapped;
    /// items mapped to `""` are dropped.
    pub fn list(&self, field: Field) -> Vec<String> {
        let Some(spec) = self.mapping.fields.get(&field) else {
            return Vec::new();
        };
        let Some(raw) = self.raw(spec) else {
            return Vec::new();
        };
        raw.split(spec.separator.as_deref().unwrap_or(";"))
            .map(str::trim)
            .filter(|item| !item.is_empty())
            .map(|item| {
                spec.map
                    .get(item)
                    .map(|m| m.trim().to_owned())
                    .unwrap_or_else(|| item.to_owned())
            })
            .filter(|item| !item.is_empty())
            .collect()
    }

    /// The field as the source names it: its column, else the mapping key.
    pub fn name(&self, field: Field) -> String {
        self.mapping.source_name(field)
    }

    fn error(&self, field: Field, reason: impl Into<RejectReason>) -> FieldError {
        FieldError::new(self.name(field), reason)
    }

    fn required(&self, field: Field, what: &str) -> Result<String, FieldError> {
        self.text(field)
            .ok_or_else(|| self.error(field, format!("is empty: every offer needs {what}")))
    }

    fn id(&self, field: Field) -> Option<String> {
        self.text(field)
            .map(|id| format!("{}{id}", self.mapping.id_prefix))
    }

    /// The offer's base id: the `id` field, else a stable hash of the source
    /// and the `id_key` columns (default: name, street, postcode, city).
    fn base_id(&self) -> String {
        if let Some(id) = self.id(Field::Id) {
            return id;
        }
        let source = self.text(Field::Source).unwrap_or_default();
        let mut parts = vec![source];
        if self.mapping.id_key.is_empty() {
            parts.extend(
                [Field::Name, Field::Street, Field::Postcode, Field::City]
                    .map(|f| self.text(f).unwrap_or_default()),
            );
        } else {
            parts.extend(
                self.mapping
                    .id_key
                    .iter()
                    .map(|c| self.cell(c.index).to_owned()),
            );
        }
        let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
        format!("{}{:016x}", self.mapping.id_prefix, stable_hash(&parts))
    }

    /// The offer id this row gets, for reports.
    pub fn offer_id(&self) -> String {
        self.id(Field::OfferId).unwrap_or_else(|| self.base_id())
    }

    /// Build the offer, or say which field is wrong and why.
    pub fn build(&self) -> Result<OfferRecord, FieldError> {
        let base = self.base_id();
        let organization_name = self.required(Field::OrganizationName, "an organization")?;
        let organization_id = self.id(Field::OrganizationId).unwrap_or_else(|| {
            format!(
                "{}org-{}",
                self.mapping.id_prefix,
                name_id(&organization_name)
            )
        });
        let name = self.required(Field::Name, "a name")?;
        let source = self.required(Field::Source, "a source")?;
        let last_verified = self.last_verified()?;
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
        let opening_hours = match self.text(Field::OpeningHours) {
            Some(raw) => Some(check_hours(&raw).map_err(|e| self.error(Field::OpeningHours, e))?),
            None => None,
        };
        let phones = self
            .phones(Field::Phone, None)
            .chain(self.phones(Field::Fax, Some("fax")))
            .collect();

        let service_id = self.id(Field::ServiceId).unwrap_or_else(|| base.clone());
        let location_id = self.id(Field::LocationId).unwrap_or_else(|| base.clone());
        let service = Service {
            id: service_id.clone(),
            organization_id: organization_id.clone(),
            name,
            description: self.text(Field::Description).unwrap_or_default(),
            url: self.text(Field::Website),
            email: self.text(Field::Email),
            status: self.status()?,
            categories: self.categories()?,
            languages: self.languages()?,
            target_groups: self.list(Field::TargetGroups),
            fees: Fees {
                free: self.flag(Field::FeesFree)?,
                description: None,
            },
            phones,
            source,
            last_verified,
            is_demo: self.flag(Field::IsDemo)?.unwrap_or(false),
            ..Service::default()
        };
        let location = Location {
            id: location_id.clone(),
            name: self.text(Field::LocationName),
            address: Address {
                street,
                postcode: self.text(Field::Postcode).unwrap_or_default(),
                city: self.text(Field::City).unwrap_or_default(),
                state: self.text(Field::State),
            },
            point,
            precision: precision.unwrap_or_default(),
            languages: Vec::new(),
        };
        let offer = ServiceAtLocation {
            id: self.id(Field::OfferId).unwrap_or(base),
            service_id,
            location_id,
            opening_hours,
        };
        let organization = Organization {
            id: organization_id,
            name: organization_name,
            ..Organization::default()
        };
        Ok(OfferRecord {
            organization,
            service,
            location,
            offer,
        })
    }

    fn last_verified(&self) -> Result<String, FieldError> {
        let is_today = matches!(
            self.mapping.fields.get(&Field::LastVerified).map(|s| &s.source),
            Some(ValueSource::Value(v)) if v.trim() == "today"
        );
        if is_today {
            return Ok(today());
        }
        let raw = self.required(Field::LastVerified, "a date it was last checked")?;
        iso_date(&raw).ok_or_else(|| {
            self.error(
                Field::LastVerified,
                format!("`{raw}` is not a date like 2026-11-01 or 01.11.2026"),
            )
        })
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

    fn languages(&self) -> Result<Vec<String>, FieldError> {
        let languages: Vec<String> = self
            .list(Field::Languages)
            .iter()
            .map(|l| l.to_lowercase())
            .collect();
        match languages.iter().find(|l| !is_language_code(l)) {
            Some(bad) => Err(self.error(
                Field::Languages,
                format!("`{bad}` is not an ISO 639 language code (de, ar, prs, …); map it in the mapping"),
            )),
            None => Ok(languages),
        }
    }
}

fn header(headers: &[String], index: usize) -> String {
    headers
        .get(index)
        .cloned()
        .unwrap_or_else(|| format!("column {}", index + 1))
}
