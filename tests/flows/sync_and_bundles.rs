//! Keeping the directory current, in the real window:
//! - an office's feed is set up in settings while the server is down: the
//!   app says so in plain words, and a report made then stays queued;
//! - the loopback server starts: "update now" sends the report and brings
//!   the feed's offers, with progress shown while the (slowed) download runs;
//! - a volunteer without connection opens a directory file through the
//!   native file dialog, and its offers arrive; saved again as a file, the
//!   directory is verified and applied by another device.

use std::sync::Arc;
use std::time::Duration;

use lotse_core::publish::PublishOptions;
use lotse_e2e::{
    answer_file_dialog, check, free_port, office_feed, AppSession, FeedServer, FileDialog,
    HarnessError, LaunchOptions,
};
use lotse_server::SuggestionStore;

fn fail(e: impl std::fmt::Display) -> HarnessError {
    HarnessError::Assertion(e.to_string())
}

#[tokio::test]
async fn a_report_made_offline_is_sent_when_the_server_is_back_and_the_feed_arrives_with_progress(
) -> Result<(), HarnessError> {
    let office = tempfile::tempdir()?;
    let key = office_feed(office.path(), 3000, &PublishOptions::default())?;
    let store =
        Arc::new(SuggestionStore::open(&office.path().join("suggestions.sqlite")).map_err(fail)?);
    let token = store.issue_token("Lotsin Anna").map_err(fail)?;
    let port = free_port()?;
    let url = format!("http://127.0.0.1:{port}");

    let s = AppSession::launch(LaunchOptions::named("sync-report")).await?;
    s.wait_for("[data-testid=results][data-state=ready]")
        .await?;
    s.open_settings().await?;
    s.set_feed(&url, &key.public().to_base64(), &token).await?;
    let problem = s
        .wait_for("[data-testid=sync-problem][data-code=NoConnection]")
        .await?
        .text()
        .await?;
    check(!problem.is_empty(), "no plain-words problem while offline")?;

    // A report made now waits in the outbox.
    s.wait_for("[data-testid=nav-nearby]")
        .await?
        .click()
        .await?;
    s.wait_for("[data-offer-id=demo-sn-01] [data-testid=offer-name]")
        .await?
        .click()
        .await?;
    s.report_change("phone", "+49 385 0000 111", "").await?;
    s.wait_for("[data-testid=nav-reports]")
        .await?
        .click()
        .await?;
    s.wait_for("[data-testid=report-item][data-state=queued]")
        .await?;

    // The office's server comes up; the download is slowed to be watched.
    let _server = FeedServer::start(
        port,
        office.path().join("feed"),
        store.clone(),
        Duration::from_millis(120),
    )?;
    s.open_settings().await?;
    s.wait_for("[data-testid=sync-now]").await?.click().await?;
    let bar = s
        .wait_for("[data-testid=sync-running][data-step=download] [data-testid=sync-progress]")
        .await?;
    let max: u64 = bar
        .attr("max")
        .await?
        .and_then(|m| m.parse().ok())
        .unwrap_or(0);
    check(max > 0, "the progress bar has no total")?;
    let running = s
        .wait_for("[data-testid=sync-running]")
        .await?
        .text()
        .await?;
    check(
        running.chars().any(|c| c.is_ascii_digit()),
        format!("progress in words: {running:?}"),
    )?;
    let outcome = s
        .wait_for("[data-testid=sync-outcome]")
        .await?
        .text()
        .await?;
    check(
        outcome.contains("3000") || outcome.contains("3 000") || outcome.contains("3.000"),
        format!("outcome: {outcome:?}"),
    )?;
    check(
        store.list(None).map_err(fail)?.len() == 1,
        "the server has not received the report",
    )?;
    s.wait_for("[data-testid=sync-from]").await?;
    // The one region kept offline cannot be switched off: with none kept,
    // the next update would fetch every region.
    let switch = s
        .wait_for("[data-testid=region] input[type=checkbox]")
        .await?;
    check(
        switch.prop("disabled").await?.as_deref() == Some("true"),
        "the last kept region can be switched off",
    )?;
    s.wait_for("[data-testid=region-last]").await?;

    s.wait_for("[data-testid=nav-reports]")
        .await?
        .click()
        .await?;
    s.wait_for("[data-testid=report-item][data-state=sent]")
        .await?;
    s.expect_test_feed_listed().await?;
    s.finish().await
}

/// Type `path` into the native file dialog, as a user would.
#[tokio::test]
async fn a_directory_file_opened_through_the_file_dialog_is_verified_and_applied(
) -> Result<(), HarnessError> {
    let office = tempfile::tempdir()?;
    let key = office_feed(office.path(), 40, &PublishOptions::default())?;
    let file = office.path().join("verzeichnis.lotse");
    let feed = lotse_core::sync::DirTransport::new(office.path().join("feed"));
    lotse_core::bundle::export_bundle(&feed, &[], &[key.public()], &file).map_err(fail)?;

    let s = AppSession::launch(LaunchOptions::named("bundle-import")).await?;
    s.wait_for("[data-testid=results][data-state=ready]")
        .await?;
    s.open_settings().await?;
    // The office's key is known (its feed is set up), but there is no connection.
    s.set_feed("http://127.0.0.1:9", &key.public().to_base64(), "")
        .await?;
    s.wait_for("[data-testid=sync-problem][data-code=NoConnection]")
        .await?;
    s.wait_for("[data-testid=bundle-import]")
        .await?
        .click()
        .await?;
    let display = s.display.clone();
    let chosen = file.clone();
    tokio::task::spawn_blocking(move || answer_file_dialog(&display, FileDialog::Open, &chosen))
        .await
        .map_err(fail)??;
    // The file is shown first: this device follows its publisher already.
    s.wait_for("[data-testid=open-file][data-trust=Device]")
        .await?;
    s.wait_for("[data-testid=open-file-import]")
        .await?
        .click()
        .await?;
    // The import starts and the app goes to the list; then to settings.
    s.wait_for("[data-testid=results]").await?;
    s.open_settings().await?;
    let outcome = s
        .wait_for("[data-testid=sync-outcome]")
        .await?
        .text()
        .await?;
    check(outcome.contains("40"), format!("outcome: {outcome:?}"))?;
    s.expect_test_feed_listed().await?;

    // The volunteer passes it on: "save as a file" writes this device's
    // verified copy, and another device verifies and applies it.
    let passed_on = office.path().join("weitergegeben.lotse");
    s.open_settings().await?;
    s.wait_for("[data-testid=bundle-export]")
        .await?
        .click()
        .await?;
    let (display, chosen) = (s.display.clone(), passed_on.clone());
    tokio::task::spawn_blocking(move || answer_file_dialog(&display, FileDialog::Save, &chosen))
        .await
        .map_err(fail)??;
    let saved = s
        .wait_for("[data-testid=bundle-message]")
        .await?
        .text()
        .await?;
    check(
        passed_on.is_file(),
        format!("no file written; the app says {saved:?}"),
    )?;
    let other = tempfile::tempdir()?;
    let mut other_db =
        lotse_core::Directory::open(&other.path().join("lotse.sqlite")).map_err(fail)?;
    lotse_core::bundle::import_bundle(
        &mut other_db,
        &passed_on,
        &[key.public()],
        &[],
        other.path().join("cache"),
        &mut |_| {},
    )
    .map_err(fail)?;
    let offers = other_db.offer_count().map_err(fail)?;
    check(
        offers == 40,
        format!("the other device has {offers} offers"),
    )?;
    s.finish().await
}
