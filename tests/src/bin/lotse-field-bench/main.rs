//! The release app on a 100k-offer directory (default; the first argument
//! changes it), fed by a real loopback feed server. Prints medians of RUNS
//! launches (second argument, default 5):
//!
//! 1. **The list after an update that changed 1% of the offers.** Each run
//!    starts the app on a copy of a device that holds version 1 of the feed
//!    and waits for the list. Then the server offers version 2, in which 1%
//!    of the services have a new name, among them the ten nearest to the
//!    app's start place, and the harness starts an update as "update now"
//!    does. Timed from the end of that update (the shell's clock,
//!    `last_run_ended_ms`) to the moment the page shows the ten new names in
//!    the nearest list (the page's clock, polled every 5 ms; one machine, so
//!    one clock).
//! 2. **Resident memory after scrolling the list and the map**: the list is
//!    scrolled, five categories are chosen and the map is dragged and zoomed
//!    (each move asks the directory again and draws new tiles and up to 200
//!    markers). Then the memory of the app and of every process below it
//!    (WebKit's web and network processes) is read from `/proc`: RSS (shared
//!    pages counted in every process) and PSS (shared pages divided).
//!
//! Usage: `cargo run --release -p lotse-e2e --bin lotse-field-bench [-- OFFERS [RUNS] [--phone]]`
//! (`--phone`: the phone layout, 360×740, instead of a 1280×800 window)
//! after `cargo xtask build`.

#[path = "../../../../crates/core/benches/synthetic.rs"]
#[allow(dead_code)]
mod synthetic;

mod moves;
mod prepare;
mod report;
mod update;

use std::sync::Arc;
use std::time::{Duration, Instant};

use lotse_e2e::memory::{app_pid, tree_memory};
use lotse_e2e::{free_port, AppSession, FeedServer, HarnessError, LaunchOptions};

use moves::use_list_and_map;
use prepare::{copy_dir, offer_version, prepare};
use report::{engine_floor, median, mib, print_largest_mappings, summary};
use update::list_after_update;

fn fail(e: impl std::fmt::Display) -> HarnessError {
    HarnessError::Assertion(e.to_string())
}

async fn bench(n: usize, runs: usize, screen: (u32, u32)) -> Result<(), HarnessError> {
    let work = tempfile::tempdir()?;
    let store = Arc::new(
        lotse_server::SuggestionStore::open(&work.path().join("suggestions.sqlite"))
            .map_err(fail)?,
    );
    let server = FeedServer::start(
        free_port()?,
        work.path().join("feed"),
        store,
        Duration::ZERO,
    )?;
    let started = Instant::now();
    let changed = prepare(work.path(), n, &server.url)?;
    println!(
        "Lotse field benchmark: {n} offers; {changed} services ({:.1}%) renamed in version 2 (prepared in {:.0} s)",
        changed as f64 * 100.0 / n as f64,
        started.elapsed().as_secs_f64()
    );
    engine_floor(screen).await?;
    let device = work.path().join("device");
    let mut times = Vec::new();
    let mut memory = Vec::new();
    for run in 0..runs {
        offer_version(work.path(), 1)?;
        let options = LaunchOptions {
            screen,
            ..LaunchOptions::named(&format!("field-{run}"))
        };
        let s = AppSession::launch_with(options, |dir| Ok(copy_dir(&device, dir)?)).await?;
        let ms = list_after_update(&s, work.path()).await?;
        let pid =
            app_pid(s.data_dir.path()).ok_or_else(|| fail("the app process was not found"))?;
        let before = tree_memory(pid);
        println!(
            "run {}: before using the list and the map: RSS {:.0} MiB, PSS {:.0} MiB",
            run + 1,
            mib(before.iter().map(|p| p.rss_kib).sum()),
            mib(before.iter().map(|p| p.pss_kib).sum()),
        );
        println!(
            "run {}: the new list {ms:.0} ms after the update ended",
            run + 1
        );
        times.push(ms);
        use_list_and_map(&s).await?;
        let tree = tree_memory(pid);
        let (rss, pss, parts) = summary(&tree);
        println!(
            "run {}: after the list and the map: RSS {:.0} MiB, PSS {:.0} MiB (RSS/PSS: {parts})",
            run + 1,
            mib(rss),
            mib(pss),
        );
        print_largest_mappings(&tree);
        memory.push((rss, pss));
        s.finish().await?;
    }
    println!(
        "median of {runs}: the nearest list {:.0} ms after an update that changed {:.1}% of {n} offers (target ≤ 300 ms)",
        median(times),
        changed as f64 * 100.0 / n as f64
    );
    println!(
        "median of {runs}: resident memory of the app and its WebKit processes after scrolling the list and the map: RSS {:.0} MiB, PSS {:.0} MiB (target ≤ 200 MB)",
        median(memory.iter().map(|m| mib(m.0)).collect()),
        median(memory.iter().map(|m| mib(m.1)).collect()),
    );
    Ok(())
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let mut args = std::env::args().skip(1).filter_map(|a| a.parse().ok());
    let n: usize = args.next().unwrap_or(100_000);
    let runs: usize = args.next().unwrap_or(5).max(1);
    // `--phone`: the phone layout (360×740) instead of a 1280×800 window.
    let screen = if std::env::args().any(|a| a == "--phone") {
        (360, 740)
    } else {
        (1280, 800)
    };
    println!("window {}×{}", screen.0, screen.1);
    match bench(n, runs, screen).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("lotse-field-bench: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
