//! `cargo xtask run [--headless]`: set up, build, start the app on its demo
//! directory. With no display (or `--headless`), run it under Xvfb, wait for
//! the first list, save a screenshot under `target/screenshots/` and exit.

use std::path::Path;
use std::process::Command;

use crate::build::{self, app_binary};
use crate::process::{self, cargo};
use crate::setup::{self, tauri_driver_path};
use crate::TaskResult;

pub fn run(root: &Path) -> TaskResult {
    let headless_flag = std::env::args().any(|a| a == "--headless");
    setup::setup(root)?;
    build::frontend(root)?;
    build::app(root)?;
    let app = app_binary(root);
    let has_display = std::env::var_os("DISPLAY").is_some_and(|d| !d.is_empty());
    if has_display && !headless_flag {
        eprintln!(
            "xtask: starting {} (close the window to end)",
            app.display()
        );
        return process::run(&mut Command::new(&app), "the app");
    }
    eprintln!("xtask: no display: running the app under Xvfb and taking a screenshot");
    process::run(
        cargo()
            .current_dir(root)
            .args([
                "run",
                "--quiet",
                "-p",
                "lotse-e2e",
                "--bin",
                "lotse-screenshot",
            ])
            .env("LOTSE_APP", &app)
            .env("TAURI_DRIVER", tauri_driver_path()),
        "the headless run",
    )
}
