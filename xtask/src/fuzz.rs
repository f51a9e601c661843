//! `cargo xtask fuzz [--seconds N] [--target NAME]`: run each fuzz target
//! (`fuzz/`, libFuzzer through cargo-fuzz) for N seconds, keep what it
//! found, and print one report.
//!
//! cargo-fuzz needs nightly flags (`-Zsanitizer=address`); this machine has
//! one stable toolchain and no other can be fetched, so the build runs with
//! `RUSTC_BOOTSTRAP=1`, which lets the stable compiler take them. The
//! targets are built as cargo-fuzz builds them by default: optimised, with
//! debug assertions (so an integer overflow is a finding too).
//!
//! After a run: the target's corpus is minimised (`cargo fuzz cmin`) and
//! stays in `fuzz/corpus/<target>/`; each crashing input is copied to
//! `fuzz/regressions/<target>/`, which the normal test suite replays
//! (crates/core/tests/it/fuzz_replay.rs) once the bug is fixed.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::process::{cargo, cargo_bin_dir, run};
use crate::{TaskError, TaskResult};

/// What one target's run did.
struct Outcome {
    target: String,
    seconds: u64,
    executions: u64,
    corpus: usize,
    crashes: Vec<PathBuf>,
}

fn targets(fuzz: &Path) -> TaskResult<Vec<String>> {
    let dir = fuzz.join("fuzz_targets");
    let entries = std::fs::read_dir(&dir).map_err(|source| TaskError::Io {
        path: dir.clone(),
        source,
    })?;
    let mut names: Vec<String> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".rs").map(str::to_owned)
        })
        .collect();
    names.sort();
    Ok(names)
}

fn ensure_cargo_fuzz() -> TaskResult {
    if cargo_bin_dir().join("cargo-fuzz").is_file() {
        return Ok(());
    }
    eprintln!("xtask: installing cargo-fuzz (once)");
    run(
        cargo().args(["install", "cargo-fuzz", "--version", "0.13.2", "--locked"]),
        "installing cargo-fuzz",
    )
}

fn fuzz_cmd(fuzz: &Path) -> Command {
    let mut cmd = cargo();
    cmd.current_dir(fuzz)
        .env("RUSTC_BOOTSTRAP", "1")
        .arg("fuzz");
    cmd
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|e| {
            e.flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default()
}

/// The number after `stat::<name>:` in libFuzzer's final stats.
fn stat(log: &str, name: &str) -> u64 {
    log.lines()
        .find_map(|l| l.strip_prefix(&format!("stat::{name}:")))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0)
}

fn run_target(fuzz: &Path, target: &str, seconds: u64) -> TaskResult<Outcome> {
    let corpus = fuzz.join("corpus").join(target);
    let artifacts = fuzz.join("artifacts").join(target);
    let before: Vec<PathBuf> = files_in(&artifacts);
    eprintln!("xtask: fuzzing {target} for {seconds} s");
    let out = fuzz_cmd(fuzz)
        .args(["run", target])
        .arg(&corpus)
        .args([
            "--",
            &format!("-max_total_time={seconds}"),
            "-print_final_stats=1",
            "-rss_limit_mb=2048",
            "-timeout=20",
        ])
        .stdout(Stdio::null())
        .output()
        .map_err(|source| TaskError::Spawn {
            program: "cargo fuzz run".into(),
            source,
        })?;
    let log = String::from_utf8_lossy(&out.stderr);
    let crashes: Vec<PathBuf> = files_in(&artifacts)
        .into_iter()
        .filter(|p| !before.contains(p))
        .collect();
    if !out.status.success() && crashes.is_empty() {
        let tail: Vec<&str> = log.lines().rev().take(20).collect();
        return Err(TaskError::Other(format!(
            "cargo fuzz run {target} failed:\n{}",
            tail.into_iter().rev().collect::<Vec<_>>().join("\n")
        )));
    }
    keep_crashes(fuzz, target, &crashes)?;
    run(
        fuzz_cmd(fuzz).args(["cmin", target]).arg(&corpus),
        &format!("minimising the corpus of {target}"),
    )?;
    Ok(Outcome {
        target: target.to_owned(),
        seconds,
        executions: stat(&log, "number_of_executed_units"),
        corpus: files_in(&corpus).len(),
        crashes,
    })
}

fn keep_crashes(fuzz: &Path, target: &str, crashes: &[PathBuf]) -> TaskResult {
    let dir = fuzz.join("regressions").join(target);
    for crash in crashes {
        std::fs::create_dir_all(&dir).map_err(|source| TaskError::Io {
            path: dir.clone(),
            source,
        })?;
        let name = crash.file_name().unwrap_or_default();
        std::fs::copy(crash, dir.join(name)).map_err(|source| TaskError::Io {
            path: crash.clone(),
            source,
        })?;
    }
    Ok(())
}

/// `args`: `--seconds N` (default 60) and `--target NAME` (default all).
pub fn fuzz(root: &Path, args: &[String]) -> TaskResult {
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
    };
    let seconds: u64 = match value("--seconds") {
        Some(v) => v
            .parse()
            .map_err(|_| TaskError::Other(format!("--seconds {v}: not a number")))?,
        None => 60,
    };
    let fuzz = root.join("fuzz");
    let mut names = targets(&fuzz)?;
    if let Some(only) = value("--target") {
        names.retain(|n| n == only);
        if names.is_empty() {
            return Err(TaskError::Other(format!("no fuzz target {only}")));
        }
    }
    ensure_cargo_fuzz()?;
    run(fuzz_cmd(&fuzz).arg("build"), "building the fuzz targets")?;
    let mut outcomes = Vec::new();
    for name in &names {
        outcomes.push(run_target(&fuzz, name, seconds)?);
    }
    report(&outcomes);
    let found: usize = outcomes.iter().map(|o| o.crashes.len()).sum();
    if found > 0 {
        return Err(TaskError::Other(format!(
            "{found} crashing input(s), copied to fuzz/regressions/: fix them, then `cargo xtask test` replays them"
        )));
    }
    Ok(())
}

fn report(outcomes: &[Outcome]) {
    println!("| target | seconds | executions | per second | corpus files | crashes |");
    println!("|---|---:|---:|---:|---:|---:|");
    for o in outcomes {
        println!(
            "| {} | {} | {} | {} | {} | {} |",
            o.target,
            o.seconds,
            o.executions,
            o.executions / o.seconds.max(1),
            o.corpus,
            o.crashes.len()
        );
    }
}
