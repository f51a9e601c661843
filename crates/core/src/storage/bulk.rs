//! Secondary indexes set aside during a large write.
//!
//! Inserting a row into an index whose keys arrive in no particular order
//! (services by organization) touches a random page of it; at a million
//! offers that index no longer fits the page cache and every insert reads
//! and later rewrites a page. Building it once from the finished table is a
//! sort and a sequential write. The indexes are dropped and created again
//! inside the caller's transaction, so a failed or interrupted write rolls
//! back to the old schema and readers never see the database without them.

use rusqlite::{OptionalExtension, Transaction};

use crate::CoreError;

/// The indexes set aside: only lookups after the rows are written use them
/// (which offers a changed service or location has, orphan checks, cascades).
const DEFERRABLE: [&str; 3] = [
    "services_by_organization",
    "sal_by_service",
    "sal_by_location",
];

/// Offers from which a write counts as large.
const MIN_OFFERS: usize = 4_096;

/// The `CREATE INDEX` statements of the indexes dropped for one write.
#[must_use = "the indexes must be created again before the transaction commits"]
pub(crate) struct DeferredIndexes {
    create: Vec<String>,
}

impl DeferredIndexes {
    /// Drop the deferrable indexes if `offers` new offers at least double
    /// the directory (then building them afresh is cheaper than keeping them
    /// up to date); otherwise leave them.
    pub(crate) fn drop_for(tx: &Transaction<'_>, offers: usize) -> Result<Self, CoreError> {
        let mut create = Vec::new();
        if offers < MIN_OFFERS {
            return Ok(Self { create });
        }
        // The highest row id bounds how many offers are stored.
        let stored: i64 = tx.query_row(
            "SELECT coalesce(max(row_id), 0) FROM service_at_location",
            [],
            |r| r.get(0),
        )?;
        if usize::try_from(stored).unwrap_or(usize::MAX) > offers {
            return Ok(Self { create });
        }
        let mut sql =
            tx.prepare("SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?1")?;
        for name in DEFERRABLE {
            let Some(statement) = sql
                .query_row([name], |r| r.get::<_, String>(0))
                .optional()?
            else {
                continue;
            };
            tx.execute_batch(&format!("DROP INDEX \"{name}\""))?;
            create.push(statement);
        }
        Ok(Self { create })
    }

    /// Create the dropped indexes again.
    pub(crate) fn restore(self, tx: &Transaction<'_>) -> Result<(), CoreError> {
        for statement in &self.create {
            tx.execute_batch(statement)?;
        }
        Ok(())
    }
}
