//! Where a shared offer file goes: on a phone to the system's share sheet
//! (tauri-plugin-sharekit, called from Rust only), on a desktop to the save
//! dialog (a messenger or a USB stick takes the file from there).
//!
//! Both ways are compiled on every target (`cfg!`, not `#[cfg]`), so the
//! phone's call is type-checked by every desktop build; only phones take it.
//! It has not run on a phone (docs/mobile.md).

use std::path::Path;

use lotse_contract::{ApiError, ErrorCode};
use lotse_core::card::ShareFile;
use tauri::{AppHandle, Manager, WebviewWindow};
use tauri_plugin_sharekit::{ShareExt, ShareFileOptions};

use crate::data_commands::save_dialog;
use crate::AppState;

/// Hand `file` over; what the user sees of where it went (a path), or
/// `None` when the dialog was cancelled.
pub fn hand_over(
    app: &AppHandle,
    window: WebviewWindow,
    file: &ShareFile,
) -> Result<Option<String>, ApiError> {
    if cfg!(mobile) {
        let dir = app.state::<AppState>().cache_dir().join("share");
        to_share_sheet(app, window, file, &dir)
    } else {
        save_as(app, file)
    }
}

/// Ask where to save `file` (the directory is not locked meanwhile) and
/// write it there.
fn save_as(app: &AppHandle, file: &ShareFile) -> Result<Option<String>, ApiError> {
    let Some(out) = save_dialog(app, &file.file_name)? else {
        return Ok(None);
    };
    file.write_to(&out)?;
    Ok(Some(out.display().to_string()))
}

/// Write `file` into `dir` (the plugin copies it into the cache folder its
/// file provider shares) and open the share sheet with it.
fn to_share_sheet(
    app: &AppHandle,
    window: WebviewWindow,
    file: &ShareFile,
    dir: &Path,
) -> Result<Option<String>, ApiError> {
    let storage =
        |e: std::io::Error| ApiError::new(ErrorCode::Storage, format!("{}: {e}", dir.display()));
    std::fs::create_dir_all(dir).map_err(storage)?;
    let path = dir.join(&file.file_name);
    file.write_to(&path)?;
    // iOS reads a URL, Android a path or a file:// URL.
    let url = tauri::Url::from_file_path(&path).map_err(|()| {
        ApiError::new(
            ErrorCode::Internal,
            format!("no file URL for {}", path.display()),
        )
    })?;
    let options = ShareFileOptions {
        mime_type: Some(file.mime.to_owned()),
        title: Some(file.file_name.clone()),
        position: None,
    };
    app.share()
        .share_file(window, url.to_string(), options)
        .map_err(|e| ApiError::new(ErrorCode::Unavailable, format!("share sheet: {e}")))?;
    Ok(Some(file.file_name.clone()))
}
