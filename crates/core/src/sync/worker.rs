//! An update (a sync or a bundle import) on a worker connection of its own,
//! and what the long-lived connection to the same file (the app window's)
//! must do afterwards: keep its index, adopt the one the worker built, or
//! forget what it keeps in memory.

use std::path::{Path, PathBuf};

use lotse_contract::{SyncChangesDto, SyncProgressDto};

use super::download::cache_dir_for;
use super::feed::FeedError;
use crate::finding::nearest::PreparedIndex;
use crate::Directory;

/// What the window's connection must do after an update on another one.
#[derive(Debug)]
pub enum AfterUpdate {
    /// Nothing was written (nothing new, or the worker could not open the
    /// file): the window's index stays valid.
    Keep,
    /// The file changed: take over the index the worker built right after
    /// the change, so the first list does not wait for it.
    Adopt(PreparedIndex),
    /// The update failed (an earlier region may have been applied), or the
    /// worker could not build the index: drop what is cached.
    Forget,
}

impl AfterUpdate {
    /// The decision for `outcome` of a job that ran on `worker`.
    fn of(outcome: &Result<SyncChangesDto, FeedError>, worker: &Directory) -> Self {
        match outcome {
            Ok(changes) if changes.unchanged => Self::Keep,
            Ok(_) => worker.prepare_index().map_or(Self::Forget, Self::Adopt),
            Err(_) => Self::Forget,
        }
    }

    /// Do it on `window`, a connection to the file the worker changed.
    pub fn apply_to(self, window: &Directory) {
        match self {
            Self::Keep => {}
            Self::Adopt(index) => window.adopt_index(index),
            Self::Forget => window.forget_cached_index(),
        }
    }
}

/// How an update on a worker ended, and what the window must do now.
#[derive(Debug)]
pub struct WorkerRun {
    pub outcome: Result<SyncChangesDto, FeedError>,
    pub window: AfterUpdate,
}

/// Open a connection of its own to the database at `db_path` and run `job`
/// on it with the sync cache beside that database; `on_progress` is handed
/// to the job. Long-running, so call it off the window's thread.
pub fn run_on_worker(
    db_path: &Path,
    on_progress: &mut dyn FnMut(SyncProgressDto),
    job: impl FnOnce(
        &mut Directory,
        PathBuf,
        &mut dyn FnMut(SyncProgressDto),
    ) -> Result<SyncChangesDto, FeedError>,
) -> WorkerRun {
    let mut worker = match Directory::open(db_path) {
        Ok(worker) => worker,
        Err(e) => {
            return WorkerRun {
                outcome: Err(e.into()),
                window: AfterUpdate::Keep,
            }
        }
    };
    let outcome = job(&mut worker, cache_dir_for(db_path), on_progress);
    let window = AfterUpdate::of(&outcome, &worker);
    WorkerRun { outcome, window }
}

#[cfg(test)]
mod tests {
    use geo::Point;

    use super::*;
    use crate::finding::nearest::{NearestQuery, OfferFilter};
    use crate::sync::feed::SecretKey;
    use crate::sync::publish::{publish, PublishOptions};
    use crate::sync::service::changes_of;
    use crate::sync::{DirTransport, SyncEngine, SyncOptions, SystemClock};

    /// A device's database, its window's connection, and an office's feed
    /// of the demo directory in a folder beside it.
    struct Device {
        dir: tempfile::TempDir,
        db_path: PathBuf,
        window: Directory,
        key: SecretKey,
    }

    impl Device {
        fn new() -> Self {
            let dir = tempfile::tempdir().expect("tempdir");
            let key = SecretKey::generate().expect("key");
            let mut office = Directory::open(&dir.path().join("office.sqlite")).expect("office");
            office
                .upsert(&crate::directory::demo::demo_directory().expect("demo"))
                .expect("upsert");
            let feed = dir.path().join("feed");
            publish(
                &office,
                &feed,
                &key,
                &PublishOptions::default(),
                &SystemClock,
            )
            .expect("publish");
            let db_path = dir.path().join("lotse.sqlite");
            let window = Directory::open_on_device(&db_path).expect("window");
            Self {
                dir,
                db_path,
                window,
                key,
            }
        }

        /// A sync from the feed folder, as the app's update job.
        fn sync(
            &self,
        ) -> impl FnOnce(
            &mut Directory,
            PathBuf,
            &mut dyn FnMut(SyncProgressDto),
        ) -> Result<SyncChangesDto, FeedError> {
            let feed = self.dir.path().join("feed");
            let key = self.key.public();
            move |db, cache_dir, _progress| {
                let transport = DirTransport::new(&feed);
                let options = SyncOptions {
                    feed: feed.display().to_string(),
                    pubkeys: vec![key],
                    ..SyncOptions::default()
                };
                let engine = SyncEngine::new(&transport, cache_dir);
                let report = engine.sync(db, &options, &mut |_| {})?;
                Ok(changes_of(&report, 0))
            }
        }

        /// The offers the window's connection lists near Schwerin.
        fn window_lists(&self) -> usize {
            let query = NearestQuery {
                origin: Point::new(11.41, 53.63),
                k: 1000,
                max_distance_m: None,
                filter: OfferFilter::default(),
                names_in: None,
            };
            self.window.nearest(&query).expect("nearest").len()
        }

        fn window_index(&self) -> Option<std::sync::Arc<crate::storage::spatial::SpatialIndex>> {
            self.window.spatial_cache().borrow().clone()
        }
    }

    #[test]
    fn a_change_hands_the_workers_new_index_to_the_window() {
        let device = Device::new();
        assert_eq!(device.window_lists(), 0, "an empty device lists nothing");
        let stale = device.window_index().expect("the window built its index");
        let run = run_on_worker(&device.db_path, &mut |_| {}, device.sync());
        let changes = run.outcome.as_ref().expect("synced");
        assert!(!changes.unchanged && changes.updated > 0, "{changes:?}");
        assert!(
            matches!(run.window, AfterUpdate::Adopt(_)),
            "{:?}",
            run.window
        );
        run.window.apply_to(&device.window);
        let adopted = device.window_index().expect("adopted");
        assert!(!std::sync::Arc::ptr_eq(&stale, &adopted));
        assert!(device.window_lists() > 0, "the window sees the new offers");
        assert!(
            std::sync::Arc::ptr_eq(&adopted, &device.window_index().expect("index")),
            "the window listed from the adopted index without building its own"
        );
    }

    #[test]
    fn nothing_new_keeps_the_windows_index() {
        let device = Device::new();
        run_on_worker(&device.db_path, &mut |_| {}, device.sync())
            .window
            .apply_to(&device.window);
        let listed = device.window_lists();
        let before = device.window_index().expect("index");
        let run = run_on_worker(&device.db_path, &mut |_| {}, device.sync());
        assert!(run.outcome.as_ref().expect("synced again").unchanged);
        assert!(matches!(run.window, AfterUpdate::Keep), "{:?}", run.window);
        run.window.apply_to(&device.window);
        let after = device.window_index().expect("kept");
        assert!(std::sync::Arc::ptr_eq(&before, &after));
        assert_eq!(device.window_lists(), listed);
    }

    #[test]
    fn a_failed_update_makes_the_window_forget_its_index() {
        let device = Device::new();
        device.window_lists();
        assert!(device.window_index().is_some());
        // The office's feed is gone: the sync fails.
        std::fs::remove_dir_all(device.dir.path().join("feed")).expect("remove feed");
        let run = run_on_worker(&device.db_path, &mut |_| {}, device.sync());
        assert!(run.outcome.is_err(), "{:?}", run.outcome);
        assert!(
            matches!(run.window, AfterUpdate::Forget),
            "{:?}",
            run.window
        );
        run.window.apply_to(&device.window);
        assert!(
            device.window_index().is_none(),
            "the window forgot its index"
        );
    }

    #[test]
    fn a_worker_that_cannot_open_the_file_leaves_the_window_alone() {
        let device = Device::new();
        let missing = device
            .dir
            .path()
            .join("no-such-folder")
            .join("lotse.sqlite");
        let run = run_on_worker(&missing, &mut |_| {}, |_, _, _| {
            unreachable!("the job does not run without a connection")
        });
        assert!(run.outcome.is_err());
        assert!(matches!(run.window, AfterUpdate::Keep), "{:?}", run.window);
    }
}
