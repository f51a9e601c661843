//! "Finding help" in the real window: a place from the gazetteer, a category,
//! Arabic with right-to-left, search, the offer card. Expected answers come
//! from lotse-core on the same embedded demo directory and gazetteer, never
//! from constants copied out of the UI.

use std::time::Duration;

use chrono::Utc;
use geo::Point;
use lotse_contract::{links, LatLon, SearchRequest};
use lotse_core::gazetteer::Gazetteer;
use lotse_core::taxonomy::{self, Lang};
use lotse_core::{Directory, NearestQuery, OfferFilter};
use lotse_e2e::{check, keep_screenshot, AppSession, HarnessError, LaunchOptions, Locator};

/// The demo directory, as the app seeds it on first start.
fn demo() -> (tempfile::TempDir, Directory) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut db = Directory::open(&dir.path().join("expected.sqlite")).expect("open");
    db.seed_demo_if_empty().expect("seed");
    (dir, db)
}

/// (id, data-distance-m) of each listed offer, in order.
async fn listed(s: &AppSession, scope: &str) -> Result<Vec<(String, f64)>, HarnessError> {
    let mut out = Vec::new();
    for item in s.all(&format!("{scope} [data-testid=offer]")).await? {
        let id = item.attr("data-offer-id").await?.unwrap_or_default();
        let d = item
            .attr("data-distance-m")
            .await?
            .and_then(|d| d.parse().ok());
        out.push((id, d.unwrap_or(f64::NAN)));
    }
    Ok(out)
}

#[tokio::test]
async fn kita_near_postcode_19055_lists_kitas_sorted_by_distance() -> Result<(), HarnessError> {
    let s = AppSession::launch(LaunchOptions::named("help-kita-19055")).await?;
    s.wait_for("[data-testid=results][data-state=ready]")
        .await?;
    s.choose_place("19055").await?;
    s.wait_for("[data-testid=chip-kita]").await?.click().await?;
    s.wait_for("[data-testid=results][data-state=ready][data-category=kita]")
        .await?;

    let place = Gazetteer::embedded().expect("gazetteer").lookup("19055", 1);
    let origin = Point::new(place[0].lon, place[0].lat);
    let (_dir, db) = demo();
    let expected: Vec<String> = db
        .nearest(&NearestQuery {
            origin,
            k: 10,
            max_distance_m: Some(20_000.0),
            filter: OfferFilter {
                categories: vec!["kita".into()],
                ..OfferFilter::default()
            },
            names_in: None,
        })
        .expect("nearest")
        .into_iter()
        .map(|h| h.offer.id)
        .collect();
    let rows = listed(&s, "[data-testid=results]").await?;
    let ids: Vec<&String> = rows.iter().map(|r| &r.0).collect();
    check(
        !rows.is_empty() && ids == expected.iter().collect::<Vec<_>>(),
        format!("listed {ids:?}, core says {expected:?}"),
    )?;
    check(
        rows.windows(2).all(|w| w[0].1 <= w[1].1),
        format!("not sorted: {rows:?}"),
    )?;
    for d in s.all("[data-testid=offer-distance]").await? {
        let text = d.text().await?;
        check(
            text.contains(" m") || text.contains(" km"),
            format!("distance shown as {text:?}"),
        )?;
    }
    let marks = s
        .all("[data-testid=offer] [data-testid=demo-mark]")
        .await?
        .len();
    check(
        marks == rows.len(),
        format!("{marks} demo marks for {} demo rows", rows.len()),
    )?;
    s.screenshot("e2e-desktop-nearby-kita-19055").await?;
    s.finish().await
}

#[tokio::test]
async fn arabic_turns_the_layout_right_to_left_with_arabic_category_names(
) -> Result<(), HarnessError> {
    let s = AppSession::launch(LaunchOptions::named("help-arabic")).await?;
    s.wait_for("[data-testid=results][data-state=ready]")
        .await?;
    s.wait_for("[data-testid=language]")
        .await?
        .select_by_value("ar")
        .await?;
    s.wait_for("html[dir=rtl][lang=ar]").await?;
    let kita_ar = taxonomy::category("kita").expect("kita").label(Lang::Ar);
    let mut label = String::new();
    for _ in 0..50 {
        label = s
            .wait_for("[data-testid=chip-kita] .chip__label")
            .await?
            .text()
            .await?;
        if label == kita_ar {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    check(
        label == kita_ar,
        format!("Kita chip reads {label:?}, expected {kita_ar:?}"),
    )?;
    s.wait_for("[data-testid=chip-kita]").await?.click().await?;
    s.wait_for("[data-testid=results][data-state=ready][data-category=kita]")
        .await?;
    let direction: serde_json::Value = s
        .client
        .execute(
            "return getComputedStyle(document.querySelector('.offer')).direction",
            vec![],
        )
        .await?;
    check(
        direction == "rtl",
        format!("offer rows are laid out {direction}"),
    )?;
    s.screenshot("e2e-desktop-nearby-arabic").await?;
    s.finish().await
}

#[tokio::test]
async fn searching_beratung_finds_the_matching_offers() -> Result<(), HarnessError> {
    let s = AppSession::launch(LaunchOptions::named("help-search")).await?;
    s.wait_for("[data-testid=nav-search]")
        .await?
        .click()
        .await?;
    s.wait_for("[data-testid=search-input]")
        .await?
        .send_keys("Beratung")
        .await?;
    s.wait_for("[data-testid=search-results][data-text=Beratung] [data-testid=found-offers]")
        .await?;
    let (_dir, db) = demo();
    let example = LatLon {
        lat: 53.6288,
        lon: 11.4148,
    };
    let expected: Vec<String> = db
        .find_everything(
            &SearchRequest {
                text: "Beratung".into(),
                near: Some(example),
                limit: 30,
            },
            Gazetteer::embedded().ok(),
            Lang::De,
            Utc::now(),
        )
        .expect("find")
        .offers
        .into_iter()
        .map(|o| o.id)
        .collect();
    let ids: Vec<String> = listed(&s, "[data-testid=found-offers]")
        .await?
        .into_iter()
        .map(|r| r.0)
        .collect();
    check(
        !ids.is_empty() && ids == expected,
        format!("listed {ids:?}, core says {expected:?}"),
    )?;
    s.finish().await
}

#[tokio::test]
async fn the_offer_card_has_correct_call_and_email_links_and_a_qr_code() -> Result<(), HarnessError>
{
    let s = AppSession::launch(LaunchOptions::named("help-card")).await?;
    s.wait_for("[data-testid=results][data-state=ready] [data-testid=offer-name]")
        .await?
        .click()
        .await?;
    let card = s.wait_for("[data-testid=offer-card]").await?;
    let id = card.attr("data-offer-id").await?.unwrap_or_default();
    let (_dir, db) = demo();
    let offer = db
        .offer(&id)
        .expect("read")
        .ok_or_else(|| HarnessError::Assertion(format!("no offer {id}")))?;
    let tel = offer.phone.as_deref().and_then(links::tel_uri);
    let mailto = offer.email.as_deref().and_then(links::mailto_uri);
    check(
        tel.is_some() && mailto.is_some(),
        format!("demo offer {id} lacks phone or e-mail"),
    )?;
    let call = s
        .wait_for("[data-testid=action-call]")
        .await?
        .attr("href")
        .await?;
    check(call == tel, format!("call link {call:?}, expected {tel:?}"))?;
    let email = s
        .wait_for("[data-testid=action-email]")
        .await?
        .attr("href")
        .await?;
    check(
        email == mailto,
        format!("e-mail link {email:?}, expected {mailto:?}"),
    )?;
    let qr = s.wait_for("[data-testid=qr-code]").await?;
    let modules: u32 = qr
        .attr("data-modules")
        .await?
        .and_then(|m| m.parse().ok())
        .unwrap_or(0);
    check(modules >= 21, format!("QR code with {modules} modules"))?;
    let path = qr
        .find(Locator::Css("path"))
        .await?
        .attr("d")
        .await?
        .unwrap_or_default();
    check(
        path.matches('M').count() > 100,
        "the QR code has almost no dark modules",
    )?;
    check(
        !s.all("[data-testid=offer-card] [data-testid=demo-mark]")
            .await?
            .is_empty(),
        "no demo mark on the card",
    )?;
    for a in s.all("[data-testid=offer-card] a").await? {
        let href = a.attr("href").await?.unwrap_or_default();
        check(links::is_allowed_href(&href), format!("a link to {href:?}"))?;
    }
    s.screenshot("e2e-desktop-offer-card").await?;
    s.finish().await
}

#[tokio::test]
async fn without_a_device_position_the_user_is_told_to_type_a_place() -> Result<(), HarnessError> {
    let s = AppSession::launch(LaunchOptions::named("help-no-gps")).await?;
    s.wait_for("[data-testid=use-position]")
        .await?
        .click()
        .await?;
    // Under Xvfb the webview has no position source: the fallback must be offered.
    s.wait_for("[data-testid=position-error]").await?;
    s.choose_place("Мюнхен").await?;
    let current = s
        .wait_for("[data-testid=place-current]")
        .await?
        .text()
        .await?;
    check(
        current.contains("München"),
        format!("place reads {current:?}"),
    )?;
    s.finish().await
}

#[tokio::test]
async fn the_phone_layout_toggles_list_and_map_at_360_by_740() -> Result<(), HarnessError> {
    let s = AppSession::launch(LaunchOptions::named("help-phone")).await?;
    s.client.set_window_size(360, 740).await?;
    s.wait_for("[data-testid=results][data-state=ready] [data-testid=offer]")
        .await?;
    let width: serde_json::Value = s.client.execute("return window.innerWidth", vec![]).await?;
    check(
        width.as_f64().is_some_and(|w| w <= 400.0),
        format!("viewport is {width} px wide"),
    )?;
    let toggle = s.wait_for("[data-testid=view-map]").await?;
    check(
        toggle.is_displayed().await?,
        "no list/map toggle on a phone",
    )?;
    let overflow: serde_json::Value = s
        .client
        .execute(
            "return document.documentElement.scrollWidth > window.innerWidth + 1",
            vec![],
        )
        .await?;
    check(overflow == false, "the phone layout scrolls sideways")?;
    let small: serde_json::Value = s
        .client
        .execute(
            "return [...document.querySelectorAll('button, select, input, .offer__link, .action')]
                .filter(e => e.offsetParent !== null)
                .filter(e => e.getBoundingClientRect().height < 44)
                .map(e => e.outerHTML.slice(0, 80))",
            vec![],
        )
        .await?;
    check(
        small.as_array().is_some_and(Vec::is_empty),
        format!("tap targets under 44 px: {small}"),
    )?;
    keep_screenshot(&s.screenshot("e2e-phone-nearby").await?, "phone-nearby.png")?;
    s.wait_for("[data-testid=offer-name]")
        .await?
        .click()
        .await?;
    s.wait_for("[data-testid=offer-card]").await?;
    let card = s.screenshot("e2e-phone-offer-card").await?;
    keep_screenshot(&card, "phone-offer-card.png")?;
    s.finish().await
}
