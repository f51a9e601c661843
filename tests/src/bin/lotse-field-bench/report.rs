//! Memory figures as the benchmark prints them, and the engine's floor.

use std::time::Duration;

use lotse_e2e::memory::{app_pid, largest_mappings, tree_memory, ProcessMemory};
use lotse_e2e::{AppSession, HarnessError, LaunchOptions};

use crate::fail;

pub fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

pub fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

/// Total RSS and PSS (KiB) of `tree`, and "name rss/pss" per process (MiB).
pub fn summary(tree: &[ProcessMemory]) -> (u64, u64, String) {
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

/// The six largest mappings (MiB RSS) of each process in `tree`.
pub fn print_largest_mappings(tree: &[ProcessMemory]) {
    for p in tree {
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
}

/// For comparison: the app on its 12-offer demo directory, list shown,
/// nothing scrolled; what the window and WebKit cost before any data.
pub async fn engine_floor(screen: (u32, u32)) -> Result<(), HarnessError> {
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
