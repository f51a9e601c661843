//! A feed that is not signed anew (frozen, or its office out of reach for
//! long): past the manifest's expiry the offers stay usable, and the list
//! and the card say that the directory could not be confirmed as current
//! since then; asking again for the same manifest says so in settings.

use std::sync::Arc;
use std::time::Duration;

use lotse_core::publish::PublishOptions;
use lotse_e2e::{
    check, free_port, office_feed, AppSession, FeedServer, HarnessError, LaunchOptions,
};
use lotse_server::SuggestionStore;

fn fail(e: impl std::fmt::Display) -> HarnessError {
    HarnessError::Assertion(e.to_string())
}

#[tokio::test]
async fn past_its_expiry_the_directory_is_marked_not_current_and_stays_usable(
) -> Result<(), HarnessError> {
    let office = tempfile::tempdir()?;
    // Signed now, with an expiry an hour ago: as a manifest looks once it
    // has not been signed anew in time.
    let options = PublishOptions {
        expires_in: chrono::Duration::hours(-1),
        ..PublishOptions::default()
    };
    let key = office_feed(office.path(), 12, &options)?;
    let store =
        Arc::new(SuggestionStore::open(&office.path().join("suggestions.sqlite")).map_err(fail)?);
    let port = free_port()?;
    let _server = FeedServer::start(port, office.path().join("feed"), store, Duration::ZERO)?;

    let s = AppSession::launch(LaunchOptions::named("stale-feed")).await?;
    s.wait_for("[data-testid=results][data-state=ready]")
        .await?;
    s.open_settings().await?;
    s.set_feed(
        &format!("http://127.0.0.1:{port}"),
        &key.public().to_base64(),
        "",
    )
    .await?;
    // The first manifest is newer than nothing: its offers are taken.
    s.wait_for("[data-testid=sync-from]").await?;
    s.expect_test_feed_listed().await?;
    let line = s
        .wait_for("[data-testid=results] [data-testid=not-current]")
        .await?;
    let text = line.text().await?;
    check(
        text.contains("nicht als aktuell bestätigt"),
        format!("under the list: {text:?}"),
    )?;
    s.wait_for("[data-testid=offer-name]")
        .await?
        .click()
        .await?;
    s.wait_for("[data-testid=offer-card] [data-testid=not-current]")
        .await?;
    s.screenshot("e2e-not-current").await?;

    // Asked again, the feed offers the same expired manifest: refused, in words.
    s.open_settings().await?;
    s.wait_for("[data-testid=sync-now]").await?.click().await?;
    let problem = s
        .wait_for("[data-testid=sync-problem][data-code=NotCurrent]")
        .await?
        .text()
        .await?;
    check(
        problem.contains("nicht als aktuell bestätigt"),
        format!("settings say: {problem:?}"),
    )?;
    s.finish().await
}
