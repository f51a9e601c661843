//! The only module that talks to the shell. Typed calls over the shared
//! contract; every failure comes back as an [`ApiError`].

use lotse_contract::{
    commands, ApiError, AppInfo, CategoryDto, ErrorCode, NearbyOfferDto, NearbyQuery,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `window.__TAURI__.core.invoke` (the shell sets `app.withGlobalTauri`).
    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "core"], js_name = invoke, catch)]
    async fn tauri_invoke(cmd: &str, args: JsValue) -> Result<JsValue, JsValue>;
}

async fn invoke<A: Serialize, T: DeserializeOwned>(cmd: &str, args: &A) -> Result<T, ApiError> {
    let args = args
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| {
            ApiError::new(
                ErrorCode::Internal,
                format!("cannot encode arguments of {cmd}: {e}"),
            )
        })?;
    match tauri_invoke(cmd, args).await {
        Ok(value) => serde_wasm_bindgen::from_value(value).map_err(|e| {
            ApiError::new(
                ErrorCode::Internal,
                format!("unexpected reply from {cmd}: {e}"),
            )
        }),
        Err(thrown) => Err(serde_wasm_bindgen::from_value::<ApiError>(thrown.clone())
            .unwrap_or_else(|_| {
                let text = thrown.as_string().unwrap_or_else(|| format!("{thrown:?}"));
                ApiError::new(ErrorCode::Internal, format!("{cmd} failed: {text}"))
            })),
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LangArgs<'a> {
    lang_tag: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NearestArgs<'a> {
    query: &'a NearbyQuery,
    lang_tag: &'a str,
}

#[derive(Serialize)]
struct NoArgs {}

pub async fn app_info() -> Result<AppInfo, ApiError> {
    invoke(commands::APP_INFO, &NoArgs {}).await
}

pub async fn list_categories(lang_tag: String) -> Result<Vec<CategoryDto>, ApiError> {
    invoke(
        commands::LIST_CATEGORIES,
        &LangArgs {
            lang_tag: &lang_tag,
        },
    )
    .await
}

pub async fn nearest(
    query: NearbyQuery,
    lang_tag: String,
) -> Result<Vec<NearbyOfferDto>, ApiError> {
    invoke(
        commands::NEAREST,
        &NearestArgs {
            query: &query,
            lang_tag: &lang_tag,
        },
    )
    .await
}

/// The system's UI language, e.g. `de-DE`.
pub fn system_language() -> String {
    web_sys::window()
        .and_then(|w| w.navigator().language())
        .unwrap_or_else(|| "de".to_owned())
}

/// Set the document title (the window title comes from `tauri.conf.json`).
pub fn set_document_title(title: &str) {
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        doc.set_title(title);
    }
}
