//! `lotse where`, `--near`, and import/export through the binary.

use std::path::{Path, PathBuf};

use crate::support::{lotse, ok};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../core/tests/fixtures")
        .join(rel)
}

#[test]
fn where_finds_towns_in_other_scripts_and_postcodes() {
    let home = tempfile::tempdir().expect("tempdir");
    let out = ok(lotse(home.path())
        .args(["where", "Мюнхен", "--json", "--limit", "1"])
        .output()
        .expect("run"));
    let places: Vec<serde_json::Value> = serde_json::from_str(&out).expect("json");
    assert_eq!(places[0]["name"], "München");
    assert_eq!(places[0]["approximate"], true);
    let out = ok(lotse(home.path())
        .args(["where", "19055"])
        .output()
        .expect("run"));
    assert!(out.contains("Schwerin"), "{out}");
    let out = lotse(home.path())
        .args(["where", "Atlantis-upon-Sea"])
        .output()
        .expect("run");
    assert!(!out.status.success());
}

#[test]
fn nearest_near_a_postcode_with_a_language_filter() {
    let home = tempfile::tempdir().expect("tempdir");
    let out = ok(lotse(home.path())
        .args([
            "nearest",
            "--near",
            "19055",
            "--category",
            "kita",
            "--lang",
            "ar",
            "-k",
            "5",
            "--json",
        ])
        .output()
        .expect("run"));
    let hits: Vec<serde_json::Value> = serde_json::from_str(&out).expect("json");
    assert!(!hits.is_empty());
    for h in &hits {
        assert_eq!(h["category"], "kita");
        assert!(
            h["languages"]
                .as_array()
                .expect("array")
                .iter()
                .any(|l| l == "ar"),
            "{h}"
        );
    }
    assert!(
        hits[0]["address"]
            .as_str()
            .expect("address")
            .ends_with("Schwerin"),
        "{}",
        hits[0]
    );
}

#[test]
fn import_then_export_round_trips_through_the_binary() {
    let home = tempfile::tempdir().expect("tempdir");
    let db = home.path().join("a.sqlite");
    let out = ok(lotse(home.path())
        .arg("import")
        .arg(fixture("hsds/list.json"))
        .arg("--db")
        .arg(&db)
        .output()
        .expect("run"));
    assert!(out.contains("Imported"), "{out}");
    let exported = home.path().join("out.json");
    ok(lotse(home.path())
        .args(["export", "--format", "hsds-json", "--out"])
        .arg(&exported)
        .arg("--db")
        .arg(&db)
        .output()
        .expect("run"));
    let db2 = home.path().join("b.sqlite");
    ok(lotse(home.path())
        .arg("import")
        .arg(&exported)
        .arg("--db")
        .arg(&db2)
        .output()
        .expect("run"));
    let stats = |db: &Path| -> serde_json::Value {
        serde_json::from_str(&ok(lotse(home.path())
            .args(["stats", "--json", "--db"])
            .arg(db)
            .output()
            .expect("run")))
        .expect("json")
    };
    let (a, b) = (stats(&db), stats(&db2));
    assert!(a["offers"].as_u64().expect("n") > 0);
    assert_eq!(a["offers"], b["offers"]);
    assert_eq!(a["by_category"], b["by_category"]);
}

#[test]
fn a_bad_file_is_reported_with_its_name_and_nothing_is_written() {
    let home = tempfile::tempdir().expect("tempdir");
    let db = home.path().join("a.sqlite");
    let empty = home.path().join("empty.json");
    std::fs::write(&empty, "").expect("write");
    let out = lotse(home.path())
        .arg("import")
        .arg(&empty)
        .args(["--format", "hsds-json", "--db"])
        .arg(&db)
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("empty.json"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let unknown = home.path().join("data.bin");
    std::fs::write(&unknown, [0u8, 1, 2]).expect("write");
    let out = lotse(home.path())
        .arg("import")
        .arg(&unknown)
        .arg("--db")
        .arg(&db)
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--format"));
}
