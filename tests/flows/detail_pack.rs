//! A street-level map detail pack in the real window. The test builds a
//! small pack itself (vector tiles in the Protomaps basemap schema: a grid
//! of `roads` of kind `highway` around Schwerin, zoom 12–14), lists it in an
//! office's signed feed and serves it from loopback. In settings the pack is
//! offered with its size, downloaded (verified against the signed manifest),
//! listed as installed with its size, and drawn on the map at street level;
//! deleted, it is gone from settings and from the map.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use lotse_core::packs::publish_pack;
use lotse_core::publish::PublishOptions;
use lotse_e2e::{
    check, free_port, office_feed, AppSession, FeedServer, HarnessError, LaunchOptions,
};
use pmtiles::{PmTilesWriter, TileCoord, TileType};
use serde_json::Value;

fn fail(e: impl std::fmt::Display) -> HarnessError {
    HarnessError::Assertion(e.to_string())
}

/// West, south, east, north of the pack.
const AREA: [f64; 4] = [11.2, 53.5, 11.7, 53.75];

fn tile_of(lon: f64, lat: f64, z: u8) -> (u32, u32) {
    let n = f64::from(1u32 << z);
    let x = (lon + 180.0) / 360.0 * n;
    let lat = lat.to_radians();
    let y = (1.0 - lat.tan().asinh() / std::f64::consts::PI) / 2.0 * n;
    (x as u32, y as u32)
}

/// One tile: highways across it, four each way.
fn road_tile() -> Result<Vec<u8>, mvt::Error> {
    let mut tile = mvt::Tile::new(4096);
    let mut layer = tile.create_layer("roads");
    for i in 0..4 {
        let at = 512.0 + f64::from(i) * 1024.0;
        for (from, to) in [((0.0, at), (4096.0, at)), ((at, 0.0), (at, 4096.0))] {
            let geom = mvt::GeomEncoder::new(mvt::GeomType::Linestring)
                .point(from.0, from.1)?
                .point(to.0, to.1)?
                .encode()?;
            let mut feature = layer.into_feature(geom);
            feature.add_tag_string("kind", "highway");
            layer = feature.into_layer();
        }
    }
    tile.add_layer(layer)?;
    tile.to_bytes()
}

fn build_pack(path: &Path) -> Result<(), HarnessError> {
    let bytes = road_tile().map_err(fail)?;
    let mut ids = Vec::new();
    for z in 12..=14u8 {
        let (x0, y0) = tile_of(AREA[0], AREA[3], z);
        let (x1, y1) = tile_of(AREA[2], AREA[1], z);
        for x in x0..=x1 {
            for y in y0..=y1 {
                let coord = TileCoord::new(z, x, y).map_err(fail)?;
                ids.push((pmtiles::TileId::from(coord).value(), coord));
            }
        }
    }
    ids.sort_by_key(|(id, _)| *id);
    let mut writer = PmTilesWriter::new(TileType::Mvt)
        .min_zoom(12)
        .max_zoom(14)
        .bounds(AREA[0], AREA[1], AREA[2], AREA[3])
        .create(std::fs::File::create(path)?)
        .map_err(fail)?;
    for (_, coord) in ids {
        writer.add_tile(coord, &bytes).map_err(fail)?;
    }
    writer.finalize().map_err(fail)?;
    Ok(())
}

/// Pixels of the highway colour (#f9c98a) on the map's drawn tiles.
const HIGHWAY_PIXELS: &str = r#"
let found = 0, tiles = 0;
for (const c of document.querySelectorAll('[data-testid=map-view] canvas.leaflet-tile')) {
  if (!c.width || !c.height) continue;
  tiles++;
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  for (let i = 0; i < d.length; i += 4) {
    if (Math.abs(d[i] - 0xf9) <= 6 && Math.abs(d[i + 1] - 0xc9) <= 6 && Math.abs(d[i + 2] - 0x8a) <= 6) found++;
  }
}
return { found: found, tiles: tiles };
"#;

/// Show the nearby map at zoom 13 or more, then count highway pixels once
/// the tiles have had time to draw.
async fn highway_pixels(s: &AppSession) -> Result<Value, HarnessError> {
    s.wait_for("[data-testid=nav-nearby]")
        .await?
        .click()
        .await?;
    s.wait_for("[data-testid=map-marker]").await?;
    let view = s
        .wait_for("[data-testid=map-view] [data-tile-base]")
        .await?;
    for _ in 0..10 {
        let zoom: u32 = view
            .attr("data-zoom")
            .await?
            .and_then(|z| z.parse().ok())
            .unwrap_or(0);
        if zoom >= 13 {
            break;
        }
        s.wait_for(".leaflet-control-zoom-in")
            .await?
            .click()
            .await?;
        tokio::time::sleep(Duration::from_millis(600)).await;
    }
    let mut last = Value::Null;
    for _ in 0..20 {
        tokio::time::sleep(Duration::from_millis(300)).await;
        last = s.client.execute(HIGHWAY_PIXELS, vec![]).await?;
        if last["found"].as_u64().unwrap_or(0) > 0 {
            break;
        }
    }
    Ok(last)
}

#[tokio::test]
async fn a_detail_pack_from_the_feed_is_downloaded_drawn_and_deleted() -> Result<(), HarnessError> {
    let office = tempfile::tempdir()?;
    let pack_file = office.path().join("schwerin-strassen.pmtiles");
    build_pack(&pack_file)?;
    let pack = publish_pack(
        &office.path().join("feed"),
        "schwerin-strassen",
        "Schwerin (Straßenkarte)",
        &pack_file,
    )
    .map_err(fail)?;
    let options = PublishOptions {
        packs: Some(vec![pack.clone()]),
        ..PublishOptions::default()
    };
    let key = office_feed(office.path(), 20, &options)?;
    let store = Arc::new(
        lotse_server::SuggestionStore::open(&office.path().join("suggestions.sqlite"))
            .map_err(fail)?,
    );
    let server = FeedServer::start(
        free_port()?,
        office.path().join("feed"),
        store,
        Duration::ZERO,
    )?;

    let s = AppSession::launch(LaunchOptions::named("detail-pack")).await?;
    s.wait_for("[data-testid=results][data-state=ready]")
        .await?;
    let before = highway_pixels(&s).await?;
    check(
        before["tiles"].as_u64().unwrap_or(0) > 0 && before["found"].as_u64() == Some(0),
        format!("street level without a pack: {before}"),
    )?;

    s.open_settings().await?;
    s.set_feed(&server.url, &key.public().to_base64(), "")
        .await?;
    s.wait_for("[data-testid=sync-outcome]").await?;
    let offer = s
        .wait_for(
            "[data-testid=pack-offer][data-pack=schwerin-strassen] [data-testid=pack-download]",
        )
        .await?;
    let label = offer.text().await?;
    // The size as the German screen writes it (decimal units, decimal comma).
    let shown = if pack.bytes < 1000 {
        format!("{} B", pack.bytes)
    } else {
        format!("{:.1} kB", pack.bytes as f64 / 1000.0).replace('.', ",")
    };
    check(
        label.contains("Schwerin (Straßenkarte)") && label.contains(&shown),
        format!("the offer reads {label:?} for {} bytes", pack.bytes),
    )?;
    offer.click().await?;
    let size = s
        .wait_for("[data-testid=pack][data-pack=schwerin-strassen] [data-testid=pack-size]")
        .await?
        .text()
        .await?;
    check(
        size.contains("14"),
        format!("installed pack reads {size:?}"),
    )?;
    check(
        s.all("[data-testid=pack-offer]").await?.is_empty(),
        "an installed pack is still offered",
    )?;

    let with_pack = highway_pixels(&s).await?;
    check(
        with_pack["found"].as_u64().unwrap_or(0) > 500,
        format!("the pack's streets are not drawn: {with_pack}"),
    )?;
    s.screenshot("detail-pack-street-level").await?;

    s.open_settings().await?;
    s.wait_for("[data-testid=pack][data-pack=schwerin-strassen] [data-testid=pack-delete]")
        .await?
        .click()
        .await?;
    s.wait_for("[data-testid=packs-empty]").await?;
    s.wait_for("[data-testid=pack-offer][data-pack=schwerin-strassen]")
        .await?;
    let after = highway_pixels(&s).await?;
    check(
        after["found"].as_u64() == Some(0),
        format!("streets still drawn after the delete: {after}"),
    )?;
    s.finish().await
}
