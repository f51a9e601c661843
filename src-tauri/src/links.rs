//! Links that leave Lotse. Call, e-mail, website and directions go to the
//! system's handler through the opener plugin, and only after the contract's
//! scheme check (`tel:`, `mailto:`, `https:`, `geo:`). The window itself never
//! navigates away from Lotse's own pages: every other navigation is refused.

use lotse_contract::links::is_allowed_href;
use lotse_contract::{ApiError, ErrorCode};
use tauri::plugin::TauriPlugin;
use tauri::{AppHandle, Runtime};
use tauri_plugin_opener::OpenerExt;

/// Hand `href` to the system (dialer, mail app, browser, map app).
#[tauri::command]
pub fn open_link(app: AppHandle, href: String) -> Result<(), ApiError> {
    let href = checked(&href)?;
    app.opener().open_url(href, None::<&str>).map_err(|e| {
        ApiError::new(
            ErrorCode::Unavailable,
            format!("no app opened the link: {e}"),
        )
    })
}

/// The href, when Lotse may ever open it.
fn checked(href: &str) -> Result<&str, ApiError> {
    if is_allowed_href(href) {
        Ok(href)
    } else {
        Err(ApiError::new(
            ErrorCode::InvalidInput,
            format!("refused to open a {} link", scheme_of(href)),
        ))
    }
}

/// Whether `url` is one of Lotse's own pages: `tauri://localhost` on Linux and
/// macOS, `http(s)://tauri.localhost` on Windows and Android.
pub fn is_own_page(url: &tauri::Url) -> bool {
    matches!(
        (url.scheme(), url.host_str()),
        ("tauri", Some("localhost")) | ("http" | "https", Some("tauri.localhost"))
    )
}

/// The scheme only: a refused link is logged without its address.
fn scheme_of(href: &str) -> &str {
    href.split_once(':')
        .map(|(scheme, _)| scheme)
        .filter(|s| {
            s.len() <= 16
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        })
        .unwrap_or("malformed")
}

/// A plugin whose only job is to keep every webview on Lotse's own pages.
pub fn navigation_guard<R: Runtime>() -> TauriPlugin<R> {
    tauri::plugin::Builder::new("lotse-navigation")
        .on_navigation(|_webview, url| {
            let own = is_own_page(url);
            if !own {
                tracing::warn!(
                    "refused a navigation away from Lotse (to a {}: address)",
                    url.scheme()
                );
            }
            own
        })
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> tauri::Url {
        tauri::Url::parse(s).expect("test url")
    }

    #[test]
    fn own_pages_are_the_app_origin_only() {
        assert!(is_own_page(&url("tauri://localhost/offer/demo-1")));
        assert!(is_own_page(&url("http://tauri.localhost/")));
        assert!(is_own_page(&url("https://tauri.localhost/settings")));
        for other in [
            "about:blank",
            "https://example.org/",
            "tel:+493023125000",
            "mailto:a@example.org",
            "geo:53.6,11.4",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "http://localhost/",
            "tauri://evil.example/",
            "https://tauri.localhost.example.org/",
        ] {
            assert!(!is_own_page(&url(other)), "{other} must be refused");
        }
    }

    #[test]
    fn only_checked_links_reach_the_opener() {
        assert!(checked("tel:+493023125000").is_ok());
        assert!(checked("https://example.org/a").is_ok());
        for bad in [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "http://x.org",
            "data:x",
        ] {
            let err = checked(bad).expect_err(bad);
            assert_eq!(err.code, ErrorCode::InvalidInput);
            assert!(!err.message.contains("alert"), "{}", err.message);
        }
    }
}
