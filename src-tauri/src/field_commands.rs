//! Commands for working in the field: reports of a changed detail.

use lotse_contract::{ApiError, ErrorCode, FavouriteDto, ReportDraft, ReportDto};
use lotse_core::clock::{timestamp, SystemClock};
use tauri::State;

use crate::AppState;

#[tauri::command]
pub fn report_change(
    draft: ReportDraft,
    state: State<'_, AppState>,
) -> Result<ReportDto, ApiError> {
    Ok(state.directory()?.report_change(&draft, &SystemClock)?)
}

#[tauri::command]
pub fn list_reports(state: State<'_, AppState>) -> Result<Vec<ReportDto>, ApiError> {
    Ok(state.directory()?.reports()?)
}

#[tauri::command]
pub fn withdraw_report(id: i64, state: State<'_, AppState>) -> Result<(), ApiError> {
    Ok(state.directory()?.withdraw_correction(id)?)
}

#[tauri::command]
pub fn list_favourites(state: State<'_, AppState>) -> Result<Vec<FavouriteDto>, ApiError> {
    let favourites = state.favourites()?;
    Ok(state.directory()?.favourites_view(&favourites)?)
}

#[tauri::command]
pub fn save_favourite(
    offer_id: String,
    note: String,
    state: State<'_, AppState>,
) -> Result<(), ApiError> {
    let offer = state.directory()?.offer(&offer_id)?;
    let offer =
        offer.ok_or_else(|| ApiError::new(ErrorCode::NotFound, format!("no offer {offer_id}")))?;
    state
        .favourites()?
        .save(&offer_id, &offer.name, &note, &timestamp(&SystemClock))?;
    Ok(())
}

#[tauri::command]
pub fn remove_favourite(offer_id: String, state: State<'_, AppState>) -> Result<bool, ApiError> {
    Ok(state.favourites()?.remove(&offer_id)?)
}
