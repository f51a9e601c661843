//! The full-text index's words by first letter, for typo-tolerant search.
//!
//! Reading a letter's words from `offers_fts_vocab` walks every matching
//! term's whole doclist (fts5vocab counts rows), which took 5–15 ms per
//! letter at 100k offers. The words are kept per letter until the index
//! may have changed: a write on this connection (its change counter, or
//! any mutable use of the directory) or a commit by another connection
//! (`PRAGMA data_version`).

use std::collections::HashMap;
use std::sync::Arc;

use rusqlite::Connection;

use crate::CoreError;

/// One word of the index, with its chars for edit distances.
#[derive(Debug)]
pub(crate) struct Term {
    pub text: String,
    pub chars: Box<[char]>,
}

/// What the database looked like to this connection: `PRAGMA data_version`
/// (changes on every commit by another connection) and this connection's
/// total changes (on every row it writes, even if rolled back). Anything
/// read from the index stays valid while the stamp stays the same.
pub(crate) type Stamp = (i64, u64);

pub(crate) fn stamp(conn: &Connection) -> Result<Stamp, CoreError> {
    let data_version: i64 = conn.pragma_query_value(None, "data_version", |r| r.get(0))?;
    Ok((data_version, conn.total_changes()))
}

/// Words read so far, and what the database looked like when they were read.
#[derive(Debug, Default)]
pub(crate) struct Vocabulary {
    stamp: Option<Stamp>,
    by_first: HashMap<char, Arc<[Term]>>,
}

impl Vocabulary {
    /// Forget every word (after a write).
    pub(crate) fn clear(&mut self) {
        self.stamp = None;
        self.by_first.clear();
    }

    /// The index's words starting with `first`, read once per letter while
    /// the database is unchanged.
    pub(crate) fn starting_with(
        &mut self,
        conn: &Connection,
        first: char,
    ) -> Result<Arc<[Term]>, CoreError> {
        let now = stamp(conn)?;
        if self.stamp != Some(now) {
            self.by_first.clear();
            self.stamp = Some(now);
        }
        if let Some(terms) = self.by_first.get(&first) {
            return Ok(terms.clone());
        }
        let lower = first.to_string();
        let upper = format!("{first}\u{10FFFF}");
        let mut stmt = conn
            .prepare_cached("SELECT term FROM offers_fts_vocab WHERE term >= ?1 AND term < ?2")?;
        let terms: Arc<[Term]> = stmt
            .query_map([lower.as_str(), upper.as_str()], |r| r.get::<_, String>(0))?
            .map(|term| {
                term.map(|text| Term {
                    chars: text.chars().collect(),
                    text,
                })
            })
            .collect::<Result<_, _>>()?;
        self.by_first.insert(first, terms.clone());
        Ok(terms)
    }
}
