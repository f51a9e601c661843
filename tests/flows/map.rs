//! The offline map in the real app window: vector tiles from the shell's
//! `tiles://` protocol are drawn (canvas pixels are read back), nothing is
//! loaded from the network, the demo offers appear as numbered markers in
//! list order, and tapping a marker opens that offer's card. Screenshots at
//! desktop (1280×800) and phone (360×740) size.

use std::time::Duration;

use lotse_e2e::{check, keep_screenshot, AppSession, HarnessError, LaunchOptions};
use serde_json::Value;

/// Reads the pixels of every drawn tile canvas of the map: how many tiles,
/// how many pixels have the land colour, how many colours in all.
const TILE_PIXELS: &str = r#"
const canvases = Array.from(document.querySelectorAll('[data-testid=map-view] canvas.leaflet-tile'))
  .filter(c => c.width > 0 && c.height > 0);
let land = 0, total = 0;
const colours = new Set();
for (const c of canvases) {
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  for (let i = 0; i < d.length; i += 4 * 7) {
    total++;
    const [r, g, b] = [d[i], d[i + 1], d[i + 2]];
    if (Math.abs(r - 0xf4) <= 3 && Math.abs(g - 0xf1) <= 3 && Math.abs(b - 0xea) <= 3) land++;
    colours.add((r >> 3) + ',' + (g >> 3) + ',' + (b >> 3));
  }
}
return { tiles: canvases.length, land: land, total: total, colours: colours.size };
"#;

/// Every resource the page loaded, by URL scheme and host.
const RESOURCES: &str = r#"
return performance.getEntriesByType('resource').map(e => e.name);
"#;

/// The markers whose centre is not covered by another marker, by rank.
const CLICKABLE_MARKERS: &str = r#"
return Array.from(document.querySelectorAll('[data-testid=map-marker]')).filter(el => {
  const r = el.getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return hit && hit.closest('[data-testid=map-marker]') === el;
}).map(el => ({ id: el.dataset.offerId, rank: Number(el.dataset.rank || 0) }));
"#;

/// How often the map reported a move as the user's (see `quietly` in map.js).
const VIEW_CHANGES: &str = r#"
const el = document.querySelector('[data-testid=map-view] [data-tile-base]');
return Number(el.getAttribute('data-view-changes') || 0);
"#;

/// Whether a drawn tile canvas lies under the centre of the map.
const COVERED_CENTRE: &str = r#"
const map = document.querySelector('[data-testid=map-view]').getBoundingClientRect();
const x = map.left + map.width / 2, y = map.top + map.height / 2;
return Array.from(document.querySelectorAll('[data-testid=map-view] canvas.leaflet-tile')).some(c => {
  const r = c.getBoundingClientRect();
  return c.width > 0 && r.left <= x && x <= r.right && r.top <= y && y <= r.bottom;
});
"#;

async fn js(s: &AppSession, script: &str) -> Result<Value, HarnessError> {
    Ok(s.client.execute(script, vec![]).await?)
}

/// Wait until the map has drawn tiles with land on them.
async fn wait_for_tiles(s: &AppSession) -> Result<Value, HarnessError> {
    let mut last = Value::Null;
    for _ in 0..150 {
        last = js(s, TILE_PIXELS).await?;
        let land = last["land"].as_u64().unwrap_or(0);
        let total = last["total"].as_u64().unwrap_or(0);
        if last["tiles"].as_u64().unwrap_or(0) >= 4 && total > 0 && land * 5 > total {
            return Ok(last);
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    Err(HarnessError::Assertion(format!(
        "the map drew no land: {last}"
    )))
}

/// (id, name) of the listed offers, in list order.
async fn list(s: &AppSession) -> Result<Vec<(String, String)>, HarnessError> {
    let mut out = Vec::new();
    for item in s
        .all("[data-testid=results][data-state=ready] [data-testid=offer]")
        .await?
    {
        let id = item.attr("data-offer-id").await?.unwrap_or_default();
        let name = item
            .find(lotse_e2e::Locator::Css("[data-testid=offer-name]"))
            .await?
            .text()
            .await?;
        out.push((id, name));
    }
    Ok(out)
}

#[tokio::test]
async fn the_map_draws_offline_tiles_and_a_marker_tap_opens_that_offer() -> Result<(), HarnessError>
{
    let s = AppSession::launch(LaunchOptions::named("map-desktop")).await?;
    s.wait_for("[data-testid=results][data-state=ready][data-category=all]")
        .await?;
    s.wait_for("[data-testid=map-marker]").await?;
    let pixels = wait_for_tiles(&s).await?;
    let moves = js(&s, VIEW_CHANGES).await?;
    check(
        moves.as_u64() == Some(0),
        format!("fitting the offers counted as {moves} user moves"),
    )?;
    check(
        pixels["colours"].as_u64().unwrap_or(0) >= 4,
        format!("the tiles are flat: {pixels}"),
    )?;

    // The tiles come from the shell's protocol, and nothing from the network
    // (WebKitGTK records only http(s) loads as resource timings).
    let base = js(
        &s,
        "return document.querySelector('[data-testid=map-view] [data-tile-base]').dataset.tileBase;",
    )
    .await?;
    check(
        base.as_str() == Some("tiles://localhost"),
        format!("tile base {base}"),
    )?;
    let resources = js(&s, RESOURCES).await?;
    let remote: Vec<&str> = resources
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .filter(|n| n.starts_with("http:") || n.starts_with("https:"))
        .collect();
    check(
        remote.is_empty(),
        format!("loaded from the network: {remote:?}"),
    )?;

    let attribution = s
        .wait_for("[data-testid=map-view] .leaflet-control-attribution")
        .await?
        .text()
        .await?;
    check(
        attribution.contains("Natural Earth") && attribution.contains("GeoNames (CC BY 4.0)"),
        format!("attribution shown: {attribution:?}"),
    )?;

    // One numbered marker per listed offer, numbered as in the list (more
    // offers of the kind are clustered around them).
    let listed = list(&s).await?;
    check(!listed.is_empty(), "the list is empty")?;
    let mut markers = Vec::new();
    for m in s.all("[data-testid=map-marker][data-rank]").await? {
        markers.push((
            m.attr("data-offer-id").await?.unwrap_or_default(),
            m.attr("data-rank")
                .await?
                .and_then(|r| r.parse::<usize>().ok()),
        ));
    }
    check(
        markers.len() == listed.len(),
        format!(
            "{} markers for {} listed offers",
            markers.len(),
            listed.len()
        ),
    )?;
    for (i, (id, _)) in listed.iter().enumerate() {
        check(
            markers
                .iter()
                .any(|(m, rank)| m == id && *rank == Some(i + 1)),
            format!("no marker numbered {} for {id}: {markers:?}", i + 1),
        )?;
    }

    // Tap the highest-numbered marker that nothing covers.
    let clickable = js(&s, CLICKABLE_MARKERS).await?;
    let target = clickable
        .as_array()
        .and_then(|a| a.iter().max_by_key(|m| m["rank"].as_u64().unwrap_or(0)))
        .and_then(|m| m["id"].as_str().map(str::to_owned))
        .ok_or_else(|| HarnessError::Assertion(format!("no clickable marker: {clickable}")))?;
    check(
        s.all("[data-testid=offer-card]").await?.is_empty(),
        "a card is open before any tap",
    )?;
    s.wait_for(&format!(
        "[data-testid=map-marker][data-offer-id='{target}']"
    ))
    .await?
    .click()
    .await?;
    let card = s
        .wait_for(&format!(
            "[data-testid=offer-card][data-offer-id='{target}']"
        ))
        .await?;
    let expected = listed
        .iter()
        .find(|(id, _)| *id == target)
        .map(|(_, name)| name.clone())
        .unwrap_or_default();
    let text = card.text().await?;
    check(
        text.contains(&expected),
        format!("the card for {target} shows {text:?}, expected {expected:?}"),
    )?;
    check(
        s.all("[data-testid=offer-card]").await?.len() == 1,
        "more than one card",
    )?;

    // Tapping a marker is no tap on the map: the list still answers the place.
    let first = list(&s).await?;
    let moves = js(&s, VIEW_CHANGES).await?;
    check(
        moves.as_u64() == Some(0) && first.first() == listed.first(),
        format!(
            "after the tap: {moves} user moves, {} map taps, list starts with {:?} (was {:?})",
            js(
                &s,
                "return document.querySelector('[data-tile-base]').getAttribute('data-taps');"
            )
            .await?,
            first.first(),
            listed.first()
        ),
    )?;

    let shot = s.screenshot("e2e-map-desktop").await?;
    keep_screenshot(&shot, "map-desktop.png")?;

    // Zoomed out to the whole country: still drawn from the bundled basemap.
    let zoom_out = s
        .wait_for("[data-testid=map-view] .leaflet-control-zoom-out")
        .await?;
    for _ in 0..8 {
        zoom_out.clone().click().await?;
        tokio::time::sleep(Duration::from_millis(400)).await;
    }
    tokio::time::sleep(Duration::from_millis(800)).await;
    wait_for_tiles(&s).await?;
    // From afar, the demo's offers in Stuttgart (not in Schwerin's list)
    // are one cluster.
    let clusters = s.all("[data-testid=map-view] .marker-cluster").await?;
    let icons = js(
        &s,
        "return [document.querySelectorAll('.leaflet-marker-icon').length, document.querySelectorAll('[data-testid=map-marker]:not([data-rank])').length, document.querySelectorAll('.marker-cluster').length];",
    )
    .await?;
    check(
        !clusters.is_empty(),
        format!("no marker cluster when zoomed out (icons, unnumbered, clusters: {icons})"),
    )?;
    let shot = s.screenshot("e2e-map-germany").await?;
    keep_screenshot(&shot, "map-germany.png")?;
    the_map_controls_follow_the_ui_language(&s).await?;
    s.finish().await
}

/// The zoom buttons' titles and the attribution are the UI's, in its language.
async fn the_map_controls_follow_the_ui_language(s: &AppSession) -> Result<(), HarnessError> {
    let texts =
        "const z = document.querySelector('[data-testid=map-view] .leaflet-control-zoom-in');
         const a = document.querySelector('[data-testid=map-view] .leaflet-control-attribution');
         return [z.title, z.getAttribute('aria-label'), a.textContent];";
    let german = js(s, texts).await?;
    check(
        german[0] == "Vergrößern" && german[1] == "Vergrößern",
        format!("German zoom button: {german}"),
    )?;
    s.wait_for("[data-testid=language]")
        .await?
        .select_by_value("uk")
        .await?;
    let mut ukrainian = Value::Null;
    for _ in 0..50 {
        ukrainian = js(s, texts).await?;
        if ukrainian[0] == "Збільшити" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    check(
        ukrainian[0] == "Збільшити"
            && ukrainian[1] == "Збільшити"
            && ukrainian[2]
                .as_str()
                .is_some_and(|a| a.contains("місця © GeoNames") && !a.contains("Orte")),
        format!("after switching to Ukrainian the map shows {ukrainian}"),
    )
}

#[tokio::test]
async fn the_map_fits_a_phone_screen() -> Result<(), HarnessError> {
    let s = AppSession::launch(LaunchOptions {
        screen: (360, 740),
        ..LaunchOptions::named("map-phone")
    })
    .await?;
    s.client.set_window_size(360, 740).await?;
    s.wait_for("[data-testid=results][data-state=ready][data-category=all]")
        .await?;
    let before = s
        .wait_for("[data-testid=results][data-state=ready] [data-testid=offer]")
        .await?
        .attr("data-offer-id")
        .await?;
    // On a phone the list and the map toggle: show the map.
    s.wait_for("[data-testid=view-map]").await?.click().await?;
    s.wait_for("[data-testid=map-marker]").await?;
    let width = js(&s, "return window.innerWidth;").await?;
    check(
        width.as_u64().is_some_and(|w| w <= 400),
        format!("the window is {width} px wide, not phone-sized"),
    )?;
    let map_width = js(
        &s,
        "return document.querySelector('[data-testid=map-view]').getBoundingClientRect().width;",
    )
    .await?;
    check(
        map_width.as_f64().is_some_and(|w| w > 250.0 && w <= 360.0),
        format!("the map is {map_width} px wide on a 360 px screen"),
    )?;
    wait_for_tiles(&s).await?;
    let moves = js(&s, VIEW_CHANGES).await?;
    check(
        moves.as_u64() == Some(0),
        format!("resizing and fitting counted as {moves} user moves"),
    )?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let shot = s.screenshot("e2e-map-phone").await?;
    keep_screenshot(&shot, "map-phone.png")?;
    s.wait_for("[data-testid=view-list]").await?.click().await?;
    let first = s
        .wait_for("[data-testid=results][data-state=ready] [data-testid=offer]")
        .await?
        .attr("data-offer-id")
        .await?;
    // Fitting, resizing and toggling moved nothing on the user's behalf:
    // the list still answers the place.
    let moves = js(&s, VIEW_CHANGES).await?;
    check(
        moves.as_u64() == Some(0) && first == before,
        format!(
            "after toggling: {moves} user moves, {} taps, first offer {first:?} (was {before:?})",
            js(
                &s,
                "return document.querySelector('[data-tile-base]').getAttribute('data-taps');"
            )
            .await?
        ),
    )?;

    // In a right-to-left document the map keeps its own left-to-right
    // geometry: the drawn tiles still cover the map.
    s.wait_for("[data-testid=view-map]").await?.click().await?;
    js(&s, "document.documentElement.dir = 'rtl'; return 0;").await?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let covered = js(&s, COVERED_CENTRE).await?;
    check(
        covered.as_bool() == Some(true),
        format!("in RTL the map's centre shows no tile: {covered}"),
    )?;
    s.screenshot("e2e-map-phone-rtl").await?;
    s.finish().await
}
