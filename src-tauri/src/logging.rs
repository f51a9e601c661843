//! The app's log: a file a day in the data folder's `logs/` (the last 7
//! kept), and stderr as well in debug builds. `RUST_LOG` changes the filter
//! (default: info for Lotse, warnings for everything else).
//!
//! Privacy: the log says what happened and how much, never where the user
//! is or what they searched for. Commands do not log their arguments; the
//! e2e test `tests/flows/privacy_log.rs` checks a real session's file.

use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{InitError, RollingFileAppender, Rotation};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{fmt, EnvFilter, Layer};

/// Keeps the file writer's thread; the log is flushed when it is dropped.
pub struct LogGuard(#[allow(dead_code)] WorkerGuard);

#[derive(Debug, thiserror::Error)]
pub enum LogError {
    #[error("the log folder {path} cannot be used: {source}")]
    Folder { path: String, source: InitError },
}

const DEFAULT_FILTER: &str = "warn,lotse_app_lib=info,lotse_core=info";

pub fn init(data_dir: &Path) -> Result<LogGuard, LogError> {
    let folder = data_dir.join("logs");
    let file = RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix("lotse")
        .filename_suffix("log")
        .max_log_files(7)
        .build(&folder)
        .map_err(|source| LogError::Folder {
            path: folder.display().to_string(),
            source,
        })?;
    let (writer, guard) = tracing_appender::non_blocking(file);
    let filter =
        || EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(DEFAULT_FILTER));
    let to_file = fmt::layer()
        .with_writer(writer)
        .with_ansi(false)
        .with_filter(filter());
    let to_stderr = cfg!(debug_assertions).then(|| {
        fmt::layer()
            .with_writer(std::io::stderr)
            .with_filter(filter())
    });
    // Only the first subscriber counts; there is no second.
    let _ = tracing_subscriber::registry()
        .with(to_file)
        .with(to_stderr)
        .try_init();
    Ok(LogGuard(guard))
}
