//! The embedded demo directory: a small, entirely fictional sample around
//! Schwerin and Stuttgart, so the app shows something before the first sync.
//! Every entry is stored with `is_demo = true` and the UI marks it visibly.

use serde::Deserialize;

use crate::geodesy::checked_point;
use crate::model::{Address, Offer, Organization};
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
}

/// The demo providers and offers, parsed from the embedded file.
pub fn demo_directory() -> Result<(Vec<Organization>, Vec<Offer>), CoreError> {
    let file: DemoFile = serde_json::from_str(DEMO_JSON)?;
    let organizations = file
        .organizations
        .into_iter()
        .map(|o| Organization {
            id: o.id,
            name: o.name,
        })
        .collect();
    let offers = file
        .offers
        .into_iter()
        .map(|o| {
            Ok(Offer {
                location: checked_point(o.lat, o.lon)?,
                id: o.id,
                organization_id: o.organization,
                name: o.name,
                description: o.description,
                category_id: o.category,
                address: Address {
                    street: o.street,
                    postcode: o.postcode,
                    city: o.city,
                },
                phone: o.phone,
                email: o.email,
                website: o.website,
                source: file.source.clone(),
                last_verified: file.last_verified.clone(),
                is_demo: true,
            })
        })
        .collect::<Result<_, CoreError>>()?;
    Ok((organizations, offers))
}

impl Directory {
    /// Load the demo directory into an empty database. Returns whether it did.
    pub fn seed_demo_if_empty(&mut self) -> Result<bool, CoreError> {
        if self.offer_count()? > 0 {
            return Ok(false);
        }
        let (organizations, offers) = demo_directory()?;
        self.upsert(&organizations, &offers)?;
        Ok(true)
    }
}
