//! Accessibility, checked in the real window: axe-core (vendored from npm,
//! `tests/vendor/axe-core`) is injected through WebDriver on every screen and
//! must report no serious or critical violation; the app stays usable at 200%
//! text size.

use lotse_e2e::{check, serious_violations, AppSession, HarnessError, LaunchOptions};

#[tokio::test]
async fn every_screen_has_no_serious_accessibility_violation() -> Result<(), HarnessError> {
    let s = AppSession::launch(LaunchOptions::named("a11y-screens")).await?;
    let mut all = Vec::new();
    s.wait_for("[data-testid=results][data-state=ready] [data-testid=offer]")
        .await?;
    all.extend(serious_violations(&s, "nearby").await?);
    s.wait_for("[data-testid=offer-name]")
        .await?
        .click()
        .await?;
    s.wait_for("[data-testid=offer-card]").await?;
    all.extend(serious_violations(&s, "offer card").await?);
    s.wait_for("[data-testid=nav-search]")
        .await?
        .click()
        .await?;
    s.wait_for("[data-testid=search-input]")
        .await?
        .send_keys("Kita")
        .await?;
    s.wait_for("[data-testid=found-offers]").await?;
    all.extend(serious_violations(&s, "search").await?);
    for (nav, ready, screen) in [
        (
            "nav-favourites",
            "[data-testid=favourites-export]",
            "favourites",
        ),
        ("nav-reports", "[data-testid=reports-empty]", "my reports"),
        ("nav-settings", "[data-testid=settings-about]", "settings"),
    ] {
        s.wait_for(&format!("[data-testid={nav}]"))
            .await?
            .click()
            .await?;
        s.wait_for(ready).await?;
        all.extend(serious_violations(&s, screen).await?);
    }
    // The settings' confirmation step and a feed address error.
    s.wait_for("[data-testid=delete-all]")
        .await?
        .click()
        .await?;
    s.wait_for("[data-testid=delete-all-no]").await?;
    s.wait_for("[data-testid=feed-url]")
        .await?
        .send_keys("ftp://example.org")
        .await?;
    s.wait_for("[data-testid=feed-key]")
        .await?
        .send_keys("no key")
        .await?;
    s.wait_for("[data-testid=feed-save]").await?.click().await?;
    s.wait_for("[data-testid=feed-error]").await?;
    all.extend(serious_violations(&s, "settings, confirming and an error").await?);
    s.wait_for("[data-testid=nav-nearby]")
        .await?
        .click()
        .await?;
    s.wait_for("[data-testid=language]")
        .await?
        .select_by_value("ar")
        .await?;
    s.wait_for("html[dir=rtl]").await?;
    s.wait_for("[data-testid=results][data-state=ready] [data-testid=offer]")
        .await?;
    all.extend(serious_violations(&s, "nearby, Arabic").await?);
    s.wait_for("[data-testid=nav-settings]")
        .await?
        .click()
        .await?;
    s.wait_for("[data-testid=settings-about]").await?;
    all.extend(serious_violations(&s, "settings, Arabic").await?);
    s.wait_for("[data-testid=nav-nearby]")
        .await?
        .click()
        .await?;
    s.wait_for("[data-testid=results][data-state=ready] [data-testid=offer]")
        .await?;
    s.client.set_window_size(360, 740).await?;
    all.extend(serious_violations(&s, "nearby, phone").await?);
    check(all.is_empty(), all.join("\n"))?;
    s.finish().await
}

#[tokio::test]
async fn the_app_is_usable_at_200_percent_text_size() -> Result<(), HarnessError> {
    let s = AppSession::launch(LaunchOptions::named("a11y-text-200")).await?;
    s.wait_for("[data-testid=results][data-state=ready] [data-testid=offer]")
        .await?;
    for (width, height) in [(1280, 800), (360, 740)] {
        s.client.set_window_size(width, height).await?;
        let report: serde_json::Value = s
            .client
            .execute(
                "document.documentElement.style.fontSize = '200%';
                 const visible = [...document.querySelectorAll('button, select, input, a')]
                    .filter(e => e.offsetParent !== null);
                 const clipped = visible.filter(e => e.scrollWidth > e.clientWidth + 2 && getComputedStyle(e).overflow === 'hidden');
                 return {
                    sideways: document.documentElement.scrollWidth > window.innerWidth + 1,
                    wide: [...document.querySelectorAll('body *')]
                        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                            && !e.closest('.chips__list'))
                        .map(e => e.tagName + '.' + e.className).slice(0, 8),
                    clipped: clipped.map(e => e.outerHTML.slice(0, 60)),
                    controls: visible.length,
                 };",
                vec![],
            )
            .await?;
        check(
            report["sideways"] == false,
            format!(
                "{width}px at 200%: the page scrolls sideways: {}",
                report["wide"]
            ),
        )?;
        check(
            report["clipped"].as_array().is_some_and(Vec::is_empty),
            format!("{width}px at 200%: clipped controls {}", report["clipped"]),
        )?;
        check(
            report["controls"].as_u64().unwrap_or(0) > 5,
            format!("{width}px at 200%: {report}"),
        )?;
        s.screenshot(&format!("e2e-text-200-{width}")).await?;
    }
    s.finish().await
}
