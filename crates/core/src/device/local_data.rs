//! Everything Lotse keeps on a device, beside its database: the sizes for
//! the settings screen, and "delete all local data".

use std::path::{Path, PathBuf};

use lotse_contract::StorageDto;

use crate::field::favourites::FavouritesStore;
use crate::sync::cache_dir_for;
use crate::sync::packs::packs_dir_for;

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
pub fn delete_local_data(db_path: &Path) -> std::io::Result<()> {
    let favourites = FavouritesStore::beside(db_path);
    for file in database_files(db_path)
        .iter()
        .chain(&database_files(&favourites))
    {
        match std::fs::remove_file(file) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    for dir in [cache_dir_for(db_path), packs_dir_for(db_path)] {
        match std::fs::remove_dir_all(&dir) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Directory;

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
}
