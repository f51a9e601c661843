//! The set-up the CLI's integration tests share: the `lotse` binary run in
//! tests, never on the user's real data, and a directory with N numbered
//! offers (`offers`, the same file as the server's tests use).

// The server's tests' file: both crates build their test directories alike.
#[path = "../../../../server/tests/it/support/offers.rs"]
pub mod offers;

use std::path::Path;
use std::process::{Command, Output};

/// `lotse` with its default data directory in `home`.
pub fn lotse(home: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_lotse"));
    cmd.env("LOTSE_DATA_DIR", home);
    cmd
}

/// Run; it must succeed; return its standard output.
pub fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Run `lotse ARGS` in `home`; it must fail; return its standard error.
pub fn fails(home: &Path, args: &[&str]) -> String {
    let out = lotse(home).args(args).output().expect("run lotse");
    assert!(!out.status.success(), "lotse {args:?} succeeded");
    String::from_utf8_lossy(&out.stderr).into_owned()
}
