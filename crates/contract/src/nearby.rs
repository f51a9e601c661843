use serde::{Deserialize, Serialize};

/// How many offers the nearby list shows when the caller does not say.
pub const DEFAULT_K: u32 = 10;
/// The most offers one nearby query returns.
pub const MAX_K: u32 = 200;

/// "The k nearest offers (of a category) to a point."
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NearbyQuery {
    pub lat: f64,
    pub lon: f64,
    /// A stable category id such as `kita`; `None` means every category.
    pub category: Option<String>,
    pub k: u32,
}

/// One offer in the nearby list, with its exact great-circle distance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NearbyOfferDto {
    pub id: String,
    pub name: String,
    pub category_id: String,
    pub category_label: String,
    pub provider: String,
    pub address: String,
    pub phone: Option<String>,
    /// WGS84 latitude of the offer's location.
    pub lat: f64,
    /// WGS84 longitude of the offer's location.
    pub lon: f64,
    pub distance_m: f64,
    /// Demo offers are fictional and must be visibly marked as such.
    pub is_demo: bool,
    /// Who published this entry.
    pub source: String,
    /// ISO date (YYYY-MM-DD) the entry was last checked.
    pub last_verified: String,
}

/// A category chip: stable id, icon name and a label in the requested language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryDto {
    pub id: String,
    pub icon: String,
    pub label: String,
}

/// Facts about the running shell, taken from the configuration it was built with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppInfo {
    pub product_name: String,
    pub version: String,
    pub window_title: String,
    pub offer_count: u64,
}
