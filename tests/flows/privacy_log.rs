//! The app's log file, at its most detailed (`RUST_LOG=trace`), after a user
//! chose a place and searched: it shows that Lotse started, looked for the
//! nearest offers and searched, and holds neither the place's coordinates,
//! nor the postcode typed, nor the search text.

use std::path::Path;
use std::time::Duration;

use lotse_e2e::{check, AppSession, HarnessError, LaunchOptions};

/// Everything in the data folder's `logs/`.
fn read_logs(data_dir: &Path) -> Result<String, HarnessError> {
    let mut all = String::new();
    for entry in std::fs::read_dir(data_dir.join("logs"))? {
        all.push_str(&std::fs::read_to_string(entry?.path())?);
    }
    Ok(all)
}

#[tokio::test]
async fn the_log_holds_no_position_and_no_search_text() -> Result<(), HarnessError> {
    let options = LaunchOptions::named("privacy-log").with_env("RUST_LOG", "trace");
    let s = AppSession::launch(options).await?;
    s.wait_for("[data-testid=results][data-state=ready]")
        .await?;
    // A place by postcode ...
    let postcode = "19055";
    s.choose_place(postcode).await?;
    s.wait_for("[data-testid=results][data-state=ready]")
        .await?;
    let place = s
        .client
        .execute(
            "return JSON.parse(localStorage.getItem('lotse.place'))",
            vec![],
        )
        .await?;
    let (lat, lon) = (place["lat"].as_f64(), place["lon"].as_f64());
    let (Some(lat), Some(lon)) = (lat, lon) else {
        return Err(HarnessError::Assertion(format!("no place stored: {place}")));
    };
    // ... and a search.
    let text = "Dolmetscherin Paschtu";
    s.wait_for("[data-testid=nav-search]")
        .await?
        .click()
        .await?;
    s.wait_for("[data-testid=search-input]")
        .await?
        .send_keys(text)
        .await?;
    s.wait_for("[data-testid=search-results], [data-testid=search-empty]")
        .await?;
    let data_dir = s.data_dir.path().to_owned();
    // The file is written by a background thread; closing the app flushes it.
    let s = s.restart(|_| Ok(())).await?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let log = read_logs(&data_dir)?;
    for needed in ["Lotse starts", "nearest", "search"] {
        check(
            log.contains(needed),
            format!("the log has no {needed:?} line (is logging on?):\n{log}"),
        )?;
    }
    let private = [
        text.to_owned(),
        "Dolmetscherin".to_owned(),
        "Paschtu".to_owned(),
        postcode.to_owned(),
        format!("{lat:.3}"),
        format!("{lon:.3}"),
    ];
    for secret in &private {
        check(
            !log.contains(secret.as_str()),
            format!("the log holds {secret:?}"),
        )?;
    }
    s.finish().await
}

/// How many nearest-offer queries the core answered in the app's first
/// run, from its debug lines (`nearest k=… limit_m=…`: how much was asked,
/// never from where) up to the next "Lotse starts".
fn nearest_queries_of_first_run(log: &str) -> usize {
    log.lines()
        .skip_while(|l| !l.contains("Lotse starts"))
        .skip(1)
        .take_while(|l| !l.contains("Lotse starts"))
        .filter(|l| l.contains("nearest") && l.contains(" k="))
        .count()
}

/// One tap on a category chip is one question to the core: the list and the
/// map's wider set come from the same call (issue 15 counted two before).
#[tokio::test]
async fn a_chip_tap_asks_the_core_once() -> Result<(), HarnessError> {
    let options =
        LaunchOptions::named("one-call-per-tap").with_env("RUST_LOG", "info,lotse_core=debug");
    let s = AppSession::launch(options).await?;
    s.wait_for("[data-testid=results][data-state=ready][data-category=all]")
        .await?;
    let chips = ["kita", "sprachmittler", "kita"];
    for chip in chips {
        // Chips past the window's edge are scrolled to, as a finger would.
        let selector = format!("[data-testid=chip-{chip}]");
        let chip_el = s.wait_for(&selector).await?;
        s.client
            .execute(
                "document.querySelector(arguments[0]).scrollIntoView({block: 'center', inline: 'center'})",
                vec![serde_json::json!(selector)],
            )
            .await?;
        chip_el.click().await?;
        s.wait_for(&format!(
            "[data-testid=results][data-category={chip}]:not([data-state=loading])"
        ))
        .await?;
    }
    // Let anything late arrive, then close the app to flush its log.
    tokio::time::sleep(Duration::from_millis(1_000)).await;
    let data_dir = s.data_dir.path().to_owned();
    let s = s.restart(|_| Ok(())).await?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let log = read_logs(&data_dir)?;
    let asked = nearest_queries_of_first_run(&log);
    let expected = 1 + chips.len();
    check(
        asked == expected,
        format!(
            "{asked} nearest queries for the first list and {} chip taps; expected {expected}:\n{log}",
            chips.len()
        ),
    )?;
    s.finish().await
}
