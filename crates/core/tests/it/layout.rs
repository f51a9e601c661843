//! The core's layout (ARCHITECTURE.md) holds: its folders depend in one
//! direction, and a folder's SQL names only the tables that folder owns.

use std::path::{Path, PathBuf};

/// Each folder's place: a folder may use only folders of a lower rank.
const RANK: &[(&str, u8)] = &[
    ("directory", 0),
    ("storage", 1),
    ("finding", 2),
    ("exchange", 2),
    ("field", 2),
    ("sync", 3),
    ("device", 4),
];

/// Which folder owns each table.
const OWNER: &[(&str, &[&str])] = &[
    (
        "storage",
        &[
            "organizations",
            "services",
            "service_categories",
            "service_languages",
            "service_target_groups",
            "service_funders",
            "service_translations",
            "service_at_location",
            "locations",
            "location_languages",
            "phones",
            "contacts",
            "offers_fts",
            "offers_fts_vocab",
            "offers_fts_docsize",
            "offers_fts_data",
            "offers_fts_idx",
            "offers_fts_config",
            "offers_spatial",
        ],
    ),
    ("field", &["outbox", "editor_decisions", "favourites"]),
    (
        "sync",
        &[
            "sync_feed",
            "sync_regions",
            "region_entries",
            "sync_key_events",
        ],
    ),
];

fn rank(folder: &str) -> Option<u8> {
    RANK.iter().find(|(f, _)| *f == folder).map(|(_, r)| *r)
}

fn owner(table: &str) -> Option<&'static str> {
    OWNER
        .iter()
        .find(|(_, tables)| tables.contains(&table))
        .map(|(folder, _)| *folder)
}

/// Every `.rs` file under `dir`, recursively.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read the source folder") {
        let path = entry.expect("a folder entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `(folder, path, code without comment lines)` of every file in a folder.
fn sources() -> Vec<(String, String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files
        .into_iter()
        .filter_map(|path| {
            let relative = path.strip_prefix(&src).ok()?;
            let folder = relative.components().next()?.as_os_str().to_str()?;
            rank(folder)?;
            let text = std::fs::read_to_string(&path).expect("read a source file");
            let code: Vec<&str> = text
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .collect();
            Some((
                folder.to_owned(),
                relative.display().to_string(),
                code.join("\n"),
            ))
        })
        .collect()
}

/// The first path segments after `crate::`, also inside `use crate::{…}`.
fn crate_references(code: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let (mut depth, mut item) = (0, String::new());
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => found.push(std::mem::take(&mut item)),
                    _ if depth == 0 => item.push(c),
                    _ => {}
                }
            }
            found.push(item);
        } else {
            found.push(rest.to_owned());
        }
    }
    found
        .iter()
        .map(|r| {
            r.trim()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect()
        })
        .collect()
}

#[test]
fn folders_depend_in_one_direction_only() {
    let mut wrong = Vec::new();
    for (folder, path, code) in sources() {
        let own = rank(&folder).unwrap_or_default();
        for used in crate_references(&code) {
            match rank(&used) {
                Some(r) if used != folder && r >= own => {
                    wrong.push(format!("{path} uses {used}"));
                }
                _ => {}
            }
        }
    }
    wrong.sort();
    wrong.dedup();
    assert!(
        wrong.is_empty(),
        "against the folders' order:\n{}",
        wrong.join("\n")
    );
}

/// The tables `code` names after FROM, JOIN, INTO, UPDATE or TABLE that
/// another folder than `folder` owns.
fn foreign_tables(folder: &str, code: &str) -> Vec<String> {
    let words: Vec<&str> = code
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect();
    words
        .windows(2)
        .filter(|pair| ["FROM", "JOIN", "INTO", "UPDATE", "TABLE"].contains(&pair[0]))
        .filter_map(|pair| {
            let owner = owner(pair[1]).filter(|o| *o != folder)?;
            Some(format!("{} of {owner}", pair[1]))
        })
        .collect()
}

#[test]
fn each_folder_queries_only_its_own_tables() {
    let mut wrong = Vec::new();
    for (folder, path, code) in sources() {
        for table in foreign_tables(&folder, &code) {
            wrong.push(format!("{path} queries {table}"));
        }
    }
    wrong.sort();
    wrong.dedup();
    assert!(
        wrong.is_empty(),
        "SQL outside its folder:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_checks_see_a_wrong_use() {
    let refs = crate_references(
        "use crate::{storage::read, sync::feed::X};\nlet a = crate::field::outbox::f();",
    );
    assert_eq!(refs, ["storage", "sync", "field"]);
    assert_eq!(
        foreign_tables("sync", "SELECT count(*) FROM outbox JOIN sync_feed"),
        ["outbox of field"]
    );
    // The checks read the real tree: every folder has files.
    let all = sources();
    for (folder, _) in RANK {
        assert!(
            all.iter().any(|(f, _, _)| f == folder),
            "no files in {folder}"
        );
    }
}
