//! The offer card: one offer with everything a user needs to decide and to
//! get in touch, in the user's language where the directory has it.

mod contact;
mod share;

use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Europe::Berlin;
use geo::Point;
use lotse_contract::{links, DayHoursDto, LanguageDto, OfferDetailDto, PhoneDto, QrDto};

pub use contact::{qr, ContactFacts};
pub use lotse_contract::languages::autonym;
pub use share::{file_stem, qr_png, ShareError, ShareFile};

use crate::directory::geodesy::distance_m;
use crate::directory::hours::{IntervalState, OpeningHours};
use crate::directory::taxonomy::{self, Lang};
use crate::finding::dto::{main_category, open_now};
use crate::storage::read::OfferSummary;
use crate::storage::read_card::OfferExtras;
use crate::{CoreError, Directory};

impl Directory {
    /// The name and description in `lang` if the directory has them, else the
    /// German original, marked as a fallback.
    fn content_in(
        &self,
        row_id: i64,
        lang: Lang,
        original: (&str, &str),
    ) -> Result<Content, CoreError> {
        let german = Content {
            name: original.0.to_owned(),
            description: original.1.to_owned(),
            lang: "de".to_owned(),
            is_fallback: false,
        };
        if lang == Lang::De {
            return Ok(german);
        }
        Ok(match self.translation(row_id, lang.tag())? {
            Some((name, description)) => Content {
                name,
                description: description.unwrap_or_else(|| original.1.to_owned()),
                lang: lang.tag().to_owned(),
                is_fallback: false,
            },
            None => Content {
                is_fallback: true,
                ..german
            },
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
        let content =
            self.content_in(extras.service_row, lang, (&offer.name, &extras.description))?;
        let viewer = Viewer { lang, from, now };
        Ok(Some(detail(&offer, extras, content, &viewer)))
    }
}

impl Directory {
    /// The offer's contact for paper ([`ContactFacts::paper_vcard`], names
    /// in `lang`) as a QR code, or `None` if the directory has no such offer.
    pub fn paper_code(&self, id: &str, lang: Lang) -> Result<Option<QrDto>, CoreError> {
        let (Some(offer), Some(extras)) = (self.offer(id)?, self.offer_extras(id)?) else {
            return Ok(None);
        };
        let content =
            self.content_in(extras.service_row, lang, (&offer.name, &extras.description))?;
        let reach = Reach::of(&offer, extras.phones, extras.org_email, extras.org_website);
        let (_, category_label) = main_category(&offer, lang);
        let facts = contact_facts(&offer, &content.name, &category_label, &reach);
        Ok(Some(qr(&facts.paper_vcard())))
    }
}

/// An offer's name and description in the language shown.
struct Content {
    name: String,
    description: String,
    lang: String,
    is_fallback: bool,
}

/// Who looks at a card: in which language, from where, when.
struct Viewer {
    lang: Lang,
    from: Option<Point<f64>>,
    now: DateTime<Utc>,
}

/// How to get in touch: the service's phones (else the number in the
/// summary), its e-mail and website (else the provider's).
struct Reach {
    phones: Vec<PhoneDto>,
    email: Option<String>,
    website: Option<String>,
}

impl Reach {
    fn of(
        offer: &OfferSummary,
        phones: Vec<(String, Option<String>)>,
        org_email: Option<String>,
        org_website: Option<String>,
    ) -> Self {
        let mut phones: Vec<PhoneDto> = phones
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
        Self {
            phones,
            email: offer.email.clone().or(org_email),
            website: offer.url.clone().or(org_website),
        }
    }
}

/// The card of a stored offer, its texts in `content`.
fn detail(
    offer: &OfferSummary,
    extras: OfferExtras,
    content: Content,
    viewer: &Viewer,
) -> OfferDetailDto {
    let reach = Reach::of(offer, extras.phones, extras.org_email, extras.org_website);
    let (category_id, category_label) = main_category(offer, viewer.lang);
    let (week, hours_text) = week_table(offer, viewer.now);
    let (lat, lon) = (offer.point.y(), offer.point.x());
    let facts = contact_facts(offer, &content.name, &category_label, &reach);
    let share_text = facts.share_text();
    let vcard = facts.vcard();
    OfferDetailDto {
        share_text,
        qr: qr(&vcard),
        vcard,
        id: offer.id.clone(),
        name: content.name,
        description: content.description,
        content_lang: content.lang,
        content_is_fallback: content.is_fallback,
        category_id,
        category_label,
        categories: offer
            .categories
            .iter()
            .filter_map(|c| taxonomy::category(c))
            .map(|c| c.to_dto(viewer.lang))
            .collect(),
        provider: offer.provider.clone(),
        funders: extras.funders,
        address: offer.address.one_line(),
        lat,
        lon,
        approximate: offer.precision.is_approximate(),
        distance_m: viewer.from.map(|p| distance_m(p, offer.point)),
        open_now: open_now(offer.status, offer.opening_hours.as_deref(), viewer.now),
        week,
        hours_text,
        languages: language_dtos(&offer.languages),
        eligibility: extras.eligibility,
        target_groups: offer.target_groups.clone(),
        minimum_age: extras.minimum_age,
        maximum_age: extras.maximum_age,
        free: offer.free,
        fees_description: extras.fees_description,
        service_area: extras.service_area,
        phones: reach.phones,
        email_href: reach.email.as_deref().and_then(links::mailto_uri),
        email: reach.email,
        website_href: reach.website.as_deref().and_then(links::https_uri),
        website: reach.website,
        geo_href: links::geo_uri(lat, lon),
        map_href: links::osm_uri(lat, lon),
        is_demo: offer.is_demo,
        source: offer.source.clone(),
        last_verified: offer.last_verified.clone(),
        date_basis: offer.date_basis,
    }
}

/// What the vCard and the share text say about an offer.
fn contact_facts<'a>(
    offer: &'a OfferSummary,
    name: &'a str,
    category: &'a str,
    reach: &'a Reach,
) -> ContactFacts<'a> {
    ContactFacts {
        name,
        category,
        provider: &offer.provider,
        street: &offer.address.street,
        postcode: &offer.address.postcode,
        city: &offer.address.city,
        lat: offer.point.y(),
        lon: offer.point.x(),
        phone: reach.phones.first().map(|p| p.number.as_str()),
        email: reach.email.as_deref(),
        website: reach.website.as_deref(),
        source: &offer.source,
        last_verified: &offer.last_verified,
        date_basis: offer.date_basis,
        is_demo: offer.is_demo,
    }
}

fn language_dtos(codes: &[String]) -> Vec<LanguageDto> {
    codes
        .iter()
        .map(|code| LanguageDto {
            code: code.clone(),
            autonym: autonym(code),
        })
        .collect()
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
