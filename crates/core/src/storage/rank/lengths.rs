//! The index rows' lengths in tokens, read once from `offers_fts_docsize`
//! and kept in memory until the database changes.

use std::sync::{Arc, Mutex, PoisonError};

use rusqlite::Connection;

use crate::storage::vocabulary::{stamp, Stamp};
use crate::CoreError;

/// Each row's length in tokens (all columns), by rowid.
#[derive(Debug, Default)]
pub(crate) struct RowLengths {
    stamp: Option<Stamp>,
    first: i64,
    /// `UNKNOWN` where there is no row (or its sizes could not be read).
    pub(super) lengths: Vec<u32>,
}

const UNKNOWN: u32 = u32::MAX;

/// Shared by the directory (which refreshes it) and SQLite (which reads it).
pub(crate) type SharedLengths = Arc<Mutex<RowLengths>>;

impl RowLengths {
    pub(super) fn get(&self, row: i64) -> Option<u32> {
        let i = usize::try_from(row.checked_sub(self.first)?).ok()?;
        self.lengths.get(i).copied().filter(|n| *n != UNKNOWN)
    }

    /// Forget the lengths (after a write).
    pub(crate) fn clear(&mut self) {
        self.stamp = None;
        self.lengths = Vec::new();
    }
}

/// Read the rows' lengths again if the database may have changed since.
pub(crate) fn refresh(conn: &Connection, shared: &SharedLengths) -> Result<(), CoreError> {
    let now = stamp(conn)?;
    let mut lengths = shared.lock().unwrap_or_else(PoisonError::into_inner);
    if lengths.stamp == Some(now) {
        return Ok(());
    }
    lengths.clear();
    let rows: Vec<(i64, Option<u32>)> = conn
        .prepare("SELECT id, sz FROM offers_fts_docsize ORDER BY id")?
        .query_map([], |r| {
            let sizes = r.get_ref(1)?.as_blob_or_null()?.unwrap_or_default();
            Ok((r.get(0)?, total_tokens(sizes)))
        })?
        .collect::<Result<_, _>>()?;
    if let (Some((first, _)), Some((last, _))) = (rows.first(), rows.last()) {
        // Rowids are offers' row ids, nearly dense; a sparse table is not
        // worth an array (FTS5 measures its rows as before).
        let span = usize::try_from(last - first).unwrap_or(usize::MAX);
        if span <= rows.len().saturating_mul(4).saturating_add(4096) {
            let mut table = vec![UNKNOWN; span + 1];
            for (row, length) in &rows {
                let slot = usize::try_from(row - first).ok();
                if let (Some(slot), Some(length)) = (slot, length) {
                    if let Some(cell) = table.get_mut(slot) {
                        *cell = *length;
                    }
                }
            }
            lengths.first = *first;
            lengths.lengths = table;
        }
    }
    lengths.stamp = Some(now);
    Ok(())
}

/// The sum of the five column sizes in a docsize blob (SQLite varints), as
/// FTS5 decodes it; `None` where FTS5 would find the blob corrupt.
fn total_tokens(blob: &[u8]) -> Option<u32> {
    const COLUMNS: usize = 5;
    let mut total: u32 = 0;
    let mut at = 0;
    for _ in 0..COLUMNS {
        let (value, used) = varint(blob.get(at..)?)?;
        total = total.checked_add(u32::try_from(value).ok()?)?;
        at += used;
    }
    i32::try_from(total).ok()?;
    Some(total)
}

/// An SQLite varint: its value and length in bytes.
fn varint(bytes: &[u8]) -> Option<(u64, usize)> {
    let mut value: u64 = 0;
    for (i, byte) in bytes.iter().take(8).enumerate() {
        value = (value << 7) | u64::from(byte & 0x7f);
        if byte & 0x80 == 0 {
            return Some((value, i + 1));
        }
    }
    let last = *bytes.get(8)?;
    Some(((value << 8) | u64::from(last), 9))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_and_size_blobs_decode_as_in_sqlite() {
        assert_eq!(varint(&[0x05]), Some((5, 1)));
        assert_eq!(varint(&[0x81, 0x00]), Some((128, 2)));
        assert_eq!(varint(&[0x81]), None);
        assert_eq!(total_tokens(&[3, 20, 4, 6, 1]), Some(34));
        assert_eq!(total_tokens(&[0x81, 0x00, 1, 1, 1, 1]), Some(132));
        assert_eq!(total_tokens(&[3, 20, 4]), None);
    }
}
