//! Which database a command works on.

use std::path::{Path, PathBuf};

use lotse_core::data_folder::DataFolders;
use lotse_core::Directory;

use crate::CliError;

/// `$LOTSE_DATA_DIR`, else the platform data dir + the app identifier — the
/// same folder the app uses. The folder of the app's old identifier is moved
/// there first, as the app does, so the CLI never starts a second directory
/// beside the user's.
pub fn default_dir() -> Result<PathBuf, CliError> {
    match std::env::var_os("LOTSE_DATA_DIR") {
        Some(dir) if !dir.is_empty() => Ok(PathBuf::from(dir)),
        _ => {
            let folders = DataFolders::on_this_platform().ok_or(CliError::NoDataDir)?;
            if let Err(err) = folders.adopt_old() {
                eprintln!("lotse: {err}; the old folder stays in use");
            }
            Ok(folders.in_use().to_owned())
        }
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
