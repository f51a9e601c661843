//! All I/O of the UI, in one module: typed calls to the shell over the shared
//! contract (every failure comes back as an [`ApiError`]), and the few browser
//! APIs the UI needs (storage, geolocation, clipboard, the document).
//! The user's position is only ever passed to the local shell.

use lotse_contract::{
    commands, ApiError, AppInfo, CategoryDto, ContactCodeDto, ContactCodesQuery, ErrorCode,
    FavouriteDto, Lang, NearbyAnswerDto, NearbyQuery, OfferDetailDto, OfferQuery, PlaceDto,
    ReportDraft, ReportDto, SearchRequest, SearchResultsDto, ShareRequest,
};
mod data;
mod position;

pub use data::*;
pub use position::{device_position, PositionError};

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    /// `window.__TAURI__.core.invoke` (the shell sets `app.withGlobalTauri`).
    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "core"], js_name = invoke, catch)]
    async fn tauri_invoke(cmd: &str, args: JsValue) -> Result<JsValue, JsValue>;
}

pub(crate) async fn invoke<A: Serialize, T: DeserializeOwned>(
    cmd: &str,
    args: &A,
) -> Result<T, ApiError> {
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
struct LangArgs {
    lang: Lang,
}

#[derive(Serialize)]
struct WithLang<T: Serialize> {
    #[serde(flatten)]
    args: T,
    lang: Lang,
}

#[derive(Serialize)]
pub(crate) struct NoArgs {}

#[derive(Serialize)]
struct QueryArg<'a, T> {
    query: &'a T,
}

#[derive(Serialize)]
struct RequestArg<'a, T> {
    request: &'a T,
}

#[derive(Serialize)]
struct TextArg<'a> {
    text: &'a str,
}

pub async fn app_info() -> Result<AppInfo, ApiError> {
    invoke(commands::APP_INFO, &NoArgs {}).await
}

pub async fn list_categories(lang: Lang) -> Result<Vec<CategoryDto>, ApiError> {
    invoke(commands::LIST_CATEGORIES, &LangArgs { lang }).await
}

/// The Nearby page's one call: the list and the map's wider set.
pub async fn nearest(query: &NearbyQuery, lang: Lang) -> Result<NearbyAnswerDto, ApiError> {
    let args = WithLang {
        args: QueryArg { query },
        lang,
    };
    invoke(commands::NEAREST, &args).await
}

pub async fn offer_detail(query: &OfferQuery, lang: Lang) -> Result<OfferDetailDto, ApiError> {
    let args = WithLang {
        args: QueryArg { query },
        lang,
    };
    invoke(commands::OFFER_DETAIL, &args).await
}

pub async fn search(request: &SearchRequest, lang: Lang) -> Result<SearchResultsDto, ApiError> {
    let args = WithLang {
        args: RequestArg { request },
        lang,
    };
    invoke(commands::SEARCH, &args).await
}

#[derive(Serialize)]
struct HrefArg<'a> {
    href: &'a str,
}

/// Hand a checked `tel:`, `mailto:`, `https:` or `geo:` link to the system
/// (dialer, mail app, browser, map app). The window itself stays on Lotse.
pub async fn open_link(href: &str) -> Result<(), ApiError> {
    invoke(commands::OPEN_LINK, &HrefArg { href }).await
}

/// Share an offer as a file; the path it was saved to, `None` when cancelled.
pub async fn share_offer(request: &ShareRequest, lang: Lang) -> Result<Option<String>, ApiError> {
    let args = WithLang {
        args: RequestArg { request },
        lang,
    };
    invoke(commands::SHARE_OFFER, &args).await
}

#[derive(Serialize)]
struct NameArg<'a> {
    name: &'a str,
}

/// Save the page as laid out for print to a PDF the user names; the path
/// written, `None` when the dialog was cancelled.
pub async fn save_pdf(name: &str) -> Result<Option<String>, ApiError> {
    invoke(commands::SAVE_PDF, &NameArg { name }).await
}

#[derive(Serialize)]
struct CodesArgs<'a> {
    query: &'a ContactCodesQuery,
    lang: Lang,
}

/// The listed offers' contacts as QR codes, for the printed list.
pub async fn contact_codes(
    query: &ContactCodesQuery,
    lang: Lang,
) -> Result<Vec<ContactCodeDto>, ApiError> {
    invoke(commands::CONTACT_CODES, &CodesArgs { query, lang }).await
}

/// Resolves at the next frame: by then the page shows what was just set.
pub async fn next_frame() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window.request_animation_frame(&resolve);
    });
    let _ = JsFuture::from(promise).await;
}

/// The system's print dialog for the page (the print style lays it out).
pub fn print_page() {
    if let Some(window) = web_sys::window() {
        let _ = window.print();
    }
}

pub async fn find_place(text: &str) -> Result<Vec<PlaceDto>, ApiError> {
    invoke(commands::FIND_PLACE, &TextArg { text }).await
}

#[derive(Serialize)]
struct DraftArg<'a> {
    draft: &'a ReportDraft,
}

#[derive(Serialize)]
struct IdArg {
    id: i64,
}

pub async fn report_change(draft: &ReportDraft) -> Result<ReportDto, ApiError> {
    invoke(commands::REPORT_CHANGE, &DraftArg { draft }).await
}

pub async fn list_reports() -> Result<Vec<ReportDto>, ApiError> {
    invoke(commands::LIST_REPORTS, &NoArgs {}).await
}

pub async fn withdraw_report(id: i64) -> Result<(), ApiError> {
    invoke(commands::WITHDRAW_REPORT, &IdArg { id }).await
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FavouriteArgs<'a> {
    offer_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
}

pub async fn list_favourites() -> Result<Vec<FavouriteDto>, ApiError> {
    invoke(commands::LIST_FAVOURITES, &NoArgs {}).await
}

pub async fn save_favourite(offer_id: &str, note: &str) -> Result<(), ApiError> {
    invoke(
        commands::SAVE_FAVOURITE,
        &FavouriteArgs {
            offer_id,
            note: Some(note),
        },
    )
    .await
}

pub async fn remove_favourite(offer_id: &str) -> Result<bool, ApiError> {
    invoke(
        commands::REMOVE_FAVOURITE,
        &FavouriteArgs {
            offer_id,
            note: None,
        },
    )
    .await
}

/// The system's preferred languages, most preferred first (`de-DE`, …).
pub fn system_languages() -> Vec<String> {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return Vec::new();
    };
    let mut tags: Vec<String> = navigator
        .languages()
        .iter()
        .filter_map(|v| v.as_string())
        .collect();
    if tags.is_empty() {
        tags.extend(navigator.language());
    }
    tags
}

/// Set the document title (the window title comes from `tauri.conf.json`).
pub fn set_document_title(title: &str) {
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        doc.set_title(title);
    }
}

/// Record, once, how many milliseconds after the page started the first list
/// of offers was shown (`<html data-first-list-ms>`), for the start-up bench.
pub fn mark_first_list() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let root = window.document().and_then(|d| d.document_element());
    if let (Some(root), Some(perf)) = (root, window.performance()) {
        if !root.has_attribute("data-first-list-ms") {
            let _ = root.set_attribute("data-first-list-ms", &format!("{:.0}", perf.now()));
        }
    }
}

/// `<html lang=… dir=…>`: the whole layout follows the UI language.
pub fn set_document_language(lang: &str, dir: &str) {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element());
    if let Some(root) = root {
        let _ = root.set_attribute("lang", lang);
        let _ = root.set_attribute("dir", dir);
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// A value this app stored on this device, if any.
pub fn storage_get(key: &str) -> Option<String> {
    local_storage().and_then(|s| s.get_item(key).ok().flatten())
}

/// Remember a value on this device (silently skipped where storage is off).
pub fn storage_set(key: &str, value: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(key, value);
    }
}

/// Put text on the clipboard; `false` where the webview does not allow it.
pub async fn copy_text(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let promise = window.navigator().clipboard().write_text(text);
    JsFuture::from(promise).await.is_ok()
}
