//! `cargo xtask test`: set up, build, and run every check and test.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use crate::build::{self, app_binary};
use crate::bundle;
use crate::process::{self, cargo};
use crate::setup::{self, tauri_driver_path};
use crate::summary::{parse_counts, Counts, Tally};
use crate::{TaskError, TaskResult};

pub fn test(root: &Path) -> TaskResult {
    setup::setup(root)?;
    let mut tally = Tally::default();

    checks(root, &mut tally);
    let (ok, counts) = run_tests(root, &["--workspace", "--exclude", "lotse-e2e"], &[], &[]);
    tally.tests("unit and integration tests", ok, counts);
    app_tests(root, &mut tally);

    tally.print();
    if tally.failed == 0 {
        Ok(())
    } else {
        Err(TaskError::Other(format!(
            "{} check(s) or test(s) failed",
            tally.failed
        )))
    }
}

/// The frontend build, formatting, clippy on host and wasm, and the core's
/// freedom from the UI crates.
fn checks(root: &Path, tally: &mut Tally) {
    // The shell embeds dist/ at compile time, so the frontend comes first.
    tally.check(
        "frontend build (wasm32 + wasm-bindgen)",
        build::frontend(root).is_ok(),
    );
    tally.check(
        "cargo fmt --check",
        step(root, &["fmt", "--all", "--", "--check"], "cargo fmt"),
    );
    tally.check(
        "clippy, host crates, warnings denied",
        step(
            root,
            &[
                "clippy",
                "--workspace",
                "--exclude",
                "lotse-ui",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
            "clippy",
        ),
    );
    tally.check(
        "clippy, wasm UI, warnings denied",
        step(
            root,
            &[
                "clippy",
                "-p",
                "lotse-ui",
                "--target",
                "wasm32-unknown-unknown",
                "--",
                "-D",
                "warnings",
            ],
            "clippy",
        ),
    );
    for forbidden in ["tauri", "leptos"] {
        tally.check(
            &format!("lotse-core does not depend on {forbidden}"),
            core_is_free_of(root, forbidden),
        );
    }
}

/// The release app, its packages, and the end-to-end tests in its window.
fn app_tests(root: &Path, tally: &mut Tally) {
    let app_built = build::app_for_tests(root).is_ok();
    tally.check("release app build (trusting the test publisher)", app_built);
    if !app_built {
        return;
    }
    // The installed-package e2e test needs the .deb; it packs the binary
    // just built, so nothing compiles twice.
    tally.check(
        "deb and rpm packages (tauri bundle)",
        bundle::package(root).is_ok(),
    );
    let app = app_binary(root);
    let driver = tauri_driver_path();
    let env = [
        ("LOTSE_APP", app.as_os_str()),
        ("TAURI_DRIVER", driver.as_os_str()),
    ];
    // One app window at a time: WebKit under Xvfb is heavy on two cores.
    let (ok, counts) = run_tests(root, &["-p", "lotse-e2e"], &env, &["--test-threads", "1"]);
    tally.tests("end-to-end tests in the real app window", ok, counts);
}

fn step(root: &Path, args: &[&str], what: &str) -> bool {
    process::run(cargo().current_dir(root).args(args), what).is_ok()
}

/// `cargo tree -i <crate>` finds nothing under lotse-core.
fn core_is_free_of(root: &Path, krate: &str) -> bool {
    let Some((ok, out, err)) =
        process::output(
            cargo()
                .current_dir(root)
                .args(["tree", "-p", "lotse-core", "-i", krate]),
        )
    else {
        return false;
    };
    let clean = out.trim().is_empty() && (ok || err.contains("did not match any packages"));
    if !clean {
        eprintln!("xtask: lotse-core depends on {krate}:\n{out}");
    }
    clean
}

/// Run tests with nextest where it is installed, else `cargo test`, and read
/// the counts from the output while passing it through.
fn run_tests(
    root: &Path,
    select: &[&str],
    env: &[(&str, &std::ffi::OsStr)],
    threads: &[&str],
) -> (bool, Counts) {
    let mut cmd = cargo();
    cmd.current_dir(root);
    if process::on_path("cargo-nextest") {
        cmd.args(["nextest", "run", "--no-fail-fast"])
            .args(select)
            .args(threads);
    } else {
        cmd.args(["test", "--no-fail-fast"])
            .args(select)
            .arg("--")
            .args(threads);
    }
    cmd.envs(env.iter().copied());
    eprintln!(
        "xtask: $ cargo {}",
        cmd.get_args()
            .map(|a| a.to_string_lossy())
            .collect::<Vec<_>>()
            .join(" ")
    );
    match tee(&mut cmd) {
        Ok((ok, text)) => (ok, parse_counts(&text)),
        Err(err) => {
            eprintln!("xtask: {err}");
            (false, Counts::default())
        }
    }
}

/// Run a command, echo its stdout and stderr, and return them for parsing.
fn tee(cmd: &mut Command) -> TaskResult<(bool, String)> {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|source| TaskError::Spawn {
            program: "cargo".into(),
            source,
        })?;
    let stdout = child.stdout.take();
    let out_thread = std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(out) = stdout {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                println!("{line}");
                text.push_str(&line);
                text.push('\n');
            }
        }
        text
    });
    let mut text = String::new();
    if let Some(err) = child.stderr.take() {
        let mut console = std::io::stderr();
        for line in BufReader::new(err).lines().map_while(Result::ok) {
            let _ = writeln!(console, "{line}");
            text.push_str(&line);
            text.push('\n');
        }
    }
    let status = child.wait().map_err(|source| TaskError::Spawn {
        program: "cargo".into(),
        source,
    })?;
    text.push_str(&out_thread.join().unwrap_or_default());
    Ok((status.success(), text))
}
