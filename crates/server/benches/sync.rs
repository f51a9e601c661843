//! `cargo bench -p lotse-server --bench sync [-- OFFERS]` (default 100000)
//!
//! Publishes a synthetic region, serves it with `lotse serve`'s router on
//! loopback behind a byte-counting TCP proxy, and syncs real client
//! databases through it. Prints medians and ratios from this one run:
//! no-change sync (requests, wire bytes), first sync (apply time, wire
//! bytes against gzip of the data), a 1% change (wire bytes against the
//! snapshot) and a bundle import.

#[path = "../../core/benches/synthetic.rs"]
#[allow(dead_code)]
mod synthetic;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use lotse_core::bundle::{export_bundle, import_bundle};
use lotse_core::feed::{entries_of, DataHeader, RegionData, SecretKey};
use lotse_core::publish::{publish, PublishOptions};
use lotse_core::sync::{
    DirTransport, HttpTimeouts, HttpTransport, SyncEngine, SyncOptions, SyncPhase, SystemClock,
};
use lotse_core::Directory;

/// Forwards loopback connections to `target`, counting bytes both ways.
fn counting_proxy(target: std::net::SocketAddr) -> (String, Arc<AtomicU64>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind proxy");
    let addr = listener.local_addr().expect("addr");
    let counter = Arc::new(AtomicU64::new(0));
    let c = counter.clone();
    std::thread::spawn(move || {
        for client in listener.incoming().flatten() {
            let Ok(server) = TcpStream::connect(target) else {
                continue;
            };
            for (mut from, mut to) in [
                (
                    client.try_clone().expect("clone"),
                    server.try_clone().expect("clone"),
                ),
                (server, client),
            ] {
                let c = c.clone();
                std::thread::spawn(move || {
                    let mut buf = [0u8; 64 * 1024];
                    while let Ok(n) = from.read(&mut buf) {
                        if n == 0 || to.write_all(&buf[..n]).is_err() {
                            break;
                        }
                        c.fetch_add(n as u64, Ordering::Relaxed);
                    }
                    let _ = to.shutdown(std::net::Shutdown::Write);
                });
            }
        }
    });
    (format!("http://{addr}"), counter)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

struct Timed {
    total_s: f64,
    apply_s: f64,
    wire: u64,
    requests: u32,
    not_modified: bool,
}

fn sync_once(
    db: &mut Directory,
    url: &str,
    wire: &AtomicU64,
    key: &SecretKey,
    cache: std::path::PathBuf,
) -> Timed {
    let transport = HttpTransport::new(url, HttpTimeouts::default()).expect("transport");
    let engine = SyncEngine::new(&transport, cache);
    let options = SyncOptions {
        feed: url.into(),
        pubkeys: vec![key.public()],
        ..Default::default()
    };
    let before = wire.load(Ordering::Relaxed);
    let mut apply_started = None;
    let started = Instant::now();
    let report = engine
        .sync(db, &options, &mut |p| {
            if p.phase == SyncPhase::Apply && apply_started.is_none() {
                apply_started = Some(Instant::now());
            }
        })
        .expect("sync");
    let total_s = started.elapsed().as_secs_f64();
    let apply_s = apply_started.map_or(0.0, |t| t.elapsed().as_secs_f64());
    // Let the proxy threads finish counting the last bytes.
    std::thread::sleep(Duration::from_millis(100));
    Timed {
        total_s,
        apply_s,
        wire: wire.load(Ordering::Relaxed) - before,
        requests: report.requests,
        not_modified: report.not_modified,
    }
}

fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().expect("tempdir");
    let key = SecretKey::generate().expect("key");
    let feed = dir.path().join("feed");
    let mut publisher = Directory::open(&dir.path().join("publisher.sqlite")).expect("publisher");
    let batch = synthetic::directory(n, 7);
    publisher.upsert(&batch).expect("seed");
    let t = Instant::now();
    publish(
        &publisher,
        &feed,
        &key,
        &PublishOptions::default(),
        &SystemClock,
    )
    .expect("publish");
    println!("Lotse sync benchmark, {n} offers in one region (medians; one run; release build)");
    println!("publish: {:.2} s", t.elapsed().as_secs_f64());

    // gzip (default level) of the data: the region's entries as JSON lines.
    let entries = entries_of(publisher.export_batch().expect("export"));
    let data = RegionData {
        header: DataHeader::Snapshot {
            region: "de".into(),
            version: 1,
            entries: entries.len() as u64,
        },
        upserts: entries.into_values().collect(),
        deletes: vec![],
    };
    let gzip_bytes = data.encode().expect("encode").len() as u64;

    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("bind");
    let server_addr = listener.local_addr().expect("addr");
    let app = lotse_server::router(feed.clone(), None);
    runtime.spawn(async move { lotse_server::serve(listener, app).await });
    let (url, wire) = counting_proxy(server_addr);

    let mut firsts = Vec::new();
    for run in 0..3 {
        let mut client =
            Directory::open(&dir.path().join(format!("client-{run}.sqlite"))).expect("client");
        firsts.push(sync_once(
            &mut client,
            &url,
            &wire,
            &key,
            dir.path().join(format!("cache-{run}")),
        ));
    }
    let first_wire = firsts[0].wire;
    println!(
        "first sync: apply median {:.2} s (target ≤ 3 s), total median {:.2} s; wire {} bytes = {:.3}× gzip of the data ({} bytes; target ≤ 1.1×)",
        median(firsts.iter().map(|t| t.apply_s).collect()),
        median(firsts.iter().map(|t| t.total_s).collect()),
        first_wire,
        first_wire as f64 / gzip_bytes as f64,
        gzip_bytes
    );

    let mut client = Directory::open(&dir.path().join("client-0.sqlite")).expect("client");
    let no_change: Vec<Timed> = (0..5)
        .map(|_| sync_once(&mut client, &url, &wire, &key, dir.path().join("cache-0")))
        .collect();
    let nc = &no_change[no_change.len() / 2];
    println!(
        "no-change sync: {} request(s), {} bytes on the wire (median of 5; not modified: {}; target one request ≤ 2 KB)",
        nc.requests,
        median(no_change.iter().map(|t| t.wire as f64).collect()),
        nc.not_modified
    );

    // Change 1% of the services (new names), publish, sync.
    let services = batch
        .services
        .iter()
        .step_by(100)
        .map(|s| lotse_core::model::Service {
            name: format!("{} (neu)", s.name),
            ..s.clone()
        })
        .collect();
    let changed = lotse_core::model::DirectoryBatch {
        services,
        ..Default::default()
    };
    publisher.upsert(&changed).expect("change");
    publish(
        &publisher,
        &feed,
        &key,
        &PublishOptions::default(),
        &SystemClock,
    )
    .expect("publish 2");
    let delta = sync_once(&mut client, &url, &wire, &key, dir.path().join("cache-0"));
    let snapshot_bytes = std::fs::read_dir(feed.join("blobs"))
        .expect("blobs")
        .flatten()
        .map(|e| e.metadata().map_or(0, |m| m.len()))
        .max()
        .unwrap_or(1);
    println!(
        "1% change: {} bytes on the wire = {:.2}% of the snapshot ({} bytes; target ≤ 3%), apply {:.2} s",
        delta.wire,
        delta.wire as f64 * 100.0 / snapshot_bytes as f64,
        snapshot_bytes,
        delta.apply_s
    );

    let bundle = dir.path().join("de.lotse");
    export_bundle(&DirTransport::new(&feed), &[], &[key.public()], &bundle).expect("bundle");
    // For profiling an import on its own: LOTSE_BENCH_KEEP=DIR keeps the bundle and its key.
    if let Some(keep) = std::env::var_os("LOTSE_BENCH_KEEP") {
        let keep = std::path::PathBuf::from(keep);
        std::fs::create_dir_all(&keep).expect("keep dir");
        std::fs::copy(&bundle, keep.join("de.lotse")).expect("keep bundle");
        std::fs::write(keep.join("de.pub"), key.public().to_base64()).expect("keep key");
    }
    let mut times = Vec::new();
    for run in 0..3 {
        let mut fresh =
            Directory::open(&dir.path().join(format!("bundle-{run}.sqlite"))).expect("fresh");
        let t = Instant::now();
        import_bundle(
            &mut fresh,
            &bundle,
            &[key.public()],
            &[],
            dir.path().join(format!("bcache-{run}")),
            &mut |_| {},
        )
        .expect("import");
        times.push(t.elapsed().as_secs_f64());
    }
    println!(
        "bundle import of {n} offers: median {:.2} s (file {} bytes)",
        median(times),
        std::fs::metadata(&bundle).map_or(0, |m| m.len())
    );
}
