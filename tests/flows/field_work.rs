//! Working in the field, in the real window: report a changed phone number
//! (offline: it is queued at once), see it under "my reports", withdraw it.

use lotse_e2e::{check, AppSession, HarnessError, LaunchOptions, Locator};

#[tokio::test]
async fn a_reported_phone_change_is_queued_offline_and_can_be_withdrawn() -> Result<(), HarnessError>
{
    let s = AppSession::launch(LaunchOptions::named("field-report")).await?;
    s.wait_for("[data-testid=results][data-state=ready] [data-testid=offer-name]")
        .await?
        .click()
        .await?;
    let card = s.wait_for("[data-testid=offer-card]").await?;
    let offer_id = card.attr("data-offer-id").await?.unwrap_or_default();
    // The number the card shows now (e.g. "📞 +49 30 23125 000").
    let call = s
        .wait_for("[data-testid=action-call]")
        .await?
        .text()
        .await?;
    let old_number = call.trim_start_matches(|c: char| !c.is_ascii_digit() && c != '+');
    let new_number = "+49 30 23125 777";
    check(
        !old_number.is_empty() && old_number != new_number,
        format!("the card's number {call:?} cannot tell old from new"),
    )?;
    s.report_change("phone", new_number, "Neue Nummer seit Oktober")
        .await?;

    s.wait_for("[data-testid=nav-reports]")
        .await?
        .click()
        .await?;
    let item = s
        .wait_for("[data-testid=report-item][data-state=queued]")
        .await?;
    let text = item.text().await?;
    check(
        text.contains("+49 30 23125 777") && text.contains("Neue Nummer seit Oktober"),
        format!("report reads {text:?}"),
    )?;
    // "was <old> → now <new>": each number in its own place, and the old
    // one nowhere in the new value.
    let was = item
        .find(Locator::Css(".report-item__old"))
        .await?
        .text()
        .await?;
    let now = item
        .find(Locator::Css(".report-item__new"))
        .await?
        .text()
        .await?;
    check(
        was.contains(old_number) && !was.contains(new_number),
        format!("the old number {old_number:?} is not what 'was' shows: {was:?}"),
    )?;
    check(
        now.contains(new_number) && !now.contains(old_number),
        format!("the new value still shows the old number {old_number:?}: {now:?}"),
    )?;
    let db = lotse_core::Directory::open(&s.data_dir.path().join("lotse.sqlite"))
        .map_err(|e| HarnessError::Assertion(e.to_string()))?;
    let outbox = db
        .outbox()
        .map_err(|e| HarnessError::Assertion(e.to_string()))?;
    check(
        outbox.len() == 1
            && outbox[0].correction.offer_id == offer_id
            && outbox[0].correction.field == "phone",
        format!("outbox in the app's database: {outbox:?}"),
    )?;
    s.wait_for("[data-testid=report-withdraw]")
        .await?
        .click()
        .await?;
    s.wait_for("[data-testid=report-item][data-state=withdrawn]")
        .await?;
    check(
        s.all("[data-testid=report-withdraw]").await?.is_empty(),
        "a withdrawn report can still be withdrawn",
    )?;
    s.finish().await
}

/// While the app is closed, sync its directory from a feed in which the
/// favourite's offer was renamed and another demo offer is gone.
fn sync_a_changed_feed(data_dir: &std::path::Path) -> Result<(), HarnessError> {
    use lotse_core::feed::SecretKey;
    use lotse_core::publish::{publish, PublishOptions};
    use lotse_core::sync::{DirTransport, SyncEngine, SyncOptions, SystemClock};
    let fail =
        |e: &dyn std::fmt::Display| HarnessError::Assertion(format!("sync between runs: {e}"));
    let work = tempfile::tempdir()?;
    let mut publisher =
        lotse_core::Directory::open(&work.path().join("publisher.sqlite")).map_err(|e| fail(&e))?;
    let mut batch = lotse_core::demo::demo_directory().map_err(|e| fail(&e))?;
    if let Some(s) = batch.services.iter_mut().find(|s| s.id == "demo-sn-01-svc") {
        s.name = "Demo-Kita Sonnenblume (umbenannt)".into();
    }
    batch.service_at_locations.retain(|o| o.id != "demo-sn-02");
    batch.services.retain(|s| s.id != "demo-sn-02-svc");
    publisher.upsert(&batch).map_err(|e| fail(&e))?;
    let key = SecretKey::generate().map_err(|e| fail(&e))?;
    let feed = work.path().join("feed");
    let options = PublishOptions {
        keep_deltas: 3,
        publisher: "e2e".into(),
        ..PublishOptions::default()
    };
    publish(&publisher, &feed, &key, &options, &SystemClock).map_err(|e| fail(&e))?;
    let db_path = data_dir.join("lotse.sqlite");
    let mut app_db = lotse_core::Directory::open(&db_path).map_err(|e| fail(&e))?;
    let transport = DirTransport::new(&feed);
    let engine = SyncEngine::new(&transport, lotse_core::sync::cache_dir_for(&db_path));
    let sync = SyncOptions {
        feed: feed.display().to_string(),
        pubkeys: vec![key.public()],
        ..SyncOptions::default()
    };
    engine
        .sync(&mut app_db, &sync, &mut |_| {})
        .map_err(|e| fail(&e))?;
    let renamed = app_db
        .offer("demo-sn-01")
        .map_err(|e| fail(&e))?
        .map(|o| o.name);
    (renamed.as_deref() == Some("Demo-Kita Sonnenblume (umbenannt)"))
        .then_some(())
        .ok_or_else(|| HarnessError::Assertion(format!("the sync did not apply: {renamed:?}")))
}

#[tokio::test]
async fn a_favourite_with_a_note_survives_a_sync_and_a_restart() -> Result<(), HarnessError> {
    let s = AppSession::launch(LaunchOptions::named("field-favourite")).await?;
    let note = "Frau K.: Platz ab März fragen";
    s.keep_favourite("demo-sn-01", note).await?;

    let s = s.restart(sync_a_changed_feed).await?;
    // The restarted app shows its list first; then go to the favourites.
    s.wait_for("[data-testid=results][data-state=ready]")
        .await?;
    s.wait_for("[data-testid=nav-favourites]")
        .await?
        .click()
        .await?;
    let item = s
        .wait_for("[data-testid=favourite-item][data-offer-id=demo-sn-01]")
        .await?;
    let text = item.text().await?;
    check(
        text.contains(note),
        format!("the note is gone after a sync and a restart: {text:?}"),
    )?;
    check(
        text.contains("(umbenannt)"),
        format!("the favourite does not show the synced name: {text:?}"),
    )?;
    s.finish().await
}
