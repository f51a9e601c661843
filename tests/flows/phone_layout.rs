//! The phone layout at 360 × 740 (issue 14): help first. The first offer is
//! in view without scrolling, the bottom bar never covers content, the
//! layout mirrors in Arabic, the place and the filters open on a tap, and
//! the dark palette passes axe (contrast included).

use std::time::Duration;

use lotse_e2e::{
    check, serious_violations, workspace_root, AppSession, HarnessError, LaunchOptions,
};
use serde_json::Value;

const READY: &str = "[data-testid=results][data-state=ready] [data-testid=offer]";

/// Rectangles of the bottom bar, its links and the first offer's name and
/// distance, in viewport coordinates.
const LAYOUT: &str = "
    const r = e => { if (!e) return null; const b = e.getBoundingClientRect();
        return { top: b.top, bottom: b.bottom, left: b.left, right: b.right, height: b.height }; };
    const bar = document.querySelector('[data-testid=nav-bar]');
    const offer = document.querySelector('[data-testid=results] [data-testid=offer]');
    return {
        vw: window.innerWidth, vh: window.innerHeight, scrolled: window.scrollY,
        position: getComputedStyle(bar).position,
        bar: r(bar),
        links: [...bar.querySelectorAll('a')].map(r),
        name: r(offer.querySelector('[data-testid=offer-name]')),
        distance: r(offer.querySelector('[data-testid=offer-distance]')),
    };";

async fn phone(name: &str) -> Result<AppSession, HarnessError> {
    let s = AppSession::launch(LaunchOptions {
        screen: (360, 740),
        ..LaunchOptions::named(name)
    })
    .await?;
    s.client.set_window_size(360, 740).await?;
    s.wait_for(READY).await?;
    Ok(s)
}

async fn js(s: &AppSession, script: &str) -> Result<Value, HarnessError> {
    Ok(s.client.execute(script, vec![]).await?)
}

fn num(v: &Value, key: &str) -> f64 {
    v[key].as_f64().unwrap_or(f64::NAN)
}

/// `what`'s box lies inside the viewport and above the bottom bar.
fn in_view_above_bar(layout: &Value, what: &str) -> Result<(), HarnessError> {
    let (rect, bar_top) = (&layout[what], num(&layout["bar"], "top"));
    check(
        num(rect, "top") >= 0.0 && num(rect, "bottom") <= bar_top + 0.5,
        format!("the first offer's {what} is not in view above the bar: {layout}"),
    )
}

#[tokio::test]
async fn the_first_offer_is_in_view_without_scrolling() -> Result<(), HarnessError> {
    let s = phone("phone-help-first").await?;
    let layout = js(&s, LAYOUT).await?;
    check(
        num(&layout, "vw") <= 400.0 && num(&layout, "scrolled") == 0.0,
        format!("not a phone screen at its top: {layout}"),
    )?;
    // A bottom bar: fixed, at the bottom edge, five places of at least 48 px.
    let bar = &layout["bar"];
    check(
        layout["position"] == "fixed" && (num(bar, "bottom") - num(&layout, "vh")).abs() < 1.0,
        format!("the navigation is not a bar at the bottom: {layout}"),
    )?;
    let links = layout["links"].as_array().cloned().unwrap_or_default();
    check(
        links.len() == 5 && links.iter().all(|l| num(l, "height") >= 48.0),
        format!("the bar's places are not five of 48 px: {layout}"),
    )?;
    in_view_above_bar(&layout, "name")?;
    in_view_above_bar(&layout, "distance")?;
    s.screenshot("e2e-phone-layout-100").await?;

    // At 200% text the first offer's name is still in view.
    js(
        &s,
        "document.documentElement.style.fontSize = '200%'; return 0;",
    )
    .await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let large = js(&s, LAYOUT).await?;
    in_view_above_bar(&large, "name")?;
    check(
        num(&large["bar"], "height") >= 96.0,
        format!("the bar did not grow with the text: {large}"),
    )?;
    s.screenshot("e2e-phone-layout-200").await?;
    s.finish().await
}

/// Scroll to the very end; the bar must end below the last offer and the
/// footer (the page's visible end), never on top of them.
const AT_THE_END: &str = "
    window.scrollTo(0, document.documentElement.scrollHeight);
    const bar = document.querySelector('[data-testid=nav-bar]').getBoundingClientRect();
    const offers = document.querySelectorAll('[data-testid=results] [data-testid=offer]');
    const last = offers.length ? offers[offers.length - 1].getBoundingClientRect() : null;
    const footer = document.querySelector('footer').getBoundingClientRect();
    return { scrolled: window.scrollY, bar_top: bar.top,
             last_bottom: last ? last.bottom : null, footer_bottom: footer.bottom };";

#[tokio::test]
async fn the_bottom_bar_never_covers_content() -> Result<(), HarnessError> {
    let s = phone("phone-bar-covers-nothing").await?;
    for text in ["100%", "200%"] {
        js(
            &s,
            &format!("document.documentElement.style.fontSize = '{text}'; return 0;"),
        )
        .await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let end = js(&s, AT_THE_END).await?;
        let bar_top = num(&end, "bar_top");
        check(
            num(&end, "scrolled") > 0.0
                && num(&end, "last_bottom") <= bar_top + 0.5
                && num(&end, "footer_bottom") <= bar_top + 0.5,
            format!("at {text} the bar covers the end of the list or page: {end}"),
        )?;
    }
    // The same on an offer card, a page of its own.
    js(&s, "window.scrollTo(0, 0); return 0;").await?;
    s.wait_for("[data-testid=offer-name]")
        .await?
        .click()
        .await?;
    s.wait_for("[data-testid=offer-card]").await?;
    let end = js(&s, AT_THE_END).await?;
    check(
        num(&end, "footer_bottom") <= num(&end, "bar_top") + 0.5,
        format!("on the offer card the bar covers the page's end: {end}"),
    )?;
    s.finish().await
}

/// The left edge of the first place in the bar, and of the app's name.
const EDGES: &str = "
    const first = document.querySelector('[data-testid=nav-bar] a').getBoundingClientRect();
    const title = document.querySelector('.topbar__title').getBoundingClientRect();
    return { vw: window.innerWidth, first_left: first.left, first_right: first.right,
             title_left: title.left, title_right: title.right };";

#[tokio::test]
async fn the_phone_layout_mirrors_in_arabic() -> Result<(), HarnessError> {
    let s = phone("phone-rtl").await?;
    let de = js(&s, EDGES).await?;
    check(
        num(&de, "first_left") < 1.0 && num(&de, "title_left") < 40.0,
        format!("in German the bar does not start at the left: {de}"),
    )?;
    // The language hides behind the globe on a phone.
    let select = s.wait_for("[data-testid=language]").await?;
    check(
        !select.is_displayed().await?,
        "the language select takes room before the globe is tapped",
    )?;
    s.wait_for("[data-testid=language-open]")
        .await?
        .click()
        .await?;
    s.wait_for(".lang-picker--open [data-testid=language]")
        .await?
        .select_by_value("ar")
        .await?;
    s.wait_for("html[dir=rtl]").await?;
    s.wait_for(READY).await?;
    let ar = js(&s, EDGES).await?;
    let vw = num(&ar, "vw");
    check(
        num(&ar, "first_right") > vw - 1.0 && num(&ar, "title_right") > vw - 40.0,
        format!("in Arabic the bar and the top bar do not start at the right: {ar}"),
    )?;
    s.screenshot("e2e-phone-nearby-arabic").await?;
    s.finish().await
}

#[tokio::test]
async fn the_place_and_the_filters_open_on_a_tap() -> Result<(), HarnessError> {
    let s = phone("phone-folded").await?;
    let input = s.wait_for("[data-testid=place-input]").await?;
    let speaks = s.wait_for("[data-testid=speaks]").await?;
    check(
        !input.is_displayed().await? && !speaks.is_displayed().await?,
        "the place box or the language filter is open before a tap",
    )?;
    // The list/map switch stays in the row.
    check(
        s.wait_for("[data-testid=view-map]")
            .await?
            .is_displayed()
            .await?,
        "no way to the map in the filter row",
    )?;
    s.wait_for("[data-testid=filters-open]")
        .await?
        .click()
        .await?;
    check(
        speaks.is_displayed().await?,
        "the filters button did not open the language filter",
    )?;
    s.wait_for("[data-testid=place-change]")
        .await?
        .click()
        .await?;
    check(
        input.is_displayed().await?,
        "tapping the place line did not open the picker",
    )?;
    input.send_keys("19055").await?;
    s.wait_for("[data-testid=place-suggestion]")
        .await?
        .click()
        .await?;
    let current = s
        .wait_for("[data-testid=place-current][data-source=gazetteer]")
        .await?;
    check(
        current.text().await?.contains("19055") && !input.is_displayed().await?,
        "choosing a place did not fold the picker to one line with the place",
    )?;
    s.finish().await
}

/// The dark palette. WebKitWebDriver cannot emulate `prefers-color-scheme`,
/// so the test puts the class `theme-dark` on <html>: public/themes.css
/// gives it the same declarations as the media query (checked below), and
/// axe then checks contrast on the dark colours.
#[tokio::test]
async fn the_dark_palette_passes_axe() -> Result<(), HarnessError> {
    let s = AppSession::launch(LaunchOptions::named("dark-palette")).await?;
    s.wait_for(READY).await?;
    js(
        &s,
        "document.documentElement.classList.add('theme-dark'); return 0;",
    )
    .await?;
    let paper = js(
        &s,
        "return getComputedStyle(document.documentElement).backgroundColor;",
    )
    .await?;
    check(
        paper == "rgb(21, 24, 29)",
        format!("the dark palette did not apply: the page is {paper}"),
    )?;
    let mut found = serious_violations(&s, "nearby, dark").await?;
    s.client.set_window_size(360, 740).await?;
    found.extend(serious_violations(&s, "nearby, phone, dark").await?);
    s.wait_for("[data-testid=offer-name]")
        .await?
        .click()
        .await?;
    s.wait_for("[data-testid=offer-card]").await?;
    found.extend(serious_violations(&s, "offer card, dark").await?);
    s.wait_for("[data-testid=nav-settings]")
        .await?
        .click()
        .await?;
    s.wait_for("[data-testid=settings-about]").await?;
    found.extend(serious_violations(&s, "settings, dark").await?);
    s.screenshot("e2e-phone-settings-dark").await?;
    check(found.is_empty(), found.join("\n"))?;
    s.finish().await
}

/// The declarations of the first block opened by `opening` in `css`.
fn block(css: &str, opening: &str) -> Vec<String> {
    let Some(start) = css.find(opening) else {
        return Vec::new();
    };
    let body = &css[start + opening.len()..];
    let body = &body[..body.find('}').unwrap_or(body.len())];
    let mut lines: Vec<String> = body
        .split(';')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(str::to_owned)
        .collect();
    lines.sort();
    lines
}

#[test]
fn the_dark_palette_is_the_same_for_the_system_and_the_test_class() {
    let read = |f: &str| std::fs::read_to_string(workspace_root().join(f)).expect(f);
    let themes = read("public/themes.css");
    let class = block(&themes, ":root.theme-dark {");
    let system = block(&themes, "@media (prefers-color-scheme: dark) {\n  :root {");
    assert!(class.len() > 10, "no dark palette under :root.theme-dark");
    assert_eq!(class, system, "the media query and the class differ");
    // Every colour of the light palette has a dark value.
    let light = block(&read("public/style.css"), ":root {");
    for decl in light.iter().filter(|d| d.contains('#')) {
        let name = decl.split(':').next().unwrap_or_default();
        assert!(
            class.iter().any(|d| d.starts_with(&format!("{name}:"))),
            "{name} has no dark value"
        );
    }
}
