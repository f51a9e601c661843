//! Keeping the directory current and the device's data: updates, the feed,
//! regions, bundles and favourites files (through the native dialog), map
//! packs, storage sizes, and deleting everything.

use lotse_contract::{
    commands, ApiError, FeedLinkDto, FeedRegionDto, FeedSetupDto, MapPackDto, OfferedPackDto,
    OpenedFileDto, PublisherDto, StorageDto, SyncStatusDto, OPENED_FILE_EVENT,
};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::{invoke, NoArgs};

#[derive(Serialize)]
struct SetupArg<'a> {
    setup: &'a FeedSetupDto,
}

#[derive(Serialize)]
struct RegionArgs<'a> {
    id: &'a str,
    keep: bool,
}

#[derive(Serialize)]
struct PackArg<'a> {
    id: &'a str,
}

pub async fn sync_status() -> Result<SyncStatusDto, ApiError> {
    invoke(commands::SYNC_STATUS, &NoArgs {}).await
}

#[derive(Serialize)]
struct SeenArg {
    seen: u64,
}

/// The status once more than `seen` updates have ended, or after a while.
pub async fn wait_for_update(seen: u64) -> Result<SyncStatusDto, ApiError> {
    invoke(commands::WAIT_FOR_UPDATE, &SeenArg { seen }).await
}

/// Start an update; `false` when one is running already.
pub async fn start_sync() -> Result<bool, ApiError> {
    invoke(commands::START_SYNC, &NoArgs {}).await
}

pub async fn set_feed(setup: &FeedSetupDto) -> Result<bool, ApiError> {
    invoke(commands::SET_FEED, &SetupArg { setup }).await
}

pub async fn keep_region(id: &str, keep: bool) -> Result<bool, ApiError> {
    invoke(commands::KEEP_REGION, &RegionArgs { id, keep }).await
}

/// Choose a directory file; it then waits for confirmation (see
/// [`opened_file`]). `false` when cancelled.
pub async fn import_bundle_file() -> Result<bool, ApiError> {
    invoke(commands::IMPORT_BUNDLE, &NoArgs {}).await
}

/// The directory file waiting for confirmation, if any.
pub async fn opened_file() -> Result<Option<OpenedFileDto>, ApiError> {
    invoke(commands::OPENED_FILE, &NoArgs {}).await
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TrustArg {
    trust_key: bool,
}

/// Import the waiting file (an unknown publisher's key only with `trust_key`);
/// `false` when an update runs already.
pub async fn import_opened_file(trust_key: bool) -> Result<bool, ApiError> {
    invoke(commands::IMPORT_OPENED_FILE, &TrustArg { trust_key }).await
}

pub async fn dismiss_opened_file() -> Result<(), ApiError> {
    invoke(commands::DISMISS_OPENED_FILE, &NoArgs {}).await
}

/// The `lotse://feed` link waiting for confirmation, if any.
pub async fn opened_link() -> Result<Option<FeedLinkDto>, ApiError> {
    invoke(commands::OPENED_LINK, &NoArgs {}).await
}

pub async fn built_in_publishers() -> Result<Vec<PublisherDto>, ApiError> {
    invoke(commands::BUILT_IN_PUBLISHERS, &NoArgs {}).await
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PreviewArgs<'a> {
    publisher_key: &'a str,
    near: Option<(f64, f64)>,
}

/// The regions a built-in publisher's feed offers, nearest to `near`
/// (lat, lon) first; fetched now.
pub async fn preview_publisher_feed(
    publisher_key: &str,
    near: Option<(f64, f64)>,
) -> Result<Vec<FeedRegionDto>, ApiError> {
    let args = PreviewArgs {
        publisher_key,
        near,
    };
    invoke(commands::PREVIEW_PUBLISHER_FEED, &args).await
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FollowArgs<'a> {
    publisher_key: &'a str,
    region: &'a str,
}

/// Follow a built-in publisher's feed for `region` and start the update.
pub async fn follow_publisher(publisher_key: &str, region: &str) -> Result<bool, ApiError> {
    let args = FollowArgs {
        publisher_key,
        region,
    };
    invoke(commands::FOLLOW_PUBLISHER, &args).await
}

#[wasm_bindgen]
extern "C" {
    /// `window.__TAURI__.event.listen`.
    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "event"], js_name = listen, catch)]
    async fn tauri_listen(
        event: &str,
        handler: &Closure<dyn Fn(JsValue)>,
    ) -> Result<JsValue, JsValue>;
}

/// Call `on_open` whenever a directory file is opened while Lotse runs (a
/// second launch with a path). Listens for the app's lifetime.
pub async fn on_opened_file(on_open: impl Fn() + 'static) {
    let handler = Closure::<dyn Fn(JsValue)>::new(move |_| on_open());
    if tauri_listen(OPENED_FILE_EVENT, &handler).await.is_ok() {
        handler.forget();
    }
}

/// Save this device's directory as a bundle; the file written, if any.
pub async fn export_bundle_file() -> Result<Option<String>, ApiError> {
    invoke(commands::EXPORT_BUNDLE, &NoArgs {}).await
}

pub async fn export_favourites() -> Result<Option<String>, ApiError> {
    invoke(commands::EXPORT_FAVOURITES, &NoArgs {}).await
}

/// Merge a favourites file; how many were added or updated.
pub async fn import_favourites() -> Result<Option<u64>, ApiError> {
    invoke(commands::IMPORT_FAVOURITES, &NoArgs {}).await
}

pub async fn list_map_packs() -> Result<Vec<MapPackDto>, ApiError> {
    invoke(commands::LIST_MAP_PACKS, &NoArgs {}).await
}

/// The packs the followed feed offers (known offline from the last update).
pub async fn offered_map_packs() -> Result<Vec<OfferedPackDto>, ApiError> {
    invoke(commands::OFFERED_MAP_PACKS, &NoArgs {}).await
}

/// Download a pack the feed offers, verified against the signed manifest.
pub async fn download_map_pack(id: &str) -> Result<MapPackDto, ApiError> {
    invoke(commands::DOWNLOAD_MAP_PACK, &PackArg { id }).await
}

pub async fn delete_map_pack(id: &str) -> Result<bool, ApiError> {
    invoke(commands::DELETE_MAP_PACK, &PackArg { id }).await
}

pub async fn storage_info() -> Result<StorageDto, ApiError> {
    invoke(commands::STORAGE_INFO, &NoArgs {}).await
}

/// Delete every file Lotse keeps, and what this window stored.
pub async fn delete_all_data() -> Result<(), ApiError> {
    invoke::<_, ()>(commands::DELETE_ALL_DATA, &NoArgs {}).await?;
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = storage.clear();
    }
    Ok(())
}
