//! The shell's state: the open directory database, the favourites, the map
//! packs, and the monitor of the one update that may be running.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use lotse_contract::{ApiError, ErrorCode};
use lotse_core::data_folder::{Adoption, DataFolders, MoveError};
use lotse_core::device::folder_use::{FolderBusy, FolderUse};
use lotse_core::favourites::{FavouritesError, FavouritesStore};
use lotse_core::local_data::{delete_all_local_data, open_device_directory};
use lotse_core::packs::PackStore;
use lotse_core::sync::{cache_dir_for, SyncMonitor};
use lotse_core::{CoreError, Directory};
use tauri::{AppHandle, Manager};

/// Overrides the data directory (tests give each app run its own).
pub const DATA_DIR_ENV: &str = "LOTSE_DATA_DIR";

pub struct AppState {
    pub db_path: PathBuf,
    pub monitor: Arc<SyncMonitor>,
    directory: Mutex<Directory>,
    favourites: Mutex<FavouritesStore>,
    /// Installed map detail packs, beside the database.
    pub packs: PackStore,
    /// Pack downloads share the data folder; deleting everything needs it alone.
    pub folder: FolderUse,
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

/// What cannot be done while something else is under way.
#[derive(Debug, thiserror::Error)]
pub enum Busy {
    #[error("an update is running; try again when it has finished")]
    UpdateRunning,
    #[error(transparent)]
    Folder(#[from] FolderBusy),
}

impl From<Busy> for ApiError {
    fn from(err: Busy) -> Self {
        ApiError::new(ErrorCode::InvalidInput, err.to_string())
    }
}

/// Where the database lives: `$LOTSE_DATA_DIR`, else the platform's app data
/// dir (on a desktop: the old identifier's folder while a failed move left
/// the only database there, see [`adopt_old_data_folder`]).
pub fn data_dir(app: &AppHandle) -> Result<PathBuf, StateError> {
    // The same folder the log was started in (desktop); phones ask Tauri.
    match data_dir_before_start() {
        Some(dir) => Ok(dir),
        None => Ok(app.path().app_data_dir()?),
    }
}

/// Move the data folder of the old identifier (`de.lotse.app`) to the new
/// one on the first start of this version. Runs before the window opens,
/// because on Linux the web view keeps its storage in the same folder.
/// Not on phones: there the new identifier is a different app.
pub fn adopt_old_data_folder() -> Option<(DataFolders, Result<Adoption, MoveError>)> {
    let overridden = std::env::var_os(DATA_DIR_ENV).is_some_and(|d| !d.is_empty());
    if overridden || cfg!(mobile) {
        return None;
    }
    let folders = DataFolders::on_this_platform()?;
    let outcome = folders.adopt_old();
    Some((folders, outcome))
}

/// Say in the log what [`adopt_old_data_folder`] did.
pub fn log_adoption(adopted: Option<(DataFolders, Result<Adoption, MoveError>)>) {
    match adopted {
        Some((folders, Ok(Adoption::Moved))) => tracing::info!(
            "moved {} to {}",
            folders.old.display(),
            folders.new.display()
        ),
        Some((_, Err(err))) => tracing::error!("{err}; the old folder stays in use"),
        _ => {}
    }
}

/// The data folder on a desktop, known before the window exists (the log
/// starts there); `None` on phones, where Tauri's path resolver names it.
pub fn data_dir_before_start() -> Option<PathBuf> {
    match std::env::var_os(DATA_DIR_ENV) {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
        _ if cfg!(mobile) => None,
        _ => DataFolders::on_this_platform().map(|f| f.in_use().to_owned()),
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
        let directory = open_directory(&path)?;
        let favourites = FavouritesStore::open(&FavouritesStore::beside(&path))?;
        Ok(Self {
            monitor: SyncMonitor::new(),
            directory: Mutex::new(directory),
            favourites: Mutex::new(favourites),
            packs: PackStore::for_database(&path),
            folder: FolderUse::default(),
            db_path: path,
        })
    }

    pub fn cache_dir(&self) -> PathBuf {
        cache_dir_for(&self.db_path)
    }

    /// Delete every file Lotse keeps and start afresh on the demo directory
    /// (not while an update runs: it has a connection of its own). Both
    /// stores are held while their files go, so no command sees a gap.
    pub fn delete_all_data(&self) -> Result<(), ApiError> {
        // Held to the end: no update and no pack download starts meanwhile.
        let _no_update = self.monitor.begin().ok_or(Busy::UpdateRunning)?;
        let _alone = self.folder.alone().map_err(Busy::Folder)?;
        let mut directory = self.directory()?;
        let mut favourites = self.favourites()?;
        delete_all_local_data(&mut directory, &mut favourites, &self.db_path)?;
        Ok(())
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

/// Open the database, seeding the demo directory on first start.
fn open_directory(path: &Path) -> Result<Directory, StateError> {
    open_device_directory(path).map_err(|source| StateError::Open {
        path: path.to_owned(),
        source,
    })
}
