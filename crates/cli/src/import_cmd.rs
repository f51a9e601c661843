//! `lotse import FILE [--format F] [--mapping MAP.toml] [--as-of DATE] [--strict]`

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use lotse_core::import::{self, ImportError, ImportFormat};
use lotse_core::{WriteProgress, WriteStage};

use crate::output::outln;
use crate::{data_dir, CliError};

#[derive(Args)]
pub struct ImportArgs {
    /// The file (or HSDS data package folder) to import.
    file: PathBuf,
    /// hsds-json, hsds-csv, csv or geojson; detected when not given.
    #[arg(long)]
    format: Option<String>,
    /// The TOML mapping that describes a CSV's columns (see config/import/).
    #[arg(long, value_name = "FILE")]
    mapping: Option<PathBuf>,
    /// The date the source was published (YYYY-MM-DD): the date of every
    /// record that gives none, shown as the source's date, not as a check.
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,
    /// Fail without writing anything if any record is rejected or any field is wrong.
    #[arg(long)]
    strict: bool,
}

fn detect(path: &Path) -> Result<ImportFormat, CliError> {
    let mut head = [0u8; 512];
    let n = if path.is_file() {
        let mut f = std::fs::File::open(path).map_err(|source| ImportError::Io {
            path: path.to_owned(),
            source,
        })?;
        f.read(&mut head).map_err(|source| ImportError::Io {
            path: path.to_owned(),
            source,
        })?
    } else {
        0
    };
    ImportFormat::detect(path, &head[..n]).ok_or_else(|| {
        ImportError::UnknownFormat {
            path: path.to_owned(),
        }
        .into()
    })
}

fn stage_name(stage: WriteStage) -> &'static str {
    match stage {
        WriteStage::Organizations => "Writing providers",
        WriteStage::Services => "Writing services",
        WriteStage::Locations => "Writing locations",
        WriteStage::Offers => "Writing offers",
        WriteStage::SearchIndex => "Indexing for search",
        WriteStage::Commit => "Committing",
    }
}

fn spinner(message: String) -> ProgressBar {
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} [{elapsed}]")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.set_message(message);
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

pub fn run(db: Option<&Path>, args: &ImportArgs) -> Result<(), CliError> {
    let format = match &args.format {
        Some(name) => ImportFormat::parse(name).ok_or_else(|| {
            CliError::Usage(format!(
                "--format {name}: use hsds-json, hsds-csv, csv or geojson"
            ))
        })?,
        None => detect(&args.file)?,
    };
    let started = Instant::now();
    let bar = spinner(format!("Reading {} as {format}", args.file.display()));
    let facts = import::SourceFacts {
        as_of: args.as_of.clone(),
    };
    let parsed = import::parse_file_with(&args.file, format, args.mapping.as_deref(), &facts);
    bar.finish_and_clear();
    let parsed = parsed?;
    if args.strict && !(parsed.rejected.is_empty() && parsed.dropped.is_empty()) {
        for r in &parsed.rejected {
            eprintln!("rejected: {r}");
        }
        for d in &parsed.dropped {
            eprintln!("error: {d}");
        }
        return Err(CliError::Usage(format!(
            "{} record(s) rejected and {} field(s) wrong, and --strict is set: nothing was imported",
            parsed.rejected.len(),
            parsed.dropped.len()
        )));
    }
    let mut directory = data_dir::open(db)?;
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{msg:>24} [{bar:40}] {pos}/{len} [{elapsed}]")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    let report = directory.import_with_progress(format, parsed, &mut |p: WriteProgress| {
        bar.set_message(stage_name(p.stage));
        bar.set_length(p.total);
        bar.set_position(p.done);
    });
    bar.finish_and_clear();
    let report = report?;
    for r in &report.rejected {
        eprintln!("rejected: {r}");
    }
    for d in &report.dropped {
        eprintln!("warning: {d} (the offer is kept)");
    }
    outln!(
        "Imported {} offers from {} records ({}) in {:.1} s; {} rejected; {} field(s) left out or mended; the directory now holds {} offers.",
        report.offers_written,
        report.records_read,
        report.format,
        started.elapsed().as_secs_f64(),
        report.rejected.len(),
        report.dropped.len(),
        directory.offer_count()?
    )?;
    Ok(())
}
