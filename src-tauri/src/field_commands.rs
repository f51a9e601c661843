//! Commands for working in the field: reports of a changed detail.

use lotse_contract::{ApiError, ReportDraft, ReportDto};
use lotse_core::sync::clock::SystemClock;
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
