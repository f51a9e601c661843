//! The full-text index of a directory's first large write, built on a
//! second thread while the rows are written.
//!
//! FTS5 indexes one document at a time inside the writing connection: about
//! a third of a 100k-offer import, after the rows. When a write brings the
//! first offers of a directory (no offer stored, the index empty) and every
//! offer's service, location and provider are in the batch, each offer's
//! document and row id are known before anything is written: an empty table
//! numbers new rows 1, 2, 3, … in the order they are inserted. So a second
//! thread indexes those documents under those row ids, in a private
//! in-memory table declared exactly as the stored one, while this thread
//! writes the rows.
//!
//! The finished index's shadow tables (`_data`: the segments and the
//! structure record; `_idx`: the segment directory; `_docsize`: each row's
//! token counts) are then copied into the directory's, in the same
//! transaction: an error or a crash leaves nothing, as before. The copy is
//! made only if the offers really got row ids 1..=n in batch order;
//! otherwise the index is built in the writing connection as usual.
//!
//! The stored table is dropped and created again first: FTS5 keeps its
//! index structure cached in the connection across the connection's own
//! commits, and a new table starts with none.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::{Scope, ScopedJoinHandle};

use foldhash::fast::RandomState;
use rusqlite::types::Value;
use rusqlite::{params, Connection, Transaction};

use super::fts::{self, Document};
use crate::directory::model::{DirectoryBatch, Location, Service};
use crate::CoreError;

/// The stored table's `CREATE VIRTUAL TABLE` text if `batch` can be indexed
/// on a second thread: it is large and the directory has no offers yet.
pub(crate) fn eligible(
    tx: &Transaction<'_>,
    batch: &DirectoryBatch,
) -> Result<Option<String>, CoreError> {
    if batch.service_at_locations.len() < super::LARGE_WRITE_ROWS {
        return Ok(None);
    }
    let empty: bool = tx.query_row(
        "SELECT NOT EXISTS (SELECT 1 FROM service_at_location)
            AND NOT EXISTS (SELECT 1 FROM offers_fts_docsize)",
        [],
        |r| r.get(0),
    )?;
    if !empty {
        return Ok(None);
    }
    Ok(Some(tx.query_row(
        "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'offers_fts'",
        [],
        |r| r.get(0),
    )?))
}

/// An index being built on a second thread.
pub(crate) struct Build<'scope> {
    handle: ScopedJoinHandle<'scope, Result<Option<Built>, CoreError>>,
    table_sql: &'scope str,
    /// The batch's offers, indexed as rows 1..=offers.
    offers: usize,
}

/// Start indexing every offer of `batch` under row ids 1..=n. Setting
/// `cancel` stops the thread early (the write failed).
pub(crate) fn start<'scope>(
    scope: &'scope Scope<'scope, '_>,
    batch: &'scope DirectoryBatch,
    table_sql: &'scope str,
    cancel: &'scope AtomicBool,
) -> Build<'scope> {
    let handle = scope.spawn(move || build(batch, table_sql, cancel));
    Build {
        handle,
        table_sql,
        offers: batch.service_at_locations.len(),
    }
}

impl Build<'_> {
    /// Install the built index if `offer_rows` (the batch's offers' row ids,
    /// in batch order) are 1..=n; false if it was not built or does not fit,
    /// and the caller indexes as usual.
    pub(crate) fn install(
        self,
        tx: &Transaction<'_>,
        offer_rows: &[i64],
    ) -> Result<bool, CoreError> {
        let built = match self.handle.join() {
            Ok(built) => built?,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        let numbered =
            offer_rows.len() == self.offers && offer_rows.iter().zip(1..).all(|(&row, n)| row == n);
        let Some(built) = built.filter(|_| numbered) else {
            return Ok(false);
        };
        tx.execute_batch(&format!(
            "DROP TABLE offers_fts;
             {};
             DELETE FROM offers_fts_data;
             DELETE FROM offers_fts_idx;
             DELETE FROM offers_fts_docsize;",
            self.table_sql
        ))?;
        built.copy_into(tx)?;
        Ok(true)
    }
}

/// The shadow tables' rows of a finished index.
struct Built {
    data: Vec<(i64, Vec<u8>)>,
    idx: Vec<[Value; 3]>,
    docsize: Vec<[Value; 3]>,
}

/// Index every offer of `batch` in a private table; `None` if an offer's
/// service, location or provider is not in the batch, or on `cancel`.
fn build(
    batch: &DirectoryBatch,
    table_sql: &str,
    cancel: &AtomicBool,
) -> Result<Option<Built>, CoreError> {
    let providers: HashMap<&str, &str, RandomState> = batch
        .organizations
        .iter()
        .map(|o| (o.id.as_str(), o.name.as_str()))
        .collect();
    let services: HashMap<&str, &Service, RandomState> =
        batch.services.iter().map(|s| (s.id.as_str(), s)).collect();
    let locations: HashMap<&str, &Location, RandomState> =
        batch.locations.iter().map(|l| (l.id.as_str(), l)).collect();
    let mut conn = Connection::open_in_memory()?;
    conn.execute_batch(table_sql)?;
    let tx = conn.transaction()?;
    fts::set_hashsize(&tx, fts::LARGE_WRITE_HASH_BYTES)?;
    {
        let mut insert = tx.prepare(fts::INSERT_SQL)?;
        let mut document = Document::default();
        for (sal, row) in batch.service_at_locations.iter().zip(1_i64..) {
            if cancel.load(Ordering::Relaxed) {
                return Ok(None);
            }
            let service = services.get(sal.service_id.as_str());
            let location = locations.get(sal.location_id.as_str());
            let provider = service.and_then(|s| providers.get(s.organization_id.as_str()));
            let (Some(service), Some(location), Some(provider)) = (service, location, provider)
            else {
                return Ok(None);
            };
            document.fill(service, provider, location);
            insert.execute(params![
                row,
                document.name,
                document.description,
                document.provider,
                document.address,
                document.categories
            ])?;
        }
    }
    tx.commit()?;
    let data = conn
        .prepare("SELECT id, block FROM offers_fts_data")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    Ok(Some(Built {
        data,
        idx: rows_of(&conn, "SELECT segid, term, pgno FROM offers_fts_idx")?,
        docsize: rows_of(&conn, "SELECT id, sz, origin FROM offers_fts_docsize")?,
    }))
}

fn rows_of(conn: &Connection, sql: &str) -> Result<Vec<[Value; 3]>, CoreError> {
    Ok(conn
        .prepare(sql)?
        .query_map([], |r| Ok([r.get(0)?, r.get(1)?, r.get(2)?]))?
        .collect::<Result<_, _>>()?)
}

impl Built {
    fn copy_into(self, tx: &Transaction<'_>) -> Result<(), CoreError> {
        let mut data = tx.prepare("INSERT INTO offers_fts_data (id, block) VALUES (?1, ?2)")?;
        for (id, block) in &self.data {
            data.execute(params![id, block])?;
        }
        let tables = [
            (
                "INSERT INTO offers_fts_idx (segid, term, pgno) VALUES (?1, ?2, ?3)",
                &self.idx,
            ),
            (
                "INSERT INTO offers_fts_docsize (id, sz, origin) VALUES (?1, ?2, ?3)",
                &self.docsize,
            ),
        ];
        for (sql, rows) in tables {
            let mut insert = tx.prepare(sql)?;
            for [a, b, c] in rows {
                insert.execute(params![a, b, c])?;
            }
        }
        Ok(())
    }
}
