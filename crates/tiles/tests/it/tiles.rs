//! The PMTiles reader against archives written by the `pmtiles` crate, the
//! tile server's choice between packs and the basemap, and the bundled file.

use std::path::Path;

use lotse_tiles::pmtiles::{tile_id, Archive, FileAt, TileType};
use lotse_tiles::{parse_path, Layer, MemBytes, TileRequest, TileServer};
use pmtiles::{PmTilesWriter, TileCoord};

/// Write an archive with these tiles (z, x, y, bytes), gzipped by the writer.
fn write_archive(path: &Path, tiles: &[(u8, u32, u32, Vec<u8>)], bounds: [f64; 4]) {
    let mut sorted: Vec<_> = tiles.to_vec();
    sorted.sort_by_key(|t| tile_id(t.0, t.1, t.2));
    let (min_z, max_z) = (
        sorted.iter().map(|t| t.0).min().unwrap_or(0),
        sorted.iter().map(|t| t.0).max().unwrap_or(0),
    );
    let file = std::fs::File::create(path).expect("create");
    let mut w = PmTilesWriter::new(pmtiles::TileType::Mvt)
        .min_zoom(min_z)
        .max_zoom(max_z)
        .bounds(bounds[0], bounds[1], bounds[2], bounds[3])
        .create(file)
        .expect("writer");
    for (z, x, y, bytes) in &sorted {
        w.add_tile(TileCoord::new(*z, *x, *y).expect("coord"), bytes)
            .expect("add");
    }
    w.finalize().expect("finalize");
}

#[test]
fn tile_ids_match_the_pmtiles_crate() {
    for z in 0..=9u8 {
        let n = 1u32 << z;
        let step = (n / 37).max(1);
        for x in (0..n).step_by(step as usize) {
            for y in (0..n).step_by(step as usize) {
                let theirs = pmtiles::TileId::from(TileCoord::new(z, x, y).expect("c")).value();
                assert_eq!(tile_id(z, x, y), theirs, "{z}/{x}/{y}");
            }
        }
    }
}

#[test]
fn every_tile_reads_back_including_through_leaf_directories() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("many.pmtiles");
    // 30,000 distinct tiles: too many entries for the root directory alone.
    let mut tiles = Vec::new();
    for i in 0..30_000u32 {
        let (x, y) = (i % 512, i / 512);
        tiles.push((9u8, x, y, format!("tile {i} at 9/{x}/{y}").into_bytes()));
    }
    tiles.push((0, 0, 0, b"the world".to_vec()));
    write_archive(&path, &tiles, [-180.0, -85.0, 180.0, 85.0]);

    let archive = Archive::open(FileAt::open(&path).expect("open")).expect("archive");
    assert!(
        archive.header().leaf_length > 0,
        "the writer was expected to use leaf directories"
    );
    assert_eq!(archive.header().tile_type, TileType::Mvt);
    for (z, x, y, bytes) in tiles.iter().step_by(97).chain(tiles.last()) {
        assert_eq!(
            archive.tile(*z, *x, *y).expect("read").as_deref(),
            Some(bytes.as_slice()),
            "{z}/{x}/{y}"
        );
    }
    // Addresses without a tile.
    assert_eq!(archive.tile(9, 511, 511).expect("read"), None);
    assert_eq!(archive.tile(5, 1, 1).expect("read"), None);
    assert_eq!(archive.tile(12, 1, 1).expect("read"), None);

    // The same bytes in memory read the same.
    let mem = Archive::open(std::fs::read(&path).expect("bytes")).expect("archive");
    assert_eq!(
        mem.tile(9, 100, 3).expect("read").as_deref(),
        Some(b"tile 1636 at 9/100/3".as_slice())
    );
}

#[test]
fn a_truncated_archive_is_refused_at_open() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("cut.pmtiles");
    write_archive(
        &path,
        &[(3, 4, 2, vec![7; 5000]), (3, 4, 3, vec![8; 5000])],
        [0.0, 40.0, 30.0, 60.0],
    );
    let bytes = std::fs::read(&path).expect("read");
    let cut = bytes[..bytes.len() - 10].to_vec();
    assert!(Archive::open(cut).is_err());
    assert!(Archive::open(b"not a pmtiles file at all, just some text".to_vec()).is_err());
}

#[test]
fn paths_are_tile_addresses_or_nothing() {
    let req = |layer, z, x, y| Some(TileRequest { layer, z, x, y });
    assert_eq!(parse_path("/7/68/41"), req(Layer::Best, 7, 68, 41));
    assert_eq!(parse_path("7/68/41.mvt"), req(Layer::Best, 7, 68, 41));
    assert_eq!(
        parse_path("/basemap/0/0/0?v=1"),
        req(Layer::Basemap, 0, 0, 0)
    );
    assert_eq!(
        parse_path("/detail/14/8800/5400"),
        req(Layer::Detail, 14, 8800, 5400)
    );
    for bad in [
        "",
        "/",
        "/7/68",
        "/7/68/41/2",
        "/a/b/c",
        "/3/8/0",
        "/-1/0/0",
        "/99/0/0",
        "/x/1/1/1",
    ] {
        assert_eq!(parse_path(bad), None, "{bad:?}");
    }
}

#[test]
fn a_pack_answers_where_it_has_the_tile_and_the_basemap_elsewhere() {
    let dir = tempfile::tempdir().expect("tmp");
    let base = dir.path().join("base.pmtiles");
    write_archive(
        &base,
        &[
            (5, 17, 10, b"base 5/17/10".to_vec()),
            (5, 16, 10, b"base 5/16/10".to_vec()),
        ],
        [-180.0, -85.0, 180.0, 85.0],
    );
    let pack = dir.path().join("pack.pmtiles");
    write_archive(
        &pack,
        &[
            (5, 17, 10, b"pack 5/17/10".to_vec()),
            (12, 2200, 1340, b"pack 12".to_vec()),
        ],
        [10.0, 50.0, 14.0, 54.0],
    );
    let server = TileServer::new(Some(MemBytes::Owned(std::fs::read(&base).expect("read"))))
        .expect("server");
    let before = server.respond("/5/17/10");
    assert_eq!(
        (before.status, before.body.as_slice()),
        (200, b"base 5/17/10".as_slice())
    );

    assert_eq!(server.respond("/packs.json").body, b"[]");
    assert!(server.set_packs(&[("mv".into(), pack.clone())]).is_empty());
    let listing = String::from_utf8(server.respond("/packs.json").body).expect("utf8");
    assert!(
        listing.starts_with(r#"[{"id":"mv","min_zoom":5,"max_zoom":12,"bounds":[10,50,14,54]"#),
        "{listing}"
    );
    let r = server.respond("/5/17/10");
    assert_eq!(r.status, 200);
    assert_eq!(r.body, b"pack 5/17/10");
    assert_eq!(r.source.as_deref(), Some("mv"));
    assert_eq!(r.content_type, "application/vnd.mapbox-vector-tile");
    // The pack has no 5/16/10: the basemap answers.
    assert_eq!(server.respond("/5/16/10").body, b"base 5/16/10");
    // Detail only from packs; basemap only from the basemap.
    assert_eq!(server.respond("/detail/5/16/10").status, 204);
    assert_eq!(server.respond("/detail/12/2200/1340").body, b"pack 12");
    assert_eq!(server.respond("/basemap/5/17/10").body, b"base 5/17/10");
    // Nothing anywhere: no content; no tile address: not found.
    assert_eq!(server.respond("/6/0/0").status, 204);
    assert!(server.respond("/6/0/0").body.is_empty());
    assert_eq!(server.respond("/favicon.ico").status, 404);

    // A damaged pack is reported and left out; the basemap still answers.
    let broken = dir.path().join("broken.pmtiles");
    std::fs::write(&broken, b"PMTiles but not really").expect("write");
    let failed = server.set_packs(&[("broken".into(), broken), ("mv".into(), pack)]);
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].0, "broken");
    assert_eq!(server.packs().len(), 1);
    assert_eq!(server.respond("/5/17/10").source.as_deref(), Some("mv"));
}

#[cfg(feature = "basemap")]
#[test]
fn the_bundled_basemap_has_germany_from_zoom_0_to_10() {
    let server = TileServer::with_bundled_basemap().expect("basemap");
    let h = server.basemap().expect("basemap").header().clone();
    assert_eq!((h.min_zoom, h.max_zoom), (0, 10));
    assert!(lotse_tiles::BASEMAP.len() <= 5_000_000, "basemap over 5 MB");
    // Berlin at zoom 6 (34/20) and 10 (550/335): land and the town's name.
    for path in ["/0/0/0", "/6/34/20", "/10/550/335"] {
        let r = server.respond(path);
        assert_eq!(r.status, 200, "{path}");
        let text = String::from_utf8_lossy(&r.body);
        assert!(text.contains("earth"), "{path}: no earth layer");
    }
    assert!(String::from_utf8_lossy(&server.respond("/6/34/20").body).contains("Berlin"));
    // Open sea has no tile.
    assert_eq!(server.respond("/10/526/319").status, 204);
    // The body is plain MVT (a layer, field 3: 0x1a), not gzip.
    assert_eq!(server.respond("/0/0/0").body.first(), Some(&0x1a));
}
