//! The directory's nouns, aligned with Open Referral HSDS 3.0: organizations
//! provide services, services are delivered at locations. One service at one
//! location is what the app calls an *offer*.

use geo::Point;
pub use lotse_contract::DateBasis;
use serde::{Deserialize, Serialize};

/// A provider (HSDS `organization`, "Träger").
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Organization {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub website: Option<String>,
    pub email: Option<String>,
}

/// HSDS service status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceStatus {
    #[default]
    Active,
    /// Closed for now (renovation, holidays); shown with a mark.
    TemporarilyClosed,
    Inactive,
    /// Gone for good; never shown.
    Defunct,
}

impl ServiceStatus {
    /// The HSDS spelling.
    pub fn as_hsds(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::TemporarilyClosed => "temporarily closed",
            Self::Inactive => "inactive",
            Self::Defunct => "defunct",
        }
    }

    pub fn from_hsds(value: &str) -> Option<Self> {
        match value
            .trim()
            .to_ascii_lowercase()
            .replace(['_', '-'], " ")
            .as_str()
        {
            "active" => Some(Self::Active),
            "temporarily closed" => Some(Self::TemporarilyClosed),
            "inactive" => Some(Self::Inactive),
            "defunct" => Some(Self::Defunct),
            _ => None,
        }
    }

    /// Whether offers with this status appear in lists at all.
    pub fn is_listed(self) -> bool {
        matches!(self, Self::Active | Self::TemporarilyClosed)
    }
}

/// A phone number (HSDS `phone`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Phone {
    pub number: String,
    /// HSDS `type`: voice, fax, text, …
    pub kind: Option<String>,
    pub description: Option<String>,
}

/// A named contact person (HSDS `contact`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Contact {
    pub name: Option<String>,
    pub title: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// Whether using the service costs money (HSDS `fees_description`, and
/// `cost_options` reduced to the one question users ask).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Fees {
    /// `Some(true)`: free of charge; `None`: not known.
    pub free: Option<bool>,
    pub description: Option<String>,
}

/// The service's name and description in another language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Translation {
    /// ISO 639-1 code.
    pub lang: String,
    pub name: String,
    pub description: Option<String>,
}

/// A service (HSDS `service`): what is offered, by whom, for whom.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Service {
    pub id: String,
    pub organization_id: String,
    pub name: String,
    pub alternate_name: Option<String>,
    pub description: String,
    pub url: Option<String>,
    pub email: Option<String>,
    pub status: ServiceStatus,
    /// Stable ids from [`crate::directory::taxonomy`]; at least one.
    pub categories: Vec<String>,
    /// Languages spoken, ISO 639 codes (`de`, `ar`, `prs`, …).
    pub languages: Vec<String>,
    /// HSDS `eligibility_description`.
    pub eligibility: Option<String>,
    /// Target groups, e.g. `refugees`, `families`, `youth`, `women`.
    pub target_groups: Vec<String>,
    pub minimum_age: Option<u32>,
    pub maximum_age: Option<u32>,
    pub fees: Fees,
    /// HSDS `service_area` name, e.g. "Landkreis Ludwigslust-Parchim".
    pub service_area: Option<String>,
    /// Funders and programmes (HSDS `funding.source`), e.g. "ESF Plus", "Land MV".
    pub funders: Vec<String>,
    pub phones: Vec<Phone>,
    pub contacts: Vec<Contact>,
    pub translations: Vec<Translation>,
    /// Who published this entry.
    pub source: String,
    /// ISO date (YYYY-MM-DD) that `date_basis` speaks of; empty when unknown.
    pub last_verified: String,
    /// Whether that date is a check, only the source's date, or unknown.
    /// Left out of feeds when it is a check (as every feed before it had).
    #[serde(skip_serializing_if = "DateBasis::is_checked")]
    pub date_basis: DateBasis,
    /// Fictional demo entry; the UI marks it visibly.
    pub is_demo: bool,
}

/// How exact a location's coordinates are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GeoPrecision {
    /// Surveyed or geocoded to the building.
    #[default]
    Exact,
    /// The centroid of the postcode area: approximate.
    Postcode,
    /// The centre of the town: approximate.
    Town,
}

impl GeoPrecision {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Exact => "exact",
            Self::Postcode => "postcode",
            Self::Town => "town",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "exact" => Some(Self::Exact),
            "postcode" => Some(Self::Postcode),
            "town" => Some(Self::Town),
            _ => None,
        }
    }

    pub fn is_approximate(self) -> bool {
        self != Self::Exact
    }
}

/// A postal address (HSDS `address`, physical).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Address {
    pub street: String,
    pub postcode: String,
    pub city: String,
    /// Bundesland, HSDS `state_province`.
    pub state: Option<String>,
}

impl Address {
    /// "Musterweg 1, 19055 Schwerin"
    pub fn one_line(&self) -> String {
        let place = [self.postcode.as_str(), self.city.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        [self.street.as_str(), place.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A place where services are delivered (HSDS `location`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Location {
    pub id: String,
    pub name: Option<String>,
    pub address: Address,
    /// `Point::new(lon, lat)`, WGS84 degrees; `[lon, lat]` in feeds.
    #[serde(with = "lon_lat")]
    pub point: Point<f64>,
    pub precision: GeoPrecision,
    /// Languages spoken at this location, ISO 639.
    pub languages: Vec<String>,
}

/// A service delivered at a location (HSDS `service_at_location`): one offer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceAtLocation {
    pub id: String,
    pub service_id: String,
    pub location_id: String,
    /// OSM `opening_hours` syntax; see [`crate::directory::hours`].
    pub opening_hours: Option<String>,
}

/// Everything one import or one sync writes, applied in one transaction.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DirectoryBatch {
    pub organizations: Vec<Organization>,
    pub services: Vec<Service>,
    pub locations: Vec<Location>,
    pub service_at_locations: Vec<ServiceAtLocation>,
}

impl DirectoryBatch {
    pub fn is_empty(&self) -> bool {
        self.organizations.is_empty()
            && self.services.is_empty()
            && self.locations.is_empty()
            && self.service_at_locations.is_empty()
    }
}

/// A point as `[lon, lat]` (GeoJSON order) in serialised records.
mod lon_lat {
    use geo::Point;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(point: &Point<f64>, s: S) -> Result<S::Ok, S::Error> {
        [point.x(), point.y()].serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Point<f64>, D::Error> {
        let [lon, lat] = <[f64; 2]>::deserialize(d)?;
        Ok(Point::new(lon, lat))
    }
}
