//! The end-to-end harness: one real Lotse window per test.
//!
//! Each [`AppSession`] starts its own Xvfb display, its own tauri-driver (in its
//! own process group, on its own ports) and gives the app a fresh data folder.
//! Dropping the session stops all of it.

mod axe;
mod feed_server;
mod file_dialog;
pub mod memory;
mod office;
mod opener;
mod processes;
mod second_launch;
mod session;
mod settings_steps;
mod x_screenshot;

pub use axe::serious_violations;
pub use fantoccini::{Client, Locator};
pub use feed_server::FeedServer;
pub use file_dialog::{answer_file_dialog, FileDialog};
pub use office::{office_feed, office_feed_signed};
pub use opener::RecordingOpener;
pub use processes::free_port;
pub use second_launch::SessionBus;
pub use session::{workspace_root, AppSession, HarnessError, LaunchOptions};

/// `Ok` when `ok`, else an assertion failure saying `what`.
pub fn check(ok: bool, what: impl Into<String>) -> Result<(), HarnessError> {
    ok.then_some(())
        .ok_or_else(|| HarnessError::Assertion(what.into()))
}

/// Keep a screenshot for the README: copy it to `docs/screenshots/name`.
pub fn keep_screenshot(path: &std::path::Path, name: &str) -> Result<(), HarnessError> {
    let docs = workspace_root().join("docs/screenshots");
    std::fs::create_dir_all(&docs)?;
    std::fs::copy(path, docs.join(name))?;
    Ok(())
}
