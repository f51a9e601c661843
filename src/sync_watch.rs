//! `use_sync()`: the update status from the shell, polled twice a second
//! while an update runs and every ten seconds otherwise. `revision` goes up
//! when an update ends, so lists and counts that depend on the directory
//! load again.

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
            match api::sync_status().await {
                Ok(next) => {
                    let was_running = self.running();
                    if was_running && !next.running {
                        self.revision.update(|r| *r += 1);
                    }
                    self.status.set(Some(next));
                    self.error.set(None);
                }
                Err(e) => self.error.set(Some(e)),
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

pub fn provide_sync() -> SyncWatch {
    let watch = SyncWatch {
        status: RwSignal::new(None),
        error: RwSignal::new(None),
        revision: RwSignal::new(0),
        ticks: RwSignal::new(0),
    };
    watch.refresh();
    set_interval(move || watch.tick(), Duration::from_millis(500));
    provide_context(watch);
    watch
}

pub fn use_sync() -> SyncWatch {
    expect_context::<SyncWatch>()
}
