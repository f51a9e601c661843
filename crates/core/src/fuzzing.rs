//! Entry points for the fuzz targets (`fuzz/`, `cargo xtask fuzz`) and for
//! the test that replays their corpora and every input that once crashed
//! (`tests/it/fuzz_replay.rs`). Each takes arbitrary bytes, runs one parser
//! of outside input the way the app does, and must return without a panic,
//! a hang or unbounded memory, whatever the bytes; errors are fine.
//!
//! Importers read files: their input is written to a temporary folder
//! first. Inputs that are several files are split at `\n--8<--\n`.

use std::path::Path;

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};

use crate::directory::hours::{schedules_to_osm, HsdsSchedule, OpeningHours};
use crate::exchange::import::{parse_file, ImportFormat};
use crate::sync::bundle::BundleTransport;
use crate::sync::feed::{KeyRing, Manifest, RegionData, SecretKey, SignedManifest};
use crate::sync::transport::{Fetch, Fetched, Transport};

/// Where a multi-file input is cut.
pub const SPLIT: &[u8] = b"\n--8<--\n";

/// A fuzz target: arbitrary bytes in, nothing out (and no panic).
pub type Target = fn(&[u8]);

/// Every fuzz target by name, for `cargo xtask fuzz` and the replay test.
pub const TARGETS: &[(&str, Target)] = &[
    ("manifest", manifest),
    ("region_lines", region_lines),
    ("bundle", bundle),
    ("hsds_json", hsds_json),
    ("hsds_tabular", hsds_tabular),
    ("csv_mapping", csv_mapping),
    ("geojson", geojson),
    ("opening_hours", opening_hours),
    ("hsds_schedule", hsds_schedule),
    ("gazetteer_query", gazetteer_query),
    ("pmtiles", pmtiles),
    ("tile_path", tile_path),
];

fn parts(data: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut rest = data;
    while let Some(at) = rest.windows(SPLIT.len()).position(|w| w == SPLIT) {
        out.push(&rest[..at]);
        rest = &rest[at + SPLIT.len()..];
    }
    out.push(rest);
    out
}

fn noon(day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, day.clamp(1, 28), 11, 0, 0)
        .single()
        .unwrap_or_default()
}

/// The signed envelope, the manifest inside it (with its checks and every
/// delta chain) and the key statements against a fixed key ring.
pub fn manifest(data: &[u8]) {
    if let Ok(signed) = SignedManifest::parse(data) {
        let mut ring = KeyRing::default();
        let _ = signed.verify_with(&mut ring, noon(1));
    }
    if let Ok(manifest) = serde_json::from_slice::<Manifest>(data) {
        let _ = manifest.check();
        for region in &manifest.regions {
            for version in 0..=region.version.min(64) {
                let _ = region.chain_from(version);
            }
        }
        // The statements as a device with one trusted key reads them.
        let key = SecretKey::from_seed(&[7; 32]);
        let mut ring = KeyRing::trusting(&[key.public()]);
        let _ = ring.learn(&manifest.revocations, &manifest.keys, noon(2));
    }
}

/// Region data lines (snapshot or delta): as they are, and gzipped first so
/// the fuzzer reaches the line parser.
pub fn region_lines(data: &[u8]) {
    let _ = RegionData::decode(data, "fuzz");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    if std::io::Write::write_all(&mut gz, data).is_ok() {
        if let Ok(bytes) = gz.finish() {
            let _ = RegionData::decode(&bytes, "fuzz");
        }
    }
}

fn in_temp_dir(files: &[(&str, &[u8])], then: impl FnOnce(&Path)) {
    let Ok(dir) = tempfile::tempdir() else {
        return;
    };
    for (name, bytes) in files {
        if std::fs::write(dir.path().join(name), bytes).is_err() {
            return;
        }
    }
    then(dir.path());
}

/// A directory file (tar): its index, manifest and every member's bytes.
pub fn bundle(data: &[u8]) {
    in_temp_dir(&[("fuzz.lotse", data)], |dir| {
        let Ok(bundle) = BundleTransport::open(&dir.join("fuzz.lotse")) else {
            return;
        };
        let _ = bundle.regions();
        let _ = bundle.manifest_bytes();
        for path in ["manifest.json", "blobs/x.jsonl.gz", "../etc/passwd"] {
            let fetch = Fetch {
                path,
                if_none_match: None,
                resume_from: 0,
            };
            if let Ok(Fetched::Body { mut body, .. }) = bundle.fetch(&fetch) {
                let _ = std::io::copy(&mut body, &mut std::io::sink());
            }
        }
    });
}

fn import(files: &[(&str, &[u8])], format: ImportFormat, mapping: Option<&str>) {
    let main = files.first().map(|(name, _)| *name).unwrap_or("input");
    in_temp_dir(files, |dir| {
        let mapping = mapping.map(|m| dir.join(m));
        let _ = parse_file(&dir.join(main), format, mapping.as_deref());
    });
}

/// The HSDS JSON scanner (one service, an array, or a paginated list).
pub fn hsds_json(data: &[u8]) {
    import(&[("services.json", data)], ImportFormat::HsdsJson, None);
}

/// An HSDS tabular package: `datapackage.json`, then CSVs in the order
/// organizations, services, locations, service_at_location, phones,
/// schedules, addresses, languages.
pub fn hsds_tabular(data: &[u8]) {
    const NAMES: [&str; 9] = [
        "datapackage.json",
        "organizations.csv",
        "services.csv",
        "locations.csv",
        "service_at_location.csv",
        "phones.csv",
        "schedules.csv",
        "addresses.csv",
        "languages.csv",
    ];
    let files: Vec<(&str, &[u8])> = NAMES.iter().copied().zip(parts(data)).collect();
    import(&files, ImportFormat::HsdsCsv, None);
}

/// A CSV with its TOML mapping: `mapping.toml`, then the CSV.
pub fn csv_mapping(data: &[u8]) {
    let parts = parts(data);
    let (toml, csv) = match parts.as_slice() {
        [toml, csv, ..] => (*toml, *csv),
        [only] => (*only, &b""[..]),
        [] => return,
    };
    import(
        &[("data.csv", csv), ("mapping.toml", toml)],
        ImportFormat::Csv,
        Some("mapping.toml"),
    );
}

/// GeoJSON features with OSM tags.
pub fn geojson(data: &[u8]) {
    import(&[("offers.geojson", data)], ImportFormat::GeoJson, None);
}

/// OSM `opening_hours`: parsed, then asked for states, changes and weeks.
pub fn opening_hours(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(hours) = OpeningHours::parse(text) else {
        return;
    };
    for day in [1, 14, 24] {
        let at = noon(day);
        let _ = hours.state_at(at);
        let _ = hours.next_change(at);
    }
    if let Some(monday) = NaiveDate::from_ymd_opt(2026, 11, 30) {
        let _ = hours.week_intervals(monday);
    }
}

/// HSDS schedules (iCal-style rules) to OSM: fields separated by `|` in
/// the order of [`HsdsSchedule`].
pub fn hsds_schedule(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let f: Vec<&str> = text.split('|').collect();
    let s = |i: usize| f.get(i).filter(|v| !v.is_empty()).map(|v| (*v).to_owned());
    let date = |i: usize| {
        f.get(i)
            .and_then(|v| NaiveDate::parse_from_str(v, "%Y-%m-%d").ok())
    };
    let time = |i: usize| {
        f.get(i)
            .and_then(|v| NaiveTime::parse_from_str(v, "%H:%M").ok())
    };
    let schedule = HsdsSchedule {
        freq: s(0),
        interval: f.get(1).and_then(|v| v.parse().ok()),
        byday: s(2),
        byweekno: s(3),
        bymonthday: s(4),
        byyearday: s(5),
        count: f.get(6).and_then(|v| v.parse().ok()),
        dtstart: date(7),
        until: date(8),
        wkst: s(9),
        timezone: f.get(10).and_then(|v| v.parse().ok()),
        opens_at: time(11),
        closes_at: time(12),
        valid_from: date(13),
        valid_to: date(14),
        description: s(15),
    };
    if let Ok(Some(osm)) = schedules_to_osm(&[schedule]) {
        opening_hours(osm.as_bytes());
    }
}

/// The place box's query against the embedded gazetteer.
pub fn gazetteer_query(data: &[u8]) {
    if let Ok(gazetteer) = crate::directory::gazetteer::Gazetteer::embedded() {
        let _ = gazetteer.lookup(&String::from_utf8_lossy(data), 8);
    }
}

/// A PMTiles archive in memory: header, directories, metadata and tiles.
pub fn pmtiles(data: &[u8]) {
    let Ok(archive) = lotse_tiles::pmtiles::Archive::open(data.to_vec()) else {
        return;
    };
    let _ = archive.metadata();
    for (z, x, y) in [(0, 0, 0), (1, 1, 0), (5, 17, 10), (14, 8800, 5370)] {
        let _ = archive.tile(z, x, y);
    }
}

/// The tile protocol's request path.
pub fn tile_path(data: &[u8]) {
    let _ = lotse_tiles::parse_path(&String::from_utf8_lossy(data));
}
