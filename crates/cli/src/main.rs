//! `lotse`: the directory on the command line.

mod data_dir;
mod demo_cmd;
mod export_cmd;
mod flags;
mod import_cmd;
mod keygen_cmd;
mod keys_arg;
mod logging;
mod nearest_cmd;
mod outbox_cmd;
mod output;
mod place;
mod publish_cmd;
mod search_cmd;
mod serve_cmd;
mod stats_cmd;
mod suggestions_cmd;
mod sync_cmd;
mod where_cmd;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use lotse_contract::Lang;

#[derive(Parser)]
#[command(
    name = "lotse",
    version,
    about = "Lotse: the offline directory of integration offers"
)]
struct Cli {
    /// The directory database. Default: the app's database in the user's data
    /// directory (seeded with the demo directory when new). A new file given
    /// here starts empty.
    #[arg(long, global = true, value_name = "FILE")]
    db: Option<PathBuf>,
    /// More log on stderr: -v info, -vv debug, -vvv trace (RUST_LOG overrides).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    verbose: u8,
    /// The language of category names in the output: de, en, ar, uk, ru,
    /// fa, ps or tr (a tag such as `en-GB` names its language).
    #[arg(long, global = true, value_name = "TAG", default_value_t = Lang::De)]
    ui_lang: Lang,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// The k nearest offers to a point or place, with exact distances.
    Nearest(nearest_cmd::NearestArgs),
    /// Full-text search over names, descriptions, providers, addresses and categories.
    Search(search_cmd::SearchArgs),
    /// Look up a postcode or town (any script) in the offline gazetteer.
    Where(where_cmd::WhereArgs),
    /// Import offers from HSDS JSON, an HSDS data package, a mapped CSV or GeoJSON.
    Import(import_cmd::ImportArgs),
    /// Export the directory as HSDS JSON, CSV or GeoJSON.
    Export(export_cmd::ExportArgs),
    /// Counts of offers by category and language, and the database size.
    Stats(stats_cmd::StatsArgs),
    /// Load the fictional demo directory into the database.
    Demo,
    /// Make a publisher key pair (secret key file; public key printed).
    Keygen(keygen_cmd::KeygenArgs),
    /// Write the directory as a signed static feed (snapshots and deltas per region).
    Publish(publish_cmd::PublishArgs),
    /// Serve a feed folder over HTTP, and take field corrections.
    Serve(serve_cmd::ServeArgs),
    /// Bring the directory up to date from a signed feed.
    Sync(sync_cmd::SyncArgs),
    /// Pass the directory on as one file (USB stick, messenger).
    #[command(subcommand)]
    Bundle(sync_cmd::BundleCommand),
    /// Queue a correction to an offer (sent with `lotse outbox send`).
    Suggest(outbox_cmd::SuggestArgs),
    /// Your queued and sent corrections.
    #[command(subcommand)]
    Outbox(outbox_cmd::OutboxCommand),
    /// Editors: tokens, and the corrections received by the server.
    Suggestions(suggestions_cmd::SuggestionsArgs),
}

/// Errors the CLI reports before exiting non-zero.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Core(#[from] lotse_core::CoreError),
    #[error("--at {value:?}: {reason} (expected LAT,LON such as 53.63,11.41)")]
    BadPoint { value: String, reason: String },
    #[error("--near {0:?}: no such postcode or town in the gazetteer")]
    UnknownPlace(String),
    #[error("give a place with --at LAT,LON or --near POSTCODE_OR_TOWN")]
    NoPlace,
    #[error("--open-at {value:?}: {source} (expected RFC 3339, e.g. 2026-11-23T10:00:00+01:00)")]
    BadTime {
        value: String,
        source: chrono::ParseError,
    },
    #[error("cannot open database {path}: {source}")]
    OpenDatabase {
        path: PathBuf,
        source: lotse_core::CoreError,
    },
    #[error("no user data directory; pass --db FILE")]
    NoDataDir,
    #[error("cannot create {path}: {source}")]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}{hint}", hint = flags::import_hint(.0))]
    Import(#[from] lotse_core::import::ImportError),
    #[error(transparent)]
    Export(#[from] lotse_core::export::ExportError),
    #[error("gazetteer: {0}")]
    Gazetteer(#[from] lotse_core::gazetteer::GazetteerError),
    #[error("{0}")]
    Usage(String),
    /// Standard output was closed by its reader (`lotse … | head`).
    #[error("standard output was closed")]
    StdoutClosed,
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write output: {0}")]
    Output(#[from] serde_json::Error),
    #[error("{0}{hint}", hint = flags::feed_hint(.0))]
    Feed(#[from] lotse_core::feed::FeedError),
    #[error(transparent)]
    Field(#[from] lotse_core::field::FieldError),
    #[error(transparent)]
    Store(#[from] lotse_server::StoreError),
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("server: {0}")]
    Runtime(std::io::Error),
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: String,
        source: std::io::Error,
    },
    #[error("--api: {0}")]
    Api(lotse_core::feed::FeedError),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    logging::init(cli.verbose);
    let db = cli.db.as_deref();
    let result = match &cli.command {
        Command::Nearest(args) => nearest_cmd::run(db, args, cli.ui_lang),
        Command::Search(args) => search_cmd::run(db, args, cli.ui_lang),
        Command::Where(args) => where_cmd::run(args),
        Command::Import(args) => import_cmd::run(db, args),
        Command::Export(args) => export_cmd::run(db, args),
        Command::Stats(args) => stats_cmd::run(db, args, cli.ui_lang),
        Command::Demo => demo_cmd::run(db),
        Command::Keygen(args) => keygen_cmd::run(args),
        Command::Publish(args) => publish_cmd::run(db, args),
        Command::Serve(args) => serve_cmd::run(args),
        Command::Sync(args) => sync_cmd::run(db, args),
        Command::Bundle(command) => sync_cmd::run_bundle(db, command),
        Command::Suggest(args) => outbox_cmd::suggest(db, args),
        Command::Outbox(command) => outbox_cmd::run(db, command),
        Command::Suggestions(args) => suggestions_cmd::run(db, args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // The reader took what it wanted and went (`lotse … | head`), as
        // with other command-line tools: no message, no failure.
        Err(CliError::StdoutClosed) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("lotse: error: {err}");
            ExitCode::FAILURE
        }
    }
}
