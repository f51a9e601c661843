//! Reading publisher keys given on the command line.

use lotse_core::feed::PublicKey;

use crate::CliError;

/// `--pubkey`: the base64 text `lotse keygen` printed, or a file holding it.
pub fn public_key(value: &str) -> Result<PublicKey, CliError> {
    let path = std::path::Path::new(value);
    let text = if path.is_file() {
        std::fs::read_to_string(path).map_err(|source| CliError::Read {
            path: path.to_owned(),
            source,
        })?
    } else {
        value.to_owned()
    };
    Ok(PublicKey::parse(&text)?)
}

pub fn public_keys(values: &[String]) -> Result<Vec<PublicKey>, CliError> {
    values.iter().map(|v| public_key(v)).collect()
}
