//! Where a query starts: `--at LAT,LON` or `--near POSTCODE_OR_TOWN`.

use clap::Args;
use geo::Point;
use lotse_core::gazetteer::Gazetteer;
use lotse_core::geodesy::checked_point;

use crate::CliError;

/// Where to search from, shared by `nearest` and `search`.
#[derive(Args)]
pub struct PlaceArgs {
    /// The point to search from, as LAT,LON in WGS84 degrees.
    #[arg(
        long,
        value_name = "LAT,LON",
        allow_hyphen_values = true,
        conflicts_with = "near"
    )]
    pub at: Option<String>,
    /// A postcode or town (any script) to search from, e.g. 19055 or Мюнхен.
    #[arg(long, value_name = "POSTCODE_OR_TOWN")]
    pub near: Option<String>,
}

/// Category and language filters, shared by `nearest` and `search`.
#[derive(Args)]
pub struct KindArgs {
    /// Only offers in this category (repeatable: any of them).
    #[arg(long = "category", value_name = "ID")]
    pub categories: Vec<String>,
    /// Only offers where this language is spoken (ISO 639; repeatable: any of them).
    #[arg(long = "lang", value_name = "ISO639")]
    pub languages: Vec<String>,
}

impl PlaceArgs {
    pub fn is_given(&self) -> bool {
        self.at.is_some() || self.near.is_some()
    }

    pub fn resolve(&self) -> Result<(Point<f64>, Option<String>), CliError> {
        resolve(self.at.as_deref(), self.near.as_deref())
    }
}

/// Parse "53.63,11.41" into (lat, lon).
pub fn parse_point(value: &str) -> Result<(f64, f64), CliError> {
    let bad = |reason: &str| CliError::BadPoint {
        value: value.to_owned(),
        reason: reason.to_owned(),
    };
    let (lat, lon) = value.split_once(',').ok_or_else(|| bad("missing comma"))?;
    let lat = lat
        .trim()
        .parse::<f64>()
        .map_err(|_| bad("latitude is not a number"))?;
    let lon = lon
        .trim()
        .parse::<f64>()
        .map_err(|_| bad("longitude is not a number"))?;
    Ok((lat, lon))
}

/// The point to search from, and a note when it is approximate.
pub fn resolve(
    at: Option<&str>,
    near: Option<&str>,
) -> Result<(Point<f64>, Option<String>), CliError> {
    match (at, near) {
        (Some(at), _) => {
            let (lat, lon) = parse_point(at)?;
            Ok((checked_point(lat, lon)?, None))
        }
        (None, Some(near)) => {
            let gazetteer = Gazetteer::embedded()?;
            let place = gazetteer
                .lookup(near, 1)
                .into_iter()
                .next()
                .ok_or_else(|| CliError::UnknownPlace(near.to_owned()))?;
            let note = format!(
                "Searching from {} (approximate centre, {:.4},{:.4})",
                place.name, place.lat, place.lon
            );
            Ok((checked_point(place.lat, place.lon)?, Some(note)))
        }
        (None, None) => Err(CliError::NoPlace),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_parse_and_bad_points_say_why() {
        assert_eq!(parse_point("53.63,11.41").ok(), Some((53.63, 11.41)));
        assert_eq!(parse_point(" -1.5 , 2 ").ok(), Some((-1.5, 2.0)));
        let err = parse_point("53.63").expect_err("no comma").to_string();
        assert!(
            err.contains("missing comma") && err.contains("53.63"),
            "{err}"
        );
        let err = parse_point("x,1").expect_err("not a number").to_string();
        assert!(err.contains("latitude is not a number"), "{err}");
    }
}
