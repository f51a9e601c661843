//! The list after an update: the update started as "update now" does, and
//! the time until the page shows the new names.

use std::path::Path;
use std::time::{Duration, Instant};

use lotse_e2e::{AppSession, HarnessError};

use crate::fail;
use crate::prepare::offer_version;

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
pub async fn list_after_update(s: &AppSession, work: &Path) -> Result<f64, HarnessError> {
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
