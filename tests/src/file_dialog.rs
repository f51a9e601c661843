//! The native GTK file dialog, answered as a user would: `xdotool` finds the
//! dialog on the test's display and types the path.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::HarnessError;

/// Which dialog is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileDialog {
    /// Choose an existing file.
    Open,
    /// Name the file to write.
    Save,
}

/// Wait for the dialog on `display`, enter `path` and confirm it.
pub fn answer_file_dialog(
    display: &str,
    kind: FileDialog,
    path: &Path,
) -> Result<(), HarnessError> {
    let xdotool = |args: &[&str]| -> Result<String, HarnessError> {
        let out = std::process::Command::new("xdotool")
            .args(args)
            .env("DISPLAY", display)
            .output()?;
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
    };
    let title = match kind {
        FileDialog::Open => "^(Open|Öffnen|Datei|Select).*",
        FileDialog::Save => "^(Save|Speichern|Datei).*",
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    let window = loop {
        let found = xdotool(&["search", "--onlyvisible", "--name", title])?;
        if let Some(id) = found.lines().last().filter(|l| !l.is_empty()) {
            break id.to_owned();
        }
        if Instant::now() > deadline {
            return Err(HarnessError::Timeout(format!("the {kind:?} file dialog")));
        }
        std::thread::sleep(Duration::from_millis(300));
    };
    std::thread::sleep(Duration::from_millis(800));
    xdotool(&["windowfocus", "--sync", &window])?;
    // Open: the location field; Save: the name field holds the suggested
    // name, and a full path typed there is taken as it is.
    let select = match kind {
        FileDialog::Open => "ctrl+l",
        FileDialog::Save => "ctrl+a",
    };
    xdotool(&["key", "--clearmodifiers", select])?;
    std::thread::sleep(Duration::from_millis(300));
    xdotool(&["type", "--delay", "20", &path.display().to_string()])?;
    std::thread::sleep(Duration::from_millis(300));
    xdotool(&["key", "Return"])?;
    Ok(())
}

impl crate::AppSession {
    /// Answer the native file dialog this session's app has opened with `path`.
    pub async fn answer_dialog(&self, kind: FileDialog, path: &Path) -> Result<(), HarnessError> {
        let (display, path) = (self.display.clone(), path.to_owned());
        tokio::task::spawn_blocking(move || answer_file_dialog(&display, kind, &path))
            .await
            .map_err(|e| HarnessError::Assertion(format!("the dialog helper: {e}")))?
    }
}
