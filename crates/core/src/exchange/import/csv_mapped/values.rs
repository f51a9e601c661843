//! Value checks shared by the CSV and the GeoJSON importer: coordinates,
//! dates, opening hours, PO boxes and stable ids.

use chrono::NaiveDate;
use geo::Point;

use crate::directory::gazetteer::GazetteerError;
use crate::directory::hours::{HoursError, OpeningHours};

/// A coordinate as written in the source: `48.137`, `48,137` (decimal comma).
pub(in crate::exchange::import) fn parse_coordinate(raw: &str) -> Option<f64> {
    let raw = raw.trim();
    let normal = if !raw.contains('.') && raw.matches(',').count() == 1 {
        raw.replace(',', ".")
    } else {
        raw.to_owned()
    };
    let looks_numeric = normal
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'));
    if !looks_numeric {
        return None;
    }
    normal.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Which coordinate a problem is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::exchange::import) enum Axis {
    Lat,
    Lon,
}

/// Germany with a margin, to recognise swapped latitude and longitude.
fn in_germany(lat: f64, lon: f64) -> bool {
    (47.0..=55.2).contains(&lat) && (5.5..=15.5).contains(&lon)
}

/// Check a WGS84 coordinate: on Earth, not the 0/0 placeholder, not swapped.
pub(in crate::exchange::import) fn check_point(
    lat: f64,
    lon: f64,
) -> Result<Point<f64>, (Axis, String)> {
    if !(-90.0..=90.0).contains(&lat) {
        return Err((Axis::Lat, format!("latitude {lat} is outside -90..90")));
    }
    if !(-180.0..=180.0).contains(&lon) {
        return Err((Axis::Lon, format!("longitude {lon} is outside -180..180")));
    }
    if lat == 0.0 && lon == 0.0 {
        return Err((
            Axis::Lat,
            "0/0 is a placeholder, not a place; the record has no real coordinates".into(),
        ));
    }
    if !in_germany(lat, lon) && in_germany(lon, lat) {
        return Err((
            Axis::Lat,
            format!(
                "latitude {lat} and longitude {lon} look swapped (swapped they lie in Germany)"
            ),
        ));
    }
    Ok(Point::new(lon, lat))
}

/// A date as `YYYY-MM-DD`, read from `YYYY-MM-DD`, an ISO timestamp or `DD.MM.YYYY`.
pub(in crate::exchange::import) fn iso_date(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let date = raw
        .get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .filter(|_| raw.len() == 10 || raw[10..].starts_with(['T', ' ']))
        .or_else(|| NaiveDate::parse_from_str(raw, "%d.%m.%Y").ok())?;
    Some(date.format("%Y-%m-%d").to_string())
}

/// Check OSM `opening_hours`; the value is kept as written (trimmed). A
/// value the syntax refuses only for a common, unambiguous slip (English
/// three-letter day names such as `Thu`, spaces in `24 / 7`, runs of
/// spaces) is accepted in its corrected form; the caller notes the change
/// (see [`hours_note`]).
pub(in crate::exchange::import) fn check_hours(raw: &str) -> Result<String, HoursError> {
    let raw = raw.trim();
    match OpeningHours::parse(raw) {
        Ok(_) => Ok(raw.to_owned()),
        Err(refused) => {
            let mended = mend_hours(raw);
            if mended != raw && OpeningHours::parse(&mended).is_ok() {
                Ok(mended)
            } else {
                Err(refused)
            }
        }
    }
}

/// What [`check_hours`] changed, in words, if anything.
pub(in crate::exchange::import) fn hours_note(raw: &str, kept: &str) -> Option<String> {
    (raw.trim() != kept).then(|| {
        format!(
            "`{}` was read as `{kept}`, as OSM's syntax writes it",
            raw.trim()
        )
    })
}

/// English three-letter day names as OSM's two-letter ones, runs of spaces
/// as one, and `24 / 7` as `24/7`; nothing else is touched.
fn mend_hours(raw: &str) -> String {
    const DAYS: [(&str, &str); 7] = [
        ("Mon", "Mo"),
        ("Tue", "Tu"),
        ("Wed", "We"),
        ("Thu", "Th"),
        ("Fri", "Fr"),
        ("Sat", "Sa"),
        ("Sun", "Su"),
    ];
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    'outer: while !rest.is_empty() {
        let after_letter = out.chars().last().is_some_and(char::is_alphabetic);
        if !after_letter {
            for (long, short) in DAYS {
                if let Some(tail) = rest.strip_prefix(long) {
                    if !tail.starts_with(char::is_alphabetic) {
                        out.push_str(short);
                        rest = tail;
                        continue 'outer;
                    }
                }
            }
        }
        let mut chars = rest.chars();
        if let Some(c) = chars.next() {
            out.push(c);
        }
        rest = chars.as_str();
    }
    let compact = out.split_whitespace().collect::<Vec<_>>().join(" ");
    compact
        .replace("24 / 7", "24/7")
        .replace("24/ 7", "24/7")
        .replace("24 /7", "24/7")
}

/// Why a row without coordinates could not be placed by its postcode.
#[derive(Debug, Clone, thiserror::Error)]
pub enum PostcodeError {
    #[error("the gazetteer cannot be read: {0}")]
    Gazetteer(#[from] GazetteerError),
    #[error("no coordinates, and postcode `{0}` is not in the gazetteer")]
    Unknown(String),
}

/// The centroid of a German postcode from the offline gazetteer.
pub(in crate::exchange::import) fn postcode_centroid(
    code: &str,
) -> Result<geo::Point<f64>, PostcodeError> {
    crate::directory::gazetteer::Gazetteer::embedded()?
        .lookup(code, 1)
        .into_iter()
        .find(|p| p.postcode.as_deref() == Some(code))
        .map(|p| geo::Point::new(p.lon, p.lat))
        .ok_or_else(|| PostcodeError::Unknown(code.to_owned()))
}

/// Whether a street value is a PO box ("Postfach 12 34"), not a place.
pub(in crate::exchange::import) fn is_po_box(street: &str) -> bool {
    let s = street.trim().to_lowercase();
    ["postfach", "postf.", "pf", "po box", "p.o. box"]
        .iter()
        .any(|prefix| {
            s.strip_prefix(prefix).is_some_and(|rest| {
                rest.is_empty()
                    || rest
                        .starts_with(|c: char| c.is_whitespace() || c.is_ascii_digit() || c == ':')
            })
        })
}

/// FNV-1a (64 bit) over the parts, separated: stable across platforms and releases.
pub(in crate::exchange::import) fn stable_hash(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, part) in parts.iter().enumerate() {
        let sep: &[u8] = if i == 0 { b"" } else { b"\x1f" };
        for byte in sep.iter().chain(part.as_bytes()) {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

/// A readable, stable id part for a name: `Stadt München e.V.` → `stadt-muenchen-e-v-1a2b3c4d`.
/// The hash suffix keeps names that differ only in punctuation apart.
pub(in crate::exchange::import) fn name_id(name: &str) -> String {
    let mut slug = String::new();
    for c in name.trim().chars().flat_map(char::to_lowercase) {
        let mapped = match c {
            'ä' => "ae",
            'ö' => "oe",
            'ü' => "ue",
            'ß' => "ss",
            c if c.is_ascii_alphanumeric() => {
                slug.push(c);
                continue;
            }
            _ => "-",
        };
        if !(mapped == "-" && (slug.is_empty() || slug.ends_with('-'))) {
            slug.push_str(mapped);
        }
        if slug.len() >= 40 {
            break;
        }
    }
    let slug = slug.trim_end_matches('-');
    let hash = stable_hash(&[name.trim()]) as u32;
    if slug.is_empty() {
        format!("{hash:08x}")
    } else {
        format!("{slug}-{hash:08x}")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn common_slips_in_opening_hours_are_mended_and_said_nothing_else_is() {
        let mended = check_hours("Mo-Thu 08:00-17:00; Fr 07:00-16:00").expect("mended");
        assert_eq!(mended, "Mo-Th 08:00-17:00; Fr 07:00-16:00");
        assert!(hours_note("Mo-Thu 08:00-17:00; Fr 07:00-16:00", &mended)
            .is_some_and(|n| n.contains("`Mo-Th 08:00-17:00; Fr 07:00-16:00`")));
        assert_eq!(
            check_hours("Tue,Thu 09:00-12:00").expect("mended"),
            "Tu,Th 09:00-12:00"
        );
        assert_eq!(check_hours("24 / 7").expect("mended"), "24/7");
        // A valid value is kept as written, with no note.
        assert_eq!(
            check_hours(" Mo-Fr 08:00-16:00 ").expect("valid"),
            "Mo-Fr 08:00-16:00"
        );
        assert_eq!(hours_note(" Mo-Fr 08:00-16:00 ", "Mo-Fr 08:00-16:00"), None);
        // Day names inside words and other mistakes are not guessed at.
        assert!(check_hours("Mo-Fr 08:00-17:00 Thursday").is_err());
        assert!(check_hours("Montag 08:00-12:00").is_err());
        assert!(check_hours("Mo-Thu 25:00-26:99").is_err());
    }

    use super::*;

    #[test]
    fn coordinates_dates_and_ids() {
        assert_eq!(parse_coordinate("48,1374"), Some(48.1374));
        assert_eq!(parse_coordinate(" 11.58 "), Some(11.58));
        assert_eq!(parse_coordinate("1,234,5"), None);
        assert_eq!(parse_coordinate("NaN"), None);
        assert_eq!(parse_coordinate(""), None);
        assert!(check_point(48.1, 11.5).is_ok());
        assert_eq!(check_point(100.0, 11.5).map_err(|e| e.0), Err(Axis::Lat));
        assert_eq!(check_point(48.0, 200.0).map_err(|e| e.0), Err(Axis::Lon));
        assert!(check_point(11.5, 48.1).is_err(), "swapped");
        assert!(check_point(0.0, 0.0).is_err());
        assert!(check_point(40.7, -74.0).is_ok(), "abroad is allowed");
        assert_eq!(iso_date("2026-03-01").as_deref(), Some("2026-03-01"));
        assert_eq!(
            iso_date("2026-03-01T10:00:00Z").as_deref(),
            Some("2026-03-01")
        );
        assert_eq!(iso_date("1.3.2026").as_deref(), Some("2026-03-01"));
        assert_eq!(iso_date("2026-02-30"), None);
        assert_eq!(iso_date("2026-03"), None);
        assert_eq!(stable_hash(&["a", "b"]), stable_hash(&["a", "b"]));
        assert_ne!(stable_hash(&["ab", ""]), stable_hash(&["a", "b"]));
        assert!(name_id("Stadt München e.V.").starts_with("stadt-muenchen-e-v-"));
        assert_ne!(name_id("A e.V."), name_id("A e. V."));
        assert_eq!(name_id("مركز").len(), 8);
        assert!(
            is_po_box("Postfach 500667")
                && is_po_box("Postfach")
                && is_po_box("PF 12")
                && is_po_box("Postf. 3")
        );
        assert!(!is_po_box("Postfachweg 3") && !is_po_box("Pfarrstraße 2"));
    }
}
