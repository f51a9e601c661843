//! HSDS 3.0 JSON export: an array of `service_full` objects, one per service,
//! each with its organization and its offers (`service_at_locations` with the
//! nested `location`) inside.
//!
//! Everything the model keeps is written, so `import::hsds_json` reads the
//! file back losslessly. Fields HSDS has no place for are attributes of the
//! taxonomy `lotse` (see the import module for the list); the opening hours
//! are written both as the lotse attribute `opening_hours` (the OSM value,
//! which the import prefers) and, where they are simple weekly hours, as HSDS
//! `schedules` for other HSDS readers. `last_verified` is `assured_date`.
//! Categories are attributes whose taxonomy term has `code` = the category
//! id, `name` = its German label and `taxonomy` `lotse-category`.
//!
//! Ids of nested objects that Lotse does not store (phones, languages,
//! attributes, …) are derived from their parent's id, e.g. `s1:phone:0`, so
//! the same directory always gives the same file. Not written: organizations
//! without services and locations without offers (the format nests them in
//! services).

use std::collections::HashMap;
use std::io::Write;

use chrono::Timelike;
use serde_json::{json, Map, Value};

use super::ExportError;
use crate::directory::hours::{osm_to_schedules, HsdsSchedule, OpeningHours};
use crate::directory::model::{
    DateBasis, DirectoryBatch, GeoPrecision, Location, Organization, Service, ServiceAtLocation,
};
use crate::directory::taxonomy::{self, Lang};

/// Must match the names read by `import::hsds_json`.
const LOTSE_TAXONOMY: &str = "lotse";
const CATEGORY_TAXONOMY: &str = "lotse-category";

fn put(map: &mut Map<String, Value>, key: &str, value: Option<&str>) {
    if let Some(value) = value {
        map.insert(key.to_owned(), Value::String(value.to_owned()));
    }
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// Builds a service's `attributes`.
struct Attributes<'a> {
    service_id: &'a str,
    list: Vec<Value>,
}

impl Attributes<'_> {
    fn push(&mut self, term: Value, link: (&str, &str), value: Option<&str>) {
        let mut a = object(json!({
            "id": format!("{}:attribute:{}", self.service_id, self.list.len()),
            "link_id": link.1,
            "link_entity": link.0,
            "taxonomy_term": term,
        }));
        put(&mut a, "value", value);
        self.list.push(Value::Object(a));
    }

    fn lotse(&mut self, code: &str, link: (&str, &str), value: Option<&str>) {
        let term = json!({"id": format!("{LOTSE_TAXONOMY}:{code}"), "code": code, "name": code, "taxonomy": LOTSE_TAXONOMY});
        self.push(term, link, value);
    }
}

fn organization(o: &Organization) -> Value {
    let mut m = object(json!({"id": o.id, "name": o.name}));
    put(&mut m, "description", o.description.as_deref());
    put(&mut m, "website", o.website.as_deref());
    put(&mut m, "email", o.email.as_deref());
    Value::Object(m)
}

fn languages(owner: &str, codes: &[String]) -> Value {
    codes
        .iter()
        .enumerate()
        .map(|(n, code)| json!({"id": format!("{owner}:language:{n}"), "code": code}))
        .collect()
}

fn location(l: &Location) -> Value {
    let mut m = object(json!({
        "id": l.id,
        "location_type": "physical",
        "latitude": l.point.y(),
        "longitude": l.point.x(),
    }));
    put(&mut m, "name", l.name.as_deref());
    let a = &l.address;
    if !(a.street.is_empty() && a.postcode.is_empty() && a.city.is_empty() && a.state.is_none()) {
        let mut address = object(json!({
            "id": format!("{}:address", l.id),
            "address_1": a.street,
            "city": a.city,
            "postal_code": a.postcode,
            "country": "DE",
            "address_type": "physical",
        }));
        put(&mut address, "state_province", a.state.as_deref());
        m.insert("addresses".into(), json!([address]));
    }
    if !l.languages.is_empty() {
        m.insert("languages".into(), languages(&l.id, &l.languages));
    }
    Value::Object(m)
}

fn time(t: chrono::NaiveTime) -> String {
    if t.second() == 0 {
        t.format("%H:%M").to_string()
    } else {
        t.format("%H:%M:%S").to_string()
    }
}

fn schedule(owner: &str, n: usize, s: &HsdsSchedule) -> Value {
    let mut m = object(json!({"id": format!("{owner}:schedule:{n}")}));
    let text = [
        ("freq", &s.freq),
        ("byday", &s.byday),
        ("byweekno", &s.byweekno),
        ("bymonthday", &s.bymonthday),
    ];
    for (key, value) in text.into_iter().chain([
        ("byyearday", &s.byyearday),
        ("wkst", &s.wkst),
        ("description", &s.description),
    ]) {
        put(&mut m, key, value.as_deref());
    }
    for (key, value) in [("interval", s.interval), ("count", s.count)] {
        if let Some(v) = value {
            m.insert(key.into(), json!(v));
        }
    }
    if let Some(tz) = s.timezone {
        m.insert("timezone".into(), json!(tz));
    }
    for (key, value) in [("opens_at", s.opens_at), ("closes_at", s.closes_at)] {
        put(&mut m, key, value.map(time).as_deref());
    }
    for (key, value) in [
        ("dtstart", s.dtstart),
        ("until", s.until),
        ("valid_from", s.valid_from),
        ("valid_to", s.valid_to),
    ] {
        put(&mut m, key, value.map(|d| d.to_string()).as_deref());
    }
    Value::Object(m)
}

fn offer(sal: &ServiceAtLocation, place: &Location, attributes: &mut Attributes<'_>) -> Value {
    let mut m = object(
        json!({"id": sal.id, "service_id": sal.service_id, "location_id": sal.location_id, "location": location(place)}),
    );
    if place.precision != GeoPrecision::Exact {
        attributes.lotse(
            "geo_precision",
            ("location", &place.id),
            Some(place.precision.as_str()),
        );
    }
    if let Some(hours) = &sal.opening_hours {
        attributes.lotse(
            "opening_hours",
            ("service_at_location", &sal.id),
            Some(hours),
        );
        let rows = OpeningHours::parse(hours)
            .ok()
            .and_then(|h| osm_to_schedules(&h))
            .unwrap_or_default();
        if !rows.is_empty() {
            let rows: Vec<Value> = rows
                .iter()
                .enumerate()
                .map(|(n, s)| schedule(&sal.id, n, s))
                .collect();
            m.insert("schedules".into(), Value::Array(rows));
        }
    }
    Value::Object(m)
}

fn service(
    s: &Service,
    org: &Organization,
    offers: &[&ServiceAtLocation],
    places: &HashMap<&str, &Location>,
) -> Result<Value, ExportError> {
    let mut m = service_fields(s, org);
    service_lists(&mut m, s);
    let mut attributes = service_attributes(s);
    let mut sals = Vec::new();
    for sal in offers {
        let place = places.get(sal.location_id.as_str()).ok_or_else(|| {
            ExportError::Encode(format!(
                "offer `{}`: location `{}` is not in the directory",
                sal.id, sal.location_id
            ))
        })?;
        sals.push(offer(sal, place, &mut attributes));
    }
    m.insert("service_at_locations".into(), Value::Array(sals));
    m.insert("attributes".into(), Value::Array(attributes.list));
    Ok(Value::Object(m))
}

/// A service's own HSDS fields and its organization.
fn service_fields(s: &Service, org: &Organization) -> Map<String, Value> {
    let mut m = object(
        json!({"id": s.id, "name": s.name, "description": s.description, "status": s.status.as_hsds()}),
    );
    put(&mut m, "alternate_name", s.alternate_name.as_deref());
    put(&mut m, "url", s.url.as_deref());
    put(&mut m, "email", s.email.as_deref());
    put(&mut m, "eligibility_description", s.eligibility.as_deref());
    for (key, age) in [
        ("minimum_age", s.minimum_age),
        ("maximum_age", s.maximum_age),
    ] {
        if let Some(age) = age {
            m.insert(key.into(), json!(age));
        }
    }
    put(&mut m, "fees_description", s.fees.description.as_deref());
    // A check is `assured_date`; the source's date is when it last changed
    // the record (`last_modified`); an unknown date is neither.
    match s.date_basis {
        DateBasis::Checked => {
            m.insert("assured_date".into(), json!(s.last_verified));
        }
        DateBasis::AsOf => {
            m.insert(
                "last_modified".into(),
                json!(format!("{}T00:00:00Z", s.last_verified)),
            );
        }
        DateBasis::Unknown => {}
    }
    m.insert("organization".into(), organization(org));
    m
}

/// `items` as an array, each with the id `{owner}:{kind}:{n}`.
fn numbered(owner: &str, kind: &str, items: impl Iterator<Item = Map<String, Value>>) -> Value {
    let with_ids = items.enumerate().map(|(n, mut item)| {
        item.insert("id".into(), json!(format!("{owner}:{kind}:{n}")));
        Value::Object(item)
    });
    Value::Array(with_ids.collect())
}

/// A service's nested lists: phones, contacts, languages, funding, service
/// areas, and a free cost option.
fn service_lists(m: &mut Map<String, Value>, s: &Service) {
    let id = s.id.as_str();
    let phones = s.phones.iter().map(|p| {
        let mut item = object(json!({"number": p.number}));
        put(&mut item, "type", p.kind.as_deref());
        put(&mut item, "description", p.description.as_deref());
        item
    });
    m.insert("phones".into(), numbered(id, "phone", phones));
    let contacts = s.contacts.iter().enumerate().map(|(n, c)| {
        let mut item = Map::new();
        put(&mut item, "name", c.name.as_deref());
        put(&mut item, "title", c.title.as_deref());
        put(&mut item, "email", c.email.as_deref());
        if let Some(phone) = &c.phone {
            item.insert(
                "phones".into(),
                json!([{"id": format!("{id}:contact:{n}:phone"), "number": phone}]),
            );
        }
        item
    });
    m.insert("contacts".into(), numbered(id, "contact", contacts));
    m.insert("languages".into(), languages(id, &s.languages));
    let funding = s.funders.iter().map(|f| object(json!({"source": f})));
    m.insert("funding".into(), numbered(id, "funding", funding));
    let areas = s.service_area.iter().map(|a| object(json!({"name": a})));
    m.insert("service_areas".into(), numbered(id, "service_area", areas));
    if s.fees.free == Some(true) {
        let free = object(json!({"option": "kostenlos", "amount": 0, "currency": "EUR"}));
        m.insert(
            "cost_options".into(),
            numbered(id, "cost_option", std::iter::once(free)),
        );
    }
}

/// A service's attributes: its categories, then what HSDS has no field for
/// (source, target groups, translations, demo flag, whether it is free).
fn service_attributes(s: &Service) -> Attributes<'_> {
    let id = s.id.as_str();
    let mut attributes = Attributes {
        service_id: id,
        list: Vec::new(),
    };
    for category in &s.categories {
        let name = taxonomy::category(category).map_or(category.as_str(), |c| c.label(Lang::De));
        let term = json!({"id": format!("{CATEGORY_TAXONOMY}:{category}"), "code": category, "name": name, "taxonomy": CATEGORY_TAXONOMY});
        attributes.push(term, ("service", id), None);
    }
    let own = ("service", id);
    attributes.lotse("source", own, Some(&s.source));
    for group in &s.target_groups {
        attributes.lotse("target_group", own, Some(group));
    }
    for t in &s.translations {
        let value =
            json!({"lang": t.lang, "name": t.name, "description": t.description}).to_string();
        attributes.lotse("translation", own, Some(&value));
    }
    if s.is_demo {
        attributes.lotse("is_demo", own, Some("true"));
    }
    match s.fees.free {
        Some(free) => attributes.lotse("fees_free", own, Some(if free { "true" } else { "false" })),
        None if s.fees.description.is_some() => attributes.lotse("fees_free", own, Some("unknown")),
        None => {}
    }
    attributes
}

pub fn write(batch: &DirectoryBatch, out: &mut dyn Write) -> Result<(), ExportError> {
    let orgs: HashMap<&str, &Organization> = batch
        .organizations
        .iter()
        .map(|o| (o.id.as_str(), o))
        .collect();
    let places: HashMap<&str, &Location> =
        batch.locations.iter().map(|l| (l.id.as_str(), l)).collect();
    let mut offers: HashMap<&str, Vec<&ServiceAtLocation>> = HashMap::new();
    for sal in &batch.service_at_locations {
        offers.entry(sal.service_id.as_str()).or_default().push(sal);
    }
    out.write_all(b"[")?;
    for (n, s) in batch.services.iter().enumerate() {
        let org = orgs.get(s.organization_id.as_str()).ok_or_else(|| {
            ExportError::Encode(format!(
                "service `{}`: organization `{}` is not in the directory",
                s.id, s.organization_id
            ))
        })?;
        let value = service(
            s,
            org,
            offers.get(s.id.as_str()).map_or(&[], Vec::as_slice),
            &places,
        )?;
        out.write_all(if n == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer_pretty(&mut *out, &value)?;
    }
    out.write_all(b"\n]\n")?;
    Ok(())
}
