//! Map detail packs over real HTTP on loopback: a small pack this test
//! builds itself is published in the signed feed, served by `lotse serve`'s
//! router, downloaded (resumed after a cut), verified, listed, read by the
//! tile server and deleted; a tampered or unknown pack is refused.

use std::time::Duration;

use chrono::{DateTime, Utc};
use lotse_core::feed::FeedError;
use lotse_core::packs::{feed_pin, publish_pack, PackDownloader, PackStore};
use lotse_core::publish::PublishOptions;
use lotse_core::sync::{Clock, HttpTransport, SyncEngine, SyncOptions};
use lotse_core::Directory;
use lotse_tiles::TileServer;
use pmtiles::{PmTilesWriter, TileCoord, TileType};

use crate::support::{Fault, Office, TestServer};

/// No waiting between retries.
struct NoSleep;

impl Clock for NoSleep {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
    fn sleep(&self, _: Duration) {}
}

/// A pack of 8×8 tiles at zoom 12 around Schwerin, each 4 KB of
/// incompressible bytes (so the file is about 260 KB).
fn build_pack(path: &std::path::Path) -> Vec<((u8, u32, u32), Vec<u8>)> {
    let mut tiles = Vec::new();
    let mut seed = 0x2545_f491_u64;
    for x in 2176..2184u32 {
        for y in 1316..1324u32 {
            let bytes: Vec<u8> = (0..4096)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    (seed >> 24) as u8
                })
                .collect();
            tiles.push(((12u8, x, y), bytes));
        }
    }
    tiles.sort_by_key(|((z, x, y), _)| {
        pmtiles::TileId::from(TileCoord::new(*z, *x, *y).expect("coord")).value()
    });
    let mut w = PmTilesWriter::new(TileType::Mvt)
        .min_zoom(12)
        .max_zoom(12)
        .bounds(11.25, 53.5, 11.96, 54.0)
        .create(std::fs::File::create(path).expect("create"))
        .expect("writer");
    for ((z, x, y), bytes) in &tiles {
        w.add_tile(TileCoord::new(*z, *x, *y).expect("coord"), bytes)
            .expect("add");
    }
    w.finalize().expect("finalize");
    tiles
}

struct Setup {
    office: Office,
    server: TestServer,
    phone: Directory,
    tiles: Vec<((u8, u32, u32), Vec<u8>)>,
    pack_bytes: u64,
}

/// The demo directory and a pack published and served on loopback; a phone
/// that has synced once.
fn setup() -> Setup {
    let office = Office::new();
    let mut db = office.open("office.sqlite");
    db.seed_demo_if_empty().expect("demo");
    let pack_file = office.path("schwerin.pmtiles");
    let tiles = build_pack(&pack_file);
    let pack =
        publish_pack(&office.feed(), "schwerin", "Schwerin (Straßen)", &pack_file).expect("pack");
    let pack_bytes = pack.bytes;
    let options = PublishOptions {
        packs: Some(vec![pack]),
        ..PublishOptions::default()
    };
    office.publish(&db, &options);
    let server = office.serve();

    // The phone follows the feed (which pins the publisher's key).
    let mut phone = office.open("phone.sqlite");
    let transport = transport(&server);
    let mut engine = SyncEngine::new(&transport, office.path("phone.sqlite.sync-cache"));
    engine.clock = &NoSleep;
    engine
        .sync(
            &mut phone,
            &SyncOptions {
                feed: server.url.clone(),
                pubkeys: vec![office.key.public()],
                ..SyncOptions::default()
            },
            &mut |_| {},
        )
        .expect("first sync");
    Setup {
        office,
        server,
        phone,
        tiles,
        pack_bytes,
    }
}

fn transport(server: &TestServer) -> HttpTransport {
    crate::support::transport(server, Duration::from_secs(5))
}

fn store(s: &Setup) -> PackStore {
    PackStore::for_database(&s.office.path("phone.sqlite"))
}

#[test]
fn a_pack_is_downloaded_verified_listed_served_and_deleted() {
    let s = setup();
    let transport = transport(&s.server);
    let mut dl = PackDownloader::new(&transport);
    dl.clock = &NoSleep;
    let store = store(&s);

    let offered = dl
        .available(&feed_pin(&s.phone).expect("pin"), &store)
        .expect("available");
    assert_eq!(offered.len(), 1);
    assert_eq!(offered[0].id, "schwerin");
    assert_eq!(offered[0].bytes, s.pack_bytes);

    let mut last = None;
    let installed = dl
        .download(
            &feed_pin(&s.phone).expect("pin"),
            &store,
            "schwerin",
            &mut |p| last = Some(p),
        )
        .expect("download");
    assert_eq!(
        last.map(|p| (p.done, p.total)),
        Some((s.pack_bytes, s.pack_bytes))
    );
    assert_eq!(installed.label, "Schwerin (Straßen)");
    assert_eq!((installed.min_zoom, installed.max_zoom), (12, 12));

    let listed = store.list().expect("list");
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].bytes, s.pack_bytes);
    assert_eq!(
        std::fs::metadata(&listed[0].path).expect("file").len(),
        s.pack_bytes
    );
    assert!(listed[0].path.starts_with(s.office.path("map-packs")));

    // The tile server answers from the installed pack.
    let server = TileServer::new(None).expect("server");
    assert!(server
        .set_packs(&store.tile_sources().expect("sources"))
        .is_empty());
    let ((z, x, y), bytes) = &s.tiles[17];
    let r = server.respond(&format!("/{z}/{x}/{y}"));
    assert_eq!(r.status, 200);
    assert_eq!(&r.body, bytes);
    assert_eq!(r.source.as_deref(), Some("schwerin"));

    assert!(store.delete("schwerin").expect("delete"));
    assert!(store.list().expect("list").is_empty());
    assert!(!store.delete("schwerin").expect("second delete"));
    assert!(!s.office.path("map-packs/schwerin.pmtiles").exists());
}

#[test]
fn a_cut_download_resumes_with_range() {
    let s = setup();
    s.server.faults.once(".pmtiles", Fault::CutAfter(100_000));
    let transport = transport(&s.server);
    let mut dl = PackDownloader::new(&transport);
    dl.clock = &NoSleep;
    let store = store(&s);
    dl.download(
        &feed_pin(&s.phone).expect("pin"),
        &store,
        "schwerin",
        &mut |_| {},
    )
    .expect("download after a resume");
    let ranges: Vec<Option<String>> = s
        .server
        .faults
        .log()
        .into_iter()
        .filter(|(path, _, _)| path.ends_with(".pmtiles"))
        .map(|(_, range, _)| range)
        .collect();
    assert_eq!(ranges.len(), 2, "{ranges:?}");
    assert_eq!(ranges[0], None);
    assert_eq!(ranges[1].as_deref(), Some("bytes=100000-"));
    assert_eq!(store.list().expect("list").len(), 1);
}

#[test]
fn a_tampered_or_unknown_pack_is_refused_and_nothing_installed() {
    let s = setup();
    s.server.faults.always_flip(".pmtiles", 5000);
    let transport = transport(&s.server);
    let mut dl = PackDownloader::new(&transport);
    dl.clock = &NoSleep;
    let store = store(&s);
    let err = dl
        .download(
            &feed_pin(&s.phone).expect("pin"),
            &store,
            "schwerin",
            &mut |_| {},
        )
        .expect_err("a flipped byte");
    assert!(matches!(err, FeedError::HashMismatch { .. }), "{err}");
    assert!(store.list().expect("list").is_empty());
    assert!(!s.office.path("map-packs/schwerin.pmtiles").exists());

    let err = dl
        .download(
            &feed_pin(&s.phone).expect("pin"),
            &store,
            "bayern",
            &mut |_| {},
        )
        .expect_err("not offered");
    assert!(err.to_string().contains("no map pack `bayern`"), "{err}");
    assert!(dl
        .download(
            &feed_pin(&s.phone).expect("pin"),
            &store,
            "../x",
            &mut |_| {}
        )
        .is_err());
}

#[test]
fn a_phone_that_follows_no_feed_cannot_download_packs() {
    let s = setup();
    let fresh = s.office.open("fresh.sqlite");
    let err = feed_pin(&fresh).expect_err("no pinned key");
    assert!(err.to_string().contains("no publisher key"), "{err}");
}
