//! The `.deb` that `cargo xtask bundle` (and `cargo xtask test`) makes:
//! unpacked into a temporary root, checked by lintian and
//! desktop-file-validate, and its installed binary started until the first
//! list is painted. Skipped, saying why, only when no `.deb` has been built.

use std::path::{Path, PathBuf};
use std::process::Command;

use lotse_e2e::{check, workspace_root, AppSession, HarnessError, LaunchOptions};

const MIME_TYPE: &str = "application/vnd.lotse.directory";

fn bundle_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| workspace_root().join("target"), PathBuf::from)
        .join("release/bundle/deb")
}

/// The one `.deb` in the bundle folder, if any.
fn built_deb() -> Result<Option<PathBuf>, HarnessError> {
    let Ok(entries) = std::fs::read_dir(bundle_dir()) else {
        return Ok(None);
    };
    let debs: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "deb"))
        .collect();
    check(debs.len() <= 1, format!("more than one .deb: {debs:?}"))?;
    Ok(debs.into_iter().next())
}

/// Run a tool; its exit status, stdout and stderr.
fn run(program: &str, args: &[&std::ffi::OsStr]) -> Result<(bool, String), HarnessError> {
    let out = Command::new(program)
        .args(args)
        .output()
        .map_err(|source| HarnessError::Spawn {
            program: program.to_owned(),
            source,
        })?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    Ok((out.status.success(), text))
}

fn lintian_has_no_errors(deb: &Path) -> Result<(), HarnessError> {
    let (_, text) = run(
        "lintian",
        &[
            "--tag-display-limit".as_ref(),
            "0".as_ref(),
            deb.as_os_str(),
        ],
    )?;
    let tags: Vec<&str> = text
        .lines()
        .filter(|l| l.len() > 2 && l.as_bytes()[1] == b':')
        .collect();
    for tag in &tags {
        println!("lintian: {tag}");
    }
    let errors: Vec<&&str> = tags.iter().filter(|l| l.starts_with("E:")).collect();
    check(errors.is_empty(), format!("lintian errors: {errors:?}"))
}

/// The desktop entry: valid, naming the installed binary, its icon and the MIME type.
fn desktop_entry_is_valid(root: &Path) -> Result<(), HarnessError> {
    let apps = root.join("usr/share/applications");
    let entries: Vec<PathBuf> = std::fs::read_dir(&apps)?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "desktop"))
        .collect();
    check(entries.len() == 1, format!("desktop entries: {entries:?}"))?;
    let desktop = &entries[0];
    let (ok, text) = run("desktop-file-validate", &[desktop.as_os_str()])?;
    check(
        ok && text.trim().is_empty(),
        format!("desktop-file-validate: {text}"),
    )?;
    let entry = std::fs::read_to_string(desktop)?;
    let value = |key: &str| {
        entry
            .lines()
            .find_map(|l| l.strip_prefix(key)?.strip_prefix('='))
            .unwrap_or_default()
            .to_owned()
    };
    let exec = value("Exec");
    let binary = exec.split_whitespace().next().unwrap_or_default();
    check(
        root.join("usr/bin").join(binary).is_file(),
        format!("Exec={exec} is not in usr/bin"),
    )?;
    check(
        exec.ends_with(" %u"),
        format!("Exec={exec} takes no file or lotse: link"),
    )?;
    let mime_types = value("MimeType");
    for wanted in [MIME_TYPE, "x-scheme-handler/lotse"] {
        check(
            mime_types.split(';').any(|m| m == wanted),
            format!("MimeType={mime_types} lacks {wanted}"),
        )?;
    }
    check(
        value("Categories").split(';').any(|c| c == "Education"),
        "Categories",
    )?;
    let icon = root.join(format!(
        "usr/share/icons/hicolor/128x128/apps/{}.png",
        value("Icon")
    ));
    check(icon.is_file(), format!("no icon {}", icon.display()))
}

/// `*.lotse` resolves to the MIME type once the package's XML is compiled.
fn mime_type_is_registered(root: &Path) -> Result<(), HarnessError> {
    let mime = root.join("usr/share/mime");
    check(
        mime.join("packages/lotse.xml").is_file(),
        "no usr/share/mime/packages/lotse.xml",
    )?;
    let (ok, text) = run("update-mime-database", &[mime.as_os_str()])?;
    check(ok, format!("update-mime-database: {text}"))?;
    let globs = std::fs::read_to_string(mime.join("globs2"))?;
    check(
        globs
            .lines()
            .any(|l| l.ends_with(&format!(":{MIME_TYPE}:*.lotse"))),
        format!("globs2 has no *.lotse: {globs}"),
    )
}

fn copyright_names_the_data_licences(root: &Path) -> Result<(), HarnessError> {
    let text = std::fs::read_to_string(root.join("usr/share/doc/lotse/copyright"))?;
    for needle in [
        "AGPL-3.0+",
        "ODbL-1.0",
        "CC-BY-4.0",
        "Natural Earth",
        "GeoNames",
        "OpenStreetMap",
    ] {
        check(
            text.contains(needle),
            format!("copyright does not name {needle}"),
        )?;
    }
    Ok(())
}

#[tokio::test]
async fn the_deb_installs_cleanly_and_its_binary_shows_the_list() -> Result<(), HarnessError> {
    let Some(deb) = built_deb()? else {
        println!(
            "SKIPPED: no .deb in {}; build one with `cargo xtask bundle` (cargo xtask test does)",
            bundle_dir().display()
        );
        return Ok(());
    };
    let (ok, package) = run(
        "dpkg-deb",
        &["-f".as_ref(), deb.as_os_str(), "Package".as_ref()],
    )?;
    check(
        ok && package.trim() == "lotse",
        format!("Package: {package}"),
    )?;
    let root = tempfile::Builder::new()
        .prefix("lotse-deb-root-")
        .tempdir()?;
    let (ok, text) = run(
        "dpkg",
        &["-x".as_ref(), deb.as_os_str(), root.path().as_os_str()],
    )?;
    check(ok, format!("dpkg -x: {text}"))?;

    lintian_has_no_errors(&deb)?;
    desktop_entry_is_valid(root.path())?;
    mime_type_is_registered(root.path())?;
    copyright_names_the_data_licences(root.path())?;

    let installed = root.path().join("usr/bin/lotse-app");
    let s = AppSession::launch_binary(LaunchOptions::named("installed-package"), installed).await?;
    s.wait_for("[data-testid=results][data-state=ready] [data-testid=offer]")
        .await?;
    s.screenshot("installed-package").await?;
    s.finish().await
}
