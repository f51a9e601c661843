//! Progress of a long batch write, for progress bars.

/// The stages of a batch write, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteStage {
    Organizations,
    Services,
    Locations,
    Offers,
    SearchIndex,
    Commit,
}

/// How far a batch write has come within its current stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WriteProgress {
    pub stage: WriteStage,
    pub done: u64,
    pub total: u64,
}

/// Report every this many records.
const PROGRESS_EVERY: usize = 2_048;

pub(crate) fn report(
    on_progress: &mut dyn FnMut(WriteProgress),
    stage: WriteStage,
    done: usize,
    total: usize,
) {
    if done.is_multiple_of(PROGRESS_EVERY) || done == total {
        on_progress(WriteProgress {
            stage,
            done: done as u64,
            total: total as u64,
        });
    }
}
