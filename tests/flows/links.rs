//! Links that act: call, e-mail, website, directions and "show on
//! OpenStreetMap" on the offer card go to the system's handler (on Linux the
//! opener plugin runs `xdg-open`), each exactly as the card shows it, and the
//! window stays on the card. A navigation away from Lotse is refused.

use lotse_e2e::{check, AppSession, HarnessError, LaunchOptions, RecordingOpener};

const ACTIONS: [&str; 5] = [
    "action-call",
    "action-email",
    "action-website",
    "action-directions",
    "action-osm",
];

async fn open_first_card(s: &AppSession) -> Result<String, HarnessError> {
    s.wait_for("[data-testid=results][data-state=ready] [data-testid=offer-name]")
        .await?
        .click()
        .await?;
    let card = s.wait_for("[data-testid=offer-card]").await?;
    Ok(card.attr("data-offer-id").await?.unwrap_or_default())
}

/// The page is still Lotse's own, showing the card of `id`.
async fn still_on_card(s: &AppSession, id: &str, after: &str) -> Result<(), HarnessError> {
    let url = s.client.current_url().await?;
    check(
        url.scheme() == "tauri" || url.host_str() == Some("tauri.localhost"),
        format!("after {after} the window shows {url}"),
    )?;
    let cards = s
        .all(&format!("[data-testid=offer-card][data-offer-id='{id}']"))
        .await?;
    check(cards.len() == 1, format!("after {after} the card is gone"))
}

#[tokio::test]
async fn each_action_on_the_card_reaches_the_system_opener_and_the_card_stays(
) -> Result<(), HarnessError> {
    let opener = RecordingOpener::new()?;
    let s = AppSession::launch(opener.install(LaunchOptions::named("links-actions"))).await?;
    let id = open_first_card(&s).await?;
    for (n, action) in ACTIONS.iter().enumerate() {
        let link = s.wait_for(&format!("a[data-testid={action}]")).await?;
        let href = link.attr("href").await?.unwrap_or_default();
        link.click().await?;
        let opened = opener.wait_for(n + 1).await?;
        check(
            opened[n] == href,
            format!(
                "{action}: the system got {:?}, the card shows {href:?}",
                opened[n]
            ),
        )?;
        still_on_card(&s, &id, action).await?;
    }
    check(
        s.all("[data-testid=link-failed]").await?.is_empty(),
        "a link was reported as failed",
    )?;
    let opened = opener.opened();
    for (scheme, n) in [("tel:", 1), ("mailto:", 1), ("https://", 2), ("geo:", 1)] {
        let count = opened.iter().filter(|u| u.starts_with(scheme)).count();
        check(
            count == n,
            format!("{count} {scheme} links opened: {opened:?}"),
        )?;
    }
    s.finish().await
}

#[tokio::test]
async fn navigating_the_window_away_from_lotse_is_refused() -> Result<(), HarnessError> {
    let opener = RecordingOpener::new()?;
    let s = AppSession::launch(opener.install(LaunchOptions::named("links-navigation"))).await?;
    let id = open_first_card(&s).await?;
    for target in [
        "https://example.org/",
        "tel:+493023125000",
        "about:blank",
        "file:///etc/hostname",
    ] {
        s.client
            .execute(
                "window.location.href = arguments[0]; return true;",
                vec![serde_json::json!(target)],
            )
            .await?;
        tokio::time::sleep(std::time::Duration::from_millis(700)).await;
        still_on_card(&s, &id, &format!("navigating to {target}")).await?;
    }
    check(
        opener.opened().is_empty(),
        format!(
            "a refused navigation reached the opener: {:?}",
            opener.opened()
        ),
    )?;
    s.finish().await
}
