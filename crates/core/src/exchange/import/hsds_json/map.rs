//! One HSDS `service_full` object → Lotse's organization, service, locations
//! and offers.

use std::sync::Arc;

use serde_json::Value;

use super::attrs::{self, Attributes, LotseAttr};
use super::obj::{parse_date, Obj, Problem};
use super::place::{languages, phones, places};
use crate::directory::model::{
    Contact, DateBasis, Fees, Location, Organization, Service, ServiceAtLocation, ServiceStatus,
    Translation,
};
use crate::exchange::import::RejectReason;

/// What one service record holds.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Mapped {
    /// `None` when the record only names its `organization_id`.
    pub organization: Option<Organization>,
    pub service: Service,
    /// Each location and offer with the path it was read from.
    pub locations: Vec<(Location, String)>,
    pub offers: Vec<(ServiceAtLocation, String)>,
    /// Optional fields left out (hours that cannot be read).
    pub dropped: Vec<Problem>,
}

/// Lotse's own service fields, from `lotse` attributes.
#[derive(Default)]
struct Extras {
    source: Option<String>,
    last_verified: Option<String>,
    target_groups: Vec<String>,
    translations: Vec<Translation>,
    is_demo: bool,
    /// `Some(x)`: the attribute was there and says `x`.
    fees_free: Option<Option<bool>>,
}

#[derive(serde::Deserialize)]
struct TranslationValue {
    lang: String,
    name: String,
    #[serde(default)]
    description: Option<String>,
}

fn extras(own: &[LotseAttr]) -> Result<Extras, Problem> {
    let mut x = Extras::default();
    for attr in own {
        let bad = |reason: String| Problem::new(&attr.path, reason);
        match attr.code.as_str() {
            attrs::SOURCE => x.source = attr.value.clone(),
            attrs::LAST_VERIFIED => {
                x.last_verified = match &attr.value {
                    Some(v) => Some(
                        parse_date(v)
                            .ok_or_else(|| bad(format!("`{v}` is not a date like 2026-11-01")))?
                            .to_string(),
                    ),
                    None => None,
                }
            }
            attrs::TARGET_GROUP => x.target_groups.extend(attr.value.clone()),
            attrs::TRANSLATION => {
                let Some(value) = &attr.value else { continue };
                let t: TranslationValue = serde_json::from_str(value).map_err(|e| {
                    Problem::new(&attr.path, RejectReason::Translation(Arc::new(e)))
                })?;
                let lang = attrs::language_code(&t.lang);
                if !crate::storage::validate::is_language_code(&lang) || t.name.trim().is_empty() {
                    return Err(bad(format!(
                        "a translation needs an ISO 639 `lang` and a `name` (got `{}`)",
                        t.lang
                    )));
                }
                x.translations.push(Translation {
                    lang,
                    name: t.name,
                    description: t.description,
                });
            }
            attrs::IS_DEMO => x.is_demo = attrs::flag(attr)?.unwrap_or(false),
            attrs::FEES_FREE => x.fees_free = Some(attrs::flag(attr)?),
            // Attributes of a newer Lotse are ignored, not refused.
            _ => {}
        }
    }
    Ok(x)
}

fn organization(o: &Obj<'_>) -> Result<(Option<Organization>, String), Problem> {
    let given_id = o.text("organization_id")?;
    let Some(org) = o.object("organization")? else {
        return given_id.map(|id| (None, id)).ok_or_else(|| {
            o.problem(
                "organization",
                "missing: a service needs an `organization` object or an `organization_id`",
            )
        });
    };
    let id = org.required("id")?;
    if let Some(given) = given_id.filter(|g| *g != id) {
        return Err(o.problem(
            "organization_id",
            format!("`{given}` differs from organization.id `{id}`"),
        ));
    }
    let organization = Organization {
        name: org.required("name")?,
        description: org.text("description")?,
        website: org.text("website")?,
        email: org.text("email")?,
        id: id.clone(),
    };
    Ok((Some(organization), id))
}

/// The lotse attribute, else the cost options' amounts, else the text.
fn fees(o: &Obj<'_>, from_attribute: Option<Option<bool>>) -> Result<Fees, Problem> {
    let description = match o.text("fees_description")? {
        Some(text) => Some(text),
        None => o.text("fees")?,
    };
    let free = match from_attribute {
        Some(free) => free,
        None => {
            let mut amounts = Vec::new();
            for option in o.list("cost_options")? {
                amounts.extend(option.number("amount")?);
            }
            if amounts.is_empty() {
                description
                    .as_deref()
                    .filter(|d| attrs::text_says_free(d))
                    .map(|_| true)
            } else {
                Some(amounts.iter().all(|a| *a == 0.0))
            }
        }
    };
    Ok(Fees { free, description })
}

fn status(o: &Obj<'_>) -> Result<ServiceStatus, Problem> {
    match o.text("status")? {
        None => Ok(ServiceStatus::Active),
        Some(s) => ServiceStatus::from_hsds(&s).ok_or_else(|| {
            o.problem(
                "status",
                format!("`{s}` is not one of active, inactive, defunct, temporarily closed"),
            )
        }),
    }
}

/// The record's date: a check from the lotse attribute or `assured_date`;
/// else its `last_modified`, which says when the source changed it, not
/// that anyone checked it (the source's date); else unknown.
fn record_date(
    o: &Obj<'_>,
    from_attribute: Option<String>,
) -> Result<(String, DateBasis), Problem> {
    if let Some(date) = from_attribute {
        return Ok((date, DateBasis::Checked));
    }
    if let Some(date) = o.date("assured_date")? {
        return Ok((date.to_string(), DateBasis::Checked));
    }
    Ok(match o.date("last_modified")? {
        Some(date) => (date.to_string(), DateBasis::AsOf),
        None => (String::new(), DateBasis::Unknown),
    })
}

/// Map one service record; `default_source` is used when it names no source.
pub(crate) fn service(value: &Value, default_source: &str) -> Result<Mapped, Problem> {
    let o = Obj::root(value)?;
    let id = o.required("id")?;
    let name = o.required("name")?;
    let (organization, organization_id) = organization(&o)?;
    let attributes = Attributes::read(&o)?;
    if attributes.categories.is_empty() {
        return Err(attributes.no_category(&o));
    }
    let extras = extras(&attributes.own)?;
    let minimum_age = o.whole("minimum_age")?;
    let maximum_age = o.whole("maximum_age")?;
    if let (Some(min), Some(max)) = (minimum_age, maximum_age) {
        if min > max {
            return Err(o.problem("minimum_age", format!("{min} is above maximum_age {max}")));
        }
    }
    let mut contacts = Vec::new();
    for c in o.list("contacts")? {
        let phone = match c.list("phones")?.first() {
            Some(p) => p.text("number")?,
            None => None,
        };
        contacts.push(Contact {
            name: c.text("name")?,
            title: c.text("title")?,
            email: c.text("email")?,
            phone,
        });
    }
    let mut funders = Vec::new();
    for f in o.list("funding")? {
        funders.extend(f.text("source")?);
    }
    let service_area = match o.list("service_areas")?.first() {
        Some(area) => area.text("name")?.or(area.text("description")?),
        None => None,
    };
    let places = places(&o, &id, &attributes)?;
    let mut phones = phones(&o)?;
    if phones.is_empty() {
        for p in places.phones {
            if !phones.iter().any(|q| q.number == p.number) {
                phones.push(p);
            }
        }
    }
    let (last_verified, date_basis) = record_date(&o, extras.last_verified)?;
    let service = Service {
        organization_id,
        alternate_name: o.text("alternate_name")?,
        description: o.text("description")?.unwrap_or_default(),
        url: o.text("url")?,
        email: o.text("email")?,
        status: status(&o)?,
        categories: attributes.categories,
        languages: languages(&o)?,
        eligibility: o.text("eligibility_description")?,
        target_groups: extras.target_groups,
        minimum_age,
        maximum_age,
        fees: fees(&o, extras.fees_free)?,
        service_area,
        funders,
        phones,
        contacts,
        translations: extras.translations,
        source: extras.source.unwrap_or_else(|| default_source.to_owned()),
        last_verified,
        date_basis,
        is_demo: extras.is_demo,
        id,
        name,
    };
    Ok(Mapped {
        organization,
        service,
        locations: places.locations,
        offers: places.offers,
        dropped: places.dropped,
    })
}
