//! The Tauri shell. It owns no logic: it opens the directory, registers the
//! commands and starts the window. Desktop and mobile share this entry point.

mod commands;
mod field_commands;
mod state;

use tauri::Manager;

pub use state::AppState;

/// Errors that stop the app from starting.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("the app could not start: {0}")]
    Tauri(#[from] tauri::Error),
}

#[cfg_attr(mobile, tauri::mobile_entry_point)]
pub fn mobile_main() {
    if let Err(err) = run() {
        eprintln!("lotse-app: {err}");
    }
}

/// Start Lotse. Blocks until the last window closes.
pub fn run() -> Result<(), StartError> {
    tauri::Builder::default()
        .setup(|app| {
            let state = AppState::open(&state::data_dir(app.handle())?)?;
            app.manage(state);
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::list_categories,
            commands::nearest,
            commands::offer_detail,
            commands::search,
            commands::find_place,
            field_commands::report_change,
            field_commands::list_reports,
            field_commands::withdraw_report,
            field_commands::list_favourites,
            field_commands::save_favourite,
            field_commands::remove_favourite,
        ])
        .run(tauri::generate_context!())?;
    Ok(())
}
