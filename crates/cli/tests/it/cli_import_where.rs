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

#[test]
fn import_keeps_offers_with_a_wrong_minor_field_says_so_and_gives_the_source_date() {
    let home = tempfile::tempdir().expect("tempdir");
    let h = home.path();
    let db = h.join("amt.sqlite").display().to_string();
    let csv = fixture("csv/beratung.csv").display().to_string();
    let map = fixture("csv/beratung.toml").display().to_string();
    // --strict refuses the file for the fields it would leave out.
    let out = lotse(h)
        .args(["--db", &db, "import", &csv, "--mapping", &map, "--strict"])
        .output()
        .expect("run");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("3 field(s) wrong") && err.contains("nothing was imported"),
        "{err}"
    );
    // Without it, all five offers are kept and each left-out value is named.
    let out = lotse(h)
        .args([
            "--db",
            &db,
            "import",
            &csv,
            "--mapping",
            &map,
            "--as-of",
            "2026-08-01",
        ])
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("Imported 5 offers") && said.contains("3 field(s) left out"),
        "{said}"
    );
    let warned = String::from_utf8_lossy(&out.stderr);
    for needle in [
        "beratung.csv:4",
        "field `Öffnungszeiten`",
        "beratung.csv:5",
        "`klingonisch`",
        "beratung.csv:6",
        "`demnächst` is not a date",
        "(the offer is kept)",
    ] {
        assert!(warned.contains(needle), "{needle} in {warned}");
    }
    // The row without a readable date has the list's date, as the source's.
    let list = ok(lotse(h)
        .args([
            "--db",
            &db,
            "nearest",
            "--at",
            "52.531,13.385",
            "-k",
            "5",
            "--json",
        ])
        .output()
        .expect("nearest"));
    let hits: Vec<serde_json::Value> = serde_json::from_str(&list).expect("json");
    let ohne = hits
        .iter()
        .find(|h| h["name"] == "Beratung ohne Stand (fiktiv)")
        .expect("kept");
    assert_eq!(ohne["date_basis"], "as_of");
    assert_eq!(ohne["last_verified"], "2026-08-01");
    let text = ok(lotse(h)
        .args(["--db", &db, "nearest", "--at", "52.531,13.385", "-k", "5"])
        .output()
        .expect("nearest"));
    assert!(
        text.contains("as the source had it on 2026-08-01 (not checked)"),
        "{text}"
    );
    assert!(text.contains("checked 2026-10-01"), "{text}");
    // A source date that is no date is refused with the flag to fix it.
    let out = lotse(h)
        .args([
            "--db",
            &db,
            "import",
            &csv,
            "--mapping",
            &map,
            "--as-of",
            "1.8.2026",
        ])
        .output()
        .expect("run");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("`1.8.2026` is not a date") && err.contains("--as-of"),
        "{err}"
    );
}
