//! `service_at_locations[]` with their nested `location`: offers, places and
//! opening hours.

use chrono::NaiveTime;
use geo::Point;

use super::attrs::{self, Attributes, LotseAttr};
use super::obj::{Obj, Problem};
use crate::directory::hours::{schedules_to_osm, HoursError, HsdsSchedule, OpeningHours};
use crate::directory::model::{Address, GeoPrecision, Location, Phone, ServiceAtLocation};

/// The places of one service.
#[derive(Debug, Default)]
pub(crate) struct Places {
    /// Each location with the path it was read from.
    pub locations: Vec<(Location, String)>,
    pub offers: Vec<(ServiceAtLocation, String)>,
    /// Phones of the offers and locations, used when the service has none.
    pub phones: Vec<Phone>,
    /// Opening hours that could not be read, left out of their offers.
    pub dropped: Vec<Problem>,
}

/// Reads `service.service_at_locations`. `attributes` are the service's own
/// (they may describe its locations and offers through `link_id`).
pub(crate) fn places(
    service: &Obj<'_>,
    service_id: &str,
    attributes: &Attributes,
) -> Result<Places, Problem> {
    let service_schedules = service.list("schedules")?;
    let mut out = Places::default();
    for sal in service.list("service_at_locations")? {
        let id = sal.required("id")?;
        let place = sal.object("location")?.ok_or_else(|| {
            sal.problem(
                "location",
                "missing: each service_at_location needs its nested `location` object",
            )
        })?;
        let location = location(&place, attributes)?;
        out.phones.extend(phones(&sal)?);
        out.phones.extend(phones(&place)?);

        let own = Attributes::read(&sal)?;
        let hours_attr = attributes
            .about("service_at_location", &id)
            .chain(own.about("service_at_location", &id))
            .chain(&own.own)
            .filter(|a| a.code == attrs::OPENING_HOURS)
            .last();
        let hours = match hours_attr {
            Some(attr) => checked_hours(attr),
            None => {
                let lists = [
                    sal.list("schedules")?,
                    place.list("schedules")?,
                    service_schedules.clone(),
                ];
                match lists.into_iter().find(|l| !l.is_empty()) {
                    Some(rows) => hours_from(&rows),
                    None => Ok(None),
                }
            }
        };
        // Hours that cannot be read are left out; the offer is kept.
        let opening_hours = hours.unwrap_or_else(|problem| {
            out.dropped.push(problem);
            None
        });
        let offer = ServiceAtLocation {
            id,
            service_id: service_id.to_owned(),
            location_id: location.id.clone(),
            opening_hours,
        };
        out.locations.push((location, place.path.clone()));
        out.offers.push((offer, sal.path.clone()));
    }
    Ok(out)
}

fn checked_hours(attr: &LotseAttr) -> Result<Option<String>, Problem> {
    let Some(value) = &attr.value else {
        return Ok(None);
    };
    OpeningHours::parse(value).map_err(|e| Problem::new(&attr.path, e))?;
    Ok(Some(value.clone()))
}

fn location(o: &Obj<'_>, service_attributes: &Attributes) -> Result<Location, Problem> {
    let id = o.required("id")?;
    let lat = o
        .number("latitude")?
        .ok_or_else(|| o.problem("latitude", "missing: Lotse needs the coordinates"))?;
    let lon = o
        .number("longitude")?
        .ok_or_else(|| o.problem("longitude", "missing: Lotse needs the coordinates"))?;
    if !(-90.0..=90.0).contains(&lat) {
        return Err(o.problem(
            "latitude",
            format!("{lat} is not a latitude (it must be within -90 and 90)"),
        ));
    }
    if !(-180.0..=180.0).contains(&lon) {
        return Err(o.problem(
            "longitude",
            format!("{lon} is not a longitude (it must be within -180 and 180)"),
        ));
    }
    let own = Attributes::read(o)?;
    let mut precision = GeoPrecision::default();
    let linked = service_attributes
        .about("location", &id)
        .chain(own.about("location", &id));
    for attr in linked
        .chain(&own.own)
        .filter(|a| a.code == attrs::GEO_PRECISION)
    {
        let value = attr.value.as_deref().unwrap_or("exact").trim();
        precision = GeoPrecision::parse(value).ok_or_else(|| {
            Problem::new(
                &attr.path,
                format!("`{value}` is not exact, postcode or town"),
            )
        })?;
    }
    Ok(Location {
        name: o.text("name")?,
        address: address(o)?,
        point: Point::new(lon, lat),
        precision,
        languages: languages(o)?,
        id,
    })
}

/// The physical address (else one without a type, else the first).
fn address(o: &Obj<'_>) -> Result<Address, Problem> {
    let all = o.list("addresses")?;
    let mut typed = Vec::with_capacity(all.len());
    for a in &all {
        typed.push(
            a.text("address_type")?
                .map(|t| t.trim().to_ascii_lowercase()),
        );
    }
    let chosen = typed
        .iter()
        .position(|t| t.as_deref() == Some("physical"))
        .or_else(|| typed.iter().position(Option::is_none))
        .or(if all.is_empty() { None } else { Some(0) });
    let Some(a) = chosen.map(|i| &all[i]) else {
        return Ok(Address::default());
    };
    let street = match (a.text("address_1")?, a.text("address_2")?) {
        (Some(one), Some(two)) => format!("{one}, {two}"),
        (one, two) => one.or(two).unwrap_or_default(),
    };
    Ok(Address {
        street,
        postcode: a.text("postal_code")?.unwrap_or_default(),
        city: a.text("city")?.unwrap_or_default(),
        state: a.text("state_province")?,
    })
}

/// `languages[].code`, normalized; entries without a code are left out.
pub(crate) fn languages(o: &Obj<'_>) -> Result<Vec<String>, Problem> {
    let mut out: Vec<String> = Vec::new();
    for lang in o.list("languages")? {
        let Some(code) = lang.text("code")? else {
            continue;
        };
        let normalized = attrs::language_code(&code);
        if !crate::storage::validate::is_language_code(&normalized) {
            return Err(lang.problem("code", format!("`{code}` is not an ISO 639 language code")));
        }
        if !out.contains(&normalized) {
            out.push(normalized);
        }
    }
    Ok(out)
}

/// `phones[]`; each needs a number.
pub(crate) fn phones(o: &Obj<'_>) -> Result<Vec<Phone>, Problem> {
    o.list("phones")?
        .iter()
        .map(|p| {
            Ok(Phone {
                number: p.required("number")?,
                kind: p.text("type")?,
                description: p.text("description")?,
            })
        })
        .collect()
}

/// HSDS schedule rows as OSM opening hours.
fn hours_from(rows: &[Obj<'_>]) -> Result<Option<String>, Problem> {
    let schedules = rows.iter().map(schedule).collect::<Result<Vec<_>, _>>()?;
    schedules_to_osm(&schedules).map_err(|e| match e {
        HoursError::NotConvertible { index, reason } => {
            let path = rows.get(index).map(|r| r.path.clone()).unwrap_or_default();
            Problem::new(
                path,
                format!("cannot be written as opening hours: {reason}"),
            )
        }
        other => Problem::new(
            rows.first().map(|r| r.path.clone()).unwrap_or_default(),
            other,
        ),
    })
}

fn schedule(o: &Obj<'_>) -> Result<HsdsSchedule, Problem> {
    let (opens_at, opens_zone) = time(o, "opens_at")?;
    let (closes_at, closes_zone) = time(o, "closes_at")?;
    Ok(HsdsSchedule {
        freq: o.text("freq")?,
        interval: o.whole("interval")?,
        byday: o.text("byday")?,
        byweekno: o.text("byweekno")?,
        bymonthday: o.text("bymonthday")?,
        byyearday: o.text("byyearday")?,
        count: o.whole("count")?,
        dtstart: o.date("dtstart")?,
        until: o.date("until")?,
        wkst: o.text("wkst")?,
        timezone: o.number("timezone")?.or(opens_zone).or(closes_zone),
        opens_at,
        closes_at,
        valid_from: o.date("valid_from")?,
        valid_to: o.date("valid_to")?,
        description: o.text("description")?,
    })
}

/// `HH:MM[:SS]` with an optional `Z` or `±HH[:MM]` suffix (returned as a UTC offset in hours).
fn time(o: &Obj<'_>, key: &str) -> Result<(Option<NaiveTime>, Option<f64>), Problem> {
    let Some(text) = o.text(key)? else {
        return Ok((None, None));
    };
    parse_time(&text)
        .map(|(t, z)| (Some(t), z))
        .ok_or_else(|| o.problem(key, format!("`{text}` is not a time like 09:30")))
}

fn parse_time(text: &str) -> Option<(NaiveTime, Option<f64>)> {
    let text = text.trim();
    let (clock, zone) = if let Some(clock) = text.strip_suffix(['Z', 'z']) {
        (clock, Some(0.0))
    } else if let Some(at) = text.rfind(['+', '-']) {
        let (clock, offset) = text.split_at(at);
        let sign = if offset.starts_with('-') { -1.0 } else { 1.0 };
        let digits: String = offset[1..].chars().filter(|c| *c != ':').collect();
        let (h, m) = digits.split_at(digits.len().min(2));
        let hours: f64 = h.parse().ok()?;
        let minutes: f64 = if m.is_empty() { 0.0 } else { m.parse().ok()? };
        (clock, Some(sign * (hours + minutes / 60.0)))
    } else {
        (text, None)
    };
    let clock = match clock {
        "24:00" | "24:00:00" => "00:00",
        other => other,
    };
    let time = ["%H:%M:%S%.f", "%H:%M"]
        .iter()
        .find_map(|f| NaiveTime::parse_from_str(clock, f).ok())?;
    Some((time, zone))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_with_and_without_zones() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).expect("time");
        assert_eq!(parse_time("09:30"), Some((t(9, 30), None)));
        assert_eq!(parse_time("10:00:00"), Some((t(10, 0), None)));
        assert_eq!(parse_time("10:00Z"), Some((t(10, 0), Some(0.0))));
        assert_eq!(parse_time("10:00+01:00"), Some((t(10, 0), Some(1.0))));
        assert_eq!(parse_time("24:00"), Some((t(0, 0), None)));
        assert_eq!(parse_time("9 Uhr"), None);
    }
}
