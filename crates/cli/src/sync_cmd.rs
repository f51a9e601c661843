//! `lotse sync --feed URL --pubkey KEY [--region ID]… [--json]` and
//! `lotse bundle export|import`.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use lotse_core::bundle::{export_bundle, import_bundle};
use lotse_core::sync::{
    cache_dir_for, DirTransport, HttpTimeouts, HttpTransport, SyncEngine, SyncOptions, SyncPhase,
    SyncProgress, SyncReport, Transport,
};

use crate::keys_arg::public_keys;
use crate::output::outln;
use crate::{data_dir, CliError};

#[derive(Args)]
pub struct SyncArgs {
    /// The feed: an https:// URL (its folder or its manifest.json) or a local folder.
    #[arg(long)]
    feed: String,
    /// The publisher's public key (base64, or a .pub file); pinned for later syncs.
    #[arg(long = "pubkey", value_name = "KEY")]
    pubkeys: Vec<String>,
    /// Keep this region offline (repeatable); default: those kept already, or all.
    #[arg(long = "region", value_name = "ID")]
    regions: Vec<String>,
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
pub enum BundleCommand {
    /// Write one file with the signed manifest and region snapshots.
    Export {
        /// The feed to take it from: a URL or a feed folder.
        #[arg(long)]
        feed: String,
        /// Verify the manifest with this key first (recommended).
        #[arg(long = "pubkey", value_name = "KEY")]
        pubkeys: Vec<String>,
        #[arg(long = "regions", value_delimiter = ',', value_name = "ID,…")]
        regions: Vec<String>,
        #[arg(short = 'o', long = "out", value_name = "FILE")]
        out: PathBuf,
    },
    /// Verify and apply a bundle file, exactly like a sync.
    Import {
        file: PathBuf,
        #[arg(long = "pubkey", value_name = "KEY")]
        pubkeys: Vec<String>,
        #[arg(long = "region", value_name = "ID")]
        regions: Vec<String>,
        #[arg(long)]
        json: bool,
    },
}

pub fn transport_for(feed: &str) -> Result<Box<dyn Transport>, CliError> {
    if feed.starts_with("https://") || feed.starts_with("http://") {
        Ok(Box::new(HttpTransport::new(feed, HttpTimeouts::default())?))
    } else if Path::new(feed).is_dir() {
        Ok(Box::new(DirTransport::new(feed)))
    } else {
        Err(CliError::Usage(format!(
            "--feed {feed}: neither an http(s) URL nor a folder"
        )))
    }
}

fn progress_bar() -> (ProgressBar, impl FnMut(SyncProgress)) {
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{msg:24} [{bar:30}] {pos}/{len}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let handle = bar.clone();
    (bar, move |p: SyncProgress| {
        let what = match p.phase {
            SyncPhase::Manifest => "manifest".to_owned(),
            SyncPhase::Download => format!("download {} (bytes)", p.region.unwrap_or_default()),
            SyncPhase::Apply => format!("apply {} (entries)", p.region.unwrap_or_default()),
        };
        handle.set_message(what);
        handle.set_length(p.total);
        handle.set_position(p.done);
    })
}

fn print_report(report: &SyncReport, json: bool) -> Result<(), CliError> {
    if json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({ "ok": true, "report": report }))?
        )?;
        return Ok(());
    }
    if report.not_modified {
        outln!("{}: no change (manifest not modified)", report.feed)?;
        return Ok(());
    }
    if report.new_publisher {
        outln!("{}: another publisher's feed (none of its keys was trusted before): its versions start afresh, only its keys are trusted", report.feed)?;
    }
    outln!(
        "{}: manifest {} — {} requests, {} bytes",
        report.feed,
        report.sequence,
        report.requests,
        report.bytes_downloaded
    )?;
    for r in &report.regions {
        match r.via {
            "unchanged" => outln!("  {:<16} version {} (unchanged)", r.id, r.to_version)?,
            via => outln!(
                "  {:<16} version {} → {} by {via}: {} updated, {} removed, {} bytes",
                r.id,
                r.from_version,
                r.to_version,
                r.upserted,
                r.deleted,
                r.bytes
            )?,
        }
    }
    for key in &report.keys_added {
        outln!("  now also trusting the rotated publisher key {key}")?;
    }
    for key in &report.keys_revoked {
        outln!("  the publisher revoked the key {key}: it is never trusted again")?;
    }
    for id in &report.absent_regions {
        outln!("  {id:<16} no longer in the feed: skipped, its offers kept")?;
    }
    if !report.current {
        outln!("  this manifest is past its expiry by this device's clock: it was applied (it is newer), but the directory is not confirmed as current")?;
    }
    if report.outbox_updated > 0 {
        outln!(
            "  {} of your corrections were decided by the editors",
            report.outbox_updated
        )?;
    }
    Ok(())
}

/// Print a failure as JSON too when asked, then hand it on.
fn failed(err: CliError, json: bool) -> CliError {
    if json {
        // Unprinted (stdout closed), the error still goes to stderr from main.
        let _ = outln!(
            "{}",
            serde_json::json!({ "ok": false, "error": err.to_string() })
        );
    }
    err
}

pub fn run(db: Option<&Path>, args: &SyncArgs) -> Result<(), CliError> {
    let outcome = (|| {
        let mut directory = data_dir::open(db)?;
        let transport = transport_for(&args.feed)?;
        let engine = SyncEngine::new(transport.as_ref(), cache_dir_for(&data_dir::path(db)?));
        let options = SyncOptions {
            feed: args.feed.clone(),
            pubkeys: public_keys(&args.pubkeys)?,
            regions: args.regions.clone(),
            limit_to: None,
        };
        let (bar, mut on_progress) = progress_bar();
        let report = engine.sync(&mut directory, &options, &mut on_progress);
        bar.finish_and_clear();
        Ok::<_, CliError>(report?)
    })();
    match outcome {
        Ok(report) => print_report(&report, args.json),
        Err(e) => Err(failed(e, args.json)),
    }
}

pub fn run_bundle(db: Option<&Path>, command: &BundleCommand) -> Result<(), CliError> {
    match command {
        BundleCommand::Export {
            feed,
            pubkeys,
            regions,
            out,
        } => {
            let transport = transport_for(feed)?;
            let report = export_bundle(transport.as_ref(), regions, &public_keys(pubkeys)?, out)?;
            outln!(
                "wrote {} ({} bytes): manifest {}, regions {}",
                report.file,
                report.bytes,
                report.sequence,
                report.regions.join(", ")
            )?;
            Ok(())
        }
        BundleCommand::Import {
            file,
            pubkeys,
            regions,
            json,
        } => {
            let outcome = (|| {
                let mut directory = data_dir::open(db)?;
                let (bar, mut on_progress) = progress_bar();
                let report = import_bundle(
                    &mut directory,
                    file,
                    &public_keys(pubkeys)?,
                    regions,
                    cache_dir_for(&data_dir::path(db)?),
                    &mut on_progress,
                );
                bar.finish_and_clear();
                Ok::<_, CliError>(report?)
            })();
            match outcome {
                Ok(report) => print_report(&report, *json),
                Err(e) => Err(failed(e, *json)),
            }
        }
    }
}
