//! `lotse search TEXT [--at LAT,LON | --near PLACE] [--category ID]… [--lang ISO639]… [--limit N] [--json]`

use std::path::Path;

use clap::Args;
use lotse_core::{OfferFilter, SearchQuery};

use crate::{data_dir, output, place, CliError};

#[derive(Args)]
pub struct SearchArgs {
    /// Words to find (any language; prefixes and small typos match).
    text: String,
    /// Rank equally good matches by distance from this point.
    #[arg(
        long,
        value_name = "LAT,LON",
        allow_hyphen_values = true,
        conflicts_with = "near"
    )]
    at: Option<String>,
    /// Rank equally good matches by distance from this postcode or town.
    #[arg(long, value_name = "POSTCODE_OR_TOWN")]
    near: Option<String>,
    #[arg(long = "category", value_name = "ID")]
    categories: Vec<String>,
    #[arg(long = "lang", value_name = "ISO639")]
    languages: Vec<String>,
    #[arg(long, default_value_t = 20)]
    limit: usize,
    #[arg(long)]
    json: bool,
}

pub fn run(db: Option<&Path>, args: &SearchArgs) -> Result<(), CliError> {
    let near = match (&args.at, &args.near) {
        (None, None) => None,
        (at, near) => Some(place::resolve(at.as_deref(), near.as_deref())?.0),
    };
    let query = SearchQuery {
        text: args.text.clone(),
        near,
        limit: args.limit,
        filter: OfferFilter {
            categories: args.categories.clone(),
            languages: args.languages.clone(),
            ..OfferFilter::default()
        },
    };
    let hits = data_dir::open(db)?.search(&query)?;
    if args.json {
        let values: Vec<_> = hits
            .iter()
            .map(|h| output::offer_json(&h.offer, h.distance_m))
            .collect();
        return output::print_json(&values);
    }
    let rows: Vec<_> = hits.iter().map(|h| (&h.offer, h.distance_m)).collect();
    output::print_table(&rows);
    Ok(())
}
