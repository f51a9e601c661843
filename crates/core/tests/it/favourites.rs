//! Favourites and notes in their own real SQLite file; export and import.

use lotse_core::favourites::{Favourite, FavouritesFile, FavouritesStore, MAX_NOTE_CHARS};

fn store() -> (tempfile::TempDir, FavouritesStore) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = FavouritesStore::open(&dir.path().join("favourites.sqlite")).expect("open");
    (dir, store)
}

#[test]
fn notes_are_saved_replaced_and_removed_and_survive_reopening() {
    let (dir, mut s) = store();
    s.save(
        "demo-sn-01",
        "Demo-Kita Sonnenblume",
        "Frau K. fragt nach Platz ab März",
        "2026-11-20T10:00:00Z",
    )
    .expect("save");
    s.save("demo-sn-05", "Demo-MBE", "", "2026-11-20T11:00:00Z")
        .expect("save");
    let f = s
        .save(
            "demo-sn-01",
            "Demo-Kita Sonnenblume",
            "Platz zugesagt",
            "2026-11-21T09:00:00Z",
        )
        .expect("update");
    assert_eq!(
        (f.note.as_str(), f.created_at.as_str()),
        ("Platz zugesagt", "2026-11-20T10:00:00Z")
    );
    drop(s);
    let mut s = FavouritesStore::open(&dir.path().join("favourites.sqlite")).expect("reopen");
    let ids: Vec<_> = s
        .list()
        .expect("list")
        .into_iter()
        .map(|f| f.offer_id)
        .collect();
    assert_eq!(ids, ["demo-sn-01", "demo-sn-05"]);
    assert!(s.remove("demo-sn-05").expect("remove"));
    assert!(!s.remove("demo-sn-05").expect("remove again"));
    assert!(s
        .save(
            "x",
            "",
            &"a".repeat(MAX_NOTE_CHARS + 1),
            "2026-11-21T09:00:00Z"
        )
        .is_err());
}

#[test]
fn an_export_imports_again_and_only_newer_notes_replace_older_ones() {
    let (dir, mut a) = store();
    a.save("o1", "One", "old note", "2026-11-01T00:00:00Z")
        .expect("save");
    a.save("o2", "Two", "keep me", "2026-11-05T00:00:00Z")
        .expect("save");
    let path = dir.path().join("export.json");
    FavouritesFile::new(a.list().expect("list"), "2026-11-21T00:00:00Z")
        .write(&path)
        .expect("write");

    let (_dir2, mut b) = store();
    b.save("o1", "One", "newer note here", "2026-11-10T00:00:00Z")
        .expect("save");
    let file = FavouritesFile::read(&path).expect("read");
    assert_eq!(
        b.merge(&file.favourites).expect("merge"),
        1,
        "only o2 is new; o1 here is newer"
    );
    let notes: Vec<(String, String)> = b
        .list()
        .expect("list")
        .into_iter()
        .map(|f| (f.offer_id, f.note))
        .collect();
    assert!(notes.contains(&("o1".into(), "newer note here".into())));
    assert!(notes.contains(&("o2".into(), "keep me".into())));
    assert_eq!(
        b.merge(&file.favourites).expect("again"),
        0,
        "importing twice changes nothing"
    );
}

#[test]
fn a_bad_file_says_where_and_merges_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let broken = dir.path().join("broken.json");
    std::fs::write(
        &broken,
        "{\n  \"format\": \"lotse-favourites\",\n  \"version\": 1,\n  oops\n}",
    )
    .expect("write");
    let err = FavouritesFile::read(&broken)
        .expect_err("broken JSON")
        .to_string();
    assert!(
        err.contains("broken.json") && err.contains("line 4"),
        "{err}"
    );
    let other = dir.path().join("other.json");
    std::fs::write(
        &other,
        r#"{"format":"something","version":1,"exported_at":"","favourites":[]}"#,
    )
    .expect("write");
    assert!(FavouritesFile::read(&other)
        .expect_err("wrong format")
        .to_string()
        .contains("not a Lotse favourites file"));
    let empty_id = FavouritesFile::new(
        vec![Favourite {
            offer_id: " ".into(),
            name: String::new(),
            note: String::new(),
            created_at: String::new(),
            updated_at: String::new(),
        }],
        "now",
    );
    let path = dir.path().join("empty-id.json");
    empty_id.write(&path).expect("write");
    assert!(FavouritesFile::read(&path)
        .expect_err("empty id")
        .to_string()
        .contains("favourites[0].offer_id"));
}
