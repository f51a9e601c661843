//! Numbers and dates are written as the UI language writes them (through the
//! webview's `Intl`): Persian and Arabic get their own digits, German a
//! decimal comma.

use std::time::Duration;

use lotse_e2e::{check, AppSession, HarnessError, LaunchOptions};

/// The text of every `css` element once it has changed to satisfy `ok`.
async fn texts_when(
    s: &AppSession,
    css: &str,
    ok: impl Fn(&str) -> bool,
) -> Result<Vec<String>, HarnessError> {
    let mut texts = Vec::new();
    for _ in 0..50 {
        texts.clear();
        for el in s.all(css).await? {
            texts.push(el.text().await?);
        }
        if !texts.is_empty() && texts.iter().all(|t| ok(t)) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(texts)
}

fn only_digits_of(text: &str, zero: char) -> bool {
    let digit = |c: char| (zero..=char::from_u32(zero as u32 + 9).unwrap_or(zero)).contains(&c);
    text.chars().any(digit) && !text.chars().any(|c| c.is_ascii_digit())
}

#[tokio::test]
async fn distances_and_dates_use_the_languages_own_digits() -> Result<(), HarnessError> {
    let s = AppSession::launch(LaunchOptions::named("local-numbers")).await?;
    s.wait_for("[data-testid=results][data-state=ready] [data-testid=offer-distance]")
        .await?;
    let german = texts_when(&s, "[data-testid=offer-distance]", |t| {
        t.contains("km") || t.contains(" m")
    })
    .await?;
    check(
        german.iter().any(|t| t.contains(',') && t.contains("km"))
            && german.iter().all(|t| !t.contains('.')),
        format!("German distances: {german:?}"),
    )?;
    for (lang, zero) in [("fa", '\u{06F0}'), ("ar", '\u{0660}')] {
        s.wait_for("[data-testid=language]")
            .await?
            .select_by_value(lang)
            .await?;
        let shown = texts_when(&s, "[data-testid=offer-distance]", |t| {
            only_digits_of(t, zero)
        })
        .await?;
        check(
            shown.iter().all(|t| only_digits_of(t, zero)),
            format!("{lang} distances: {shown:?}"),
        )?;
    }
    s.wait_for("[data-testid=offer-name]")
        .await?
        .click()
        .await?;
    let verified = texts_when(&s, "[data-testid=card-provenance]", |t| {
        only_digits_of(t, '\u{0660}')
    })
    .await?;
    check(
        verified.iter().all(|t| only_digits_of(t, '\u{0660}')),
        format!("Arabic card provenance: {verified:?}"),
    )?;
    s.finish().await
}
