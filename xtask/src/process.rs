//! Running commands with a visible trace.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::{TaskError, TaskResult};

/// Print the command like a shell would, then run it, inheriting stdio.
pub fn run(cmd: &mut Command, what: &str) -> TaskResult {
    eprintln!("xtask: $ {}", describe(cmd));
    let status = cmd.status().map_err(|source| TaskError::Spawn {
        program: program(cmd),
        source,
    })?;
    if status.success() {
        Ok(())
    } else {
        Err(TaskError::Failed {
            what: what.to_owned(),
            status,
        })
    }
}

/// Run and capture stdout (stderr passes through); `None` if it cannot start.
pub fn output(cmd: &mut Command) -> Option<(bool, String, String)> {
    let out = cmd.stdin(Stdio::null()).output().ok()?;
    Some((
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    ))
}

/// Whether `program` can be found on PATH.
pub fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

pub fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// `$CARGO_HOME/bin`, where `cargo install` puts tools.
pub fn cargo_bin_dir() -> std::path::PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")))
        .unwrap_or_else(|| ".cargo".into())
        .join("bin")
}

fn program(cmd: &Command) -> String {
    cmd.get_program().to_string_lossy().into_owned()
}

fn describe(cmd: &Command) -> String {
    let mut parts = vec![program(cmd)];
    parts.extend(cmd.get_args().map(|a| a.to_string_lossy().into_owned()));
    parts.join(" ")
}
