//! The `lotse` binary, run as a user would.

use std::process::Command;

fn lotse() -> Command {
    Command::new(env!("CARGO_BIN_EXE_lotse"))
}

#[test]
fn nearest_kita_in_schwerin_from_the_demo_directory() {
    let out = lotse()
        .args([
            "nearest",
            "--at",
            "53.63,11.41",
            "--category",
            "kita",
            "-k",
            "5",
            "--json",
        ])
        .output()
        .expect("run lotse");
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let hits: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(hits.len(), 5);
    assert_eq!(hits[0]["name"], "Demo-Kita Sonnenblume");
    // The demo has four Kitas in Schwerin; the fifth nearest is in Stuttgart, 560 km away.
    let cities: Vec<bool> = hits
        .iter()
        .map(|h| {
            h["address"]
                .as_str()
                .is_some_and(|a| a.ends_with("Schwerin"))
        })
        .collect();
    assert_eq!(cities, [true, true, true, true, false]);
    let distances: Vec<f64> = hits
        .iter()
        .map(|h| h["distance_m"].as_f64().expect("number"))
        .collect();
    assert!(distances.windows(2).all(|w| w[0] <= w[1]), "{distances:?}");
    assert!(hits.iter().all(|h| h["is_demo"] == true));
}

#[test]
fn the_table_marks_demo_data() {
    let out = lotse()
        .args(["nearest", "--at", "48.7758,9.1829", "-k", "3"])
        .output()
        .expect("run");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.matches("[DEMO, fictional]").count(), 3, "{text}");
}

#[test]
fn bad_input_exits_non_zero_and_names_the_problem() {
    let out = lotse()
        .args(["nearest", "--at", "100,101"])
        .output()
        .expect("run");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("latitude 100"), "{err}");

    let out = lotse()
        .args(["nearest", "--at", "53,11", "--category", "bakery"])
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown category `bakery`"));
}

#[test]
fn a_database_from_a_newer_lotse_is_refused_with_its_path() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("new.sqlite");
    let created = lotse()
        .args(["nearest", "--at", "53,11", "--db"])
        .arg(&path)
        .output()
        .expect("run");
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    // Pretend a future Lotse wrote the file.
    let conn = rusqlite::Connection::open(&path).expect("raw open");
    conn.pragma_update(None, "user_version", lotse_core::SCHEMA_VERSION + 1)
        .expect("bump");
    drop(conn);
    let out = lotse()
        .args(["nearest", "--at", "53,11", "--db"])
        .arg(&path)
        .output()
        .expect("run");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("new.sqlite") && err.contains("newer Lotse"),
        "{err}"
    );
}
