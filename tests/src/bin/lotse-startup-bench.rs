//! Cold start of the release app to the first painted screen, median of N
//! runs (default 5). Each run gets a fresh data folder, so the app creates
//! and seeds its database as on a first start, and that first screen is the
//! welcome (`src/pages/welcome.rs`); on later starts it is the list of
//! nearest offers. Both count as painted.
//!
//! Timed from the WebDriver new-session request (which starts the app
//! process) until the list's first offer exists in the DOM, polled every
//! 5 ms. That includes the driver's own start-up work, so it is an upper
//! bound. The page's own `performance.now()` at the first list is printed
//! beside it.
//!
//! Usage: `cargo run --release -p lotse-e2e --bin lotse-startup-bench [-- RUNS]`
//! after `cargo xtask build`.

use std::time::{Duration, Instant};

use lotse_e2e::{AppSession, HarnessError, LaunchOptions, Locator};

const FIRST_OFFER: &str =
    "[data-testid=results][data-state=ready] [data-testid=offer], [data-testid=welcome] h2";

async fn one_run(i: usize) -> Result<(f64, Option<f64>), HarnessError> {
    let options = LaunchOptions {
        keep_welcome: true,
        ..LaunchOptions::named(&format!("startup-{i}"))
    };
    let s = AppSession::launch(options).await?;
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if !s
            .client
            .find_all(Locator::Css(FIRST_OFFER))
            .await?
            .is_empty()
        {
            break;
        }
        if Instant::now() > deadline {
            return Err(HarnessError::Timeout(FIRST_OFFER.into()));
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let total_ms = s.launched_at.elapsed().as_secs_f64() * 1_000.0;
    let page: serde_json::Value = s
        .client
        .execute(
            "return document.documentElement.dataset.firstListMs || null",
            vec![],
        )
        .await?;
    let page_ms = page.as_str().and_then(|v| v.parse().ok());
    s.finish().await?;
    Ok((total_ms, page_ms))
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(5)
        .max(1);
    let (mut totals, mut pages) = (Vec::new(), Vec::new());
    for i in 0..runs {
        match one_run(i).await {
            Ok((total, page)) => {
                println!(
                    "run {}: {total:.0} ms to the first list (page: {} ms)",
                    i + 1,
                    page.map_or("?".into(), |p| format!("{p:.0}"))
                );
                totals.push(total);
                pages.extend(page);
            }
            Err(e) => {
                eprintln!("run {}: {e}", i + 1);
                return std::process::ExitCode::FAILURE;
            }
        }
    }
    println!(
        "median of {runs}: {:.0} ms cold start to the first painted list (target ≤ 1500 ms)",
        median(totals)
    );
    if !pages.is_empty() {
        println!(
            "median of the page's own clock: {:.0} ms after navigation start",
            median(pages)
        );
    }
    std::process::ExitCode::SUCCESS
}
