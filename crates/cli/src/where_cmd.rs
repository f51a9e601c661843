//! `lotse where QUERY [--limit N] [--json]`: the offline gazetteer.

use clap::Args;
use lotse_core::gazetteer::Gazetteer;

use crate::output::outln;
use crate::CliError;

#[derive(Args)]
pub struct WhereArgs {
    /// A postcode (or its start) or a town name in any script, e.g. 19055, Мюнхен, كولونيا.
    query: String,
    #[arg(long, default_value_t = 10)]
    limit: usize,
    #[arg(long)]
    json: bool,
}

pub fn run(args: &WhereArgs) -> Result<(), CliError> {
    let gazetteer = Gazetteer::embedded()?;
    let places = gazetteer.lookup(&args.query, args.limit);
    if args.json {
        let values: Vec<_> = places
            .iter()
            .map(|p| {
                serde_json::json!({
                    "name": p.name, "postcode": p.postcode, "lat": p.lat, "lon": p.lon,
                    "approximate": p.approximate, "kind": format!("{:?}", p.kind).to_lowercase(),
                })
            })
            .collect();
        outln!("{}", serde_json::to_string_pretty(&values)?)?;
        return Ok(());
    }
    if places.is_empty() {
        return Err(CliError::UnknownPlace(args.query.clone()));
    }
    for p in &places {
        let postcode = p
            .postcode
            .as_deref()
            .map(|c| format!("{c} "))
            .unwrap_or_default();
        let approx = if p.approximate {
            " (approximate centre)"
        } else {
            ""
        };
        outln!("{postcode}{}  {:.4},{:.4}{approx}", p.name, p.lat, p.lon)?;
    }
    Ok(())
}
