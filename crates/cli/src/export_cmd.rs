//! `lotse export --format hsds-json|csv|geojson [--out FILE]`

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;
use lotse_core::export::{self, ExportFormat};

use crate::output::Stdout;
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
            let mut out = Stdout::lock();
            let written = export::write(&batch, format, &mut out).and_then(|()| {
                out.flush()?;
                Ok(())
            });
            match written {
                Err(_) if out.closed => return Err(CliError::StdoutClosed),
                other => other?,
            }
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
