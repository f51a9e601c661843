//! Generates the Tauri context from `tauri.conf.json` (a symlink to the file at
//! the repository root) and the `allow-*` permissions of Lotse's own commands.

const COMMANDS: &[&str] = &[
    "app_info",
    "list_categories",
    "nearest",
    "offer_detail",
    "contact_codes",
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
    "opened_file",
    "import_opened_file",
    "dismiss_opened_file",
    "built_in_publishers",
    "opened_link",
    "save_pdf",
    "preview_publisher_feed",
    "follow_publisher",
];

/// The publishers this build trusts: `config/publishers.toml`, or the file
/// named by `LOTSE_PUBLISHERS_FILE` (the end-to-end tests' own publisher).
/// A file that is not valid TOML with a name and key per publisher fails
/// the build; the keys themselves are checked by the shell's unit test and
/// again at start.
fn publishers() -> std::path::PathBuf {
    println!("cargo:rerun-if-env-changed=LOTSE_PUBLISHERS_FILE");
    // Read when the script runs (not baked in when it is compiled): a build
    // script compiled for another checkout sharing the target folder must
    // read this checkout's files.
    let manifest_dir =
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = std::path::Path::new(&manifest_dir).join("..");
    let path = std::env::var_os("LOTSE_PUBLISHERS_FILE")
        .map(std::path::PathBuf::from)
        .map(|p| if p.is_absolute() { p } else { root.join(p) })
        .unwrap_or_else(|| root.join("config/publishers.toml"));
    println!("cargo:rerun-if-changed={}", path.display());
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let table: toml::Table = text
        .parse()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let list = table.get("publisher").and_then(toml::Value::as_array);
    for (i, entry) in list.into_iter().flatten().enumerate() {
        for field in ["name", "key"] {
            if entry.get(field).and_then(toml::Value::as_str).is_none() {
                panic!("{}: publisher {} has no `{field}`", path.display(), i + 1);
            }
        }
    }
    path
}

fn main() {
    println!("cargo:rerun-if-changed=../tauri.conf.json");
    let publishers = publishers();
    println!(
        "cargo:rustc-env=LOTSE_PUBLISHERS_PATH={}",
        publishers.display()
    );
    let manifest = tauri_build::AppManifest::new().commands(COMMANDS);
    if let Err(err) = tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
    {
        panic!("tauri-build failed: {err:#}");
    }
}
