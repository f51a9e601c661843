//! `lotse keygen --out KEYFILE`

use std::path::PathBuf;

use clap::Args;
use lotse_core::feed::SecretKey;

use crate::output::outln;
use crate::CliError;

#[derive(Args)]
pub struct KeygenArgs {
    /// Where to write the secret key (never overwritten; readable by you only).
    /// The public key goes next to it as KEYFILE.pub.
    #[arg(long, value_name = "KEYFILE")]
    out: PathBuf,
}

pub fn run(args: &KeygenArgs) -> Result<(), CliError> {
    let key = SecretKey::generate()?;
    key.write(&args.out)?;
    let public = key.public().to_base64();
    let mut pub_path = args.out.clone().into_os_string();
    pub_path.push(".pub");
    let pub_path = PathBuf::from(pub_path);
    std::fs::write(&pub_path, format!("{public}\n")).map_err(|source| CliError::Write {
        path: pub_path.clone(),
        source,
    })?;
    eprintln!(
        "secret key written to {} (keep it private); public key also in {}",
        args.out.display(),
        pub_path.display()
    );
    outln!("{public}")?;
    Ok(())
}
