use serde::{Deserialize, Serialize};

/// How many offers the nearby list shows when the caller does not say.
pub const DEFAULT_K: u32 = 10;
/// The most offers one nearby query returns.
pub const MAX_K: u32 = 200;

/// "The k nearest offers (of a category, speaking a language) to a point."
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NearbyQuery {
    pub lat: f64,
    pub lon: f64,
    /// A stable category id such as `kita`; `None` means every category.
    pub category: Option<String>,
    /// Only offers where one of these languages (ISO 639) is spoken.
    #[serde(default)]
    pub languages: Vec<String>,
    /// No offer further away than this.
    #[serde(default)]
    pub max_distance_m: Option<f64>,
    pub k: u32,
    /// For the map: up to this many offers of the same kind around, without
    /// the distance limit (0: none). At least `k` when given.
    #[serde(default)]
    pub around_k: u32,
}

/// The answer to a [`NearbyQuery`]: the list, and the map's wider set.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NearbyAnswerDto {
    /// The `k` nearest offers within the distance limit, nearest first.
    pub listed: Vec<NearbyOfferDto>,
    /// More offers of the same kind, nearest first, none of them listed.
    pub around: Vec<NearbyOfferDto>,
}

/// When an opening state changes: a weekday (0 = Monday) and a local time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeAt {
    pub weekday: u8,
    /// `HH:MM` in Europe/Berlin.
    pub time: String,
    /// Whether the change is later on the same local day as "now".
    pub today: bool,
}

/// Whether an offer is open at the moment the list was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum OpenNow {
    Open {
        closes: Option<ChangeAt>,
    },
    Closed {
        opens: Option<ChangeAt>,
    },
    ByAppointment,
    /// The service itself is closed for now, whatever its hours say.
    TemporarilyClosed,
    /// No hours are known, or they say "unknown".
    Unknown,
}

/// One offer in the nearby list, with its exact great-circle distance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NearbyOfferDto {
    pub id: String,
    /// In the caller's language when the directory has a translation.
    pub name: String,
    /// The caller asked for another language, but the name is the German original.
    #[serde(default)]
    pub name_is_fallback: bool,
    pub category_id: String,
    pub category_label: String,
    pub provider: String,
    pub address: String,
    pub phone: Option<String>,
    /// WGS84 latitude of the offer's location.
    pub lat: f64,
    /// WGS84 longitude of the offer's location.
    pub lon: f64,
    /// The position is a postcode or town centroid, not the building.
    pub approximate: bool,
    pub distance_m: f64,
    pub open_now: OpenNow,
    /// Languages spoken, ISO 639 codes.
    pub languages: Vec<String>,
    /// `Some(true)`: free of charge.
    pub free: Option<bool>,
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
    /// How many of those offers are fictional demo data.
    #[serde(default)]
    pub demo_count: u64,
}
