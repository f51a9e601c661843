//! The first vertical slice, used through the real window: choose a category,
//! get the nearest offers, sorted, with distances.

use lotse_e2e::{AppSession, HarnessError, LaunchOptions};

fn check(ok: bool, what: impl Into<String>) -> Result<(), HarnessError> {
    if ok {
        Ok(())
    } else {
        Err(HarnessError::Assertion(what.into()))
    }
}

/// Name, category, distance (attribute) and distance (shown text) of each row.
async fn rows(s: &AppSession) -> Result<Vec<(String, String, f64, String)>, HarnessError> {
    let mut out = Vec::new();
    for item in s
        .all("[data-testid=results][data-state=ready] [data-testid=offer]")
        .await?
    {
        let name = item
            .find(lotse_e2e::Locator::Css("[data-testid=offer-name]"))
            .await?
            .text()
            .await?;
        let shown = item
            .find(lotse_e2e::Locator::Css("[data-testid=offer-distance]"))
            .await?
            .text()
            .await?;
        let category = item.attr("data-category").await?.unwrap_or_default();
        let distance_m = item
            .attr("data-distance-m")
            .await?
            .and_then(|d| d.parse::<f64>().ok())
            .ok_or_else(|| {
                HarnessError::Assertion(format!("{name}: no numeric data-distance-m"))
            })?;
        out.push((name, category, distance_m, shown));
    }
    Ok(out)
}

#[tokio::test]
async fn choosing_kita_near_schwerin_lists_kitas_sorted_by_distance() -> Result<(), HarnessError> {
    let s = AppSession::launch(LaunchOptions::named("nearby-kita")).await?;
    s.wait_for("[data-testid=results][data-state=ready][data-category=all]")
        .await?;

    let chip = s.wait_for("[data-testid=chip-kita]").await?;
    chip.click().await?;
    s.wait_for("[data-testid=results][data-state=ready][data-category=kita]")
        .await?;
    check(
        chip.attr("aria-pressed").await?.as_deref() == Some("true"),
        "the Kita chip is not pressed",
    )?;

    let rows = rows(&s).await?;
    // The demo directory has 7 Kitas (4 in Schwerin, 3 in Stuttgart); k = 10 returns all.
    check(
        rows.len() == 7,
        format!("expected the demo's 7 Kitas, got {}", rows.len()),
    )?;
    let schwerin = rows.iter().take_while(|r| r.2 < 100_000.0).count();
    check(
        schwerin == 4,
        format!("expected the 4 Schwerin Kitas first: {rows:?}"),
    )?;
    check(
        rows.iter().all(|r| r.1 == "kita"),
        format!("a non-Kita row: {rows:?}"),
    )?;
    check(
        rows.windows(2).all(|w| w[0].2 <= w[1].2),
        format!("not sorted by distance: {rows:?}"),
    )?;
    check(
        rows[0].0 == "Demo-Kita Sonnenblume",
        format!("first row is {:?}", rows[0].0),
    )?;
    check(
        rows[0].3 == "234 m",
        format!("first distance shown as {:?}", rows[0].3),
    )?;
    let demo_marks = s
        .all("[data-testid=offer] [data-testid=demo-mark]")
        .await?
        .len();
    check(
        demo_marks == rows.len(),
        format!("{demo_marks} demo marks for {} demo rows", rows.len()),
    )?;

    s.screenshot("e2e-nearby-kita-schwerin").await?;
    s.finish().await
}

#[tokio::test]
async fn changing_the_place_to_stuttgart_reorders_the_list() -> Result<(), HarnessError> {
    let s = AppSession::launch(LaunchOptions::named("nearby-stuttgart")).await?;
    s.wait_for("[data-testid=results][data-state=ready][data-category=all]")
        .await?;
    s.wait_for("[data-testid=chip-kita]").await?.click().await?;
    s.wait_for("[data-testid=results][data-state=ready][data-category=kita]")
        .await?;
    let before = rows(&s).await?;

    s.wait_for("[data-testid=place]")
        .await?
        .select_by_value("stuttgart-mitte")
        .await?;
    // Wait until the list answers the new place.
    let mut after = rows(&s).await?;
    for _ in 0..100 {
        if after.first().map(|r| &r.0) != before.first().map(|r| &r.0) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        after = rows(&s).await?;
    }
    check(
        after[0].0 == "Demo-Kita Kastanienhof",
        format!("first row in Stuttgart is {:?}", after[0].0),
    )?;
    check(
        after.windows(2).all(|w| w[0].2 <= w[1].2),
        format!("not sorted: {after:?}"),
    )?;
    check(
        after[0].2 < 1_000.0,
        format!("nearest Stuttgart Kita is {} m away", after[0].2),
    )?;
    s.finish().await
}
