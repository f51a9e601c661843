//! The offer card: one offer with everything a user needs to decide and to
//! get in touch, in the user's language where the directory has it.

mod contact;
mod share;

use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Europe::Berlin;
use geo::Point;
use lotse_contract::{links, DayHoursDto, LanguageDto, OfferDetailDto, PhoneDto};

pub use contact::{qr, ContactFacts};
pub use lotse_contract::languages::autonym;
pub use share::{file_stem, qr_png, ShareError, ShareFile};

use crate::directory::geodesy::distance_m;
use crate::directory::hours::{IntervalState, OpeningHours};
use crate::directory::taxonomy::{self, Lang};
use crate::finding::dto::{main_category, open_now};
use crate::storage::read::OfferSummary;
use crate::{CoreError, Directory};

impl Directory {
    /// The name and description in `lang` if the directory has them, else the
    /// German original; the flag says whether that was a fallback.
    fn content_in(
        &self,
        row_id: i64,
        lang: Lang,
        original: (&str, &str),
    ) -> Result<(String, String, String, bool), CoreError> {
        let german = (
            original.0.to_owned(),
            original.1.to_owned(),
            "de".to_owned(),
        );
        if lang == Lang::De {
            let (n, d, l) = german;
            return Ok((n, d, l, false));
        }
        Ok(match self.translation(row_id, lang.tag())? {
            Some((name, description)) => (
                name,
                description.unwrap_or_else(|| original.1.to_owned()),
                lang.tag().to_owned(),
                false,
            ),
            None => (german.0, german.1, german.2, true),
        })
    }

    /// The card for the offer `id` (a service_at_location id), or `None` if the
    /// directory has no such offer. `from` is the user's position, for the distance.
    pub fn offer_detail(
        &self,
        id: &str,
        lang: Lang,
        from: Option<Point<f64>>,
        now: DateTime<Utc>,
    ) -> Result<Option<OfferDetailDto>, CoreError> {
        let (Some(offer), Some(extras)) = (self.offer(id)?, self.offer_extras(id)?) else {
            return Ok(None);
        };
        let row = extras.service_row;
        let (name, description, content_lang, content_is_fallback) =
            self.content_in(row, lang, (&offer.name, &extras.description))?;
        let funders = extras.funders;
        let mut phones: Vec<PhoneDto> = extras
            .phones
            .into_iter()
            .map(|(number, kind)| PhoneDto {
                href: links::tel_uri(&number),
                number,
                kind,
            })
            .collect();
        if phones.is_empty() {
            phones.extend(offer.phone.iter().map(|number| PhoneDto {
                href: links::tel_uri(number),
                number: number.clone(),
                kind: None,
            }));
        }
        let email = offer.email.clone().or(extras.org_email.clone());
        let website = offer.url.clone().or(extras.org_website.clone());
        let (category_id, category_label) = main_category(&offer, lang);
        let (week, hours_text) = week_table(&offer, now);
        let (lat, lon) = (offer.point.y(), offer.point.x());
        let facts = ContactFacts {
            name: &name,
            category: &category_label,
            provider: &offer.provider,
            street: &offer.address.street,
            postcode: &offer.address.postcode,
            city: &offer.address.city,
            lat,
            lon,
            phone: phones.first().map(|p| p.number.as_str()),
            email: email.as_deref(),
            website: website.as_deref(),
            source: &offer.source,
            last_verified: &offer.last_verified,
            is_demo: offer.is_demo,
        };
        let vcard = facts.vcard();
        Ok(Some(OfferDetailDto {
            share_text: facts.share_text(),
            qr: qr(&vcard),
            vcard,
            id: offer.id.clone(),
            name,
            description,
            content_lang,
            content_is_fallback,
            category_id,
            category_label,
            categories: offer
                .categories
                .iter()
                .filter_map(|c| taxonomy::category(c))
                .map(|c| c.to_dto(lang))
                .collect(),
            provider: offer.provider.clone(),
            funders,
            address: offer.address.one_line(),
            lat,
            lon,
            approximate: offer.precision.is_approximate(),
            distance_m: from.map(|p| distance_m(p, offer.point)),
            open_now: open_now(offer.status, offer.opening_hours.as_deref(), now),
            week,
            hours_text,
            languages: offer
                .languages
                .iter()
                .map(|code| LanguageDto {
                    code: code.clone(),
                    autonym: autonym(code),
                })
                .collect(),
            eligibility: extras.eligibility,
            target_groups: offer.target_groups.clone(),
            minimum_age: extras.minimum_age,
            maximum_age: extras.maximum_age,
            free: offer.free,
            fees_description: extras.fees_description,
            service_area: extras.service_area,
            phones,
            email_href: email.as_deref().and_then(links::mailto_uri),
            email,
            website_href: website.as_deref().and_then(links::https_uri),
            website,
            geo_href: links::geo_uri(lat, lon),
            map_href: links::osm_uri(lat, lon),
            is_demo: offer.is_demo,
            source: offer.source.clone(),
            last_verified: offer.last_verified.clone(),
        }))
    }
}

/// Seven days from today (Berlin), or the raw text when the hours do not parse.
fn week_table(offer: &OfferSummary, now: DateTime<Utc>) -> (Vec<DayHoursDto>, Option<String>) {
    let Some(raw) = offer.opening_hours.as_deref() else {
        return (Vec::new(), None);
    };
    let Ok(hours) = OpeningHours::parse(raw) else {
        return (Vec::new(), Some(raw.to_owned()));
    };
    let today = now.with_timezone(&Berlin).date_naive();
    let week = hours
        .week_intervals(today)
        .into_iter()
        .map(|day| DayHoursDto {
            weekday: day.date.weekday().num_days_from_monday() as u8,
            date: day.date.format("%Y-%m-%d").to_string(),
            times: day
                .intervals
                .iter()
                .filter(|i| i.state != IntervalState::Closed)
                .map(ToString::to_string)
                .collect(),
            note: day.intervals.iter().find_map(|i| i.comment.clone()),
            is_today: day.date == today,
        })
        .collect();
    (week, None)
}
