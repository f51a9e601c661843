//! The offer card, search and places: what the UI shows beyond the nearby list.

use serde::{Deserialize, Serialize};

use crate::{CategoryDto, NearbyOfferDto, OpenNow};

/// "Everything about one offer", in the caller's language where the data has it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OfferQuery {
    pub id: String,
    /// Where the user is, for the distance; never leaves the device.
    pub from: Option<LatLon>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LatLon {
    pub lat: f64,
    pub lon: f64,
}

/// One day of the opening-hours table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayHoursDto {
    /// 0 = Monday … 6 = Sunday.
    pub weekday: u8,
    /// The local date, YYYY-MM-DD.
    pub date: String,
    /// `09:00–12:00`-style intervals; empty: closed that day.
    pub times: Vec<String>,
    /// A comment in force, e.g. "nach Vereinbarung".
    pub note: Option<String>,
    pub is_today: bool,
}

/// A phone number and its `tel:` link (absent when the number is not dialable).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneDto {
    pub number: String,
    pub href: Option<String>,
    /// voice, fax, text, … (HSDS `type`).
    pub kind: Option<String>,
}

/// A spoken language: the ISO 639 code and its own name ("العربية").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LanguageDto {
    pub code: String,
    pub autonym: String,
}

/// A QR code as a square of modules, row by row: `true` is dark.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QrDto {
    pub size: u32,
    pub modules: Vec<bool>,
}

/// The contact QR codes for a printed list: which offers, in the language
/// of the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactCodesQuery {
    pub ids: Vec<String>,
}

/// One offer's contact (its vCard) as a QR code, for paper.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactCodeDto {
    pub id: String,
    pub qr: QrDto,
}

/// How an offer is shared as a file: its text, a contact (vCard 3.0) or the
/// contact's QR code as a picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShareKind {
    Text,
    Vcard,
    QrPng,
}

/// Share one offer as a file of `kind`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareRequest {
    pub id: String,
    pub kind: ShareKind,
}

/// The offer card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OfferDetailDto {
    pub id: String,
    pub name: String,
    pub description: String,
    /// The language of `name` and `description` (ISO 639-1).
    pub content_lang: String,
    /// The caller's language was asked for, but only German (or another
    /// language) is available: the UI says so.
    pub content_is_fallback: bool,
    pub category_id: String,
    pub category_label: String,
    pub categories: Vec<CategoryDto>,
    pub provider: String,
    pub funders: Vec<String>,
    pub address: String,
    pub lat: f64,
    pub lon: f64,
    pub approximate: bool,
    pub distance_m: Option<f64>,
    pub open_now: OpenNow,
    /// The next seven days from today; empty when no hours are known.
    pub week: Vec<DayHoursDto>,
    /// The hours as published, when they could not be read as a table.
    pub hours_text: Option<String>,
    pub languages: Vec<LanguageDto>,
    pub eligibility: Option<String>,
    pub target_groups: Vec<String>,
    pub minimum_age: Option<u32>,
    pub maximum_age: Option<u32>,
    pub free: Option<bool>,
    pub fees_description: Option<String>,
    pub service_area: Option<String>,
    pub phones: Vec<PhoneDto>,
    pub email: Option<String>,
    pub email_href: Option<String>,
    pub website: Option<String>,
    /// Only an `https:` website becomes a link.
    pub website_href: Option<String>,
    pub geo_href: String,
    pub map_href: String,
    pub is_demo: bool,
    pub source: String,
    /// The date `date_basis` speaks of (YYYY-MM-DD); empty when unknown.
    pub last_verified: String,
    /// What that date is: a check, or only the source's date.
    pub date_basis: DateBasis,
    /// Plain text for "share": name, category, address, phone, map link.
    pub share_text: String,
    /// The offer as a vCard 3.0 contact.
    pub vcard: String,
    /// A QR code of the vCard, to scan with another phone.
    pub qr: QrDto,
}

/// What an offer's date says, so that no one reads "checked" where nobody
/// checked: the record's own verification date (HSDS `assured_date`, OSM
/// `check_date` or `survey:date`, a CSV column, an accepted correction),
/// only the date of the source it came from (the record's `last_modified`,
/// or the date the office gave for the whole source), or nothing.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum DateBasis {
    /// The record says when it was checked.
    #[default]
    Checked,
    /// Only the source's date is known: "as the source had it on …".
    AsOf,
    /// No date at all.
    Unknown,
}

impl DateBasis {
    pub fn is_checked(&self) -> bool {
        *self == Self::Checked
    }

    /// The name in files and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Self::Checked => "checked",
            Self::AsOf => "as_of",
            Self::Unknown => "unknown",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        [Self::Checked, Self::AsOf, Self::Unknown]
            .into_iter()
            .find(|b| b.name() == name)
    }
}

/// "Find anything": names, categories in any language, postcodes and towns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchRequest {
    pub text: String,
    /// Ranks equal text matches by distance; never leaves the device.
    pub near: Option<LatLon>,
    pub limit: u32,
}

/// A place from the offline gazetteer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlaceDto {
    /// "Schwerin", or "19055 Schwerin" for a postcode.
    pub label: String,
    /// `postcode` or `town`.
    pub kind: String,
    pub lat: f64,
    pub lon: f64,
    /// Always true: centroids and reference points, not addresses.
    pub approximate: bool,
    pub state: Option<String>,
    /// The other-script name that matched, e.g. "Мюнхен".
    pub matched_alias: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchResultsDto {
    pub text: String,
    pub categories: Vec<CategoryDto>,
    pub places: Vec<PlaceDto>,
    /// Offers ranked by text score, then distance; `distance_m` is from `near`
    /// (0 when no point was given).
    pub offers: Vec<NearbyOfferDto>,
}
