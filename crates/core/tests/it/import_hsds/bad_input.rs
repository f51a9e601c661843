//! Bad HSDS JSON input: each report names the file, line, record, field and reason.

use std::io::Write;

use lotse_core::import::{parse_file, ImportError, ImportFormat};

use super::{fixture, only_rejected, parse_json};

#[test]
fn invalid_coordinates_reject_the_record_only() {
    let parsed = parse_json(&fixture("bad_coordinates.json"));
    assert_eq!(parsed.records_read, 2);
    assert_eq!(parsed.batch.services.len(), 1);
    let r = only_rejected(&parsed, "bad_coordinates.json");
    assert_eq!(r.line, Some(12));
    assert_eq!(r.record_id.as_deref(), Some("svc-irgendwo"));
    assert_eq!(
        r.field.as_deref(),
        Some("service_at_locations[0].location.latitude")
    );
    assert!(
        r.reason.to_string().contains("100 is not a latitude"),
        "{}",
        r.reason
    );
    assert!(!parsed
        .batch
        .locations
        .iter()
        .any(|l| l.id == "loc-irgendwo"));
}

#[test]
fn a_missing_name_is_reported() {
    let parsed = parse_json(&fixture("missing_name.json"));
    let r = only_rejected(&parsed, "missing_name.json");
    assert_eq!(
        (r.line, r.record_id.as_deref(), r.field.as_deref()),
        (Some(2), Some("svc-ohne-namen"), Some("name"))
    );
    assert!(r.reason.to_string().contains("missing"), "{}", r.reason);
    assert!(parsed.batch.is_empty());
}

#[test]
fn duplicate_ids_keep_the_first_record() {
    let parsed = parse_json(&fixture("duplicate_ids.json"));
    let r = only_rejected(&parsed, "duplicate_ids.json");
    assert_eq!(
        (r.line, r.record_id.as_deref(), r.field.as_deref()),
        (Some(9), Some("svc-doppelt"), Some("id"))
    );
    assert!(
        r.reason.to_string().contains("duplicate service id")
            && r.reason.to_string().contains("line 2"),
        "{}",
        r.reason
    );
    assert_eq!(parsed.batch.services[0].name, "Wohnraumberatung");
}

#[test]
fn an_unknown_category_is_reported() {
    let parsed = parse_json(&fixture("unknown_category.json"));
    let r = only_rejected(&parsed, "unknown_category.json");
    assert_eq!(
        (r.line, r.record_id.as_deref(), r.field.as_deref()),
        (Some(2), Some("svc-tafel"), Some("attributes"))
    );
    assert!(
        r.reason.to_string().starts_with("unknown category")
            && r.reason.to_string().contains("`food-bank`"),
        "{}",
        r.reason
    );
}

#[test]
fn schedules_without_an_osm_form_leave_out_the_hours_not_the_offer() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("monthly.json");
    let text = std::fs::read_to_string(fixture("single.json"))
        .expect("read")
        .replace(
            "\"freq\": \"WEEKLY\", \"byday\": \"TH\"",
            "\"freq\": \"MONTHLY\", \"byday\": \"2TH\"",
        );
    std::fs::write(&file, text).expect("write");
    let parsed = parse_json(&file);
    // The offer is kept without hours; what was left out is said.
    assert!(parsed.rejected.is_empty(), "{:?}", parsed.rejected);
    assert_eq!(parsed.batch.services.len(), 1);
    assert_eq!(parsed.batch.service_at_locations[0].opening_hours, None);
    let [r] = &parsed.dropped[..] else {
        panic!("one field left out: {:?}", parsed.dropped)
    };
    assert!(r.file.ends_with("monthly.json"), "{}", r.file.display());
    assert_eq!(r.record_id.as_deref(), Some("svc-lotsen-nordstadt"));
    assert_eq!(
        r.field.as_deref(),
        Some("service_at_locations[0].schedules[1]")
    );
    assert!(r.reason.to_string().contains("MONTHLY"), "{}", r.reason);
}

#[test]
fn broken_utf8_rejects_only_the_record_with_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("latin1.json");
    let good = std::fs::read(fixture("single.json")).expect("read");
    let mut bytes = b"[\n".to_vec();
    bytes.extend_from_slice(&good);
    bytes.extend_from_slice(
        b",\n{\"id\": \"svc-latin1\",\n \"name\": \"Beratung f\xFCr Familien\"}\n]\n",
    );
    std::fs::write(&file, &bytes).expect("write");
    let parsed = parse_json(&file);
    assert_eq!(parsed.batch.services.len(), 1);
    let r = only_rejected(&parsed, "latin1.json");
    let line = bytes
        .split(|b| *b == b'\n')
        .position(|l| l.starts_with(b"{\"id\": \"svc-latin1\""))
        .expect("line") as u64
        + 1;
    assert_eq!(
        (r.line, r.record_id.as_deref(), r.field.as_deref()),
        (Some(line), Some("svc-latin1"), Some("name"))
    );
    assert!(
        r.reason
            .to_string()
            .contains(&format!("invalid UTF-8 at line {}, column 21", line + 1)),
        "{}",
        r.reason
    );
}

#[test]
fn a_50_mb_line_is_refused_without_parsing_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("huge.json");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&file).expect("create"));
    let good: serde_json::Value =
        serde_json::from_slice(&std::fs::read(fixture("single.json")).expect("read"))
            .expect("json");
    write!(
        out,
        "[{good},{{\"id\":\"svc-riesig\",\"name\":\"Riesig\",\"description\":\""
    )
    .expect("write");
    let chunk = [b'x'; 1 << 20];
    for _ in 0..50 {
        out.write_all(&chunk).expect("write");
    }
    out.write_all(b"\"}]").expect("write");
    drop(out);
    assert!(std::fs::metadata(&file).expect("meta").len() > 50 << 20);

    let parsed = parse_json(&file);
    assert_eq!(parsed.records_read, 2);
    assert_eq!(parsed.batch.services.len(), 1);
    let r = only_rejected(&parsed, "huge.json");
    assert_eq!(
        (r.line, r.record_id.as_deref(), r.field.as_deref()),
        (Some(1), Some("svc-riesig"), Some("description"))
    );
    assert!(
        r.reason.to_string().contains("50.0 MiB")
            && r.reason.to_string().contains("over 8.0 MiB are refused"),
        "{}",
        r.reason
    );
}

#[test]
fn an_empty_file_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, content) in [
        ("empty.json", &b""[..]),
        ("blank.json", &b" \n\t\r\n"[..]),
        ("bom.json", &b"\xEF\xBB\xBF \n"[..]),
    ] {
        let file = dir.path().join(name);
        std::fs::write(&file, content).expect("write");
        match parse_file(&file, ImportFormat::HsdsJson, None) {
            Err(ImportError::Empty { path }) => assert_eq!(path, file),
            other => panic!("{name}: {other:?}"),
        }
    }
}

#[test]
fn broken_json_structure_refuses_the_whole_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("cut.json");
    std::fs::write(&file, "[\n  {\"id\": \"a\", \"name\": \"abgeschnitten\n").expect("write");
    match parse_file(&file, ImportFormat::HsdsJson, None) {
        Err(ImportError::Malformed { path, line, reason }) => {
            assert_eq!(path, file);
            assert_eq!(line, Some(2));
            assert!(reason.contains("not terminated"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_syntax_error_inside_one_record_rejects_only_that_record() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("komma.json");
    let good = std::fs::read_to_string(fixture("single.json")).expect("read");
    let text =
        format!("[\n{{\"id\": \"svc-kaputt\",\n  \"name\" \"Doppelpunkt fehlt\"}},\n{good}]\n");
    std::fs::write(&file, text).expect("write");
    let parsed = parse_json(&file);
    assert_eq!(parsed.batch.services.len(), 1);
    let r = only_rejected(&parsed, "komma.json");
    assert_eq!(
        (r.line, r.record_id.as_deref()),
        (Some(2), Some("svc-kaputt"))
    );
    assert!(
        r.reason
            .to_string()
            .starts_with("invalid JSON at line 3, column 10: expected `:`"),
        "{}",
        r.reason
    );
}
