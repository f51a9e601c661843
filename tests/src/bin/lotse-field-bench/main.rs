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

#[path = "../../../crates/core/benches/synthetic.rs"]
#[allow(dead_code)]
mod synthetic;

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
use lotse_core::feed::manifest::MANIFEST_FILE;
use lotse_core::feed::SecretKey;
use lotse_core::publish::{publish, PublishOptions};
use lotse_core::sync::{cache_dir_for, run_sync, SystemClock};
use lotse_core::{Directory, NearestQuery};
use lotse_e2e::memory::{app_pid, largest_mappings, tree_memory};
use lotse_e2e::{free_port, AppSession, FeedServer, HarnessError, LaunchOptions, Locator};

/// The app's start place (the example place, Schwerin).
const START: (f64, f64) = (53.6288, 11.4148);
const NEW: &str = " (neu)";
const LISTED: usize = 10;

fn fail(e: impl std::fmt::Display) -> HarnessError {
    HarnessError::Assertion(e.to_string())
}

/// The publisher's feed at version 1, a device synced to it (in
/// `device/`), then version 2 with 1% of the services renamed. Both
/// versions' manifests are kept (`manifest-v1`, `manifest-v2`); the feed's
/// folder keeps the data of both.
fn prepare(work: &Path, n: usize, url: &str) -> Result<usize, HarnessError> {
    let mut publisher = Directory::open(&work.join("publisher.sqlite")).map_err(fail)?;
    let batch = synthetic::directory(n, 7);
    publisher.upsert(&batch).map_err(fail)?;
    let key = SecretKey::generate().map_err(fail)?;
    let publish_now = |db: &Directory| {
        publish(
            db,
            &work.join("feed"),
            &key,
            &PublishOptions::default(),
            &SystemClock,
        )
        .map_err(fail)
    };
    publish_now(&publisher)?;
    std::fs::copy(
        work.join("feed").join(MANIFEST_FILE),
        work.join("manifest-v1"),
    )?;

    let device = work.join("device");
    std::fs::create_dir_all(&device)?;
    let db_path = device.join("lotse.sqlite");
    {
        let mut db = Directory::open(&db_path).map_err(fail)?;
        db.follow_feed(url, &key.public().to_base64())
            .map_err(fail)?;
        run_sync(&mut db, cache_dir_for(&db_path), &SystemClock, &mut |_| {}).map_err(fail)?;
    }

    // Version 2: the ten nearest to the start place and every 100th service.
    let nearest = publisher
        .nearest(&NearestQuery {
            origin: geo::Point::new(START.1, START.0),
            k: LISTED,
            max_distance_m: None,
            filter: Default::default(),
            names_in: None,
        })
        .map_err(fail)?;
    let near_services: Vec<String> = nearest.iter().map(|h| h.offer.service_id.clone()).collect();
    let mut changed = lotse_core::model::DirectoryBatch {
        organizations: batch.organizations.clone(),
        ..Default::default()
    };
    for (i, s) in batch.services.iter().enumerate() {
        if i % 100 == 0 || near_services.contains(&s.id) {
            let mut s = s.clone();
            s.name.push_str(NEW);
            changed.services.push(s);
        }
    }
    let count = changed.services.len();
    let by_service: std::collections::HashSet<&str> =
        changed.services.iter().map(|s| s.id.as_str()).collect();
    let locations: std::collections::HashMap<&str, &lotse_core::model::Location> =
        batch.locations.iter().map(|l| (l.id.as_str(), l)).collect();
    for o in &batch.service_at_locations {
        if by_service.contains(o.service_id.as_str()) {
            changed.service_at_locations.push(o.clone());
            if let Some(l) = locations.get(o.location_id.as_str()) {
                changed.locations.push((*l).clone());
            }
        }
    }
    publisher.upsert(&changed).map_err(fail)?;
    publish_now(&publisher)?;
    std::fs::copy(
        work.join("feed").join(MANIFEST_FILE),
        work.join("manifest-v2"),
    )?;
    Ok(count)
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

/// `true` with the page's clock once every listed offer has its new name.
const NEW_LIST: &str = r#"
const names = Array.from(document.querySelectorAll('[data-testid=results][data-state=ready] [data-testid=offer-name]')).map(e => e.textContent);
return { shown: names.length >= 10 && names.every(n => n.endsWith(' (neu)')), now: Date.now() };
"#;

const STATUS: &str = r#"
const done = arguments[arguments.length - 1];
window.__TAURI_INTERNALS__.invoke('sync_status').then(done, e => done({ error: String(e) }));
"#;

/// What "update now" does.
const START_UPDATE: &str = r#"
const done = arguments[arguments.length - 1];
window.__TAURI_INTERNALS__.invoke('start_sync').then(done, e => done({ error: String(e) }));
"#;

/// Let the feed offer `version`'s manifest (written beside, then renamed).
fn offer_version(work: &Path, version: u32) -> Result<(), HarnessError> {
    let feed = work.join("feed");
    let next = feed.join(format!("{MANIFEST_FILE}.next"));
    std::fs::copy(work.join(format!("manifest-v{version}")), &next)?;
    std::fs::rename(next, feed.join(MANIFEST_FILE))?;
    Ok(())
}

/// Wait until the app's own update on start has ended.
async fn wait_for_start_update(s: &AppSession) -> Result<(), HarnessError> {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let status = s.client.execute_async(STATUS, vec![]).await?;
        if status["runs_ended"].as_u64().unwrap_or(0) >= 1 {
            if let Some(problem) = status.get("problem").filter(|p| !p.is_null()) {
                return Err(fail(format!("the update on start failed: {problem}")));
            }
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(HarnessError::Timeout("the update on start".into()));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Milliseconds from the end of the update to the new list.
async fn list_after_update(s: &AppSession, work: &Path) -> Result<f64, HarnessError> {
    s.wait_for("[data-testid=results][data-state=ready] [data-testid=offer]")
        .await?;
    wait_for_start_update(s).await?;
    let names = s.client.execute(NEW_LIST, vec![]).await?;
    if names["shown"].as_bool() == Some(true) {
        return Err(fail("the new names are shown before the update"));
    }
    offer_version(work, 2)?;
    let started = s.client.execute_async(START_UPDATE, vec![]).await?;
    if started.as_bool() != Some(true) {
        return Err(fail(format!("the update did not start: {started}")));
    }
    let deadline = Instant::now() + Duration::from_secs(180);
    let shown_at = loop {
        let v = s.client.execute(NEW_LIST, vec![]).await?;
        if v["shown"].as_bool() == Some(true) {
            break v["now"].as_f64().unwrap_or(f64::NAN);
        }
        if Instant::now() > deadline {
            return Err(HarnessError::Timeout(
                "the renamed offers in the list".into(),
            ));
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    };
    let status = s.client.execute_async(STATUS, vec![]).await?;
    let ended = status["last_run_ended_ms"]
        .as_f64()
        .ok_or_else(|| fail(format!("no update ended: {status}")))?;
    let updated = status["last_changes"]["updated"].as_u64().unwrap_or(0);
    if updated == 0 {
        return Err(fail(format!("the update changed nothing: {status}")));
    }
    Ok(shown_at - ended)
}

/// Scroll the list, choose categories, drag and zoom the map.
async fn use_list_and_map(s: &AppSession) -> Result<(), HarnessError> {
    let settle = || tokio::time::sleep(Duration::from_millis(700));
    for _ in 0..3 {
        s.client
            .execute(
                "document.querySelectorAll('.results, main').forEach(e => e.scrollTop = e.scrollHeight); window.scrollTo(0, document.body.scrollHeight); return null;",
                vec![],
            )
            .await?;
        settle().await;
        s.client
            .execute("window.scrollTo(0, 0); return null;", vec![])
            .await?;
    }
    for chip in ["kita", "sprachkurs", "migrationsberatung", "arbeit", "all"] {
        s.wait_for(&format!("[data-testid=chip-{chip}]"))
            .await?
            .click()
            .await?;
        s.wait_for(&format!(
            "[data-testid=results][data-state=ready][data-category={chip}]"
        ))
        .await?;
        settle().await;
    }
    let map = s
        .wait_for("[data-testid=map-view] .leaflet-container")
        .await?;
    let drags = [
        (150.0, 0.0),
        (0.0, 120.0),
        (-200.0, 0.0),
        (0.0, -150.0),
        (180.0, 90.0),
        (-120.0, -60.0),
    ];
    for round in 0..2 {
        for (i, (x, y)) in drags.iter().enumerate() {
            let drag = MouseActions::new(format!("drag-{round}-{i}"))
                .then(PointerAction::MoveToElement {
                    element: map.clone(),
                    duration: None,
                    x: 0.0,
                    y: 0.0,
                })
                .then(PointerAction::Down {
                    button: MOUSE_BUTTON_LEFT,
                })
                .then(PointerAction::MoveBy {
                    duration: Some(Duration::from_millis(250)),
                    x: *x,
                    y: *y,
                })
                .then(PointerAction::Up {
                    button: MOUSE_BUTTON_LEFT,
                });
            s.client.perform_actions(drag).await?;
            settle().await;
        }
        for zoom in [
            ".leaflet-control-zoom-out",
            ".leaflet-control-zoom-out",
            ".leaflet-control-zoom-in",
            ".leaflet-control-zoom-in",
            ".leaflet-control-zoom-in",
        ] {
            if let Ok(button) = s.client.find(Locator::Css(zoom)).await {
                button.click().await?;
                settle().await;
            }
        }
    }
    s.wait_for("[data-testid=results][data-state=ready]")
        .await?;
    tokio::time::sleep(Duration::from_secs(2)).await;
    Ok(())
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

/// Total RSS and PSS (KiB) of `tree`, and "name rss/pss" per process (MiB).
fn summary(tree: &[lotse_e2e::memory::ProcessMemory]) -> (u64, u64, String) {
    let parts: Vec<String> = tree
        .iter()
        .filter(|p| p.rss_kib > 0)
        .map(|p| format!("{} {:.0}/{:.0}", p.name, mib(p.rss_kib), mib(p.pss_kib)))
        .collect();
    (
        tree.iter().map(|p| p.rss_kib).sum(),
        tree.iter().map(|p| p.pss_kib).sum(),
        parts.join(", "),
    )
}

/// For comparison: the app on its 12-offer demo directory, list shown,
/// nothing scrolled; what the window and WebKit cost before any data.
async fn engine_floor(screen: (u32, u32)) -> Result<(), HarnessError> {
    let s = AppSession::launch(LaunchOptions {
        screen,
        ..LaunchOptions::named("field-floor")
    })
    .await?;
    s.wait_for("[data-testid=results][data-state=ready]")
        .await?;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let pid = app_pid(s.data_dir.path()).ok_or_else(|| fail("the app process was not found"))?;
    let (rss, pss, parts) = summary(&tree_memory(pid));
    println!(
        "floor: the demo directory (12 offers), list shown, nothing scrolled: RSS {:.0} MiB, PSS {:.0} MiB (RSS/PSS: {parts})",
        mib(rss),
        mib(pss),
    );
    s.finish().await
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
        for p in &tree {
            let top: Vec<String> = largest_mappings(p.pid, 6)
                .into_iter()
                .map(|(kib, what)| {
                    let what = what.rsplit('/').next().unwrap_or_default().to_owned();
                    format!(
                        "{:.0} {}",
                        mib(kib),
                        if what.is_empty() {
                            "anonymous".into()
                        } else {
                            what
                        }
                    )
                })
                .collect();
            println!("    {} largest (MiB RSS): {}", p.name, top.join(", "));
        }
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
