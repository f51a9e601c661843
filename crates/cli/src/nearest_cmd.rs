//! `lotse nearest (--at LAT,LON | --near PLACE) [--category ID]… [--lang ISO639]…
//! [--open-at RFC3339] [--max-km KM] [--free] [--target-group G] [-k N] [--ui-lang TAG] [--json]`

use std::path::Path;

use clap::Args;
use lotse_contract::{Lang, DEFAULT_K};
use lotse_core::{NearestQuery, OfferFilter};

use crate::output::outln;
use crate::place::{KindArgs, PlaceArgs};
use crate::{data_dir, output, CliError};

#[derive(Args)]
pub struct NearestArgs {
    #[command(flatten)]
    place: PlaceArgs,
    #[command(flatten)]
    kind: KindArgs,
    /// Only offers open at this time (RFC 3339), by their opening hours in Europe/Berlin.
    #[arg(long, value_name = "RFC3339")]
    open_at: Option<String>,
    /// No offer further away than this many kilometres.
    #[arg(long, value_name = "KM")]
    max_km: Option<f64>,
    /// Only offers known to be free of charge.
    #[arg(long)]
    free: bool,
    /// Only offers for this target group (e.g. refugees, families, youth).
    #[arg(long)]
    target_group: Option<String>,
    /// How many offers to return.
    #[arg(short = 'k', default_value_t = DEFAULT_K as usize)]
    k: usize,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

pub fn parse_time(value: &str) -> Result<chrono::DateTime<chrono::Utc>, CliError> {
    chrono::DateTime::parse_from_rfc3339(value)
        .map(|t| t.with_timezone(&chrono::Utc))
        .map_err(|source| CliError::BadTime {
            value: value.to_owned(),
            source,
        })
}

pub fn run(db: Option<&Path>, args: &NearestArgs, lang: Lang) -> Result<(), CliError> {
    let (origin, note) = args.place.resolve()?;
    if let Some(km) = args.max_km {
        if !(km.is_finite() && km > 0.0) {
            return Err(CliError::Usage(format!(
                "--max-km {km}: must be a positive number"
            )));
        }
    }
    let open_at = args.open_at.as_deref().map(parse_time).transpose()?;
    // Opening states are shown for the asked time, else for now.
    let at = open_at.unwrap_or_else(chrono::Utc::now);
    let query = NearestQuery {
        origin,
        k: args.k,
        max_distance_m: args.max_km.map(|km| km * 1_000.0),
        filter: OfferFilter {
            categories: args.kind.categories.clone(),
            languages: args.kind.languages.clone(),
            open_at,
            free_only: args.free,
            target_group: args.target_group.clone(),
        },
        names_in: None,
    };
    let directory = data_dir::open(db)?;
    let hits = directory.nearest(&query)?;
    if args.json {
        let values: Vec<_> = hits
            .iter()
            .map(|h| output::offer_json(&h.offer, Some(h.distance_m), at))
            .collect();
        return output::print_json(&values);
    }
    if let Some(note) = note {
        outln!("{note}\n")?;
    }
    let rows: Vec<_> = hits
        .iter()
        .map(|h| (&h.offer, Some(h.distance_m)))
        .collect();
    output::print_table(&rows, at, lang)
}
