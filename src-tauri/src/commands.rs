//! Commands: convert the arguments, call the core, map the error. Nothing else.

use std::sync::Arc;

use chrono::Utc;
use lotse_contract::Lang;
use lotse_contract::{
    ApiError, AppInfo, CategoryDto, ContactCodeDto, ContactCodesQuery, MapPackDto, NearbyAnswerDto,
    NearbyQuery, OfferDetailDto, OfferQuery, OfferedPackDto, PlaceDto, SearchRequest,
    SearchResultsDto,
};
use lotse_core::gazetteer::Gazetteer;
use lotse_core::packs;
use lotse_core::taxonomy;
use lotse_tiles::TileServer;
use tauri::{AppHandle, Manager, State, WebviewWindow};

use crate::AppState;

/// How many places the place box suggests.
const PLACE_SUGGESTIONS: usize = 8;

#[tauri::command]
pub fn app_info(
    app: AppHandle,
    window: WebviewWindow,
    state: State<'_, AppState>,
) -> Result<AppInfo, ApiError> {
    let config = app.config();
    let directory = state.directory()?;
    Ok(AppInfo {
        product_name: config.product_name.clone().unwrap_or_default(),
        version: app.package_info().version.to_string(),
        window_title: window.title().unwrap_or_default(),
        offer_count: directory.offer_count()?,
        demo_count: directory.demo_offer_count()?,
    })
}

#[tauri::command]
pub fn list_categories(lang: Lang) -> Vec<CategoryDto> {
    taxonomy::CATEGORIES
        .iter()
        .map(|c| c.to_dto(lang))
        .collect()
}

#[tauri::command]
pub fn nearest(
    query: NearbyQuery,
    lang: Lang,
    state: State<'_, AppState>,
) -> Result<NearbyAnswerDto, ApiError> {
    Ok(state.directory()?.nearby(&query, lang, Utc::now())?)
}

#[tauri::command]
pub fn offer_detail(
    query: OfferQuery,
    lang: Lang,
    state: State<'_, AppState>,
) -> Result<OfferDetailDto, ApiError> {
    Ok(state.directory()?.offer_card(&query, lang, Utc::now())?)
}

/// The listed offers' contacts as QR codes, for the printed list.
#[tauri::command]
pub fn contact_codes(
    query: ContactCodesQuery,
    lang: Lang,
    state: State<'_, AppState>,
) -> Result<Vec<ContactCodeDto>, ApiError> {
    Ok(state.directory()?.contact_codes(&query, lang)?)
}

#[tauri::command]
pub fn search(
    request: SearchRequest,
    lang: Lang,
    state: State<'_, AppState>,
) -> Result<SearchResultsDto, ApiError> {
    let gazetteer = Some(Gazetteer::embedded()?);
    Ok(state
        .directory()?
        .find_everything(&request, gazetteer, lang, Utc::now())?)
}

#[tauri::command]
pub fn find_place(text: String) -> Result<Vec<PlaceDto>, ApiError> {
    let places = Gazetteer::embedded()?.lookup(&text, PLACE_SUGGESTIONS);
    Ok(places.iter().map(|p| p.to_dto()).collect())
}

#[tauri::command]
pub fn list_map_packs(state: State<'_, AppState>) -> Result<Vec<MapPackDto>, ApiError> {
    Ok(state.packs.list()?.iter().map(MapPackDto::from).collect())
}

/// The packs the followed feed offers, from its last verified manifest.
#[tauri::command]
pub fn offered_map_packs(state: State<'_, AppState>) -> Result<Vec<OfferedPackDto>, ApiError> {
    Ok(state.packs.offered(&state.cache_dir())?)
}

/// Download a detail pack listed in the followed feed, on a blocking thread
/// (the HTTP client blocks; the UI stays responsive).
#[tauri::command]
pub async fn download_map_pack(id: String, app: AppHandle) -> Result<MapPackDto, ApiError> {
    crate::data_commands::blocking_task(move || {
        let state = app.state::<AppState>();
        let _sharing = state.folder.share().map_err(crate::state::Busy::from)?;
        // The pin is read under the lock; the download runs without it.
        let pin = packs::feed_pin(&*state.directory()?)?;
        let pack = packs::download_pack(&pin, &state.packs, &id)?;
        crate::tiles::reload(&app.state::<Arc<TileServer>>(), &state.packs);
        Ok(MapPackDto::from(&pack))
    })
    .await
}

#[tauri::command]
pub fn delete_map_pack(
    id: String,
    state: State<'_, AppState>,
    tiles: State<'_, Arc<TileServer>>,
) -> Result<bool, ApiError> {
    let removed = state.packs.delete(&id)?;
    crate::tiles::reload(&tiles, &state.packs);
    Ok(removed)
}
