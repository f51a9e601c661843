//! Everything Lotse keeps on a device, beside its database: opening it,
//! the sizes for the settings screen, and "delete all local data".

use std::path::{Path, PathBuf};

use lotse_contract::{ApiError, ErrorCode, StorageDto};

use crate::field::favourites::{FavouritesError, FavouritesStore};
use crate::sync::cache_dir_for;
use crate::sync::packs::packs_dir_for;
use crate::{CoreError, Directory};

/// Why "delete all local data" did not finish.
#[derive(Debug, thiserror::Error)]
pub enum DeleteDataError {
    #[error("cannot set the open directory aside: {0}")]
    SetAside(#[source] CoreError),
    #[error("could not delete {path}: {source}")]
    Delete {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot open the directory database in {path}: {source}")]
    Reopen { path: PathBuf, source: CoreError },
    #[error(transparent)]
    Favourites(#[from] FavouritesError),
}

impl From<DeleteDataError> for ApiError {
    fn from(err: DeleteDataError) -> Self {
        match err {
            DeleteDataError::Favourites(e) => e.into(),
            DeleteDataError::SetAside(e) => e.into(),
            other => ApiError::new(ErrorCode::Storage, other.to_string()),
        }
    }
}

/// Open the device's directory at `db_path` for a long-lived connection
/// (the app window's), seeding the demo directory on first start.
pub fn open_device_directory(db_path: &Path) -> Result<Directory, CoreError> {
    let mut directory = Directory::open_on_device(db_path)?;
    directory.seed_demo_if_empty()?;
    Ok(directory)
}

/// "Delete all local data": `directory` and `favourites` (the open stores
/// of the database at `db_path`) let go of their files, every file Lotse
/// keeps goes ([`delete_local_data`]), and both open afresh, the directory
/// with the demo. The caller holds both while this runs, so nobody sees a
/// gap; no update may run meanwhile (it has a connection of its own).
pub fn delete_all_local_data(
    directory: &mut Directory,
    favourites: &mut FavouritesStore,
    db_path: &Path,
) -> Result<(), DeleteDataError> {
    *directory = Directory::open_in_memory().map_err(DeleteDataError::SetAside)?;
    *favourites = FavouritesStore::open(Path::new(":memory:"))?;
    delete_local_data(db_path)?;
    *directory = open_device_directory(db_path).map_err(|source| DeleteDataError::Reopen {
        path: db_path.to_owned(),
        source,
    })?;
    *favourites = FavouritesStore::open(&FavouritesStore::beside(db_path))?;
    Ok(())
}

/// The database file and its WAL companions.
fn database_files(db_path: &Path) -> Vec<PathBuf> {
    ["", "-wal", "-shm", "-journal"]
        .iter()
        .map(|suffix| {
            let mut name = db_path.as_os_str().to_os_string();
            name.push(suffix);
            PathBuf::from(name)
        })
        .collect()
}

fn size_of(path: &Path) -> u64 {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => std::fs::read_dir(path)
            .map(|entries| entries.flatten().map(|e| size_of(&e.path())).sum())
            .unwrap_or(0),
        Ok(m) => m.len(),
        Err(_) => 0,
    }
}

/// What each part takes on disk.
pub fn storage_sizes(db_path: &Path) -> StorageDto {
    let favourites = FavouritesStore::beside(db_path);
    StorageDto {
        database_bytes: database_files(db_path).iter().map(|p| size_of(p)).sum(),
        cache_bytes: size_of(&cache_dir_for(db_path)),
        map_pack_bytes: size_of(&packs_dir_for(db_path)),
        favourites_bytes: database_files(&favourites).iter().map(|p| size_of(p)).sum(),
        data_dir: db_path
            .parent()
            .map(|p| p.display().to_string())
            .unwrap_or_default(),
    }
}

/// Remove the database, favourites, sync cache and map packs. The caller
/// must have closed every connection to them first.
pub fn delete_local_data(db_path: &Path) -> Result<(), DeleteDataError> {
    let gone = |path: &Path, removed: std::io::Result<()>| match removed {
        Err(source) if source.kind() != std::io::ErrorKind::NotFound => {
            Err(DeleteDataError::Delete {
                path: path.to_owned(),
                source,
            })
        }
        _ => Ok(()),
    };
    let favourites = FavouritesStore::beside(db_path);
    for file in database_files(db_path)
        .iter()
        .chain(&database_files(&favourites))
    {
        gone(file, std::fs::remove_file(file))?;
    }
    for dir in [cache_dir_for(db_path), packs_dir_for(db_path)] {
        gone(&dir, std::fs::remove_dir_all(&dir))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delete_removes_every_file_and_a_fresh_start_works() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db_path = dir.path().join("lotse.sqlite");
        {
            let mut db = Directory::open(&db_path).expect("open");
            db.seed_demo_if_empty().expect("demo");
            let _favourites =
                FavouritesStore::open(&FavouritesStore::beside(&db_path)).expect("favourites");
            std::fs::create_dir_all(cache_dir_for(&db_path)).expect("cache");
            std::fs::write(cache_dir_for(&db_path).join("x.blob"), b"1234").expect("blob");
        }
        let before = storage_sizes(&db_path);
        assert!(before.database_bytes > 0 && before.favourites_bytes > 0);
        assert_eq!(before.cache_bytes, 4);
        delete_local_data(&db_path).expect("delete");
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert!(left.is_empty(), "left behind: {left:?}");
        let after = storage_sizes(&db_path);
        assert_eq!(
            after.database_bytes + after.cache_bytes + after.favourites_bytes,
            0
        );
        delete_local_data(&db_path).expect("deleting nothing is fine");
    }

    #[test]
    fn deleting_everything_starts_afresh_on_the_demo_with_no_favourites() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db_path = dir.path().join("lotse.sqlite");
        let mut directory = open_device_directory(&db_path).expect("open");
        let demo = directory.stats().expect("stats");
        assert!(
            demo.offers > 0 && demo.demo_offers == demo.offers,
            "{demo:?}"
        );
        let mut favourites =
            FavouritesStore::open(&FavouritesStore::beside(&db_path)).expect("favourites");
        favourites
            .save("o1", "Beratung", "Montags", "2026-01-01T00:00:00Z")
            .expect("favourite");
        directory
            .follow_feed("https://amt.example/lotse/", &office_key())
            .expect("follow");
        std::fs::create_dir_all(cache_dir_for(&db_path)).expect("cache");
        std::fs::write(cache_dir_for(&db_path).join("x.blob"), b"1234").expect("blob");
        std::fs::create_dir_all(packs_dir_for(&db_path)).expect("packs");
        std::fs::write(packs_dir_for(&db_path).join("p.pmtiles"), b"12").expect("pack");

        delete_all_local_data(&mut directory, &mut favourites, &db_path).expect("delete");

        assert!(!cache_dir_for(&db_path).exists() && !packs_dir_for(&db_path).exists());
        let status = directory.sync_status().expect("status");
        assert_eq!(status.feed.url, "", "the feed is forgotten");
        assert_eq!(directory.stats().expect("stats").offers, demo.offers);
        assert!(favourites.list().expect("list").is_empty());
        // Both are files on disk again, not the in-memory stand-ins.
        drop((directory, favourites));
        let reopened = Directory::open(&db_path).expect("reopen");
        assert_eq!(reopened.stats().expect("stats").offers, demo.offers);
        assert!(FavouritesStore::beside(&db_path).is_file());
    }

    #[test]
    fn a_folder_that_cannot_be_deleted_is_named_and_the_stores_stay_usable() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db_path = dir.path().join("lotse.sqlite");
        let mut directory = open_device_directory(&db_path).expect("open");
        let mut favourites =
            FavouritesStore::open(&FavouritesStore::beside(&db_path)).expect("favourites");
        // A file where the sync cache's folder belongs: removing it as a
        // folder fails.
        std::fs::write(cache_dir_for(&db_path), b"not a folder").expect("file");
        let err = delete_all_local_data(&mut directory, &mut favourites, &db_path)
            .expect_err("the cache cannot be removed as a folder");
        assert!(matches!(err, DeleteDataError::Delete { .. }), "{err:?}");
        assert!(err.to_string().contains("lotse.sqlite.sync-cache"), "{err}");
        assert_eq!(ApiError::from(err).code, ErrorCode::Storage);
        assert!(favourites.list().expect("in-memory favourites").is_empty());
        directory.stats().expect("the in-memory directory answers");
    }

    fn office_key() -> String {
        crate::sync::feed::SecretKey::generate()
            .expect("key")
            .public()
            .to_base64()
    }
}
