//! Working in the field, in the real window: report a changed phone number
//! (offline: it is queued at once), see it under "my reports", withdraw it.

use lotse_e2e::{AppSession, HarnessError, LaunchOptions};

fn check(ok: bool, what: impl Into<String>) -> Result<(), HarnessError> {
    ok.then_some(())
        .ok_or_else(|| HarnessError::Assertion(what.into()))
}

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
    s.wait_for("[data-testid=report-open]")
        .await?
        .click()
        .await?;
    s.wait_for("[data-testid=report-field]")
        .await?
        .select_by_value("phone")
        .await?;
    s.wait_for("[data-testid=report-new-value]")
        .await?
        .send_keys("+49 30 23125 777")
        .await?;
    s.wait_for("[data-testid=report-comment]")
        .await?
        .send_keys("Neue Nummer seit Oktober")
        .await?;
    s.wait_for("[data-testid=report-submit]")
        .await?
        .click()
        .await?;
    s.wait_for("[data-testid=report-saved]").await?;

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
    check(
        text.contains("+49 30 23125"),
        format!("the old number is not shown: {text:?}"),
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
