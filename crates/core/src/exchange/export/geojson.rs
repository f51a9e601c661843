//! A GeoJSON `FeatureCollection` (RFC 7946, WGS84): one `Point` feature per
//! offer (a service at a location), one feature per line. The feature `id`
//! is the offer id.
//!
//! Properties are OSM tags where OSM has one, so the file opens in OSM tools:
//! `name`, `description`, `operator` (the organization's name),
//! `opening_hours`, `phone` and `fax` (`; `-separated), `email`, `website`,
//! `addr:street` + `addr:housenumber` (split when the street ends in a house
//! number), `addr:postcode`, `addr:city`, `addr:state`, `language:xx=yes`,
//! `fee=no|yes`, and the OSM tag of each category (e.g.
//! `amenity=kindergarten`). Everything else, and what Lotse's GeoJSON
//! importer reads in preference, is under `lotse:`: `lotse:offer_id`,
//! `lotse:service_id`, `lotse:location_id`, `lotse:organization_id`,
//! `lotse:category` and `lotse:languages` and `lotse:target_groups` (`;`-
//! separated), `lotse:status`, `lotse:fees_free`, `lotse:is_demo`,
//! `lotse:precision`, `lotse:location_name`, `lotse:source`,
//! `lotse:last_verified`.
//!
//! Carried are the same fields as in the CSV export (see `csv_flat`); the
//! importer in `import::geojson_osm` reads them back unchanged.

use std::io::Write;

use serde_json::{json, Map, Value};

use super::csv_flat::{offers, FlatOffer};
use super::ExportError;
use crate::directory::model::{DateBasis, DirectoryBatch};
use crate::directory::taxonomy;

/// Write one GeoJSON feature per offer.
pub fn write(batch: &DirectoryBatch, out: &mut dyn Write) -> Result<(), ExportError> {
    out.write_all(b"{\"type\": \"FeatureCollection\", \"features\": [\n")?;
    for (i, flat) in offers(batch)?.iter().enumerate() {
        if i > 0 {
            out.write_all(b",\n")?;
        }
        let feature = json!({
            "type": "Feature",
            "id": flat.offer.id,
            "geometry": { "type": "Point", "coordinates": [flat.location.point.x(), flat.location.point.y()] },
            "properties": properties(flat),
        });
        serde_json::to_writer(&mut *out, &feature)?;
    }
    out.write_all(b"\n]}\n")?;
    out.flush()?;
    Ok(())
}

fn properties(flat: &FlatOffer<'_>) -> Map<String, Value> {
    let (s, l) = (flat.service, flat.location);
    let mut p = Map::new();
    let mut put = |key: &str, value: &str| {
        if !value.is_empty() {
            p.insert(key.to_owned(), Value::String(value.to_owned()));
        }
    };
    put("name", &s.name);
    put("description", &s.description);
    put("operator", &flat.organization.name);
    put(
        "opening_hours",
        flat.offer.opening_hours.as_deref().unwrap_or_default(),
    );
    put("phone", &flat.phones(false).join("; "));
    put("fax", &flat.phones(true).join("; "));
    put("email", s.email.as_deref().unwrap_or_default());
    put("website", s.url.as_deref().unwrap_or_default());
    match split_house_number(&l.address.street) {
        Some((street, number)) => {
            put("addr:street", street);
            put("addr:housenumber", number);
        }
        None => put("addr:street", &l.address.street),
    }
    put("addr:postcode", &l.address.postcode);
    put("addr:city", &l.address.city);
    put("addr:state", l.address.state.as_deref().unwrap_or_default());
    for code in &s.languages {
        put(&format!("language:{code}"), "yes");
    }
    put(
        "fee",
        s.fees
            .free
            .map(|free| if free { "no" } else { "yes" })
            .unwrap_or_default(),
    );

    put("lotse:offer_id", &flat.offer.id);
    put("lotse:service_id", &s.id);
    put("lotse:location_id", &l.id);
    put("lotse:organization_id", &flat.organization.id);
    put("lotse:category", &s.categories.join(";"));
    put("lotse:languages", &s.languages.join(";"));
    put("lotse:target_groups", &s.target_groups.join(";"));
    put("lotse:status", s.status.as_hsds());
    put("lotse:precision", l.precision.as_str());
    put("lotse:location_name", l.name.as_deref().unwrap_or_default());
    put("lotse:source", &s.source);
    match s.date_basis {
        DateBasis::Checked => put("lotse:last_verified", &s.last_verified),
        DateBasis::AsOf => put("lotse:as_of", &s.last_verified),
        DateBasis::Unknown => {}
    }
    if let Some(free) = s.fees.free {
        p.insert("lotse:fees_free".into(), Value::Bool(free));
    }
    p.insert("lotse:is_demo".into(), Value::Bool(s.is_demo));
    for tag in s
        .categories
        .iter()
        .filter_map(|c| taxonomy::category(c)?.osm_tags.first())
    {
        if let Some((key, value)) = tag.split_once('=') {
            p.entry(key.to_owned())
                .or_insert_with(|| Value::String(value.to_owned()));
        }
    }
    p
}

/// `Musterstraße 12a` → (`Musterstraße`, `12a`), so that joining the two
/// with one space gives the street back exactly.
fn split_house_number(street: &str) -> Option<(&str, &str)> {
    let (name, number) = street.rsplit_once(' ')?;
    let name_ok = !name.is_empty()
        && !name.ends_with(char::is_whitespace)
        && !name.starts_with(char::is_whitespace);
    let number_ok =
        number.starts_with(|c: char| c.is_ascii_digit()) && !number.contains(char::is_whitespace);
    (name_ok && number_ok).then_some((name, number))
}

#[cfg(test)]
mod tests {
    use super::split_house_number;

    #[test]
    fn house_numbers_split_only_when_the_join_gives_the_street_back() {
        assert_eq!(
            split_house_number("Musterstraße 12a"),
            Some(("Musterstraße", "12a"))
        );
        assert_eq!(split_house_number("Am Hang 3-5"), Some(("Am Hang", "3-5")));
        assert_eq!(split_house_number("Am Hang"), None);
        assert_eq!(split_house_number("Straße  4"), None);
        assert_eq!(split_house_number("12"), None);
    }
}
