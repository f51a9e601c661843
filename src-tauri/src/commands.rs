//! Commands: convert the arguments, call the core, map the error. Nothing else.

use std::sync::Arc;

use chrono::Utc;
use lotse_contract::Lang;
use lotse_contract::{
    ApiError, AppInfo, CategoryDto, ErrorCode, MapPackDto, NearbyOfferDto, NearbyQuery,
    OfferDetailDto, OfferQuery, OfferedPackDto, PlaceDto, SearchRequest, SearchResultsDto,
};
use lotse_core::gazetteer::Gazetteer;
use lotse_core::geodesy::checked_point;
use lotse_core::packs::{self, PackDownloader};
use lotse_core::taxonomy;
use lotse_core::NearestQuery;
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
) -> Result<Vec<NearbyOfferDto>, ApiError> {
    let now = Utc::now();
    let query = NearestQuery::try_from(&query)?;
    let directory = state.directory()?;
    let mut list: Vec<_> = directory
        .nearest(&query)?
        .iter()
        .map(|h| h.to_dto(lang, now))
        .collect();
    directory.localize_names(&mut list, lang)?;
    Ok(list)
}

#[tauri::command]
pub fn offer_detail(
    query: OfferQuery,
    lang: Lang,
    state: State<'_, AppState>,
) -> Result<OfferDetailDto, ApiError> {
    let from = query
        .from
        .map(|p| checked_point(p.lat, p.lon))
        .transpose()?;
    state
        .directory()?
        .offer_detail(&query.id, lang, from, Utc::now())?
        .ok_or_else(|| ApiError::new(ErrorCode::NotFound, format!("no offer {}", query.id)))
}

#[tauri::command]
pub fn search(
    request: SearchRequest,
    lang: Lang,
    state: State<'_, AppState>,
) -> Result<SearchResultsDto, ApiError> {
    let gazetteer = Gazetteer::embedded()?;
    let directory = state.directory()?;
    let mut results = directory.find_everything(&request, Some(gazetteer), lang, Utc::now())?;
    directory.localize_names(&mut results.offers, lang)?;
    Ok(results)
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
    let job = move || -> Result<MapPackDto, ApiError> {
        let state = app.state::<AppState>();
        let pin = packs::feed_pin(&*state.directory()?)?;
        let transport = packs::transport_for(&pin.url)?;
        let pack = PackDownloader::new(transport.as_ref()).download(
            &pin,
            &state.packs,
            &id,
            &mut |_| {},
        )?;
        crate::tiles::reload(&app.state::<Arc<TileServer>>(), &state.packs);
        Ok(MapPackDto::from(&pack))
    };
    crate::data_commands::blocking_task(job).await
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
