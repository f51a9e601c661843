//! The shell's state: one open directory database.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use lotse_contract::{ApiError, ErrorCode};
use lotse_core::favourites::{FavouritesError, FavouritesStore};
use lotse_core::packs::PackStore;
use lotse_core::{CoreError, Directory};
use tauri::{AppHandle, Manager};

/// Overrides the data directory (tests give each app run its own).
pub const DATA_DIR_ENV: &str = "LOTSE_DATA_DIR";

pub struct AppState {
    directory: Mutex<Directory>,
    favourites: Mutex<FavouritesStore>,
    /// Installed map detail packs, beside the database.
    pub packs: PackStore,
}

/// Why the state could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error("no app data directory: {0}")]
    NoDataDir(#[from] tauri::Error),
    #[error("cannot create {path}: {source}")]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot open the directory database in {path}: {source}")]
    Open { path: PathBuf, source: CoreError },
    #[error(transparent)]
    Favourites(#[from] FavouritesError),
}

/// Where the database lives: `$LOTSE_DATA_DIR`, else the platform's app data dir.
pub fn data_dir(app: &AppHandle) -> Result<PathBuf, StateError> {
    match std::env::var_os(DATA_DIR_ENV) {
        Some(dir) if !dir.is_empty() => Ok(PathBuf::from(dir)),
        _ => Ok(app.path().app_data_dir()?),
    }
}

impl AppState {
    /// Open `lotse.sqlite` in `dir`, seeding the demo directory on first start.
    pub fn open(dir: &Path) -> Result<Self, StateError> {
        std::fs::create_dir_all(dir).map_err(|source| StateError::CreateDir {
            path: dir.to_owned(),
            source,
        })?;
        let path = dir.join("lotse.sqlite");
        let open = || -> Result<Directory, CoreError> {
            let mut directory = Directory::open(&path)?;
            directory.seed_demo_if_empty()?;
            Ok(directory)
        };
        let directory = open().map_err(|source| StateError::Open {
            path: path.clone(),
            source,
        })?;
        let favourites = FavouritesStore::open(&FavouritesStore::beside(&path))?;
        Ok(Self {
            directory: Mutex::new(directory),
            favourites: Mutex::new(favourites),
            packs: PackStore::for_database(&path),
        })
    }

    pub fn favourites(&self) -> Result<MutexGuard<'_, FavouritesStore>, ApiError> {
        self.favourites.lock().map_err(|_| {
            ApiError::new(
                ErrorCode::Internal,
                "the favourites are unavailable after an earlier failure",
            )
        })
    }

    pub fn directory(&self) -> Result<MutexGuard<'_, Directory>, ApiError> {
        self.directory.lock().map_err(|_| {
            ApiError::new(
                ErrorCode::Internal,
                "the directory is unavailable after an earlier failure",
            )
        })
    }
}
