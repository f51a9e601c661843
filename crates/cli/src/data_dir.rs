//! Which database a command works on.

use std::path::{Path, PathBuf};

use lotse_core::Directory;

use crate::CliError;

/// The app's bundle identifier (`tauri.conf.json`), which names its data folder.
const APP_IDENTIFIER: &str = "de.lotse.app";

/// `$LOTSE_DATA_DIR`, else the platform data dir + the app identifier — the
/// same folder the app uses.
pub fn default_dir() -> Result<PathBuf, CliError> {
    match std::env::var_os("LOTSE_DATA_DIR") {
        Some(dir) if !dir.is_empty() => Ok(PathBuf::from(dir)),
        _ => dirs::data_dir()
            .map(|d| d.join(APP_IDENTIFIER))
            .ok_or(CliError::NoDataDir),
    }
}

/// Open `--db FILE` as given (a new file starts empty), or the app's default
/// database, which gets the demo directory when it is new.
pub fn open(db: Option<&Path>) -> Result<Directory, CliError> {
    match db {
        Some(path) => Directory::open(path).map_err(|source| CliError::OpenDatabase {
            path: path.to_owned(),
            source,
        }),
        None => {
            let dir = default_dir()?;
            std::fs::create_dir_all(&dir).map_err(|source| CliError::CreateDir {
                path: dir.clone(),
                source,
            })?;
            let path = dir.join("lotse.sqlite");
            let mut directory =
                Directory::open(&path).map_err(|source| CliError::OpenDatabase {
                    path: path.clone(),
                    source,
                })?;
            directory.seed_demo_if_empty()?;
            Ok(directory)
        }
    }
}

/// The database file a command works on (for files kept next to it).
pub fn path(db: Option<&Path>) -> Result<PathBuf, CliError> {
    match db {
        Some(path) => Ok(path.to_owned()),
        None => Ok(default_dir()?.join("lotse.sqlite")),
    }
}
