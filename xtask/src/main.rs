//! `cargo xtask <command>`: everything a newcomer needs, in Rust.
//!
//! - `run`   set up, build, start the app on its demo directory (headless: screenshot)
//! - `test`  set up, build, then fmt, clippy, unit, integration and end-to-end tests
//! - `setup` only install what is missing
//! - `dist`  only build the web frontend into `dist/`
//! - `build` set up, build the frontend and the release app
//! - `bundle` `build`, then the `.deb` and `.rpm` installers (Tauri CLI from npm)
//! - `fuzz [--seconds N] [--target NAME]` run the fuzz targets (`fuzz/`), keep crashes as regressions
//! - `gazetteer` regenerate the offline gazetteer's data file (needs python3 and npm)
//! - `basemap` regenerate the offline map's basemap (needs python3 and npm)
//! - `vendor-map` refresh the vendored map scripts in `public/vendor/` (needs npm)
//! - `vendor-axe` refresh axe-core for the accessibility test in `tests/vendor/` (needs npm)

mod build;
mod bundle;
mod fuzz;
mod gazetteer;
mod mapdata;
mod process;
mod run;
mod setup;
mod summary;
mod test;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str =
    "usage: cargo xtask <run|test|setup|dist|build|bundle|fuzz|gazetteer|basemap|vendor-map|vendor-axe>";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root();
    let result = match args.first().map(String::as_str) {
        Some("run") => run::run(&root),
        Some("test") => test::test(&root),
        Some("setup") => setup::setup(&root),
        Some("dist") => build::frontend(&root),
        Some("build") => setup::setup(&root)
            .and_then(|()| build::frontend(&root))
            .and_then(|()| build::app(&root)),
        Some("bundle") => setup::setup(&root)
            .and_then(|()| build::frontend(&root))
            .and_then(|()| build::app(&root))
            .and_then(|()| bundle::package(&root)),
        Some("fuzz") => fuzz::fuzz(&root, &args[1..]),
        Some("gazetteer") => gazetteer::build(&root),
        Some("basemap") => mapdata::basemap(&root),
        Some("vendor-map") => mapdata::vendor(&root),
        Some("vendor-axe") => mapdata::vendor_axe(&root),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("xtask: error: {err}");
            ExitCode::FAILURE
        }
    }
}

/// The repository root (the parent of this crate's folder).
fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest
        .parent()
        .map_or(manifest.clone(), std::path::Path::to_path_buf)
}

/// Errors of the orchestration, each saying which step and why. Written by
/// hand rather than with `thiserror`: xtask has no dependencies on purpose
/// (see its Cargo.toml), and the chain is kept through `source()`.
#[derive(Debug)]
pub enum TaskError {
    /// A command could not be started at all.
    Spawn {
        program: String,
        source: std::io::Error,
    },
    /// A command ran and failed.
    Failed {
        what: String,
        status: std::process::ExitStatus,
    },
    /// A file or folder operation failed.
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Anything else, stated plainly.
    Other(String),
}

impl std::fmt::Display for TaskError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Spawn { program, source } => write!(f, "cannot start `{program}`: {source}"),
            Self::Failed { what, status } => write!(f, "{what} failed ({status})"),
            Self::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Self::Other(msg) => f.write_str(msg),
        }
    }
}

impl std::error::Error for TaskError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Spawn { source, .. } | Self::Io { source, .. } => Some(source),
            Self::Failed { .. } | Self::Other(_) => None,
        }
    }
}

pub type TaskResult<T = ()> = Result<T, TaskError>;
