//! Building the web frontend (Leptos → wasm32 → wasm-bindgen) and the app.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::process::{self, cargo};
use crate::setup::wasm_bindgen_path;
use crate::{TaskError, TaskResult};

/// Build the UI into `dist/`, which the shell embeds at compile time.
///
/// Plain cargo + wasm-bindgen, no trunk and no wasm-opt: Debian's wasm-opt
/// produces a module that renders nothing.
pub fn frontend(root: &Path) -> TaskResult {
    process::run(
        cargo().current_dir(root).args([
            "build",
            "-p",
            "lotse-ui",
            "--target",
            "wasm32-unknown-unknown",
            "--release",
        ]),
        "building the UI (wasm32)",
    )?;
    let wasm = target_dir(root).join("wasm32-unknown-unknown/release/lotse-ui.wasm");
    let staging = root.join("target/dist-staging");
    remove_dir(&staging)?;
    process::run(
        Command::new(wasm_bindgen_path())
            .args([
                "--target",
                "web",
                "--no-typescript",
                // The function-name section is 43% of the module and only
                // serves debuggers; the producers section is metadata.
                "--remove-name-section",
                "--remove-producers-section",
                "--out-name",
                "lotse_ui",
                "--out-dir",
            ])
            .arg(&staging)
            .arg(&wasm),
        "wasm-bindgen",
    )?;
    copy_dir(&root.join("public"), &staging)?;
    // Swap in the finished folder so dist/ is never half-written.
    let dist = root.join("dist");
    remove_dir(&dist)?;
    std::fs::rename(&staging, &dist).map_err(|source| TaskError::Io {
        path: dist.clone(),
        source,
    })?;
    eprintln!("xtask: frontend ready in {}", dist.display());
    Ok(())
}

/// Build the release app with the frontend embedded (custom protocol),
/// trusting the publishers in `config/publishers.toml`.
pub fn app(root: &Path) -> TaskResult {
    process::run(
        cargo()
            .current_dir(root)
            .args(["build", "--release", "-p", "lotse-app"])
            .env_remove(PUBLISHERS_ENV),
        "building the release app",
    )
}

/// Which publishers file the app is built with (read by src-tauri/build.rs).
pub const PUBLISHERS_ENV: &str = "LOTSE_PUBLISHERS_FILE";

/// The release app for the end-to-end tests: the same, except that it
/// trusts the test publisher of `tests/fixtures/publishers.toml` (whose
/// secret key the tests sign directory files with) instead of the real ones.
pub fn app_for_tests(root: &Path) -> TaskResult {
    process::run(
        cargo()
            .current_dir(root)
            .args(["build", "--release", "-p", "lotse-app"])
            .env(PUBLISHERS_ENV, root.join("tests/fixtures/publishers.toml")),
        "building the release app for the end-to-end tests",
    )
}

pub fn app_binary(root: &Path) -> PathBuf {
    target_dir(root).join("release/lotse-app")
}

pub fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from)
}

fn remove_dir(path: &Path) -> TaskResult {
    match std::fs::remove_dir_all(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(TaskError::Io {
            path: path.to_owned(),
            source,
        }),
    }
}

fn copy_dir(from: &Path, to: &Path) -> TaskResult {
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| TaskError::Io { path, source }
    };
    std::fs::create_dir_all(to).map_err(io(to))?;
    for entry in std::fs::read_dir(from).map_err(io(from))? {
        let entry = entry.map_err(io(from))?;
        let src = entry.path();
        let dst = to.join(entry.file_name());
        if entry.file_type().map_err(io(&src))?.is_dir() {
            copy_dir(&src, &dst)?;
        } else {
            std::fs::copy(&src, &dst).map_err(io(&src))?;
        }
    }
    Ok(())
}
