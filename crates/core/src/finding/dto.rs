//! Conversions between the core's types and the shared contract's DTOs.

use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Europe::Berlin;
use lotse_contract::{
    CategoryDto, ChangeAt, NearbyOfferDto, NearbyQuery, OpenNow, PlaceDto, MAX_K,
};

use crate::directory::gazetteer::{Place, PlaceKind};
use crate::directory::geodesy::checked_point;
use crate::directory::hours::{OpenState, OpeningHours};
use crate::directory::model::ServiceStatus;
use crate::directory::taxonomy::{self, Category, Lang};
use crate::storage::read::OfferSummary;
use crate::{CoreError, NearbyHit, NearestQuery, OfferFilter};

impl TryFrom<&NearbyQuery> for NearestQuery {
    type Error = CoreError;

    fn try_from(q: &NearbyQuery) -> Result<Self, CoreError> {
        if q.k == 0 || q.k > MAX_K {
            return Err(CoreError::InvalidInput {
                field: "k",
                reason: format!("{} is not between 1 and {MAX_K}", q.k),
            });
        }
        if let Some(max) = q.max_distance_m.filter(|m| !(m.is_finite() && *m > 0.0)) {
            return Err(CoreError::InvalidInput {
                field: "max_distance_m",
                reason: format!("{max} is not a positive distance"),
            });
        }
        Ok(NearestQuery {
            origin: checked_point(q.lat, q.lon)?,
            k: q.k as usize,
            max_distance_m: q.max_distance_m,
            names_in: None,
            filter: OfferFilter {
                categories: q
                    .category
                    .clone()
                    .filter(|c| !c.is_empty())
                    .into_iter()
                    .collect(),
                languages: q
                    .languages
                    .iter()
                    .filter(|l| !l.is_empty())
                    .cloned()
                    .collect(),
                ..OfferFilter::default()
            },
        })
    }
}

/// The label of an offer's first category in `lang` (its id when unknown).
pub(crate) fn main_category(offer: &OfferSummary, lang: Lang) -> (String, String) {
    let id = offer.categories.first().cloned().unwrap_or_default();
    let label = taxonomy::category(&id)
        .map_or(id.as_str(), |c| c.label(lang))
        .to_owned();
    (id, label)
}

fn change_at(instant: DateTime<Utc>, now: DateTime<Utc>) -> ChangeAt {
    let local = instant.with_timezone(&Berlin);
    ChangeAt {
        weekday: local.weekday().num_days_from_monday() as u8,
        time: local.format("%H:%M").to_string(),
        today: local.date_naive() == now.with_timezone(&Berlin).date_naive(),
    }
}

/// Open, closed, by appointment or unknown at `now`, from the service's
/// status and its opening hours.
pub fn open_now(status: ServiceStatus, hours: Option<&str>, now: DateTime<Utc>) -> OpenNow {
    if status == ServiceStatus::TemporarilyClosed {
        return OpenNow::TemporarilyClosed;
    }
    let Some(hours) = hours.and_then(|h| OpeningHours::parse(h).ok()) else {
        return OpenNow::Unknown;
    };
    match hours.state_at(now) {
        OpenState::Open { closes_at } => OpenNow::Open {
            closes: closes_at.map(|t| change_at(t, now)),
        },
        OpenState::Closed { opens_at } => OpenNow::Closed {
            opens: opens_at.map(|t| change_at(t, now)),
        },
        OpenState::ByAppointment => OpenNow::ByAppointment,
        OpenState::Unknown => OpenNow::Unknown,
    }
}

impl OfferSummary {
    /// The list entry for this offer, `distance_m` from the user, at `now`.
    /// The name is the one read in `lang` (the query's `names_in`) where
    /// the directory has it, else the German original marked as fallback.
    pub fn to_dto(&self, distance_m: f64, lang: Lang, now: DateTime<Utc>) -> NearbyOfferDto {
        let (category_id, category_label) = main_category(self, lang);
        let (name, name_is_fallback) = match (&self.name_in_lang, lang) {
            (_, Lang::De) => (self.name.clone(), false),
            (Some(translated), _) => (translated.clone(), false),
            (None, _) => (self.name.clone(), true),
        };
        NearbyOfferDto {
            id: self.id.clone(),
            name,
            name_is_fallback,
            category_id,
            category_label,
            provider: self.provider.clone(),
            address: self.address.one_line(),
            phone: self.phone.clone(),
            lat: self.point.y(),
            lon: self.point.x(),
            approximate: self.precision.is_approximate(),
            distance_m,
            open_now: open_now(self.status, self.opening_hours.as_deref(), now),
            languages: self.languages.clone(),
            free: self.free,
            is_demo: self.is_demo,
            source: self.source.clone(),
            last_verified: self.last_verified.clone(),
        }
    }
}

impl NearbyHit {
    pub fn to_dto(&self, lang: Lang, now: DateTime<Utc>) -> NearbyOfferDto {
        self.offer.to_dto(self.distance_m, lang, now)
    }
}

impl Category {
    pub fn to_dto(&self, lang: Lang) -> CategoryDto {
        CategoryDto {
            id: self.id.to_owned(),
            icon: self.icon.to_owned(),
            label: self.label(lang).to_owned(),
        }
    }
}

impl Place {
    pub fn to_dto(&self) -> PlaceDto {
        let label = match (self.kind, &self.postcode) {
            (PlaceKind::Postcode, Some(code)) if *code != self.name => {
                format!("{code} {}", self.name)
            }
            _ => self.name.clone(),
        };
        PlaceDto {
            label,
            kind: match self.kind {
                PlaceKind::Postcode => "postcode",
                PlaceKind::Town => "town",
            }
            .to_owned(),
            lat: self.lat,
            lon: self.lon,
            approximate: self.approximate,
            state: self.state.clone(),
            matched_alias: self.matched_alias.clone(),
        }
    }
}
