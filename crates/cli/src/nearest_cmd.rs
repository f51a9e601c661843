//! `lotse nearest --at LAT,LON [--category ID] [-k N] [--db FILE] [--json]`

use std::path::PathBuf;

use clap::Args;
use lotse_contract::display::format_distance;
use lotse_contract::{NearbyOfferDto, NearbyQuery, DEFAULT_K};
use lotse_core::taxonomy::Lang;
use lotse_core::{Directory, NearestQuery};

use crate::CliError;

#[derive(Args)]
pub struct NearestArgs {
    /// The point to search from, as LAT,LON in WGS84 degrees.
    #[arg(long, value_name = "LAT,LON", allow_hyphen_values = true)]
    at: String,
    /// Only offers of this category id (e.g. kita, migrationsberatung).
    #[arg(long)]
    category: Option<String>,
    /// How many offers to return.
    #[arg(short = 'k', default_value_t = DEFAULT_K)]
    k: u32,
    /// The directory database; without it, the embedded demo directory is used.
    #[arg(long, value_name = "FILE")]
    db: Option<PathBuf>,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
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

pub fn run(args: &NearestArgs) -> Result<(), CliError> {
    let (lat, lon) = parse_point(&args.at)?;
    let query = NearbyQuery {
        lat,
        lon,
        category: args.category.clone(),
        k: args.k,
    };
    let query = NearestQuery::try_from(&query)?;
    let db = match &args.db {
        Some(path) => Directory::open(path).map_err(|source| CliError::OpenDatabase {
            path: path.clone(),
            source,
        })?,
        None => {
            let mut db = Directory::open_in_memory()?;
            db.seed_demo_if_empty()?;
            db
        }
    };
    let hits: Vec<NearbyOfferDto> = db
        .nearest(&query)?
        .iter()
        .map(|h| h.to_dto(Lang::De))
        .collect();
    if args.json {
        println!("{}", serde_json::to_string_pretty(&hits)?);
    } else {
        print_table(&hits);
    }
    Ok(())
}

fn print_table(hits: &[NearbyOfferDto]) {
    if hits.is_empty() {
        println!("No offers found.");
        return;
    }
    for (rank, h) in hits.iter().enumerate() {
        let demo = if h.is_demo { " [DEMO, fictional]" } else { "" };
        println!(
            "{:>2}. {:>9}  {}{demo}\n    {} · {}\n    {} · verified {} · {}",
            rank + 1,
            format_distance(h.distance_m),
            h.name,
            h.category_label,
            h.address,
            h.phone.as_deref().unwrap_or("no phone"),
            h.last_verified,
            h.source,
        );
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
