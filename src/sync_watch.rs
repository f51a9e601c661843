//! `use_sync()`: the update status from the shell, polled twice a second
//! while an update runs and every ten seconds otherwise. `revision` goes up
//! the moment an update ends (a call waits in the shell for that), so lists
//! and counts that depend on the directory load again.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use lotse_contract::{ApiError, SyncStatusDto};

use crate::api;

#[derive(Clone, Copy)]
pub struct SyncWatch {
    pub status: RwSignal<Option<SyncStatusDto>>,
    pub error: RwSignal<Option<ApiError>>,
    /// Goes up by one whenever an update or a bundle import ends.
    pub revision: RwSignal<u32>,
    ticks: RwSignal<u32>,
}

impl SyncWatch {
    pub fn running(self) -> bool {
        self.status.with(|s| s.as_ref().is_some_and(|s| s.running))
    }

    /// Ask the shell now.
    pub fn refresh(self) {
        spawn_local(async move {
            let next = api::sync_status().await;
            self.take(next);
        });
    }

    fn take(self, next: Result<SyncStatusDto, ApiError>) {
        match next {
            Ok(next) => {
                let seen = self
                    .status
                    .with_untracked(|s| s.as_ref().map(|s| s.runs_ended));
                if seen.is_some_and(|seen| next.runs_ended > seen) {
                    self.revision.update(|r| *r += 1);
                }
                self.status.set(Some(next));
                self.error.set(None);
            }
            Err(e) => self.error.set(Some(e)),
        }
    }

    /// Wait in the shell for each update to end, for as long as the app runs.
    fn watch_run_ends(self) {
        spawn_local(async move {
            loop {
                let seen = match self
                    .status
                    .with_untracked(|s| s.as_ref().map(|s| s.runs_ended))
                {
                    Some(seen) => seen,
                    None => match api::sync_status().await {
                        Ok(first) => {
                            let seen = first.runs_ended;
                            self.take(Ok(first));
                            seen
                        }
                        Err(e) => {
                            self.error.set(Some(e));
                            pause(RETRY_MS).await;
                            continue;
                        }
                    },
                };
                match api::wait_for_update(seen).await {
                    Ok(next) => self.take(Ok(next)),
                    Err(e) => {
                        self.error.set(Some(e));
                        pause(RETRY_MS).await;
                    }
                }
            }
        });
    }

    /// Poll until the next update starts running, then follow it.
    pub fn follow(self) {
        self.status.update(|s| {
            if let Some(s) = s {
                s.running = true;
            }
        });
        self.refresh();
    }

    fn tick(self) {
        let n = self.ticks.get_untracked().wrapping_add(1);
        self.ticks.set(n);
        if self
            .status
            .with_untracked(|s| s.as_ref().is_some_and(|s| s.running))
            || n.is_multiple_of(20)
        {
            self.refresh();
        }
    }
}

/// How long to wait before asking again after the shell could not answer.
const RETRY_MS: i32 = 5_000;

/// Resolves after `ms` milliseconds.
async fn pause(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

pub fn provide_sync() -> SyncWatch {
    let watch = SyncWatch {
        status: RwSignal::new(None),
        error: RwSignal::new(None),
        revision: RwSignal::new(0),
        ticks: RwSignal::new(0),
    };
    watch.watch_run_ends();
    set_interval(move || watch.tick(), Duration::from_millis(500));
    provide_context(watch);
    watch
}

pub fn use_sync() -> SyncWatch {
    expect_context::<SyncWatch>()
}
