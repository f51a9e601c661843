//! Install what is missing, and nothing else: apt packages, the wasm target,
//! wasm-bindgen-cli matching Cargo.lock, and a pinned tauri-driver.

use std::path::Path;
use std::process::Command;

use crate::process::{self, cargo, cargo_bin_dir};
use crate::{TaskError, TaskResult};

/// Debian packages the build, the app and the end-to-end tests need.
pub const APT_PACKAGES: &[&str] = &[
    "build-essential",
    "pkg-config",
    "libssl-dev",
    "libwebkit2gtk-4.1-dev",
    "librsvg2-dev",
    "xvfb",
    "xauth",
    "x11-utils",
    // xwd: the e2e harness's picture of the whole display, for a page whose
    // WebDriver screenshot hangs (tests/src/x_screenshot.rs).
    "x11-apps",
    // Types a path into the native file dialog in the bundle e2e test.
    "xdotool",
    // pdftotext, pdfinfo and pdftoppm read the PDFs the print flow saves.
    "poppler-utils",
    "webkit2gtk-driver",
    "libgl1-mesa-dri",
    "fonts-noto-core",
    "fonts-noto-color-emoji",
    "fonts-dejavu-core",
    // The installed-package test checks the .deb and its desktop entry.
    "lintian",
    "desktop-file-utils",
    // localedef: the first-start test builds a Ukrainian locale in a temporary
    // folder (LOCPATH), so the app starts in a "system language" not set here.
    "locales",
];

/// Installed only when `npm` is missing (the Tauri CLI for `cargo xtask
/// bundle` comes from npm; a Node from elsewhere on PATH is fine).
pub const NODE_APT_PACKAGES: &[&str] = &["nodejs", "npm"];

/// tauri-driver is pinned so every machine drives the app the same way.
pub const TAURI_DRIVER_VERSION: &str = "2.1.0";

pub fn setup(root: &Path) -> TaskResult {
    apt_packages()?;
    node_and_npm()?;
    rust_components()?;
    wasm_target()?;
    wasm_bindgen_cli(root)?;
    tauri_driver()?;
    eprintln!("xtask: set-up complete");
    Ok(())
}

fn apt_packages() -> TaskResult {
    if !process::on_path("dpkg-query") {
        return Err(TaskError::Other(format!(
            "this is not a Debian-like system; install these packages by hand: {}",
            APT_PACKAGES.join(" ")
        )));
    }
    let missing: Vec<&str> = APT_PACKAGES
        .iter()
        .copied()
        .filter(|p| !apt_installed(p))
        .collect();
    if missing.is_empty() {
        eprintln!("xtask: apt: all {} packages present", APT_PACKAGES.len());
        return Ok(());
    }
    apt_install(&missing)
}

fn node_and_npm() -> TaskResult {
    if process::on_path("npm") && process::on_path("node") {
        eprintln!("xtask: node and npm present");
        return Ok(());
    }
    apt_install(NODE_APT_PACKAGES)
}

fn apt_install(missing: &[&str]) -> TaskResult {
    eprintln!("xtask: apt: installing {}", missing.join(" "));
    let sudo = !is_root();
    let apt = |args: &[&str]| {
        let mut cmd = if sudo {
            Command::new("sudo")
        } else {
            Command::new("apt-get")
        };
        if sudo {
            cmd.arg("apt-get");
        }
        cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        cmd
    };
    process::run(&mut apt(&["update", "-q"]), "apt-get update")?;
    let mut install = apt(&["install", "-y", "-q", "--no-install-recommends"]);
    install.args(missing);
    process::run(&mut install, "apt-get install")
}

fn apt_installed(package: &str) -> bool {
    process::output(Command::new("dpkg-query").args(["-W", "-f=${Status}", package]))
        .is_some_and(|(ok, out, _)| ok && out.contains("install ok installed"))
}

fn is_root() -> bool {
    process::output(Command::new("id").arg("-u")).is_some_and(|(_, out, _)| out.trim() == "0")
}

/// rustfmt and clippy, which `cargo xtask test` runs.
fn rust_components() -> TaskResult {
    for (component, probe) in [("rustfmt", "fmt"), ("clippy", "clippy")] {
        let present =
            process::output(cargo().args([probe, "--version"])).is_some_and(|(ok, _, _)| ok);
        if !present {
            process::run(
                Command::new("rustup").args(["component", "add", component]),
                "rustup component add",
            )?;
        }
    }
    Ok(())
}

fn wasm_target() -> TaskResult {
    const TARGET: &str = "wasm32-unknown-unknown";
    let installed = process::output(Command::new("rustup").args(["target", "list", "--installed"]))
        .is_some_and(|(ok, out, _)| ok && out.lines().any(|l| l.trim() == TARGET));
    if installed {
        eprintln!("xtask: rustup: {TARGET} present");
        return Ok(());
    }
    process::run(
        Command::new("rustup").args(["target", "add", TARGET]),
        "rustup target add",
    )
}

/// The wasm-bindgen version Cargo.lock resolved; the CLI must match it exactly.
pub fn locked_wasm_bindgen_version(root: &Path) -> TaskResult<String> {
    let path = root.join("Cargo.lock");
    let lock = std::fs::read_to_string(&path).map_err(|source| TaskError::Io {
        path: path.clone(),
        source,
    })?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\"" {
            if let Some(version) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = \""))
            {
                return Ok(version.trim_end_matches('"').to_owned());
            }
        }
    }
    Err(TaskError::Other(format!(
        "{} does not pin wasm-bindgen",
        path.display()
    )))
}

/// `cargo install --list` knows what is installed and at which version.
fn cargo_installed(krate: &str, version: &str) -> bool {
    let needle = format!("{krate} v{version}:");
    process::output(cargo().args(["install", "--list"]))
        .is_some_and(|(ok, out, _)| ok && out.lines().any(|l| l.trim() == needle))
}

fn wasm_bindgen_cli(root: &Path) -> TaskResult {
    let version = locked_wasm_bindgen_version(root)?;
    if cargo_installed("wasm-bindgen-cli", &version)
        && cargo_bin_dir().join("wasm-bindgen").is_file()
    {
        eprintln!("xtask: wasm-bindgen-cli {version} present");
        return Ok(());
    }
    eprintln!("xtask: installing wasm-bindgen-cli {version} (takes a few minutes once)");
    // Not --locked: its lockfile does not resolve on every registry mirror.
    process::run(
        cargo().args([
            "install",
            "wasm-bindgen-cli",
            "--version",
            &version,
            "--force",
        ]),
        "cargo install wasm-bindgen-cli",
    )
}

fn tauri_driver() -> TaskResult {
    if cargo_installed("tauri-driver", TAURI_DRIVER_VERSION) && tauri_driver_path().is_file() {
        eprintln!("xtask: tauri-driver {TAURI_DRIVER_VERSION} present");
        return Ok(());
    }
    eprintln!("xtask: installing tauri-driver {TAURI_DRIVER_VERSION}");
    process::run(
        cargo().args([
            "install",
            "tauri-driver",
            "--version",
            TAURI_DRIVER_VERSION,
            "--locked",
            "--force",
        ]),
        "cargo install tauri-driver",
    )
}

pub fn tauri_driver_path() -> std::path::PathBuf {
    cargo_bin_dir().join("tauri-driver")
}

pub fn wasm_bindgen_path() -> std::path::PathBuf {
    cargo_bin_dir().join("wasm-bindgen")
}
