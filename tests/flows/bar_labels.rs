//! The phone's bottom bar in every UI language at 360 × 740: each label is
//! whole (at most two lines, nothing cut off) and wraps only between words
//! or at a soft hyphen the translation placed, never inside a word where
//! the webview happens to lack hyphenation patterns (WebKitGTK without
//! hyphen-de broke "Einstellunge|n").

use lotse_contract::Lang;
use lotse_e2e::{check, AppSession, HarnessError, LaunchOptions};
use serde_json::Value;

const READY: &str = "[data-testid=results][data-state=ready] [data-testid=offer]";

/// Per bar label: its text, where its lines break inside a word (marked
/// `|`), and whether it is cut off. A break is where the next character's
/// box starts lower than the one before.
const LABELS: &str = "
    return [...document.querySelectorAll('[data-testid=nav-bar] .navlink__label')].map(el => {
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        const chars = [];
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (let i = 0; i < node.length; i++) {
                const range = document.createRange();
                range.setStart(node, i); range.setEnd(node, i + 1);
                const rects = [...range.getClientRects()].filter(r => r.width > 0);
                chars.push({ c: node.data[i], top: rects.length ? rects[0].top : null });
            }
        }
        const text = chars.map(x => x.c).join('');
        const inside = [];
        let prev = null;
        chars.forEach((x, i) => {
            if (x.top === null) return;
            if (prev !== null && x.top > prev.top + 2
                && !/[\\s\\u00AD-]/.test(chars[prev.i].c) && !/\\s/.test(x.c)
                && !(i > 0 && chars[i - 1].c === '\\u00AD')) {
                inside.push(text.slice(0, i) + '|' + text.slice(i));
            }
            prev = { top: x.top, i };
        });
        return { text, inside, cut: el.scrollHeight > el.clientHeight + 1 };
    });";

#[tokio::test]
async fn bar_labels_wrap_between_words_in_every_language() -> Result<(), HarnessError> {
    let s = AppSession::launch(LaunchOptions {
        screen: (360, 740),
        ..LaunchOptions::named("phone-bar-labels")
    })
    .await?;
    s.client.set_window_size(360, 740).await?;
    s.wait_for(READY).await?;
    let mut seen = Vec::new();
    for lang in Lang::ALL {
        let tag = lang.tag();
        if !s
            .wait_for("[data-testid=language]")
            .await?
            .is_displayed()
            .await?
        {
            s.wait_for("[data-testid=language-open]")
                .await?
                .click()
                .await?;
        }
        s.wait_for("[data-testid=language]")
            .await?
            .select_by_value(tag)
            .await?;
        s.wait_for(&format!("html[lang={tag}]")).await?;
        s.wait_for(READY).await?;
        let labels = s.client.execute(LABELS, vec![]).await?;
        let labels = labels.as_array().cloned().unwrap_or_default();
        check(
            labels.len() == 5,
            format!("{tag}: not five labels: {labels:?}"),
        )?;
        for label in &labels {
            let inside = label["inside"].as_array().cloned().unwrap_or_default();
            check(
                inside.is_empty() && label["cut"] == Value::Bool(false),
                format!("{tag}: the bar label {label} breaks inside a word or is cut off"),
            )?;
        }
        seen.push(tag);
    }
    check(seen.len() == 8, format!("languages tried: {seen:?}"))?;
    s.finish().await
}
