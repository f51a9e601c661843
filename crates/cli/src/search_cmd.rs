//! `lotse search TEXT [--at LAT,LON | --near PLACE] [--category ID]… [--lang ISO639]… [--limit N] [--ui-lang TAG] [--json]`

use std::path::Path;

use clap::Args;
use lotse_contract::Lang;
use lotse_core::{OfferFilter, SearchQuery};

use crate::place::{KindArgs, PlaceArgs};
use crate::{data_dir, output, CliError};

#[derive(Args)]
pub struct SearchArgs {
    /// Words to find (any language; prefixes and small typos match).
    text: String,
    /// Rank equally good matches by distance from this place.
    #[command(flatten)]
    place: PlaceArgs,
    #[command(flatten)]
    kind: KindArgs,
    #[arg(long, default_value_t = 20)]
    limit: usize,
    #[arg(long)]
    json: bool,
}

pub fn run(db: Option<&Path>, args: &SearchArgs, lang: Lang) -> Result<(), CliError> {
    let near = if args.place.is_given() {
        Some(args.place.resolve()?.0)
    } else {
        None
    };
    let query = SearchQuery {
        text: args.text.clone(),
        near,
        limit: args.limit,
        filter: OfferFilter {
            categories: args.kind.categories.clone(),
            languages: args.kind.languages.clone(),
            ..OfferFilter::default()
        },
        names_in: None,
    };
    let hits = data_dir::open(db)?.search(&query)?;
    if args.json {
        let values: Vec<_> = hits
            .iter()
            .map(|h| output::offer_json(&h.offer, h.distance_m, chrono::Utc::now()))
            .collect();
        return output::print_json(&values);
    }
    let rows: Vec<_> = hits.iter().map(|h| (&h.offer, h.distance_m)).collect();
    output::print_table(&rows, chrono::Utc::now(), lang)
}
