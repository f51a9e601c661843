//! Commands that move data in and out through the native file dialog:
//! directory bundles and the favourites file; and the device's storage
//! (sizes, delete everything). The dialog runs from Rust, so the window
//! itself needs no file-system or dialog permission.

use std::path::PathBuf;

use chrono::Utc;
use lotse_contract::{ApiError, ErrorCode, Lang, ShareRequest, StorageDto};
use lotse_core::clock::{timestamp, SystemClock};
use lotse_core::favourites::FavouritesFile;
use lotse_core::sync::device_bundle::export_device_bundle;
use tauri::{AppHandle, Manager, State, WebviewWindow};
use tauri_plugin_dialog::DialogExt;

use crate::opened_file::OpenedFiles;
use crate::share_sheet;
use crate::AppState;

const BUNDLE_EXTENSIONS: &[&str] = &["lotse", "tar"];

/// The path the user chose in a native dialog; `None` when cancelled.
pub(crate) fn picked(
    path: Option<tauri_plugin_dialog::FilePath>,
) -> Result<Option<PathBuf>, ApiError> {
    path.map(|p| {
        p.into_path()
            .map_err(|e| ApiError::new(ErrorCode::InvalidInput, format!("chosen file: {e}")))
    })
    .transpose()
}

fn open_dialog(
    app: &AppHandle,
    what: &str,
    extensions: &[&str],
) -> Result<Option<PathBuf>, ApiError> {
    picked(
        app.dialog()
            .file()
            .add_filter(what, extensions)
            .blocking_pick_file(),
    )
}

pub(crate) fn save_dialog(app: &AppHandle, name: &str) -> Result<Option<PathBuf>, ApiError> {
    picked(app.dialog().file().set_file_name(name).blocking_save_file())
}

/// Run `job` on a blocking thread (dialogs and HTTP block; the UI stays responsive).
pub(crate) async fn blocking_task<T: Send + 'static>(
    job: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tauri::async_runtime::spawn_blocking(job)
        .await
        .map_err(|e| ApiError::new(ErrorCode::Internal, format!("worker: {e}")))?
}

/// Choose a directory file; it then waits for the user's confirmation (who
/// signed it, what it holds) like a file opened from outside. `false` when
/// the dialog was cancelled.
#[tauri::command]
pub async fn import_bundle_file(app: AppHandle) -> Result<bool, ApiError> {
    blocking_task(move || {
        let Some(file) = open_dialog(&app, "Lotse bundle", BUNDLE_EXTENSIONS)? else {
            return Ok(false);
        };
        app.state::<OpenedFiles>().set(file);
        Ok(true)
    })
    .await
}

/// Write this device's directory as a bundle where the user chooses.
#[tauri::command]
pub async fn export_bundle_file(app: AppHandle) -> Result<Option<String>, ApiError> {
    blocking_task(move || {
        let name = format!("lotse-{}.lotse", Utc::now().format("%Y-%m-%d"));
        let Some(out) = save_dialog(&app, &name)? else {
            return Ok(None);
        };
        let state = app.state::<AppState>();
        let report = export_device_bundle(&*state.directory()?, &state.cache_dir(), &out)?;
        Ok(Some(report.file))
    })
    .await
}

/// Share an offer as a text, contact (.vcf) or QR code (.png) file: to the
/// share sheet on a phone, to the save dialog on a desktop (`None` when it
/// was cancelled).
#[tauri::command]
pub async fn share_offer(
    app: AppHandle,
    window: WebviewWindow,
    request: ShareRequest,
    lang: Lang,
) -> Result<Option<String>, ApiError> {
    blocking_task(move || {
        let state = app.state::<AppState>();
        let file = state
            .directory()?
            .share_file(&request.id, request.kind, lang, Utc::now())?;
        share_sheet::hand_over(&app, window, &file)
    })
    .await
}

#[tauri::command]
pub async fn export_favourites(app: AppHandle) -> Result<Option<String>, ApiError> {
    blocking_task(move || {
        let Some(out) = save_dialog(&app, "lotse-favourites.json")? else {
            return Ok(None);
        };
        let favourites = app.state::<AppState>().favourites()?.list()?;
        FavouritesFile::new(favourites, &timestamp(&SystemClock)).write(&out)?;
        Ok(Some(out.display().to_string()))
    })
    .await
}

/// Merge a favourites file; the number of favourites added or updated.
#[tauri::command]
pub async fn import_favourites(app: AppHandle) -> Result<Option<u64>, ApiError> {
    blocking_task(move || {
        let Some(file) = open_dialog(&app, "Lotse favourites", &["json"])? else {
            return Ok(None);
        };
        let incoming = FavouritesFile::read(&file)?;
        let merged = app
            .state::<AppState>()
            .favourites()?
            .merge(&incoming.favourites)?;
        Ok(Some(merged as u64))
    })
    .await
}

#[tauri::command]
pub fn storage_info(state: State<'_, AppState>) -> StorageDto {
    lotse_core::local_data::storage_sizes(&state.db_path)
}

/// Delete every file Lotse keeps and start afresh on the demo directory.
#[tauri::command]
pub fn delete_all_data(state: State<'_, AppState>) -> Result<(), ApiError> {
    state.delete_all_data()
}
