//! The embedded demo directory: a small, entirely fictional sample around
//! Schwerin and Stuttgart, so the app shows something before the first sync.
//! Every entry is stored with `is_demo = true` and the UI marks it visibly.

use serde::Deserialize;

use crate::directory::geodesy::checked_point;
use crate::directory::model::{
    Address, DirectoryBatch, Fees, GeoPrecision, Location, Organization, Phone, Service,
    ServiceAtLocation, ServiceStatus, Translation,
};
use crate::{CoreError, Directory};

const DEMO_JSON: &str = include_str!("demo_directory.json");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoFile {
    #[serde(rename = "_comment")]
    _comment: String,
    source: String,
    last_verified: String,
    organizations: Vec<DemoOrganization>,
    offers: Vec<DemoOffer>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoOrganization {
    id: String,
    name: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoOffer {
    id: String,
    organization: String,
    name: String,
    description: String,
    category: String,
    street: String,
    postcode: String,
    city: String,
    lat: f64,
    lon: f64,
    phone: Option<String>,
    email: Option<String>,
    website: Option<String>,
    languages: Vec<String>,
    opening_hours: Option<String>,
    free: Option<bool>,
    target_groups: Vec<String>,
    funders: Vec<String>,
    #[serde(default)]
    translations: Vec<Translation>,
}

/// The demo directory, parsed from the embedded file.
pub fn demo_directory() -> Result<DirectoryBatch, CoreError> {
    let file: DemoFile = serde_json::from_str(DEMO_JSON)?;
    let mut batch = DirectoryBatch {
        organizations: file
            .organizations
            .into_iter()
            .map(|o| Organization {
                id: o.id,
                name: o.name,
                ..Organization::default()
            })
            .collect(),
        ..DirectoryBatch::default()
    };
    for o in file.offers {
        batch.locations.push(Location {
            id: format!("{}-loc", o.id),
            name: None,
            address: Address {
                street: o.street,
                postcode: o.postcode,
                city: o.city,
                state: None,
            },
            point: checked_point(o.lat, o.lon)?,
            precision: GeoPrecision::Exact,
            languages: Vec::new(),
        });
        batch.service_at_locations.push(ServiceAtLocation {
            id: o.id.clone(),
            service_id: format!("{}-svc", o.id),
            location_id: format!("{}-loc", o.id),
            opening_hours: o.opening_hours,
        });
        batch.services.push(Service {
            id: format!("{}-svc", o.id),
            organization_id: o.organization,
            name: o.name,
            description: o.description,
            url: o.website,
            email: o.email,
            status: ServiceStatus::Active,
            categories: vec![o.category],
            languages: o.languages,
            target_groups: o.target_groups,
            fees: Fees {
                free: o.free,
                description: None,
            },
            funders: o.funders,
            translations: o.translations,
            phones: o
                .phone
                .into_iter()
                .map(|number| Phone {
                    number,
                    kind: Some("voice".into()),
                    description: None,
                })
                .collect(),
            source: file.source.clone(),
            last_verified: file.last_verified.clone(),
            is_demo: true,
            ..Service::default()
        });
    }
    Ok(batch)
}

impl Directory {
    /// Load the demo directory into an empty database. Returns whether it did.
    pub fn seed_demo_if_empty(&mut self) -> Result<bool, CoreError> {
        if self.offer_count()? > 0 {
            return Ok(false);
        }
        self.upsert(&demo_directory()?)?;
        Ok(true)
    }
}
