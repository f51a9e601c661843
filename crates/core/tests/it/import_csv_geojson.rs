//! The mapped CSV and the OSM GeoJSON importers, the CSV and GeoJSON
//! exporters, and round trips through them: the shared helpers here, the
//! tests in `csv_mapped`, `geojson`, `bad_input` and `round_trip`. Fixtures
//! are hand-written and fictional (phone numbers from +49 30 23125 xxx).

use std::path::{Path, PathBuf};

use lotse_core::import::{parse_file, ImportFormat, ParsedImport, RejectedRecord};
use lotse_core::Directory;

mod bad_input;
mod csv_mapped;
mod dates;
mod geojson;
mod round_trip;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn mapping(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../config/import")
        .join(name)
}

fn csv(path: &Path, mapping: &Path) -> ParsedImport {
    parse_file(path, ImportFormat::Csv, Some(mapping)).expect("the CSV imports")
}

fn geojson(path: &Path) -> ParsedImport {
    parse_file(path, ImportFormat::GeoJson, None).expect("the GeoJSON imports")
}

fn munich() -> ParsedImport {
    csv(
        &fixture("csv/muenchen_style.csv"),
        &mapping("muenchen-kitas.toml"),
    )
}

/// The one rejected record at `line`, checked to name the file.
fn rejected_at<'a>(parsed: &'a ParsedImport, file: &Path, line: u64) -> &'a RejectedRecord {
    let found: Vec<_> = parsed
        .rejected
        .iter()
        .filter(|r| r.line == Some(line))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "one rejection at line {line}: {:#?}",
        parsed.rejected
    );
    assert_eq!(found[0].file, file);
    found[0]
}

fn assert_rejected(r: &RejectedRecord, id: Option<&str>, field: Option<&str>, reason: &str) {
    assert_eq!(r.record_id.as_deref(), id, "{r}");
    assert_eq!(r.field.as_deref(), field, "{r}");
    assert!(
        r.reason.to_string().contains(reason),
        "`{}` should contain `{reason}`",
        r.reason
    );
    let shown = r.to_string();
    assert!(
        shown.contains(&format!(":{}", r.line.unwrap_or_default())) && shown.contains(reason),
        "{shown}"
    );
}

fn offer_ids(parsed: &ParsedImport) -> Vec<&str> {
    parsed
        .batch
        .service_at_locations
        .iter()
        .map(|o| o.id.as_str())
        .collect()
}

fn imported(format: ImportFormat, parsed: ParsedImport) -> Directory {
    let mut db = Directory::open_in_memory().expect("db");
    db.import(format, parsed).expect("import");
    db
}
