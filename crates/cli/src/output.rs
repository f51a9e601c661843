//! Printing offers: a readable table by default, JSON for machines.

use std::io::Write;

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

/// A numbered, readable list. A closed pipe (`lotse … | head`) ends it quietly.
pub fn print_table(rows: &[(&OfferSummary, Option<f64>)]) -> Result<(), CliError> {
    match write_table(&mut std::io::stdout().lock(), rows) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(|source| CliError::Write {
            path: "standard output".into(),
            source,
        }),
    }
}

fn write_table(out: &mut impl Write, rows: &[(&OfferSummary, Option<f64>)]) -> std::io::Result<()> {
    if rows.is_empty() {
        return writeln!(out, "No offers found.");
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
        writeln!(out, "{:>2}. {distance:>9}  {}{demo}", rank + 1, o.name)?;
        let address = o.address.one_line();
        let address = if address.is_empty() {
            "no address".to_owned()
        } else {
            address
        };
        writeln!(out, "    {category} · {} · {address}{approx}", o.provider)?;
        let languages = if o.languages.is_empty() {
            "-".to_owned()
        } else {
            o.languages.join(", ")
        };
        writeln!(
            out,
            "    {} · languages: {languages} · hours: {}",
            o.phone.as_deref().unwrap_or("no phone"),
            o.opening_hours.as_deref().unwrap_or("unknown")
        )?;
        writeln!(
            out,
            "    source: {} · verified {}",
            o.source, o.last_verified
        )?;
    }
    Ok(())
}
