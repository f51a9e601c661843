//! Directory files opened on the device: by double-click or "open with"
//! (the path arrives as an argument), by a second launch while Lotse runs
//! (the single-instance plugin hands over its arguments), or through the
//! settings' file dialog. The file waits here until the user has seen who
//! signed it and confirmed; the import then runs like an update.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use lotse_contract::{ApiError, FeedLinkDto, OpenedFileDto, PublisherDto, OPENED_FILE_EVENT};
use lotse_core::bundle::import_bundle;
use lotse_core::sync::feed_link::FeedLink;
use lotse_core::sync::publishers::{parse_publishers, BuiltInPublisher, PublishersError};
use lotse_core::sync::service::{changes_of, progress_dto};
use tauri::{AppHandle, Emitter, Manager, Runtime, State};

use crate::data_commands::blocking_task;
use crate::sync_commands::run_update;
use crate::AppState;

/// `config/publishers.toml`, or the file `LOTSE_PUBLISHERS_FILE` named when
/// the app was built (see build.rs).
const PUBLISHERS_PATH: &str = env!("LOTSE_PUBLISHERS_PATH");
const PUBLISHERS: &str = include_str!(env!("LOTSE_PUBLISHERS_PATH"));

/// The publishers this build trusts, and the file or feed link waiting for
/// confirmation.
pub struct OpenedFiles {
    pub publishers: Vec<BuiltInPublisher>,
    pending: Mutex<Option<PathBuf>>,
    link: Mutex<Option<FeedLink>>,
}

impl OpenedFiles {
    pub fn new() -> Result<Self, PublishersError> {
        Ok(Self {
            publishers: parse_publishers(PUBLISHERS, PUBLISHERS_PATH)?,
            pending: Mutex::new(None),
            link: Mutex::new(None),
        })
    }

    /// Take the arguments the app was started (or started again) with: a
    /// directory file, or a `lotse://feed` link. `true` when one was found.
    pub fn take_args(&self, args: Vec<String>, cwd: &Path) -> bool {
        if let Some(file) = file_in_args(args.iter().cloned(), cwd) {
            self.set(file);
            return true;
        }
        let link = args.iter().find_map(|a| FeedLink::parse(a).ok());
        let found = link.is_some();
        if found {
            *self.link.lock().unwrap_or_else(|p| p.into_inner()) = link;
        }
        found
    }

    /// The feed link waiting for confirmation (it stays until another
    /// replaces it or the app ends; following it twice changes nothing).
    pub fn link(&self) -> Option<FeedLink> {
        self.link.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    pub fn set(&self, file: PathBuf) {
        *self.pending.lock().unwrap_or_else(|p| p.into_inner()) = Some(file);
    }

    pub fn pending(&self) -> Option<PathBuf> {
        self.pending
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    fn clear(&self) {
        *self.pending.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }
}

/// The first argument (after the program) that names an existing file: a
/// path relative to `cwd`, or a `file://` URL (what a desktop entry's `%u`
/// passes); options (`-…`) and other links (`lotse://…`) are skipped.
pub fn file_in_args(args: impl IntoIterator<Item = String>, cwd: &Path) -> Option<PathBuf> {
    args.into_iter()
        .filter(|a| !a.starts_with('-'))
        .filter_map(|a| {
            if a.starts_with("file://") {
                tauri::Url::parse(&a).ok()?.to_file_path().ok()
            } else if a.contains("://") {
                None
            } else {
                Some(cwd.join(a))
            }
        })
        .find(|p| p.is_file())
}

/// A second launch handed over its arguments: show the file it names.
pub fn second_launch<R: Runtime>(app: &AppHandle<R>, argv: Vec<String>, cwd: String) {
    let args = argv.into_iter().skip(1).collect();
    if app.state::<OpenedFiles>().take_args(args, Path::new(&cwd)) {
        let _ = app.emit(OPENED_FILE_EVENT, ());
    }
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.set_focus();
    }
}

/// On a phone, a `lotse:` link (or a `file://` directory file) the app is
/// opened with, at start or while it runs, arrives through the deep-link
/// plugin and goes the way of a desktop's arguments. Compiled everywhere,
/// called on phones only (desktops get links as arguments). A `content://`
/// file from an Android app is not read yet (docs/mobile.md).
pub fn hand_phone_links_over(app: &AppHandle) {
    use tauri_plugin_deep_link::DeepLinkExt;
    let take = |app: &AppHandle, urls: Vec<tauri::Url>| {
        let args = urls.into_iter().map(String::from).collect();
        if app.state::<OpenedFiles>().take_args(args, Path::new("/")) {
            let _ = app.emit(OPENED_FILE_EVENT, ());
        }
    };
    if let Ok(Some(urls)) = app.deep_link().get_current() {
        take(app, urls);
    }
    let handle = app.clone();
    app.deep_link()
        .on_open_url(move |event| take(&handle, event.urls()));
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
}

/// Check who signed `file` (an unknown publisher's key only with
/// `trust_key`), then import it like an update; `false` when an update
/// already runs.
pub fn import_in_background(
    app: &AppHandle,
    file: PathBuf,
    trust_key: bool,
) -> Result<bool, ApiError> {
    let publishers = &app.state::<OpenedFiles>().publishers;
    let state = app.state::<AppState>();
    let keys = state
        .directory()?
        .keys_to_import(&file, publishers, trust_key)?;
    let Some(ticket) = state.monitor.begin() else {
        return Ok(false);
    };
    run_update(app, ticket, move |db, cache_dir, progress| {
        import_bundle(db, &file, &keys, &[], cache_dir, &mut |p| {
            progress(progress_dto(p))
        })
        .map(|report| changes_of(&report, 0))
    });
    Ok(true)
}

/// The file waiting for confirmation: who signed it, what it holds.
#[tauri::command]
pub fn opened_file(
    opened: State<'_, OpenedFiles>,
    state: State<'_, AppState>,
) -> Result<Option<OpenedFileDto>, ApiError> {
    let Some(path) = opened.pending() else {
        return Ok(None);
    };
    let summary = state.directory()?.inspect_file(&path, &opened.publishers)?;
    Ok(Some(summary.to_dto(&file_name(&path))))
}

/// Import the waiting file; an unknown publisher's key only with `trust_key`.
#[tauri::command]
pub async fn import_opened_file(app: AppHandle, trust_key: bool) -> Result<bool, ApiError> {
    blocking_task(move || {
        let opened = app.state::<OpenedFiles>();
        let Some(path) = opened.pending() else {
            return Ok(false);
        };
        let started = import_in_background(&app, path, trust_key)?;
        opened.clear();
        Ok(started)
    })
    .await
}

#[tauri::command]
pub fn dismiss_opened_file(opened: State<'_, OpenedFiles>) {
    opened.clear();
    *opened.link.lock().unwrap_or_else(|p| p.into_inner()) = None;
}

/// The `lotse://feed` link waiting for confirmation; following it is the
/// settings' `set_feed` with these values.
#[tauri::command]
pub fn opened_link(opened: State<'_, OpenedFiles>) -> Option<FeedLinkDto> {
    opened.link().map(|l| FeedLinkDto {
        publisher_key: l.key.to_base64(),
        fingerprint: l.fingerprint(),
        url: l.url,
    })
}

#[tauri::command]
pub fn built_in_publishers(opened: State<'_, OpenedFiles>) -> Vec<PublisherDto> {
    opened
        .publishers
        .iter()
        .map(BuiltInPublisher::to_dto)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_publishers_files_are_valid() {
        OpenedFiles::new().expect("the publishers file this build includes");
        let release = include_str!("../../config/publishers.toml");
        parse_publishers(release, "config/publishers.toml").expect("config/publishers.toml");
        let tests = include_str!("../../tests/fixtures/publishers.toml");
        let listed = parse_publishers(tests, "tests/fixtures/publishers.toml").expect("fixture");
        assert_eq!(
            listed.len(),
            1,
            "the e2e build trusts exactly the test publisher"
        );
    }

    #[test]
    fn a_file_argument_is_found_relative_to_the_launch_folder() {
        let dir = tempfile::tempdir().expect("dir");
        std::fs::write(dir.path().join("v.lotse"), b"x").expect("file");
        let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            file_in_args(args(&["--flag", "lotse://feed?x", "v.lotse"]), dir.path()),
            Some(dir.path().join("v.lotse"))
        );
        assert_eq!(file_in_args(args(&["missing.lotse"]), dir.path()), None);
        let url = tauri::Url::from_file_path(dir.path().join("v.lotse")).expect("url");
        assert_eq!(
            file_in_args(args(&[url.as_str()]), Path::new("/")),
            Some(dir.path().join("v.lotse"))
        );
        assert_eq!(file_in_args(args(&[]), dir.path()), None);
    }
}
