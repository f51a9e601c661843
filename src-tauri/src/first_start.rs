//! The welcome on a fresh device: what a publisher built into this build
//! offers (fetched now, nearest region first), and following one region.

use lotse_contract::{ApiError, FeedRegionDto};
use lotse_core::geodesy::checked_point;
use lotse_core::sync::first_start::{built_in, preview_feed};
use tauri::{AppHandle, Manager};

use crate::data_commands::blocking_task;
use crate::opened_file::OpenedFiles;
use crate::sync_commands::spawn_sync;
use crate::AppState;

/// The regions of a built-in publisher's feed; `near` is `(lat, lon)`.
#[tauri::command]
pub async fn preview_publisher_feed(
    app: AppHandle,
    publisher_key: String,
    near: Option<(f64, f64)>,
) -> Result<Vec<FeedRegionDto>, ApiError> {
    blocking_task(move || {
        let near = near.map(|(lat, lon)| checked_point(lat, lon)).transpose()?;
        let opened = app.state::<OpenedFiles>();
        Ok(preview_feed(
            built_in(&opened.publishers, &publisher_key)?,
            near,
        )?)
    })
    .await
}

/// Follow a built-in publisher's feed for one region, then update.
#[tauri::command]
pub fn follow_publisher(
    app: AppHandle,
    publisher_key: String,
    region: String,
) -> Result<bool, ApiError> {
    let opened = app.state::<OpenedFiles>();
    let publisher = built_in(&opened.publishers, &publisher_key)?;
    let state = app.state::<AppState>();
    state
        .directory()?
        .follow_publisher_region(publisher, &region)?;
    Ok(spawn_sync(&app))
}
