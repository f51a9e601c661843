//! Printing offers: a readable table by default, JSON for machines.

use lotse_contract::display::format_distance;
use lotse_core::taxonomy::{self, Lang};
use lotse_core::OfferSummary;
use serde_json::{json, Value};

use crate::CliError;

/// One offer as a JSON object (stable keys; scripts rely on them).
pub fn offer_json(o: &OfferSummary, distance_m: Option<f64>) -> Value {
    json!({
        "id": o.id,
        "name": o.name,
        "category": o.categories.first(),
        "categories": o.categories,
        "provider": o.provider,
        "address": o.address.one_line(),
        "lat": o.point.y(),
        "lon": o.point.x(),
        "approximate_position": o.precision.is_approximate(),
        "distance_m": distance_m,
        "phone": o.phone,
        "email": o.email,
        "website": o.url,
        "languages": o.languages,
        "opening_hours": o.opening_hours,
        "free": o.free,
        "status": o.status.as_hsds(),
        "source": o.source,
        "last_verified": o.last_verified,
        "is_demo": o.is_demo,
    })
}

pub fn print_json(values: &[Value]) -> Result<(), CliError> {
    println!("{}", serde_json::to_string_pretty(values)?);
    Ok(())
}

/// A numbered, readable list.
pub fn print_table(rows: &[(&OfferSummary, Option<f64>)]) {
    if rows.is_empty() {
        println!("No offers found.");
        return;
    }
    for (rank, (o, distance_m)) in rows.iter().enumerate() {
        let demo = if o.is_demo { " [DEMO, fictional]" } else { "" };
        let approx = if o.precision.is_approximate() {
            " (approximate position)"
        } else {
            ""
        };
        let category = o
            .categories
            .first()
            .and_then(|c| taxonomy::category(c))
            .map_or("", |c| c.label(Lang::De));
        let distance = distance_m.map(format_distance).unwrap_or_default();
        println!("{:>2}. {distance:>9}  {}{demo}", rank + 1, o.name);
        println!(
            "    {category} · {} · {}{approx}",
            o.provider,
            o.address.one_line()
        );
        let languages = if o.languages.is_empty() {
            "-".to_owned()
        } else {
            o.languages.join(", ")
        };
        println!(
            "    {} · languages: {languages} · hours: {}",
            o.phone.as_deref().unwrap_or("no phone"),
            o.opening_hours.as_deref().unwrap_or("unknown")
        );
        println!("    source: {} · verified {}", o.source, o.last_verified);
    }
}
