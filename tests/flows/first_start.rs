//! The first start of a fresh install: a short welcome in the system's
//! language that says what Lotse is, asks for a place, offers the nearest
//! region of the publisher built into this (test) build with its size, and
//! explains the other ways to the office's directory. Skipping leads to the
//! marked demo; the welcome does not come back.

use std::sync::Arc;
use std::time::Duration;

use lotse_core::feed::SecretKey;
use lotse_core::publish::{PublishOptions, RegionSpec, RegionsConfig};
use lotse_e2e::{
    check, keep_screenshot, office_feed_signed, workspace_root, AppSession, FeedServer,
    HarnessError, LaunchOptions,
};
use lotse_server::SuggestionStore;

/// The port of the test publisher's feed (`tests/fixtures/publishers.toml`).
const BUILT_IN_FEED_PORT: u16 = 47391;

fn fail(e: impl std::fmt::Display) -> HarnessError {
    HarnessError::Assertion(e.to_string())
}

fn fresh(name: &str) -> LaunchOptions {
    LaunchOptions {
        keep_welcome: true,
        ..LaunchOptions::named(name)
    }
}

async fn path(s: &AppSession) -> Result<String, HarnessError> {
    let value = s
        .client
        .execute("return window.location.pathname", vec![])
        .await?;
    Ok(value.as_str().unwrap_or_default().to_owned())
}

/// The texts without Fluent's isolation marks around arguments.
fn plain(text: &str) -> String {
    text.replace(['\u{2068}', '\u{2069}'], "")
}

/// A Ukrainian locale built into `dir` (this machine has only C locales; the
/// app finds it through `LOCPATH`), for a device whose system is Ukrainian.
fn ukrainian_locale(dir: &std::path::Path) -> Result<(), HarnessError> {
    let out = dir.join("uk_UA.UTF-8");
    let status = std::process::Command::new("localedef")
        .args(["-i", "uk_UA", "-f", "UTF-8"])
        .arg(&out)
        .status()
        .map_err(|e| fail(format!("localedef (package `locales`) could not run: {e}")))?;
    check(status.success(), format!("localedef failed: {status}"))
}

#[tokio::test]
async fn a_fresh_install_welcomes_in_the_system_language_and_skip_leads_to_the_marked_demo(
) -> Result<(), HarnessError> {
    let locales = tempfile::tempdir()?;
    ukrainian_locale(locales.path())?;
    let options = fresh("first-start-skip")
        .with_env("LOCPATH", locales.path())
        .with_env("LANG", "uk_UA.UTF-8");
    let s = AppSession::launch(options).await?;
    let title = s.wait_for("[data-testid=welcome] h2").await?.text().await?;
    check(
        title.contains("Ласкаво просимо"),
        format!("the welcome is not in the system's language (Ukrainian): {title:?}"),
    )?;
    // Without a feed answering, the built-in publisher's offer says so, and
    // the three other ways to the office's directory are explained.
    s.wait_for("[data-testid=welcome-feed-error]").await?;
    let ways = s
        .wait_for("[data-testid=welcome-ways]")
        .await?
        .text()
        .await?;
    for word in [".lotse", "QR"] {
        check(
            ways.contains(word),
            format!("ways without {word:?}: {ways:?}"),
        )?;
    }
    s.wait_for("[data-testid=welcome-skip]")
        .await?
        .click()
        .await?;
    s.wait_for("[data-testid=results][data-state=ready]")
        .await?;
    s.wait_for("[data-testid=demo-mark]").await?;
    check(path(&s).await? == "/", "skip did not lead to the list")?;
    // Skipped once, the welcome stays away.
    let s = s.restart(|_| Ok(())).await?;
    s.wait_for("[data-testid=results][data-state=ready]")
        .await?;
    check(path(&s).await? == "/", "the welcome came back after skip")?;
    s.finish().await
}

/// The test publisher's feed, signed with its (committed, test-only) key:
/// 40 offers around Schwerin and 15 around Munich, as two regions.
fn built_in_feed(dir: &std::path::Path) -> Result<FeedServer, HarnessError> {
    let key = SecretKey::read(&workspace_root().join("tests/fixtures/test-publisher.key"))
        .map_err(fail)?;
    let region = |id: &str, name: &str, bbox: [f64; 4]| RegionSpec {
        id: id.into(),
        name: name.into(),
        bbox: Some(bbox),
        postcodes: Vec::new(),
    };
    let options = PublishOptions {
        regions: RegionsConfig {
            regions: vec![
                region("schwerin", "Schwerin", [11.0, 53.3, 11.9, 53.9]),
                region("muenchen", "München", [11.3, 48.0, 11.8, 48.3]),
            ],
        },
        ..PublishOptions::default()
    };
    let groups = [("sn", 40, (11.40, 53.60)), ("m", 15, (11.55, 48.13))];
    office_feed_signed(dir, &groups, &options, &key)?;
    let store = SuggestionStore::open(&dir.join("suggestions.sqlite")).map_err(fail)?;
    FeedServer::start(
        BUILT_IN_FEED_PORT,
        dir.join("feed"),
        Arc::new(store),
        Duration::ZERO,
    )
    .map_err(|e| {
        fail(format!(
            "the built-in test feed needs 127.0.0.1:{BUILT_IN_FEED_PORT}: {e:?}"
        ))
    })
}

async fn first_region(s: &AppSession) -> Result<(String, String), HarnessError> {
    let button = s.wait_for("[data-testid=welcome-region]").await?;
    let id = button.attr("data-region").await?.unwrap_or_default();
    Ok((id, button.text().await?))
}

#[tokio::test]
async fn the_built_in_publisher_offers_the_nearest_region_with_its_size_and_downloads_it(
) -> Result<(), HarnessError> {
    let office = tempfile::tempdir()?;
    let _server = built_in_feed(office.path())?;
    let options = fresh("first-start-publisher").with_env("LANGUAGE", "de");
    let s = AppSession::launch(options).await?;
    s.wait_for("[data-testid=welcome-publisher]").await?;
    s.choose_place("München").await?;
    // The offer follows the place: Munich's region first ...
    let mut first = first_region(&s).await?;
    first.1 = plain(&first.1);
    for _ in 0..50 {
        if first.0 == "muenchen" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        first = first_region(&s).await?;
        first.1 = plain(&first.1);
    }
    check(
        first.0 == "muenchen",
        format!("near Munich the first region is {first:?}"),
    )?;
    check(
        first.1.contains("15 Angebote") && first.1.contains("kB"),
        format!("the region's offers and size are not shown: {:?}", first.1),
    )?;
    // ... and Schwerin's after choosing Schwerin.
    s.choose_place("Schwerin").await?;
    for _ in 0..50 {
        first = first_region(&s).await?;
        first.1 = plain(&first.1);
        if first.0 == "schwerin" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    check(
        first.0 == "schwerin",
        format!("near Schwerin the first region is {first:?}"),
    )?;
    keep_screenshot(&s.screenshot("e2e-first-start").await?, "first-start.png")?;
    s.wait_for("[data-testid=welcome-region][data-region=schwerin]")
        .await?
        .click()
        .await?;
    // The region arrives; the list shows its (real, unmarked) offers.
    s.wait_for("[data-testid=results][data-state=ready]")
        .await?;
    let mut names = String::new();
    for _ in 0..100 {
        names = s.wait_for("[data-testid=results]").await?.text().await?;
        if names.contains("Testangebot") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    check(
        names.contains("Testangebot"),
        format!("the region's offers are not listed: {names:?}"),
    )?;
    let s = s.restart(|_| Ok(())).await?;
    s.wait_for("[data-testid=results][data-state=ready]")
        .await?;
    check(
        path(&s).await? == "/",
        "the welcome came back with a real directory",
    )?;
    s.finish().await
}
