//! `lotse`: the directory on the command line.

mod nearest_cmd;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "lotse",
    version,
    about = "Lotse: the offline directory of integration offers"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// The k nearest offers to a point, with exact distances.
    Nearest(nearest_cmd::NearestArgs),
}

/// Errors the CLI reports before exiting non-zero.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Core(#[from] lotse_core::CoreError),
    #[error("--at {value:?}: {reason} (expected LAT,LON such as 53.63,11.41)")]
    BadPoint { value: String, reason: String },
    #[error("cannot open database {path}: {source}")]
    OpenDatabase {
        path: PathBuf,
        source: lotse_core::CoreError,
    },
    #[error("cannot write output: {0}")]
    Output(#[from] serde_json::Error),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Nearest(args) => nearest_cmd::run(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("lotse: error: {err}");
            ExitCode::FAILURE
        }
    }
}
