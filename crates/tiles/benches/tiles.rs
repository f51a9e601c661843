//! `cargo bench -p lotse-tiles --features basemap --bench tiles`
//!
//! The per-tile latency of what the app's `tiles://` handler calls
//! ([`TileServer::respond`]: path parsing, directory lookup, gzip
//! decompression) over every tile of the bundled basemap, and its size.

use std::time::{Duration, Instant};

use lotse_tiles::pmtiles::tile_bounds;
use lotse_tiles::{TileServer, BASEMAP};

fn median(v: &mut [Duration]) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn percentile(v: &[Duration], p: f64) -> Duration {
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

fn main() {
    let open = Instant::now();
    let server = TileServer::with_bundled_basemap().expect("the bundled basemap opens");
    let open = open.elapsed();
    let header = server.basemap().expect("basemap").header().clone();
    let [w, s, e, n] = header.bounds;

    // Every tile address of the basemap's region, zoom 0..max.
    let mut paths = Vec::new();
    for z in header.min_zoom..=header.max_zoom {
        let count = 1u32 << z;
        for x in 0..count {
            for y in 0..count {
                let [tw, ts, te, tn] = tile_bounds(z, x, y);
                if tw < e && te > w && ts < n && tn > s {
                    paths.push(format!("/{z}/{x}/{y}"));
                }
            }
        }
    }

    let mut hits = Vec::new();
    let mut misses = Vec::new();
    let mut bytes = 0usize;
    // Two rounds: the first warms the leaf-directory cache, the second is measured.
    for round in 0..2 {
        for p in &paths {
            let t = Instant::now();
            let r = server.respond(p);
            let dt = t.elapsed();
            std::hint::black_box(&r);
            if round == 1 {
                if r.status == 200 {
                    bytes += r.body.len();
                    hits.push(dt);
                } else {
                    misses.push(dt);
                }
            }
        }
    }
    let hit_count = hits.len();
    let mut all: Vec<Duration> = hits.iter().chain(misses.iter()).copied().collect();
    let med_all = median(&mut all);
    let med_hit = median(&mut hits);
    println!(
        "basemap: {} bytes ({:.2} MB), zoom {}-{}, bounds {:?}",
        BASEMAP.len(),
        BASEMAP.len() as f64 / 1e6,
        header.min_zoom,
        header.max_zoom,
        header.bounds
    );
    println!("open (header + root directory): {open:?}");
    println!(
        "requests: {} tile addresses in the bounds, {} tiles served (avg {} bytes uncompressed), {} empty (204)",
        paths.len(),
        hit_count,
        bytes / hit_count.max(1),
        misses.len()
    );
    println!(
        "per-tile latency, tiles served: median {:?}, p95 {:?}, max {:?}",
        med_hit,
        percentile(&hits, 0.95),
        hits.last().copied().unwrap_or_default()
    );
    println!("per-request latency, all addresses: median {med_all:?}");
}
