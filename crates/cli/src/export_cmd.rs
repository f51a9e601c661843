//! `lotse export --format hsds-json|csv|geojson [--out FILE]`

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;
use lotse_core::export::{self, ExportFormat};

use crate::{data_dir, CliError};

#[derive(Args)]
pub struct ExportArgs {
    /// hsds-json, csv or geojson.
    #[arg(long)]
    format: String,
    /// Write here (atomically) instead of to standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

pub fn run(db: Option<&Path>, args: &ExportArgs) -> Result<(), CliError> {
    let format = ExportFormat::parse(&args.format).ok_or_else(|| {
        CliError::Usage(format!(
            "--format {}: use hsds-json, csv or geojson",
            args.format
        ))
    })?;
    let batch = data_dir::open(db)?.export_batch()?;
    match &args.out {
        None => {
            let stdout = std::io::stdout();
            let mut lock = stdout.lock();
            export::write(&batch, format, &mut lock)?;
            lock.flush().map_err(export::ExportError::from)?;
        }
        Some(path) => {
            let tmp = path.with_extension("partial");
            let io = |source| CliError::Write {
                path: path.clone(),
                source,
            };
            let mut file = std::io::BufWriter::new(std::fs::File::create(&tmp).map_err(io)?);
            export::write(&batch, format, &mut file)?;
            file.flush().map_err(io)?;
            drop(file);
            std::fs::rename(&tmp, path).map_err(io)?;
            eprintln!(
                "Exported {} offers to {}",
                batch.service_at_locations.len(),
                path.display()
            );
        }
    }
    Ok(())
}
