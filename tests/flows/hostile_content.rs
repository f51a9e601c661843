//! Offer text is untrusted. An offer whose name, description, website, phone,
//! provider and address carry `<img onerror>`, `<script>`, `<svg onload>`,
//! `<iframe>` and `javascript:` payloads is imported through the real HSDS
//! importer into the app's database; in the real window nothing of it runs,
//! no element of it appears, and no link opens anything.

use std::path::Path;

use lotse_core::import::{parse_file, ImportFormat};
use lotse_core::Directory;
use lotse_e2e::{check, workspace_root, AppSession, HarnessError, LaunchOptions, RecordingOpener};

fn import_hostile(data_dir: &Path) -> Result<(), HarnessError> {
    let fixture = workspace_root().join("tests/fixtures/hostile-offer.json");
    let fail = |e: String| HarnessError::Assertion(format!("preparing the database: {e}"));
    let parsed =
        parse_file(&fixture, ImportFormat::HsdsJson, None).map_err(|e| fail(e.to_string()))?;
    check(
        parsed.rejected.is_empty(),
        format!("the importer rejected the fixture: {:?}", parsed.rejected),
    )?;
    let mut db =
        Directory::open(&data_dir.join("lotse.sqlite")).map_err(|e| fail(e.to_string()))?;
    db.import(ImportFormat::HsdsJson, parsed)
        .map_err(|e| fail(e.to_string()))?;
    Ok(())
}

/// Nothing the payloads would do has happened, and none of their elements exist.
async fn nothing_ran(s: &AppSession, screen: &str) -> Result<(), HarnessError> {
    let state: serde_json::Value = s
        .client
        .execute(
            "return {
                flag: window.__lotseXss === undefined ? null : window.__lotseXss,
                injected: document.querySelectorAll('img[src=x], iframe, svg[onload], [onerror], [onmouseover], [onload]').length,
                scripts: [...document.scripts].filter(x => x.textContent.includes('__lotseXss')).length,
                badLinks: [...document.querySelectorAll('a[href]')]
                    .map(a => a.getAttribute('href'))
                    // '#': the map's own zoom buttons (Leaflet), which navigate nowhere.
                    .filter(h => h !== '#' && !/^(tel:|mailto:|https:\\/\\/|geo:|\\/)/i.test(h)),
             }",
            vec![],
        )
        .await?;
    check(
        state["flag"].is_null(),
        format!("{screen}: a payload ran: {state}"),
    )?;
    check(
        state["injected"] == 0,
        format!("{screen}: payload elements in the DOM: {state}"),
    )?;
    check(
        state["scripts"] == 0,
        format!("{screen}: a payload script element exists: {state}"),
    )?;
    check(
        state["badLinks"].as_array().is_some_and(Vec::is_empty),
        format!("{screen}: links {state}"),
    )?;
    Ok(())
}

#[tokio::test]
async fn hostile_offer_text_is_shown_as_text_and_nothing_runs_or_opens() -> Result<(), HarnessError>
{
    let opener = RecordingOpener::new()?;
    let options = opener.install(LaunchOptions::named("hostile-content"));
    let s = AppSession::launch_with(options, import_hostile).await?;
    let name = s
        .wait_for("[data-offer-id=sal-hostile] [data-testid=offer-name]")
        .await?;
    let shown = name.text().await?;
    check(
        shown.contains("<img src=x") && shown.contains("<script>"),
        format!("the name is not shown as text: {shown:?}"),
    )?;
    nothing_ran(&s, "nearby").await?;
    name.click().await?;
    s.wait_for("[data-testid=offer-card][data-offer-id=sal-hostile]")
        .await?;
    let description = s
        .wait_for("[data-testid=card-description]")
        .await?
        .text()
        .await?;
    check(
        description.contains("javascript:"),
        format!("the description is not shown as text: {description:?}"),
    )?;
    // The javascript: website and the query-carrying e-mail are not links.
    check(
        s.all("a[data-testid=action-website]").await?.is_empty(),
        "the javascript: website became a link",
    )?;
    check(
        s.all("a[data-testid=action-email]").await?.is_empty(),
        "the e-mail with a query became a link",
    )?;
    // So is a "phone number" that carries a scheme.
    check(
        s.all("a[data-testid=action-call]").await?.is_empty(),
        "the javascript: phone became a link",
    )?;
    // Clicking every text-only action opens nothing and runs nothing.
    for plain in s.all("[data-testid^=action-]:not(a)").await? {
        plain.click().await?;
    }
    nothing_ran(&s, "offer card").await?;
    // Asked directly, the shell refuses to hand such links to the opener.
    let refused: serde_json::Value = s
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const hrefs = ['javascript:window.__lotseXss=1', 'file:///etc/passwd',
                            'JavaScript:alert(1)', 'data:text/html,x', 'http://example.org/'];
             Promise.all(hrefs.map(href => window.__TAURI__.core.invoke('open_link', { href })
                 .then(() => 'opened', e => e && e.code)))
               .then(done);",
            vec![],
        )
        .await?;
    check(
        refused
            .as_array()
            .is_some_and(|codes| codes.iter().all(|c| c == "invalid_input")),
        format!("open_link with unsafe links answered {refused}"),
    )?;
    check(
        opener.opened().is_empty(),
        format!("the system opener got {:?}", opener.opened()),
    )?;
    let windows = s.client.windows().await?;
    check(
        windows.len() == 1,
        format!("{} windows are open", windows.len()),
    )?;
    s.finish().await
}
