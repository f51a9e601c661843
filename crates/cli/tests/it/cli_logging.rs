//! `-v` shows what Lotse does on stderr; even at `-vvv` (trace) the log
//! holds no position and no search text.

use crate::support::lotse;

fn stderr_of(home: &std::path::Path, args: &[&str]) -> String {
    let out = lotse(home)
        .args(args)
        .env_remove("RUST_LOG")
        .output()
        .expect("run lotse");
    assert!(out.status.success(), "{args:?}: {out:?}");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn the_most_detailed_log_says_what_was_asked_but_not_where_or_what() {
    let home = tempfile::tempdir().expect("tempdir");
    let log = stderr_of(home.path(), &["-vvv", "nearest", "--at", "53.6288,11.4148"]);
    assert!(log.contains("nearest"), "no nearest line at -vvv: {log}");
    for secret in ["53.6288", "11.4148", "53.63", "11.41"] {
        assert!(!log.contains(secret), "the log holds {secret}: {log}");
    }
    let log = stderr_of(home.path(), &["-vvv", "search", "Dolmetscherin Paschtu"]);
    assert!(log.contains("search"), "no search line at -vvv: {log}");
    for secret in ["Dolmetscherin", "Paschtu", "dolmetscherin", "paschtu"] {
        assert!(!log.contains(secret), "the log holds {secret}: {log}");
    }
    // Without -v, nothing but warnings: the same search logs nothing.
    let quiet = stderr_of(home.path(), &["search", "Beratung"]);
    assert!(quiet.is_empty(), "{quiet}");
}
