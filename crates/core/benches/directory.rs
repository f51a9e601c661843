//! `cargo bench -p lotse-core --bench directory [-- SIZES]`
//!
//! Builds synthetic directories (default 10k, 100k and 1M offers over Germany)
//! in real SQLite files and prints medians and ratios from this one run:
//! import rate, database size, nearest k=10 with a category filter (R*Tree)
//! against linear haversine scans, and full-text search. `--import-only`
//! stops after the import (for profiling it); `LOTSE_BENCH_KEEP=FILE` keeps
//! a copy of the imported database.

mod synthetic;

use std::time::{Duration, Instant};

use geo::Point;
use lotse_core::geodesy::distance_m;
use lotse_core::taxonomy::CATEGORIES;
use lotse_core::{Directory, NearestQuery, OfferFilter, SearchQuery, WriteProgress, WriteStage};

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn micros(d: Duration) -> String {
    format!("{:.1} µs", d.as_secs_f64() * 1e6)
}

/// Query points spread over Germany, different from the data's seed.
fn origins(count: usize) -> Vec<Point<f64>> {
    let mut rng = synthetic::Rng::new(99);
    (0..count)
        .map(|_| Point::new(5.9 + rng.unit() * 9.1, 47.3 + rng.unit() * 7.7))
        .collect()
}

fn nearest_query(origin: Point<f64>, i: usize) -> NearestQuery {
    NearestQuery {
        origin,
        k: 10,
        max_distance_m: None,
        filter: OfferFilter {
            categories: vec![CATEGORIES[i % CATEGORIES.len()].id.to_owned()],
            ..OfferFilter::default()
        },
        names_in: None,
    }
}

/// CPU time (user + system) this process has used so far, on Linux; on a
/// shared machine it varies less than wall time.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name, which ends with the last ')'.
    let fields: Vec<&str> = stat.get(stat.rfind(')')? + 2..)?.split(' ').collect();
    let ticks = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    // USER_HZ is 100 on Linux.
    Some(Duration::from_millis(ticks * 10))
}

/// Import `batch` with one upsert, timing each stage of the write.
fn timed_import(db: &mut Directory, batch: &lotse_core::model::DirectoryBatch) -> Duration {
    let cpu_before = cpu_time();
    let started = Instant::now();
    let mut stages: Vec<(WriteStage, Instant)> = Vec::new();
    db.upsert_with_progress(batch, &mut |p: WriteProgress| {
        if stages.last().map(|s| s.0) != Some(p.stage) {
            stages.push((p.stage, Instant::now()));
        }
    })
    .expect("import");
    let ended = Instant::now();
    let mut from = started;
    let mut parts = vec![];
    let mut name = "validate";
    for (stage, at) in &stages {
        parts.push(format!("{name} {:.2} s", (*at - from).as_secs_f64()));
        name = stage_name(*stage);
        from = *at;
    }
    parts.push(format!("{name} {:.2} s", (ended - from).as_secs_f64()));
    println!("  import stages: {}", parts.join(", "));
    if let (Some(before), Some(after)) = (cpu_before, cpu_time()) {
        println!(
            "  import CPU time (user + system, all threads): {:.2} s",
            (after - before).as_secs_f64()
        );
    }
    ended - started
}

fn stage_name(stage: WriteStage) -> &'static str {
    match stage {
        WriteStage::Organizations => "organizations",
        WriteStage::Services => "services",
        WriteStage::Locations => "locations",
        WriteStage::Offers => "offers",
        WriteStage::SearchIndex => "search index",
        WriteStage::Commit => "commit",
    }
}

fn bench_size(n: usize, import_only: bool) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("bench.sqlite");
    let batch = synthetic::directory(n, 7);
    let mut db = Directory::open(&path).expect("open");
    println!("\n== {n} offers ==");
    let import = timed_import(&mut db, &batch);
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0)
        + std::fs::metadata(path.with_extension("sqlite-wal"))
            .map(|m| m.len())
            .unwrap_or(0);
    let db_bytes = db.stats().expect("stats").database_bytes;
    println!(
        "import: {:.2} s, {:.0} offers/s (one transaction, with spatial and full-text indexes)",
        import.as_secs_f64(),
        n as f64 / import.as_secs_f64()
    );
    println!(
        "database: {:.1} MB ({:.1} MB per 100k offers; files on disk incl. WAL {:.1} MB)",
        db_bytes as f64 / 1e6,
        db_bytes as f64 / 1e6 * 100_000.0 / n as f64,
        size as f64 / 1e6
    );
    // For looking into the file: LOTSE_BENCH_KEEP=FILE keeps a copy.
    if let Some(keep) = std::env::var_os("LOTSE_BENCH_KEEP") {
        let keep = keep.to_string_lossy().replace('\'', "''");
        db_path_conn(&path)
            .execute_batch(&format!("VACUUM INTO '{keep}'"))
            .expect("keep database");
    }
    if import_only {
        return;
    }

    let points = origins(200);
    // Warm-up, then timed runs.
    for (i, p) in points.iter().take(20).enumerate() {
        db.nearest(&nearest_query(*p, i)).expect("nearest");
    }
    let rtree: Vec<Duration> = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let t = Instant::now();
            let hits = db.nearest(&nearest_query(*p, i)).expect("nearest");
            let d = t.elapsed();
            assert_eq!(hits.len(), 10);
            d
        })
        .collect();
    let rtree = median(rtree);

    // Baseline 1: what a query without the spatial index does, a full scan in SQLite.
    let scans = points.len().min(if n >= 1_000_000 { 9 } else { 21 });
    let sql_scan: Vec<Duration> = points
        .iter()
        .take(scans)
        .enumerate()
        .map(|(i, p)| sql_linear_scan(&db_path_conn(&path), *p, i))
        .collect();
    let sql_scan = median(sql_scan);
    // Baseline 2: the same over an in-memory array (no I/O at all).
    let mem: Vec<(f64, f64, usize)> = batch
        .locations
        .iter()
        .zip(&batch.services)
        .map(|(l, s)| {
            (
                l.point.y(),
                l.point.x(),
                CATEGORIES
                    .iter()
                    .position(|c| c.id == s.categories[0])
                    .unwrap_or(0),
            )
        })
        .collect();
    let mem_scan: Vec<Duration> = points
        .iter()
        .take(scans)
        .enumerate()
        .map(|(i, p)| memory_linear_scan(&mem, *p, i))
        .collect();
    let mem_scan = median(mem_scan);
    println!(
        "nearest k=10, one category: median {} (in-memory R*-trees, {} queries); linear haversine scan in SQLite {} ({:.0}x slower); over an in-memory array {} ({:.0}x slower)",
        micros(rtree),
        points.len(),
        micros(sql_scan),
        sql_scan.as_secs_f64() / rtree.as_secs_f64(),
        micros(mem_scan),
        mem_scan.as_secs_f64() / rtree.as_secs_f64()
    );

    let texts = [
        "Beratung",
        "kita",
        "Integration Zentrum",
        "Sprach",
        "Familie Schwerin",
        "Beratnug",
        "детский сад",
        "كيتا",
        "Dolmetschen Trauma",
        "Deutschkurs",
    ];
    let mut all = Vec::new();
    let mut per_query = Vec::new();
    for text in texts {
        let q = SearchQuery {
            text: text.to_owned(),
            limit: 20,
            ..SearchQuery::default()
        };
        let hits = db.search(&q).expect("search").len();
        let samples: Vec<Duration> = (0..10)
            .map(|_| {
                let t = Instant::now();
                db.search(&q).expect("search");
                t.elapsed()
            })
            .collect();
        all.extend(samples.iter().copied());
        per_query.push(format!(
            "{text:?} {} ({hits} hits)",
            micros(median(samples))
        ));
    }
    println!(
        "full-text search, 20 results: median {} over {} queries",
        micros(median(all)),
        texts.len() * 10
    );
    println!("  per query: {}", per_query.join("; "));
}

fn db_path_conn(path: &std::path::Path) -> rusqlite::Connection {
    rusqlite::Connection::open(path).expect("open")
}

fn sql_linear_scan(conn: &rusqlite::Connection, origin: Point<f64>, i: usize) -> Duration {
    let t = Instant::now();
    let mask = 1i64 << (i % CATEGORIES.len());
    let mut stmt = conn
        .prepare_cached(
            "SELECT sal.row_id, l.lat, l.lon, s.category_mask FROM service_at_location sal
             JOIN services s ON s.row_id = sal.service_row_id
             JOIN locations l ON l.row_id = sal.location_row_id",
        )
        .expect("prepare");
    let mut best: Vec<(f64, i64)> = Vec::with_capacity(11);
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, f64>(1)?,
                r.get::<_, f64>(2)?,
                r.get::<_, i64>(3)?,
            ))
        })
        .expect("query");
    for row in rows {
        let (id, lat, lon, m) = row.expect("row");
        if m & mask == 0 {
            continue;
        }
        keep_best(&mut best, distance_m(origin, Point::new(lon, lat)), id);
    }
    assert_eq!(best.len(), 10);
    t.elapsed()
}

fn memory_linear_scan(points: &[(f64, f64, usize)], origin: Point<f64>, i: usize) -> Duration {
    let t = Instant::now();
    let cat = i % CATEGORIES.len();
    let mut best: Vec<(f64, i64)> = Vec::with_capacity(11);
    for (idx, (lat, lon, c)) in points.iter().enumerate() {
        if *c == cat {
            keep_best(
                &mut best,
                distance_m(origin, Point::new(*lon, *lat)),
                idx as i64,
            );
        }
    }
    std::hint::black_box(&best);
    t.elapsed()
}

fn keep_best(best: &mut Vec<(f64, i64)>, d: f64, id: i64) {
    if best.len() < 10 || d < best[best.len() - 1].0 {
        let pos = best.partition_point(|b| b.0 <= d);
        best.insert(pos, (d, id));
        best.truncate(10);
    }
}

fn main() {
    // `--import-only`: stop after the import (for profiling it).
    let import_only = std::env::args().any(|a| a == "--import-only");
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .flat_map(|a| a.split(',').map(str::to_owned).collect::<Vec<_>>())
        .filter_map(|a| {
            a.replace('_', "")
                .replace("k", "000")
                .replace("M", "000000")
                .parse()
                .ok()
        })
        .collect();
    let sizes = if sizes.is_empty() {
        vec![10_000, 100_000, 1_000_000]
    } else {
        sizes
    };
    println!("Lotse directory benchmark (medians; one run; release build)");
    for n in sizes {
        bench_size(n, import_only);
    }
}
