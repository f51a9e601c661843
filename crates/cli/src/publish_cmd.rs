//! `lotse publish --db DB --out DIR --key KEYFILE [--regions regions.toml]
//! [--expires-in DAYS] [--revoke PUBLIC_KEY]`

use std::path::{Path, PathBuf};

use clap::Args;
use lotse_core::feed::SecretKey;
use lotse_core::publish::{publish, PublishOptions, RegionsConfig};
use lotse_core::sync::SystemClock;

use crate::keys_arg::public_keys;
use crate::output::outln;
use crate::{data_dir, CliError};

#[derive(Args)]
pub struct PublishArgs {
    /// The feed folder to write (created if missing; updated in place).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// The secret key file from `lotse keygen`.
    #[arg(long, value_name = "KEYFILE")]
    key: PathBuf,
    /// Regions to publish ([[region]] id, name, bbox and/or postcodes); default one region `de`.
    #[arg(long, value_name = "FILE")]
    regions: Option<PathBuf>,
    /// Rotate keys: announce --key as the new key, signed by this old key file.
    #[arg(long, value_name = "OLD_KEYFILE")]
    rotate_from: Option<PathBuf>,
    /// Days after signing that clients take the manifest as current. An
    /// unchanged feed is signed anew when half of this has passed, so run
    /// `lotse publish` at least that often (daily is good).
    #[arg(long, value_name = "DAYS", default_value_t = 14, value_parser = clap::value_parser!(u16).range(1..=365))]
    expires_in: u16,
    /// Revoke a publisher key (base64, or a file holding it): devices that
    /// see this feed never trust it again. Signed by --key, which must not
    /// be the revoked one. Repeat for more; kept in every later manifest.
    #[arg(long, value_name = "PUBLIC_KEY")]
    revoke: Vec<String>,
    /// Deltas kept per region; clients further behind download the snapshot.
    #[arg(long, default_value_t = 30)]
    keep_deltas: usize,
    /// The publisher's name in the manifest.
    #[arg(long, default_value = "Lotse")]
    publisher: String,
    /// List a map detail pack (PMTiles): copied into the feed's `packs/`.
    /// Repeat for more; without any, the previous manifest's packs stay.
    #[arg(long = "pack", value_name = "ID=LABEL=FILE")]
    packs: Vec<String>,
    #[arg(long)]
    json: bool,
}

pub fn run(db: Option<&Path>, args: &PublishArgs) -> Result<(), CliError> {
    let directory = data_dir::open(db)?;
    let options = PublishOptions {
        regions: match &args.regions {
            Some(path) => RegionsConfig::read(path)?,
            None => RegionsConfig::default(),
        },
        keep_deltas: args.keep_deltas.max(1),
        publisher: args.publisher.clone(),
        rotate_from: args
            .rotate_from
            .as_deref()
            .map(SecretKey::read)
            .transpose()?,
        packs: publish_packs(&args.out, &args.packs)?,
        expires_in: chrono::Duration::days(i64::from(args.expires_in)),
        revoke: public_keys(&args.revoke)?,
    };
    let key = SecretKey::read(&args.key)?;
    if options.revoke.contains(&key.public()) {
        return Err(CliError::Usage(
            "--revoke names the key this feed is signed with (--key): sign with another key".into(),
        ));
    }
    let report = publish(&directory, &args.out, &key, &options, &SystemClock)?;
    if args.json {
        outln!("{}", serde_json::to_string_pretty(&report)?)?;
        return Ok(());
    }
    if !report.changed {
        outln!(
            "nothing changed; the feed in {} stays at sequence {}",
            args.out.display(),
            report.sequence
        )?;
        return Ok(());
    }
    outln!(
        "published sequence {} to {}",
        report.sequence,
        args.out.display()
    )?;
    for r in &report.regions {
        let what = match (r.changed, r.delta_bytes) {
            (false, _) => "unchanged".to_owned(),
            (true, Some(d)) => format!("snapshot {} bytes, delta {d} bytes", r.snapshot_bytes),
            (true, None) => format!("snapshot {} bytes", r.snapshot_bytes),
        };
        outln!(
            "  {:<16} version {:>4}, {:>7} services: {what}",
            r.id,
            r.version,
            r.entries
        )?;
    }
    Ok(())
}

/// `--pack ID=LABEL=FILE`: copy each file into the feed and list it.
fn publish_packs(
    feed: &Path,
    specs: &[String],
) -> Result<Option<Vec<lotse_core::feed::PackRef>>, CliError> {
    if specs.is_empty() {
        return Ok(None);
    }
    specs
        .iter()
        .map(|spec| {
            let mut parts = spec.splitn(3, '=');
            match (parts.next(), parts.next(), parts.next()) {
                (Some(id), Some(label), Some(file)) if !id.is_empty() && !file.is_empty() => Ok(
                    lotse_core::packs::publish_pack(feed, id, label, Path::new(file))?,
                ),
                _ => Err(CliError::Usage(format!(
                    "--pack {spec}: expected ID=LABEL=FILE"
                ))),
            }
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}
