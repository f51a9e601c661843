//! `lotse stats [--ui-lang TAG] [--json]`

use std::path::Path;

use clap::Args;
use lotse_contract::Lang;
use lotse_core::taxonomy;

use crate::output::outln;
use crate::{data_dir, CliError};

#[derive(Args)]
pub struct StatsArgs {
    #[arg(long)]
    json: bool,
}

pub fn run(db: Option<&Path>, args: &StatsArgs, lang: Lang) -> Result<(), CliError> {
    let stats = data_dir::open(db)?.stats()?;
    if args.json {
        let value = serde_json::json!({
            "offers": stats.offers,
            "services": stats.services,
            "organizations": stats.organizations,
            "locations": stats.locations,
            "demo_offers": stats.demo_offers,
            "database_bytes": stats.database_bytes,
            "by_category": stats.by_category.iter().map(|(c, n)| serde_json::json!({"category": c, "offers": n})).collect::<Vec<_>>(),
            "by_language": stats.by_language.iter().map(|(l, n)| serde_json::json!({"language": l, "offers": n})).collect::<Vec<_>>(),
        });
        outln!("{}", serde_json::to_string_pretty(&value)?)?;
        return Ok(());
    }
    outln!(
        "{} offers ({} services of {} providers at {} locations), {} of them demo data",
        stats.offers,
        stats.services,
        stats.organizations,
        stats.locations,
        stats.demo_offers
    )?;
    outln!("database size: {:.1} MB", stats.database_bytes as f64 / 1e6)?;
    outln!("\nby category:")?;
    for (id, n) in &stats.by_category {
        let label = taxonomy::category(id).map_or(id.as_str(), |c| c.label(lang));
        outln!("  {n:>8}  {label} ({id})")?;
    }
    outln!("\nby language spoken:")?;
    for (code, n) in &stats.by_language {
        outln!("  {n:>8}  {code}")?;
    }
    Ok(())
}
