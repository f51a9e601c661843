//! `lotse … | head`: when the reader closes standard output early, `lotse`
//! ends quietly instead of panicking with "Broken pipe".

use std::path::Path;
use std::process::Output;

use crate::support::{lotse, ok};

/// Run `lotse ARGS` in `home` with standard output a pipe whose read end
/// is already closed.
fn into_closed_pipe(home: &Path, args: &[&str]) -> Output {
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    lotse(home)
        .args(args)
        .stdout(writer)
        .output()
        .expect("run lotse")
}

#[test]
fn output_into_a_closed_pipe_ends_quietly_without_a_panic() {
    let home = tempfile::tempdir().expect("home");
    let h = home.path();
    let p = |name: &str| h.join(name).display().to_string();
    ok(lotse(h)
        .args(["--db", &p("pub.sqlite"), "demo"])
        .output()
        .expect("demo"));
    let pubkey = ok(lotse(h)
        .args(["keygen", "--out", &p("pub.key")])
        .output()
        .expect("keygen"));
    let (db, key, feed) = (p("pub.sqlite"), p("pub.key"), p("feed"));
    ok(lotse(h)
        .args(["--db", &db, "publish", "--out", &feed, "--key", &key])
        .output()
        .expect("publish"));
    let (phone, pubkey) = (p("phone.sqlite"), pubkey.trim().to_owned());
    let runs: [&[&str]; 4] = [
        &[
            "--db", &phone, "sync", "--feed", &feed, "--pubkey", &pubkey, "--json",
        ],
        &["--db", &db, "stats"],
        &["--db", &db, "export", "--format", "hsds-json"],
        &["--db", &db, "search", "Beratung"],
    ];
    for args in runs {
        let out = into_closed_pipe(h, args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "lotse {args:?}: {stderr}");
        assert!(stderr.is_empty(), "lotse {args:?} complained: {stderr}");
        assert!(out.status.success(), "lotse {args:?}: {:?}", out.status);
    }
    // The sync itself happened; only its report went nowhere.
    let stats = ok(lotse(h)
        .args(["--db", &phone, "stats", "--json"])
        .output()
        .expect("stats"));
    let stats: serde_json::Value = serde_json::from_str(&stats).expect("json");
    assert_eq!(stats["offers"], 25, "{stats}");
}
