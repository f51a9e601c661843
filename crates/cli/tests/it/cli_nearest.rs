//! The `lotse` binary, run as a user would, on real database files.

use crate::support::{fails, lotse, ok};

#[test]
fn nearest_kita_in_schwerin_from_the_default_database_with_its_demo_data() {
    let home = tempfile::tempdir().expect("tempdir");
    let out = ok(lotse(home.path())
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
        .expect("run lotse"));
    let hits: Vec<serde_json::Value> = serde_json::from_str(&out).expect("json");
    assert_eq!(hits.len(), 5);
    assert_eq!(hits[0]["name"], "Demo-Kita Sonnenblume");
    assert_eq!(hits[0]["category"], "kita");
    assert!((hits[0]["lat"].as_f64().expect("lat") - 53.6321).abs() < 1e-9);
    // The demo has four Kitas in Schwerin; the fifth nearest is in Stuttgart, 560 km away.
    let in_schwerin: Vec<bool> = hits
        .iter()
        .map(|h| {
            h["address"]
                .as_str()
                .is_some_and(|a| a.ends_with("Schwerin"))
        })
        .collect();
    assert_eq!(in_schwerin, [true, true, true, true, false]);
    let distances: Vec<f64> = hits
        .iter()
        .map(|h| h["distance_m"].as_f64().expect("number"))
        .collect();
    assert!(distances.windows(2).all(|w| w[0] <= w[1]), "{distances:?}");
    assert!(hits.iter().all(|h| h["is_demo"] == true));
    assert!(
        home.path().join("lotse.sqlite").is_file(),
        "the default database lives in the data dir"
    );
}

#[test]
fn filters_combine_and_the_table_marks_demo_data() {
    let home = tempfile::tempdir().expect("tempdir");
    let out = ok(lotse(home.path())
        .args([
            "nearest",
            "--at",
            "53.63,11.41",
            "--lang",
            "ar",
            "--max-km",
            "5",
            "-k",
            "50",
            "--json",
        ])
        .output()
        .expect("run"));
    let hits: Vec<serde_json::Value> = serde_json::from_str(&out).expect("json");
    assert!(!hits.is_empty());
    for h in &hits {
        assert!(
            h["languages"]
                .as_array()
                .expect("array")
                .iter()
                .any(|l| l == "ar"),
            "{h}"
        );
        assert!(h["distance_m"].as_f64().expect("number") <= 5_000.0);
    }
    let text = ok(lotse(home.path())
        .args(["nearest", "--at", "48.7758,9.1829", "-k", "3"])
        .output()
        .expect("run"));
    assert_eq!(text.matches("[DEMO, fictional]").count(), 3, "{text}");
    let english = ok(lotse(home.path())
        .args(["nearest", "--at", "53.63,11.41", "--category", "kita"])
        .args(["-k", "1", "--ui-lang", "en-GB"])
        .output()
        .expect("run"));
    assert!(english.contains("Day care (Kita)"), "{english}");
}

#[test]
fn a_new_database_given_with_db_starts_empty_until_demo_is_asked_for() {
    let home = tempfile::tempdir().expect("tempdir");
    let db = home.path().join("mine.sqlite");
    let out = ok(lotse(home.path())
        .args(["nearest", "--at", "53,11", "--json", "--db"])
        .arg(&db)
        .output()
        .expect("run"));
    assert_eq!(out.trim(), "[]");
    ok(lotse(home.path())
        .args(["demo", "--db"])
        .arg(&db)
        .output()
        .expect("run"));
    let stats = ok(lotse(home.path())
        .args(["stats", "--json", "--db"])
        .arg(&db)
        .output()
        .expect("run"));
    let stats: serde_json::Value = serde_json::from_str(&stats).expect("json");
    assert_eq!(stats["offers"], 25);
    assert_eq!(stats["demo_offers"], 25);
}

#[test]
fn search_finds_offers_in_other_languages() {
    let home = tempfile::tempdir().expect("tempdir");
    let out = ok(lotse(home.path())
        .args(["search", "Beratung", "--json"])
        .output()
        .expect("run"));
    let hits: Vec<serde_json::Value> = serde_json::from_str(&out).expect("json");
    assert!(
        hits.iter()
            .any(|h| h["name"] == "Demo-Migrationsberatung für Erwachsene (MBE)"),
        "{out}"
    );
    let out = ok(lotse(home.path())
        .args(["search", "детский сад", "--json"])
        .output()
        .expect("run"));
    let hits: Vec<serde_json::Value> = serde_json::from_str(&out).expect("json");
    assert_eq!(hits.len(), 7, "all seven demo Kitas: {out}");
}

#[test]
fn bad_input_exits_non_zero_and_names_the_problem() {
    let home = tempfile::tempdir().expect("tempdir");
    let h = home.path();
    assert!(fails(h, &["nearest", "--at", "100,101"]).contains("latitude 100"));
    assert!(
        fails(h, &["nearest", "--at", "53,11", "--category", "bakery"])
            .contains("unknown category `bakery`")
    );
    assert!(
        fails(h, &["nearest", "--at", "53,11", "--open-at", "tomorrow"])
            .contains("--open-at \"tomorrow\"")
    );
    assert!(fails(h, &["nearest", "-k", "3"]).contains("--at LAT,LON or --near"));
    let unknown_lang = fails(h, &["--ui-lang", "pt-BR", "stats"]);
    assert!(
        unknown_lang.contains("--ui-lang") && unknown_lang.contains("unknown language tag `pt-BR`"),
        "{unknown_lang}"
    );
}

#[test]
fn a_database_from_a_newer_lotse_is_refused_with_its_path() {
    let home = tempfile::tempdir().expect("tempdir");
    let path = home.path().join("new.sqlite");
    ok(lotse(home.path())
        .args(["stats", "--db"])
        .arg(&path)
        .output()
        .expect("run"));
    // Pretend a future Lotse wrote the file.
    let conn = rusqlite::Connection::open(&path).expect("raw open");
    conn.pragma_update(None, "user_version", lotse_core::SCHEMA_VERSION + 1)
        .expect("bump");
    drop(conn);
    let out = lotse(home.path())
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

#[test]
fn offers_say_whether_they_are_open_at_the_asked_time() {
    let home = tempfile::tempdir().expect("tempdir");
    // Wednesday 2026-11-25, 10:00 in Berlin: the demo Kitas (Mo-Fr 07:00-17:00) are open.
    let out = ok(lotse(home.path())
        .args([
            "nearest",
            "--at",
            "53.63,11.41",
            "--category",
            "kita",
            "-k",
            "1",
            "--json",
        ])
        .args(["--open-at", "2026-11-25T10:00:00+01:00"])
        .output()
        .expect("run"));
    let hits: Vec<serde_json::Value> = serde_json::from_str(&out).expect("json");
    assert_eq!(hits[0]["open_state"], "open", "{out}");
    assert_eq!(hits[0]["next_change"], "2026-11-25T16:00:00+00:00");
    // The demo interpreter pool works by appointment only.
    let out = ok(lotse(home.path())
        .args([
            "nearest",
            "--at",
            "53.63,11.41",
            "--category",
            "sprachmittler",
            "-k",
            "1",
        ])
        .output()
        .expect("run"));
    assert!(out.contains("(by appointment)"), "{out}");
}
