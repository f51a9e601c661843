//! Connection settings for one large write.

use rusqlite::Connection;

use crate::CoreError;

/// Connection settings for one large write, put back afterwards. Neither
/// touches what is stored or how it is made durable: a bigger page cache
/// spills fewer pages to the WAL before the commit, and statement journals
/// (undo within one statement, never read after a crash) stay in memory.
pub(crate) struct WriteTuning {
    cache_size: i64,
    temp_store: i64,
}

impl WriteTuning {
    /// Page cache for the write, in KiB (a negative `cache_size`).
    const CACHE_KIB: i64 = 128 * 1024;

    pub(crate) fn apply(conn: &Connection) -> Result<Self, CoreError> {
        let old = Self {
            cache_size: conn.pragma_query_value(None, "cache_size", |r| r.get(0))?,
            temp_store: conn.pragma_query_value(None, "temp_store", |r| r.get(0))?,
        };
        conn.pragma_update(None, "cache_size", -Self::CACHE_KIB)?;
        conn.pragma_update(None, "temp_store", TEMP_STORE_MEMORY)?;
        Ok(old)
    }

    pub(crate) fn restore(self, conn: &Connection) -> Result<(), CoreError> {
        conn.pragma_update(None, "cache_size", self.cache_size)?;
        conn.pragma_update(None, "temp_store", self.temp_store)?;
        Ok(())
    }
}

const TEMP_STORE_MEMORY: i64 = 2;

/// Enough cached statements for every statement of one batch, so none is
/// re-prepared per record.
pub(crate) const STATEMENT_CACHE_CAPACITY: usize = 64;
