//! Commands for keeping the directory current: the update status, starting
//! an update, the feed an office runs, and which regions stay offline.
//! Updates run on a worker thread with their own connection; the screens
//! poll `sync_status` for progress.

use lotse_contract::{ApiError, FeedSetupDto, SyncStatusDto};
use lotse_core::sync::{problem_of, run_sync, SystemClock};
use lotse_core::Directory;
use tauri::{AppHandle, Manager, State};

use crate::AppState;

/// Start an update in the background; `false` when one is running already.
pub fn spawn_sync(app: &AppHandle) -> bool {
    let state = app.state::<AppState>();
    let Some(ticket) = state.monitor.begin() else {
        return false;
    };
    let (db_path, cache_dir, app) = (state.db_path.clone(), state.cache_dir(), app.clone());
    std::thread::spawn(move || {
        let outcome = Directory::open(&db_path)
            .map_err(Into::into)
            .and_then(|mut db| {
                run_sync(&mut db, cache_dir, &SystemClock, &mut |p| {
                    ticket.progress(p)
                })
            });
        if let Ok(directory) = app.state::<AppState>().directory() {
            directory.forget_cached_index();
        }
        ticket.finish(outcome.map(|o| o.changes()).map_err(|e| problem_of(&e)));
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
