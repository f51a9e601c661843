//! Who uses the data folder right now. Downloads (map packs) share it;
//! deleting all local data needs it alone, so a delete never pulls files
//! from under a running download, and no download starts into a folder
//! being deleted. The update has its own guard (`SyncMonitor`), which the
//! delete takes as well.
//!
//! A `RwLock<()>` taken with `try_*`: nobody waits, a busy folder is said.

use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard, TryLockError};

/// Why the folder cannot be had now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum FolderBusy {
    #[error("all local data is being deleted; try again in a moment")]
    Deleting,
    #[error("a map pack is downloading; try again when it has finished")]
    Downloading,
}

#[derive(Debug, Default)]
pub struct FolderUse(RwLock<()>);

/// Held while a download runs.
pub type SharedUse<'a> = RwLockReadGuard<'a, ()>;
/// Held while everything is deleted.
pub type SoleUse<'a> = RwLockWriteGuard<'a, ()>;

impl FolderUse {
    /// For a download: shared with other downloads, not with a delete.
    pub fn share(&self) -> Result<SharedUse<'_>, FolderBusy> {
        match self.0.try_read() {
            Ok(guard) => Ok(guard),
            // A panic in a holder leaves nothing half-done in the lock itself.
            Err(TryLockError::Poisoned(p)) => Ok(p.into_inner()),
            Err(TryLockError::WouldBlock) => Err(FolderBusy::Deleting),
        }
    }

    /// For deleting everything: nobody else.
    pub fn alone(&self) -> Result<SoleUse<'_>, FolderBusy> {
        match self.0.try_write() {
            Ok(guard) => Ok(guard),
            Err(TryLockError::Poisoned(p)) => Ok(p.into_inner()),
            Err(TryLockError::WouldBlock) => Err(FolderBusy::Downloading),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_delete_waits_for_no_download_and_no_download_starts_during_a_delete() {
        let folder = FolderUse::default();
        let one = folder.share().expect("a download");
        let two = folder.share().expect("two downloads at once");
        assert_eq!(folder.alone().err(), Some(FolderBusy::Downloading));
        drop((one, two));
        let deleting = folder.alone().expect("nobody else");
        assert_eq!(folder.share().err(), Some(FolderBusy::Deleting));
        drop(deleting);
        assert!(folder.share().is_ok());
    }
}
