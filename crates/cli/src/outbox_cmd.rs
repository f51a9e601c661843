//! `lotse suggest` (queue a correction) and `lotse outbox` (list, send, withdraw).

use std::path::Path;

use clap::{Args, Subcommand};
use lotse_core::outbox::Correction;
use lotse_core::sync::{HttpTimeouts, HttpTransport, SystemClock};

use crate::output::outln;
use crate::{data_dir, CliError};

#[derive(Args)]
pub struct SuggestArgs {
    /// The offer (service at location) id.
    #[arg(long)]
    offer: String,
    /// name, phone, email, website, street, postcode, city, opening_hours,
    /// description, languages, status or other.
    #[arg(long)]
    field: String,
    /// The correct value.
    #[arg(long = "new")]
    new_value: String,
    /// What the directory shows now (default: read from the offer).
    #[arg(long = "old")]
    old_value: Option<String>,
    #[arg(long, default_value = "")]
    comment: String,
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
pub enum OutboxCommand {
    /// Every correction and its state (queued, sent, accepted, rejected, withdrawn).
    List {
        #[arg(long)]
        json: bool,
    },
    /// Send queued corrections in order; a failed one stays queued.
    Send {
        /// The server (default: the feed this directory syncs from).
        #[arg(long)]
        api: Option<String>,
        /// Your bearer token (or set LOTSE_TOKEN).
        #[arg(long, env = "LOTSE_TOKEN", hide_env_values = true)]
        token: String,
        #[arg(long)]
        json: bool,
    },
    /// Withdraw a correction that has not been sent.
    Withdraw { id: i64 },
}

pub fn suggest(db: Option<&Path>, args: &SuggestArgs) -> Result<(), CliError> {
    let mut directory = data_dir::open(db)?;
    let item = directory.queue_correction(
        Correction {
            offer_id: args.offer.clone(),
            field: args.field.clone(),
            old_value: args.old_value.clone(),
            new_value: args.new_value.clone(),
            comment: args.comment.clone(),
        },
        &SystemClock,
    )?;
    if args.json {
        outln!("{}", serde_json::to_string_pretty(&item)?)?;
    } else {
        outln!(
            "queued correction {} for offer {}: {} → {:?}",
            item.id,
            item.correction.offer_id,
            item.correction.field,
            item.correction.new_value
        )?;
    }
    Ok(())
}

pub fn run(db: Option<&Path>, command: &OutboxCommand) -> Result<(), CliError> {
    let mut directory = data_dir::open(db)?;
    match command {
        OutboxCommand::List { json } => {
            let items = directory.outbox()?;
            if *json {
                outln!("{}", serde_json::to_string_pretty(&items)?)?;
                return Ok(());
            }
            if items.is_empty() {
                outln!("the outbox is empty")?;
            }
            for i in items {
                let error = i
                    .last_error
                    .map(|e| format!(" (last error: {e})"))
                    .unwrap_or_default();
                outln!(
                    "{:>4}  {:<9}  {}  {}: {:?} → {:?}{error}",
                    i.id,
                    i.state.as_str(),
                    i.correction.offer_id,
                    i.correction.field,
                    i.correction.old_value.unwrap_or_default(),
                    i.correction.new_value
                )?;
            }
            Ok(())
        }
        OutboxCommand::Send { api, token, json } => {
            let base = match api {
                Some(url) => url.clone(),
                None => directory.sync_status()?.feed.url,
            };
            let transport =
                HttpTransport::new(&base, HttpTimeouts::default()).map_err(CliError::Api)?;
            let report = directory.send_outbox(&transport, token, &SystemClock)?;
            // A stop is reported even if the report could not be printed.
            let printed = if *json {
                outln!("{}", serde_json::to_string_pretty(&report)?)
            } else {
                outln!("sent {}, still queued {}", report.sent, report.still_queued)
            };
            match report.error {
                Some(e) => Err(CliError::Usage(format!("sending stopped: {e}"))),
                None => printed,
            }
        }
        OutboxCommand::Withdraw { id } => {
            directory.withdraw_correction(*id)?;
            outln!("withdrew correction {id}")?;
            Ok(())
        }
    }
}
