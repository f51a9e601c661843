//! `lotse demo`: load the fictional demo directory.

use std::path::Path;

use crate::output::outln;
use crate::{data_dir, CliError};

pub fn run(db: Option<&Path>) -> Result<(), CliError> {
    let mut directory = data_dir::open(db)?;
    let batch = lotse_core::demo::demo_directory()?;
    directory.upsert(&batch)?;
    outln!(
        "Loaded {} fictional demo offers (marked as demo data); the directory now holds {} offers.",
        batch.service_at_locations.len(),
        directory.offer_count()?
    )?;
    Ok(())
}
