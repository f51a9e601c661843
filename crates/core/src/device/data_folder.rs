//! Where the app and the CLI keep their data on a desktop, and moving the
//! folder of the app's old identifier to the new one.
//!
//! The folder is the platform's data directory plus the app's identifier
//! (`tauri.conf.json`): `~/.local/share/de.lotse.directory` on Linux. Up to
//! version 0.1.0 the identifier was `de.lotse.app`; on the first start of a
//! newer version that folder is moved (one rename, so nothing is copied and
//! nothing is half-moved) before anything opens it. On Linux the same folder
//! holds the web view's local storage (language, last place), so the move
//! must happen before the window opens.

use std::path::{Path, PathBuf};

/// The app's identifier, which names its data folder.
pub const APP_IDENTIFIER: &str = "de.lotse.directory";
/// The identifier up to version 0.1.0.
pub const OLD_APP_IDENTIFIER: &str = "de.lotse.app";
/// The database file in the data folder.
pub const DATABASE_FILE: &str = "lotse.sqlite";

/// The data folders of the current and the old identifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataFolders {
    pub old: PathBuf,
    pub new: PathBuf,
}

impl DataFolders {
    /// Both folders under the platform's data directory (`None` where the
    /// platform has none, e.g. on a phone, where the identifier change means
    /// a different app and there is nothing to move).
    pub fn on_this_platform() -> Option<Self> {
        dirs::data_dir().map(|base| Self::under(&base))
    }

    pub fn under(base: &Path) -> Self {
        Self {
            old: base.join(OLD_APP_IDENTIFIER),
            new: base.join(APP_IDENTIFIER),
        }
    }

    /// Move the old folder to the new place if only the old one exists.
    pub fn adopt_old(&self) -> Result<Adoption, MoveError> {
        adopt_old_folder(&self.old, &self.new)
    }

    /// The folder whose database to open: the new one, unless a failed move
    /// left the only database in the old folder (the web view may already
    /// have made the new folder, so its existence alone says nothing).
    pub fn in_use(&self) -> &Path {
        let has_db = |dir: &Path| dir.join(DATABASE_FILE).is_file();
        if !has_db(&self.new) && has_db(&self.old) {
            &self.old
        } else {
            &self.new
        }
    }
}

/// What [`adopt_old_folder`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Adoption {
    /// The old folder is now the new one.
    Moved,
    /// There is no old folder (a fresh install, or moved before).
    NothingToMove,
    /// The new folder exists already; neither folder was touched.
    NewExists,
}

/// The old folder could not be moved; it is still where it was.
#[derive(Debug, thiserror::Error)]
#[error("could not move {} to {}: {source}", from.display(), to.display())]
pub struct MoveError {
    pub from: PathBuf,
    pub to: PathBuf,
    #[source]
    pub source: std::io::Error,
}

/// Rename `old` to `new` when `old` is a folder and `new` does not exist.
/// Never overwrites or merges into an existing `new`. A failed rename
/// leaves `old` as it was.
pub fn adopt_old_folder(old: &Path, new: &Path) -> Result<Adoption, MoveError> {
    if new.symlink_metadata().is_ok() {
        return Ok(Adoption::NewExists);
    }
    if !old.is_dir() {
        return Ok(Adoption::NothingToMove);
    }
    let fail = |source| MoveError {
        from: old.to_owned(),
        to: new.to_owned(),
        source,
    };
    if let Some(parent) = new.parent() {
        std::fs::create_dir_all(parent).map_err(fail)?;
    }
    std::fs::rename(old, new).map_err(fail)?;
    Ok(Adoption::Moved)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folders() -> (tempfile::TempDir, DataFolders) {
        let base = tempfile::tempdir().expect("tempdir");
        let folders = DataFolders::under(base.path());
        (base, folders)
    }

    fn write(dir: &Path, name: &str, text: &str) {
        std::fs::create_dir_all(dir).expect("mkdir");
        std::fs::write(dir.join(name), text).expect("write");
    }

    fn read(dir: &Path, name: &str) -> Option<String> {
        std::fs::read_to_string(dir.join(name)).ok()
    }

    #[test]
    fn the_old_folder_moves_once_with_everything_in_it() {
        let (_base, f) = folders();
        write(&f.old, DATABASE_FILE, "old db");
        write(&f.old.join("localstorage"), "x", "language");
        assert_eq!(f.adopt_old().expect("move"), Adoption::Moved);
        assert!(!f.old.exists(), "the old folder is gone");
        assert_eq!(read(&f.new, DATABASE_FILE).as_deref(), Some("old db"));
        assert_eq!(
            read(&f.new.join("localstorage"), "x").as_deref(),
            Some("language")
        );
        assert_eq!(f.in_use(), f.new.as_path());
        // The next start finds nothing to move, and the data stays put.
        assert_eq!(f.adopt_old().expect("again"), Adoption::NewExists);
        assert_eq!(read(&f.new, DATABASE_FILE).as_deref(), Some("old db"));
    }

    #[test]
    fn an_existing_new_folder_is_never_overwritten() {
        let (_base, f) = folders();
        write(&f.old, DATABASE_FILE, "old db");
        write(&f.new, DATABASE_FILE, "new db");
        assert_eq!(f.adopt_old().expect("no move"), Adoption::NewExists);
        assert_eq!(read(&f.new, DATABASE_FILE).as_deref(), Some("new db"));
        assert_eq!(read(&f.old, DATABASE_FILE).as_deref(), Some("old db"));
        assert_eq!(f.in_use(), f.new.as_path());
    }

    #[test]
    fn a_fresh_install_has_nothing_to_move() {
        let (_base, f) = folders();
        assert_eq!(f.adopt_old().expect("nothing"), Adoption::NothingToMove);
        assert!(!f.new.exists() && !f.old.exists());
        assert_eq!(f.in_use(), f.new.as_path());
    }

    #[test]
    fn a_failed_move_leaves_the_old_data_in_place_and_in_use() {
        let base = tempfile::tempdir().expect("tempdir");
        let old = base.path().join(OLD_APP_IDENTIFIER);
        write(&old, DATABASE_FILE, "old db");
        // The new folder's parent is a file, so neither mkdir nor rename can work.
        let blocker = base.path().join("not-a-folder");
        std::fs::write(&blocker, b"file").expect("blocker");
        let f = DataFolders {
            old: old.clone(),
            new: blocker.join(APP_IDENTIFIER),
        };
        let err = f.adopt_old().expect_err("the move must fail");
        assert_eq!(err.from, old);
        assert_eq!(read(&old, DATABASE_FILE).as_deref(), Some("old db"));
        assert_eq!(
            f.in_use(),
            old.as_path(),
            "the app keeps using the old data"
        );
    }

    #[test]
    fn after_a_failed_move_a_new_folder_without_a_database_does_not_hide_the_old_one() {
        let (_base, f) = folders();
        write(&f.old, DATABASE_FILE, "old db");
        // What the web view leaves in the new folder when the window opened.
        write(&f.new.join("localstorage"), "x", "web view");
        assert_eq!(f.adopt_old().expect("no move"), Adoption::NewExists);
        assert_eq!(f.in_use(), f.old.as_path());
    }

    #[test]
    fn the_identifier_is_the_one_in_tauri_conf_json() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tauri.conf.json");
        let text = std::fs::read_to_string(&path).expect("tauri.conf.json");
        let conf: serde_json::Value = serde_json::from_str(&text).expect("json");
        assert_eq!(conf["identifier"].as_str(), Some(APP_IDENTIFIER));
    }
}
