//! The SQLite store: one file per directory, versioned migrations, WAL, FKs on.

mod checks_v9;
pub(crate) mod correct;
mod dates_v11;
pub(crate) mod delete;
pub(crate) mod fts;
mod fts_build;
pub(crate) mod rank;
pub(crate) mod read;
pub(crate) mod read_card;
mod read_full;
pub(crate) mod spatial;
mod stats;
mod text_match;
pub(crate) mod vocabulary;

pub use progress::{WriteProgress, WriteStage};
pub use stats::DirectoryStats;
mod progress;
pub(crate) mod tuning;
pub(crate) mod validate;
pub(crate) mod write;
mod write_index;
mod write_rows;

use std::path::Path;

use rusqlite::Connection;
use rusqlite_migration::{Migrations, M};

use crate::CoreError;

/// Each migration sits in the folder that owns the tables it creates.
const MIGRATION_SQL: &[&str] = &[
    include_str!("offers_v1.sql"),
    include_str!("directory_v2.sql"),
    include_str!("summary_v3.sql"),
    include_str!("search_v4.sql"),
    include_str!("lean_v5.sql"),
    // One migration, two folders' tables: the sync state and the outbox.
    concat!(
        include_str!("../sync/sync_v6.sql"),
        include_str!("../field/outbox_v6.sql")
    ),
    include_str!("compact_v7.sql"),
    include_str!("../sync/reporter_token_v8.sql"),
    checks_v9::SQL,
    include_str!("../sync/key_trust_v10.sql"),
    dates_v11::SQL,
];

/// The schema version this binary writes.
pub const SCHEMA_VERSION: i64 = MIGRATION_SQL.len() as i64;

fn migrations() -> Migrations<'static> {
    Migrations::new(
        MIGRATION_SQL
            .iter()
            .map(|&sql| {
                if sql == checks_v9::SQL {
                    M::up_with_hook(sql, checks_v9::rewrite)
                } else if sql == dates_v11::SQL {
                    M::up_with_hook(sql, dates_v11::rewrite)
                } else {
                    M::up(sql)
                }
            })
            .collect(),
    )
}

/// A batch of this many records or more counts as large: it is checked on
/// a second thread while it is written, indexed with a bigger full-text
/// buffer (and, as a directory's first write, on a second thread), and
/// freed on another thread.
pub(crate) const LARGE_WRITE_ROWS: usize = 4_096;

/// The most of the file read through a memory map.
const MMAP_BYTES: i64 = 1 << 31;

/// The page size of a new database file (an existing file keeps its own).
/// Against SQLite's 4 KiB default, an import of 100k offers writes a
/// quarter as many WAL frames and B-tree pages: the commit went from about
/// 0.33 s to 0.24 s and, on a busy shared machine, the whole import from
/// 3.3 s to 2.5 s (medians of 7 runs; on a quiet machine both were about
/// 2.3 s). The file is slightly smaller, and the full-text index's lookups
/// descend fewer levels.
const NEW_FILE_PAGE_SIZE: i64 = 16 * 1024;

/// An open directory database.
pub struct Directory {
    conn: Connection,
    /// The nearest-neighbour index, built on first use; dropped by every write.
    spatial: std::cell::RefCell<Option<std::sync::Arc<crate::storage::spatial::SpatialIndex>>>,
    /// The full-text index's words for typo matching, read per first letter.
    vocabulary: std::cell::RefCell<crate::storage::vocabulary::Vocabulary>,
    /// The index rows' lengths for ranking, shared with `lotse_rank`.
    row_lengths: crate::storage::rank::SharedLengths,
}

impl Directory {
    /// Open (or create) the directory at `path` and bring its schema up to date.
    pub fn open(path: &Path) -> Result<Self, CoreError> {
        let conn = Connection::open(path)?;
        // Only takes effect while the file is still empty, before WAL mode.
        conn.pragma_update(None, "page_size", NEW_FILE_PAGE_SIZE)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        // Read pages through a memory map: no read syscall per page on
        // lookups. 2 GiB (SQLite's own ceiling on 64-bit Linux) covers a
        // directory of about 2M offers; pages are mapped, not copied, so
        // this reserves address space, not memory.
        conn.pragma_update(None, "mmap_size", MMAP_BYTES)?;
        Self::init(conn)
    }

    /// [`Directory::open`] for a long-lived connection on a device, e.g. the
    /// app window's: no memory map, so the pages it reads stay in the
    /// system's file cache instead of the app's resident memory, and an
    /// 8 MiB page cache of its own.
    pub fn open_on_device(path: &Path) -> Result<Self, CoreError> {
        let directory = Self::open(path)?;
        directory.conn.pragma_update(None, "mmap_size", 0)?;
        directory.conn.pragma_update(None, "cache_size", -8192)?;
        Ok(directory)
    }

    /// A private, in-memory directory (tests, one-shot CLI queries).
    pub fn open_in_memory() -> Result<Self, CoreError> {
        Self::init(Connection::open_in_memory()?)
    }

    fn init(mut conn: Connection) -> Result<Self, CoreError> {
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let db_version: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
        if db_version > SCHEMA_VERSION {
            return Err(CoreError::DatabaseTooNew {
                db_version,
                binary_version: SCHEMA_VERSION,
            });
        }
        migrations()
            .to_latest(&mut conn)
            .map_err(CoreError::Migration)?;
        if (1..7).contains(&db_version) {
            // v2 moved v1's offers into new tables, v5 and v7 recreated the
            // full-text index without content: derive its rows.
            let tx = conn.transaction()?;
            fts::rebuild_all(&tx)?;
            tx.commit()?;
        }
        let row_lengths = crate::storage::rank::SharedLengths::default();
        crate::storage::rank::register(&conn, &row_lengths)?;
        Ok(Self {
            conn,
            spatial: std::cell::RefCell::new(None),
            vocabulary: std::cell::RefCell::default(),
            row_lengths,
        })
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    pub(crate) fn spatial_cache(
        &self,
    ) -> &std::cell::RefCell<Option<std::sync::Arc<crate::storage::spatial::SpatialIndex>>> {
        &self.spatial
    }

    /// Another connection (a sync on a worker thread) changed the file:
    /// drop what this one keeps in memory, so the next read sees the change.
    pub fn forget_cached_index(&self) {
        self.spatial.replace(None);
        self.vocabulary.borrow_mut().clear();
        self.forget_row_lengths();
    }

    pub(crate) fn vocabulary(&self) -> &std::cell::RefCell<crate::storage::vocabulary::Vocabulary> {
        &self.vocabulary
    }

    /// The index rows' lengths for `lotse_rank`, read again if stale.
    pub(crate) fn refresh_row_lengths(&self) -> Result<(), CoreError> {
        crate::storage::rank::refresh(&self.conn, &self.row_lengths)
    }

    fn forget_row_lengths(&self) {
        self.row_lengths
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clear();
    }

    pub(crate) fn conn_mut(&mut self) -> &mut Connection {
        self.spatial.replace(None);
        self.vocabulary.get_mut().clear();
        self.forget_row_lengths();
        &mut self.conn
    }

    /// The schema version stored in the database file.
    pub fn schema_version(&self) -> Result<i64, CoreError> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |row| row.get(0))?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        assert!(migrations().validate().is_ok());
    }

    #[test]
    fn a_file_database_is_created_in_wal_mode_with_foreign_keys() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("lotse.sqlite");
        let db = Directory::open(&path).expect("open");
        assert_eq!(db.schema_version().expect("version"), SCHEMA_VERSION);
        let mode: String = db
            .conn()
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .expect("mode");
        assert_eq!(mode, "wal");
        let fk: i64 = db
            .conn()
            .pragma_query_value(None, "foreign_keys", |r| r.get(0))
            .expect("fk");
        assert_eq!(fk, 1);
        let page_size: i64 = db
            .conn()
            .pragma_query_value(None, "page_size", |r| r.get(0))
            .expect("page size");
        assert_eq!(page_size, NEW_FILE_PAGE_SIZE);
    }

    #[test]
    fn an_existing_file_keeps_its_page_size() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("lotse.sqlite");
        {
            let conn = Connection::open(&path).expect("raw open");
            conn.execute_batch("PRAGMA page_size = 4096; CREATE TABLE t (x); DROP TABLE t;")
                .expect("old file");
        }
        let db = Directory::open(&path).expect("open");
        let page_size: i64 = db
            .conn()
            .pragma_query_value(None, "page_size", |r| r.get(0))
            .expect("page size");
        assert_eq!(page_size, 4096);
        assert_eq!(db.schema_version().expect("version"), SCHEMA_VERSION);
    }

    #[test]
    fn a_database_from_a_newer_lotse_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("lotse.sqlite");
        drop(Directory::open(&path).expect("open"));
        {
            let conn = Connection::open(&path).expect("raw open");
            conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
                .expect("bump");
        }
        match Directory::open(&path) {
            Err(CoreError::DatabaseTooNew {
                db_version,
                binary_version,
            }) => {
                assert_eq!(db_version, SCHEMA_VERSION + 1);
                assert_eq!(binary_version, SCHEMA_VERSION);
            }
            Err(other) => panic!("wrong error: {other}"),
            Ok(_) => panic!("a newer database was opened"),
        }
    }
}
