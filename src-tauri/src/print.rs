//! "Save as PDF": the page as the print style lays it out (A4, addresses,
//! phones, opening hours, the QR code), written to a file the user chooses,
//! without a print dialog. On Linux this is WebKitGTK's own print engine
//! printing to "Print to File"; the page's Print button (`window.print()`)
//! opens the system's print dialog instead. Other platforms: not built yet.

use std::path::{Path, PathBuf};
use std::time::Duration;

use lotse_contract::{ApiError, ErrorCode};
use tauri::{AppHandle, WebviewWindow};
use tauri_plugin_dialog::DialogExt;

use crate::data_commands::{blocking_task, picked};

/// How long the print engine may take for one page.
const PRINT_TIMEOUT: Duration = Duration::from_secs(60);

/// Ask where to save, then print the window's page into that PDF.
#[tauri::command]
pub async fn save_pdf(
    app: AppHandle,
    window: WebviewWindow,
    name: String,
) -> Result<Option<String>, ApiError> {
    blocking_task(move || {
        let Some(path) = pdf_dialog(&app, &name)? else {
            return Ok(None);
        };
        print_to_pdf(&window, &path)?;
        Ok(Some(path.display().to_string()))
    })
    .await
}

/// The native save dialog for a PDF named `name`; `None` when cancelled.
fn pdf_dialog(app: &AppHandle, name: &str) -> Result<Option<PathBuf>, ApiError> {
    picked(
        app.dialog()
            .file()
            .set_file_name(name)
            .add_filter("PDF", &["pdf"])
            .blocking_save_file(),
    )
}

/// Why the print engine wrote no PDF.
#[cfg(target_os = "linux")]
#[derive(Debug, thiserror::Error)]
enum PrintError {
    #[error("the print engine failed: {0}")]
    Engine(#[from] webkit2gtk::glib::Error),
    #[error("the print engine wrote no file")]
    NoFile,
    #[error("the print engine did not finish within {0:?}")]
    Timeout(Duration),
    #[error("cannot move the finished PDF into place: {0}")]
    Rename(#[from] std::io::Error),
}

#[cfg(target_os = "linux")]
fn print_to_pdf(window: &WebviewWindow, path: &Path) -> Result<(), ApiError> {
    use webkit2gtk::PrintOperationExt;

    // Printed beside the target, then renamed: no half-written PDF is left.
    let partial: PathBuf = path.with_extension("pdf.part");
    let uri = tauri::Url::from_file_path(&partial).map_err(|()| {
        ApiError::new(
            ErrorCode::InvalidInput,
            format!("{} is not an absolute path", path.display()),
        )
    })?;
    let (done, finished) = std::sync::mpsc::channel::<Result<(), PrintError>>();
    window
        .with_webview(move |webview| {
            let settings = gtk::PrintSettings::new();
            settings.set_printer("Print to File");
            settings.set(gtk::PRINT_SETTINGS_OUTPUT_FILE_FORMAT, Some("pdf"));
            settings.set(gtk::PRINT_SETTINGS_OUTPUT_URI, Some(uri.as_str()));
            let page = gtk::PageSetup::new();
            page.set_paper_size_and_default_margins(&gtk::PaperSize::new(Some(gtk::PAPER_NAME_A4)));
            let operation = webkit2gtk::PrintOperation::new(&webview.inner());
            operation.set_print_settings(&settings);
            operation.set_page_setup(&page);
            let on_fail = done.clone();
            operation.connect_failed(move |_, error| {
                let _ = on_fail.send(Err(PrintError::Engine(error.clone())));
            });
            // The operation keeps itself alive until it has finished.
            let keep = operation.clone();
            operation.connect_finished(move |_| {
                let _ = done.send(Ok(()));
                let _ = &keep;
            });
            operation.print();
        })
        .map_err(|e| ApiError::new(ErrorCode::Internal, format!("the window: {e}")))?;
    let outcome = match finished.recv_timeout(PRINT_TIMEOUT) {
        Ok(Ok(())) if partial.is_file() => {
            std::fs::rename(&partial, path).map_err(PrintError::from)
        }
        Ok(Ok(())) => Err(PrintError::NoFile),
        Ok(Err(err)) => Err(err),
        Err(_) => Err(PrintError::Timeout(PRINT_TIMEOUT)),
    };
    outcome.map_err(|err| {
        let _ = std::fs::remove_file(&partial);
        ApiError::new(
            ErrorCode::Storage,
            format!("printing to {}: {err}", path.display()),
        )
    })
}

#[cfg(not(target_os = "linux"))]
fn print_to_pdf(_window: &WebviewWindow, _path: &Path) -> Result<(), ApiError> {
    Err(ApiError::new(
        ErrorCode::Unavailable,
        "saving as PDF is built for Linux only so far; use Print",
    ))
}
