//! Commands for keeping the directory current: the update status, starting
//! an update, the feed an office runs, and which regions stay offline.
//! Updates run on a worker thread with their own connection; the screens
//! poll `sync_status` for progress.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use lotse_contract::{ApiError, FeedSetupDto, SyncChangesDto, SyncProgressDto, SyncStatusDto};
use lotse_core::feed::FeedError;
use lotse_core::sync::{problem_of, run_on_worker, run_sync, RunTicket, SystemClock};
use lotse_core::Directory;
use tauri::{AppHandle, Manager, State};

use crate::data_commands::blocking_task;
use crate::heap_trim::HeapTrimmer;
use crate::AppState;

/// The longest one `wait_for_update` call waits.
const WAIT_FOR_UPDATE: Duration = Duration::from_secs(25);

/// Run one update `job` (a sync or a bundle import) under `ticket`, on its
/// own connection (see [`run_on_worker`]); then the window's connection does
/// what the core decided for its index, and the outcome is recorded for the
/// status.
pub fn run_update(
    app: &AppHandle,
    ticket: RunTicket,
    job: impl FnOnce(
        &mut Directory,
        PathBuf,
        &mut dyn FnMut(SyncProgressDto),
    ) -> Result<SyncChangesDto, FeedError>,
) {
    let state = app.state::<AppState>();
    let run = run_on_worker(&state.db_path, &mut |p| ticket.progress(p), job);
    if let Ok(directory) = state.directory() {
        run.window.apply_to(&directory);
    }
    match &run.outcome {
        Ok(c) => tracing::info!(
            updated = c.updated,
            removed = c.removed,
            bytes = c.bytes,
            unchanged = c.unchanged,
            "update finished"
        ),
        Err(e) => tracing::warn!("update failed: {e}"),
    }
    ticket.finish(run.outcome.map_err(|e| problem_of(&e)));
    if let Some(trimmer) = app.try_state::<Arc<HeapTrimmer>>() {
        trimmer.note_work();
    }
}

/// Start an update in the background; `false` when one is running already.
pub fn spawn_sync(app: &AppHandle) -> bool {
    let Some(ticket) = app.state::<AppState>().monitor.begin() else {
        return false;
    };
    let app = app.clone();
    std::thread::spawn(move || {
        run_update(&app, ticket, |db, cache_dir, progress| {
            run_sync(db, cache_dir, &SystemClock, progress).map(|o| o.changes())
        });
    });
    true
}

#[tauri::command]
pub fn sync_status(state: State<'_, AppState>) -> Result<SyncStatusDto, ApiError> {
    let run = state.monitor.snapshot();
    Ok(state
        .directory()?
        .sync_status_view(&state.cache_dir(), run)?)
}

/// Answer once more than `seen` updates have ended (or after a while, with
/// nothing new), so the screens reload the moment an update ends.
#[tauri::command]
pub async fn wait_for_update(seen: u64, app: AppHandle) -> Result<SyncStatusDto, ApiError> {
    let monitor = app.state::<AppState>().monitor.clone();
    blocking_task(move || Ok(monitor.wait_for_run_end(seen, WAIT_FOR_UPDATE))).await?;
    sync_status(app.state::<AppState>())
}

#[tauri::command]
pub fn start_sync(app: AppHandle) -> bool {
    spawn_sync(&app)
}

/// Follow an office's feed (and keep its reporter token), then update.
#[tauri::command]
pub fn set_feed(setup: FeedSetupDto, app: AppHandle) -> Result<bool, ApiError> {
    {
        let state = app.state::<AppState>();
        let mut directory = state.directory()?;
        directory.follow_feed(&setup.url, &setup.publisher_key)?;
        if let Some(token) = &setup.reporter_token {
            directory.set_reporter_token(Some(token))?;
        }
    }
    Ok(spawn_sync(&app))
}

/// Keep a region offline (and fetch it now), or let it go.
#[tauri::command]
pub fn keep_region(id: String, keep: bool, app: AppHandle) -> Result<bool, ApiError> {
    let state = app.state::<AppState>();
    let mut directory = state.directory()?;
    if keep {
        directory.subscribe_regions(&[id])?;
        drop(directory);
        return Ok(spawn_sync(&app));
    }
    directory.unsubscribe_region(&id)?;
    Ok(false)
}
