//! A flat CSV: one row per offer (a service at a location), comma-separated,
//! UTF-8 without byte-order mark, a header row, RFC 4180 quoting.
//!
//! Columns, in order: `offer_id`, `service_id`, `location_id`,
//! `organization_id`, `organization_name`, `name`, `description`,
//! `categories`, `languages`, `target_groups`, `status` (HSDS), `fees_free`,
//! `is_demo`, `street`, `postcode`, `city`, `state`, `location_name`,
//! `latitude`, `longitude` (shortest exact decimal), `precision`, `phone`,
//! `fax`, `email`, `website`, `opening_hours`, `source`, `last_verified` (a
//! check), `as_of` (only the source's date; one of the two is set, or neither
//! when the date is unknown).
//! Lists (`categories`, `languages`, `target_groups`, `phone`, `fax`) are
//! `;`-separated. `config/import/lotse-export.toml` reads the file back.
//!
//! Not carried (they are in the HSDS JSON export): the organization's
//! description, website and email, the service's alternate name,
//! eligibility, ages, fees description, service area, funders, contacts,
//! translations, phone descriptions and kinds other than fax, and location
//! languages. Organizations and services without an offer are not written.

use std::collections::HashMap;
use std::io::Write;

use super::ExportError;
use crate::directory::model::{
    DateBasis, DirectoryBatch, Location, Organization, Service, ServiceAtLocation,
};

const COLUMNS: [&str; 29] = [
    "offer_id",
    "service_id",
    "location_id",
    "organization_id",
    "organization_name",
    "name",
    "description",
    "categories",
    "languages",
    "target_groups",
    "status",
    "fees_free",
    "is_demo",
    "street",
    "postcode",
    "city",
    "state",
    "location_name",
    "latitude",
    "longitude",
    "precision",
    "phone",
    "fax",
    "email",
    "website",
    "opening_hours",
    "source",
    "last_verified",
    "as_of",
];

/// The offer's date in the column for `basis` (empty in the other).
fn dated(s: &Service, basis: DateBasis) -> String {
    if s.date_basis == basis {
        s.last_verified.clone()
    } else {
        String::new()
    }
}

/// One offer with the records it refers to.
pub(super) struct FlatOffer<'a> {
    pub offer: &'a ServiceAtLocation,
    pub service: &'a Service,
    pub location: &'a Location,
    pub organization: &'a Organization,
}

impl FlatOffer<'_> {
    /// Phone numbers that are not faxes, and fax numbers.
    pub fn phones(&self, fax: bool) -> Vec<&str> {
        self.service
            .phones
            .iter()
            .filter(|p| (p.kind.as_deref() == Some("fax")) == fax)
            .map(|p| p.number.as_str())
            .collect()
    }
}

/// Every offer of the batch joined with its service, location and organization.
pub(super) fn offers(batch: &DirectoryBatch) -> Result<Vec<FlatOffer<'_>>, ExportError> {
    let dangling = |offer: &str, kind: &str, id: &str| {
        ExportError::Encode(format!(
            "offer `{offer}` refers to an unknown {kind} `{id}`"
        ))
    };
    let services: HashMap<&str, &Service> =
        batch.services.iter().map(|s| (s.id.as_str(), s)).collect();
    let locations: HashMap<&str, &Location> =
        batch.locations.iter().map(|l| (l.id.as_str(), l)).collect();
    let organizations: HashMap<&str, &Organization> = batch
        .organizations
        .iter()
        .map(|o| (o.id.as_str(), o))
        .collect();
    batch
        .service_at_locations
        .iter()
        .map(|offer| {
            let service = *services
                .get(offer.service_id.as_str())
                .ok_or_else(|| dangling(&offer.id, "service", &offer.service_id))?;
            let location = *locations
                .get(offer.location_id.as_str())
                .ok_or_else(|| dangling(&offer.id, "location", &offer.location_id))?;
            let organization = *organizations
                .get(service.organization_id.as_str())
                .ok_or_else(|| dangling(&offer.id, "organization", &service.organization_id))?;
            Ok(FlatOffer {
                offer,
                service,
                location,
                organization,
            })
        })
        .collect()
}

/// Write one CSV row per offer.
pub fn write(batch: &DirectoryBatch, out: &mut dyn Write) -> Result<(), ExportError> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(COLUMNS).map_err(ExportError::Csv)?;
    for flat in offers(batch)? {
        let (s, l) = (flat.service, flat.location);
        let flag = |b: bool| if b { "true" } else { "false" }.to_owned();
        let row: [String; 29] = [
            flat.offer.id.clone(),
            s.id.clone(),
            l.id.clone(),
            flat.organization.id.clone(),
            flat.organization.name.clone(),
            s.name.clone(),
            s.description.clone(),
            s.categories.join(";"),
            s.languages.join(";"),
            s.target_groups.join(";"),
            s.status.as_hsds().to_owned(),
            s.fees.free.map(flag).unwrap_or_default(),
            flag(s.is_demo),
            l.address.street.clone(),
            l.address.postcode.clone(),
            l.address.city.clone(),
            l.address.state.clone().unwrap_or_default(),
            l.name.clone().unwrap_or_default(),
            l.point.y().to_string(),
            l.point.x().to_string(),
            l.precision.as_str().to_owned(),
            flat.phones(false).join(";"),
            flat.phones(true).join(";"),
            s.email.clone().unwrap_or_default(),
            s.url.clone().unwrap_or_default(),
            flat.offer.opening_hours.clone().unwrap_or_default(),
            s.source.clone(),
            dated(s, DateBasis::Checked),
            dated(s, DateBasis::AsOf),
        ];
        writer.write_record(&row).map_err(ExportError::Csv)?;
    }
    writer.flush()?;
    Ok(())
}
