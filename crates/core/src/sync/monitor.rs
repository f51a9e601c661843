//! One update at a time, with progress that other threads can read: the app
//! runs the update on a worker and its screens poll [`SyncMonitor::snapshot`].

use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use lotse_contract::{SyncChangesDto, SyncProblemDto, SyncProgressDto};

/// What the monitor knows: whether a run is under way, how far it is, and
/// how the last run of this app session ended.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MonitorState {
    pub running: bool,
    pub progress: Option<SyncProgressDto>,
    pub last_changes: Option<SyncChangesDto>,
    pub last_problem: Option<SyncProblemDto>,
    /// How many runs have ended in this app session.
    pub runs_ended: u64,
    /// When the last run ended (Unix milliseconds): its changes are in the
    /// database from then on.
    pub last_ended_unix_ms: Option<i64>,
}

#[derive(Debug, Default)]
pub struct SyncMonitor {
    state: Mutex<MonitorState>,
    /// Woken whenever a run ends.
    ended: Condvar,
}

/// The right to run one update; dropping it ends the run.
#[derive(Debug)]
pub struct RunTicket {
    monitor: Arc<SyncMonitor>,
}

impl SyncMonitor {
    pub fn new() -> Arc<Self> {
        Arc::new(Self::default())
    }

    fn lock(&self) -> MutexGuard<'_, MonitorState> {
        // A panic while holding the lock leaves plain data behind; keep using it.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Start a run, or `None` while another is under way.
    pub fn begin(self: &Arc<Self>) -> Option<RunTicket> {
        let mut state = self.lock();
        if state.running {
            return None;
        }
        state.running = true;
        state.progress = None;
        Some(RunTicket {
            monitor: Arc::clone(self),
        })
    }

    pub fn snapshot(&self) -> MonitorState {
        self.lock().clone()
    }

    /// Wait until more than `seen` runs have ended, or `timeout` passes;
    /// the state then. Screens use it to reload the moment an update ends.
    pub fn wait_for_run_end(&self, seen: u64, timeout: Duration) -> MonitorState {
        let state = self.lock();
        let (state, _) = self
            .ended
            .wait_timeout_while(state, timeout, |s| s.runs_ended <= seen)
            .unwrap_or_else(PoisonError::into_inner);
        state.clone()
    }
}

impl RunTicket {
    pub fn progress(&self, progress: SyncProgressDto) {
        self.monitor.lock().progress = Some(progress);
    }

    /// Record how the run ended; the ticket is used up.
    pub fn finish(self, outcome: Result<SyncChangesDto, SyncProblemDto>) {
        let mut state = self.monitor.lock();
        match outcome {
            Ok(changes) => {
                state.last_changes = Some(changes);
                state.last_problem = None;
            }
            Err(problem) => state.last_problem = Some(problem),
        }
    }
}

impl Drop for RunTicket {
    fn drop(&mut self) {
        let mut state = self.monitor.lock();
        state.running = false;
        state.progress = None;
        state.runs_ended += 1;
        state.last_ended_unix_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .ok()
            .and_then(|d| i64::try_from(d.as_millis()).ok());
        drop(state);
        self.monitor.ended.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use lotse_contract::{SyncProblemCode, SyncStep};

    use super::*;

    #[test]
    fn only_one_run_at_a_time_and_the_outcome_is_kept() {
        let monitor = SyncMonitor::new();
        let ticket = monitor.begin().expect("first run");
        assert!(monitor.begin().is_none(), "a second run must wait");
        ticket.progress(SyncProgressDto {
            step: SyncStep::Download,
            region: Some("mv".into()),
            done: 10,
            total: 40,
        });
        let seen = monitor.snapshot();
        assert!(seen.running);
        assert_eq!(seen.progress.as_ref().map(|p| p.done), Some(10));
        ticket.finish(Err(SyncProblemDto {
            code: SyncProblemCode::NoConnection,
            detail: "refused".into(),
        }));
        let after = monitor.snapshot();
        assert!(!after.running && after.progress.is_none());
        assert_eq!(
            after.last_problem.map(|p| p.code),
            Some(SyncProblemCode::NoConnection)
        );
        assert!(monitor.begin().is_some(), "free again after the run");
        assert_eq!(after.runs_ended, 1);
        assert!(after.last_ended_unix_ms.is_some_and(|ms| ms > 0));
    }

    #[test]
    fn a_waiter_wakes_when_a_run_ends_and_not_before() {
        let monitor = SyncMonitor::new();
        let idle = monitor.wait_for_run_end(0, Duration::from_millis(20));
        assert_eq!(idle.runs_ended, 0, "no run ended, the wait times out");
        let ticket = monitor.begin().expect("run");
        let waiter = {
            let monitor = Arc::clone(&monitor);
            std::thread::spawn(move || monitor.wait_for_run_end(0, Duration::from_secs(30)))
        };
        drop(ticket);
        let seen = waiter.join().expect("waiter");
        assert_eq!(seen.runs_ended, 1);
        assert!(!seen.running);
        let again = monitor.wait_for_run_end(1, Duration::from_millis(20));
        assert_eq!(
            again.runs_ended, 1,
            "a waiter that saw run 1 waits for run 2"
        );
    }
}
