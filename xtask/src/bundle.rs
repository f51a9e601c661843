//! `cargo xtask bundle`: the `.deb` and `.rpm` installers, made by Tauri's
//! bundler from the release binary that `cargo xtask build` made (no second
//! compile). The Tauri CLI comes from npm, pinned, into `target/tools/`.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::build::target_dir;
use crate::process;
use crate::{TaskError, TaskResult};

/// The npm package `@tauri-apps/cli` (with its prebuilt linux-x64 binary),
/// pinned to the version of the `tauri` crate in Cargo.lock.
pub const TAURI_CLI_VERSION: &str = "2.12.5";

/// Files in `src-tauri/bundle/` that packages carry gzip-compressed: the
/// text is the source, the `.gz` beside it is what `tauri.conf.json` names.
const GZIPPED: &[&str] = &["changelog", "lotse-app.1"];

fn tools_dir(root: &Path) -> PathBuf {
    target_dir(root).join("tools/tauri-cli")
}

fn tauri_cli_path(root: &Path) -> PathBuf {
    tools_dir(root).join("node_modules/.bin/tauri")
}

/// The folder the packages are written to.
pub fn bundle_dir(root: &Path) -> PathBuf {
    target_dir(root).join("release/bundle")
}

/// Install `@tauri-apps/cli` at the pinned version into `target/tools/`
/// unless it is there already.
pub fn tauri_cli(root: &Path) -> TaskResult<PathBuf> {
    let dir = tools_dir(root);
    let manifest = dir.join("node_modules/@tauri-apps/cli/package.json");
    let needle = format!("\"version\": \"{TAURI_CLI_VERSION}\"");
    let present = std::fs::read_to_string(&manifest).is_ok_and(|t| t.contains(&needle))
        && tauri_cli_path(root).is_file();
    if present {
        eprintln!("xtask: tauri-cli {TAURI_CLI_VERSION} present");
        return Ok(tauri_cli_path(root));
    }
    if !process::on_path("npm") {
        return Err(TaskError::Other(
            "npm is missing: run `cargo xtask setup` (it installs nodejs and npm)".into(),
        ));
    }
    std::fs::create_dir_all(&dir).map_err(|source| TaskError::Io {
        path: dir.clone(),
        source,
    })?;
    process::run(
        Command::new("npm")
            .arg("install")
            .arg("--prefix")
            .arg(&dir)
            .args(["--no-save", "--no-audit", "--no-fund"])
            .arg(format!("@tauri-apps/cli@{TAURI_CLI_VERSION}")),
        "npm install @tauri-apps/cli",
    )?;
    Ok(tauri_cli_path(root))
}

/// Make the `.gz` of each text in [`GZIPPED`] when it does not hold that
/// text already (deterministic: `gzip -9n`, so an unchanged text leaves
/// the committed file alone).
fn gzip_bundle_texts(root: &Path) -> TaskResult {
    let dir = root.join("src-tauri/bundle");
    for name in GZIPPED {
        let (text, gz) = (dir.join(name), dir.join(format!("{name}.gz")));
        let wanted = std::fs::read(&text).map_err(|source| TaskError::Io {
            path: text.clone(),
            source,
        })?;
        let current = process::output(Command::new("gzip").arg("-dc").arg(&gz))
            .filter(|(ok, _, _)| *ok)
            .map(|(_, out, _)| out.into_bytes());
        if current.as_deref() == Some(wanted.as_slice()) {
            continue;
        }
        let out = Command::new("gzip")
            .args(["-9n", "-c"])
            .arg(&text)
            .output()
            .map_err(|source| TaskError::Spawn {
                program: "gzip".into(),
                source,
            })?;
        if !out.status.success() {
            return Err(TaskError::Failed {
                what: format!("gzip {}", text.display()),
                status: out.status,
            });
        }
        std::fs::write(&gz, out.stdout).map_err(|source| TaskError::Io { path: gz, source })?;
    }
    Ok(())
}

/// Package the release binary that is already built into `.deb` and `.rpm`.
pub fn package(root: &Path) -> TaskResult {
    let cli = tauri_cli(root)?;
    gzip_bundle_texts(root)?;
    let out = bundle_dir(root);
    for kind in ["deb", "rpm"] {
        let dir = out.join(kind);
        match std::fs::remove_dir_all(&dir) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(TaskError::Io {
                    path: dir,
                    source: e,
                })
            }
            _ => {}
        }
    }
    process::run(
        Command::new(&cli)
            .current_dir(root.join("src-tauri"))
            .args(["bundle", "--bundles", "deb,rpm", "--ci"]),
        "tauri bundle",
    )?;
    report_sizes(&out);
    Ok(())
}

/// Print each package's size and the `.deb`'s installed size.
fn report_sizes(out: &Path) {
    for kind in ["deb", "rpm"] {
        let Ok(entries) = std::fs::read_dir(out.join(kind)) else {
            continue;
        };
        let packages = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == kind));
        for path in packages {
            let size = std::fs::metadata(&path).map_or(0, |m| m.len());
            eprintln!(
                "xtask: {} {:.1} MiB",
                path.display(),
                size as f64 / 1_048_576.0
            );
            if kind == "deb" {
                if let Some((true, kib, _)) = process::output(
                    Command::new("dpkg-deb")
                        .args(["-f"])
                        .arg(&path)
                        .arg("Installed-Size"),
                ) {
                    eprintln!("xtask:   installed size {} KiB", kib.trim());
                }
            }
        }
    }
}
