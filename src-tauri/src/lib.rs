//! The Tauri shell. It owns no logic: it opens the directory, registers the
//! commands and starts the window. Desktop and mobile share this entry point.

mod commands;
mod data_commands;
mod field_commands;
mod first_start;
mod heap_trim;
mod links;
mod logging;
mod opened_file;
mod print;
mod share_sheet;
mod state;
mod sync_commands;
mod tiles;

use tauri::Manager;

pub use state::AppState;

/// Errors that stop the app from starting.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("the app could not start: {0}")]
    Tauri(#[from] tauri::Error),
    #[error("the built-in publishers are malformed: {0}")]
    Publishers(#[from] lotse_core::sync::publishers::PublishersError),
}

#[cfg_attr(mobile, tauri::mobile_entry_point)]
pub fn mobile_main() {
    if let Err(err) = run() {
        eprintln!("lotse-app: {err}");
    }
}

/// The commands the page may call (each is also allowed in
/// `capabilities/main.json` and listed in `build.rs`).
type Handler = Box<dyn Fn(tauri::ipc::Invoke) -> bool + Send + Sync>;

fn command_handler() -> Handler {
    Box::new(tauri::generate_handler![
        commands::app_info,
        commands::list_categories,
        commands::nearest,
        commands::offer_detail,
        commands::contact_codes,
        commands::search,
        commands::find_place,
        field_commands::report_change,
        field_commands::list_reports,
        field_commands::withdraw_report,
        field_commands::list_favourites,
        field_commands::save_favourite,
        field_commands::remove_favourite,
        commands::list_map_packs,
        commands::offered_map_packs,
        commands::download_map_pack,
        commands::delete_map_pack,
        sync_commands::sync_status,
        sync_commands::start_sync,
        sync_commands::wait_for_update,
        sync_commands::set_feed,
        sync_commands::keep_region,
        data_commands::import_bundle_file,
        data_commands::export_bundle_file,
        data_commands::export_favourites,
        data_commands::import_favourites,
        data_commands::storage_info,
        data_commands::delete_all_data,
        links::open_link,
        data_commands::share_offer,
        opened_file::opened_file,
        opened_file::import_opened_file,
        opened_file::dismiss_opened_file,
        opened_file::built_in_publishers,
        opened_file::opened_link,
        print::save_pdf,
        first_start::preview_publisher_feed,
        first_start::follow_publisher,
    ])
}

/// The log in the data folder, started before the window so the start is
/// in it. The data folder of an old identifier moves first; what the move
/// did is logged once the log runs.
fn start_log() -> Option<logging::LogGuard> {
    let adopted = state::adopt_old_data_folder();
    let log = state::data_dir_before_start().map(|dir| logging::init(&dir));
    let guard = match log {
        Some(Ok(guard)) => Some(guard),
        Some(Err(err)) => {
            eprintln!("lotse-app: {err}; no log file");
            None
        }
        None => None,
    };
    state::log_adoption(adopted);
    guard
}

/// What the window's start sets up: the log on phones, the directory, the
/// tile server's packs, the managed state, and the update on start.
fn set_up(
    app: &mut tauri::App,
    log: Option<logging::LogGuard>,
    tile_server: std::sync::Arc<lotse_tiles::TileServer>,
    opened: opened_file::OpenedFiles,
    trimmer: std::sync::Arc<heap_trim::HeapTrimmer>,
) -> Result<(), Box<dyn std::error::Error>> {
    let data_dir = state::data_dir(app.handle())?;
    #[cfg(mobile)]
    if let Ok(guard) = logging::init(&data_dir) {
        app.manage(guard);
    }
    if let Some(guard) = log {
        app.manage(guard);
    }
    // After the single-instance check: a second launch has exited.
    tracing::info!(version = env!("CARGO_PKG_VERSION"), "Lotse starts");
    let state = AppState::open(&data_dir)?;
    tiles::reload(&tile_server, &state.packs);
    let feed_set_up = state
        .directory()
        .ok()
        .and_then(|d| d.sync_status().ok())
        .is_some_and(|s| !s.feed.url.is_empty());
    app.manage(state);
    app.manage(opened);
    if cfg!(mobile) {
        opened_file::hand_phone_links_over(app.handle());
    }
    app.manage(tile_server);
    app.manage(trimmer);
    // The background update on start, when an office's feed is set up.
    if feed_set_up {
        sync_commands::spawn_sync(app.handle());
    }
    Ok(())
}

/// Start Lotse. Blocks until the last window closes.
pub fn run() -> Result<(), StartError> {
    let log = start_log();
    let tile_server = tiles::server();
    let served = std::sync::Arc::clone(&tile_server);
    let trimmer = heap_trim::HeapTrimmer::start();
    let (after_tile, after_command) = (trimmer.clone(), trimmer.clone());
    let handler = command_handler();
    let opened = opened_file::OpenedFiles::new()?;
    if let Ok(cwd) = std::env::current_dir() {
        opened.take_args(std::env::args().skip(1).collect(), &cwd);
    }
    let builder = tauri::Builder::default();
    // First: a second launch hands its arguments over and exits.
    #[cfg(desktop)]
    let builder = builder.plugin(tauri_plugin_single_instance::init(
        opened_file::second_launch,
    ));
    // Phones: the share sheet (called from Rust, src/share_sheet.rs), the
    // position (asked by the window, capabilities/mobile.json) and lotse:
    // links (opened_file::hand_phone_links_over). Not built or run here:
    // see docs/mobile.md.
    #[cfg(mobile)]
    let builder = builder
        .plugin(tauri_plugin_sharekit::init())
        .plugin(tauri_plugin_geolocation::init())
        .plugin(tauri_plugin_deep_link::init());
    builder
        .plugin(tauri_plugin_dialog::init())
        // Links go through `open_link` only; no script in the page opens anything.
        .plugin(
            tauri_plugin_opener::Builder::new()
                .open_js_links_on_click(false)
                .build(),
        )
        .plugin(links::navigation_guard())
        .register_asynchronous_uri_scheme_protocol(
            tiles::SCHEME,
            move |_ctx, request, responder| {
                let (server, trimmer) = (std::sync::Arc::clone(&served), after_tile.clone());
                tauri::async_runtime::spawn_blocking(move || {
                    responder.respond(tiles::respond(&server, &request));
                    trimmer.note_work();
                });
            },
        )
        .setup(move |app| set_up(app, log, tile_server, opened, trimmer))
        // Every command counts as work for the heap trimmer.
        .invoke_handler(move |invoke| {
            let handled = handler(invoke);
            after_command.note_work();
            handled
        })
        .run(tauri::generate_context!())?;
    Ok(())
}
