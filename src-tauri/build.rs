//! Generates the Tauri context from `tauri.conf.json` (a symlink to the file at
//! the repository root) and the `allow-*` permissions of Lotse's own commands.

const COMMANDS: &[&str] = &[
    "app_info",
    "list_categories",
    "nearest",
    "offer_detail",
    "search",
    "find_place",
    "report_change",
    "list_reports",
    "withdraw_report",
    "list_favourites",
    "save_favourite",
    "remove_favourite",
    "list_map_packs",
    "offered_map_packs",
    "download_map_pack",
    "delete_map_pack",
    "sync_status",
    "start_sync",
    "wait_for_update",
    "set_feed",
    "keep_region",
    "import_bundle_file",
    "export_bundle_file",
    "export_favourites",
    "import_favourites",
    "storage_info",
    "delete_all_data",
    "open_link",
    "share_offer",
];

fn main() {
    println!("cargo:rerun-if-changed=../tauri.conf.json");
    let manifest = tauri_build::AppManifest::new().commands(COMMANDS);
    if let Err(err) = tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
    {
        panic!("tauri-build failed: {err:#}");
    }
}
