//! Reading the full-text index: the rows an FTS5 expression matches, ranked
//! or in row order. Building the expression (tokens, prefixes, typos) is
//! `finding::search`'s work; this runs it.

use rusqlite::params;

use super::Directory;
use crate::CoreError;

/// Column weights for bm25: name, description, provider, address, categories.
/// `lotse_rank` is FTS5's `bm25` with row lengths kept in memory (see `rank`).
const RANK_SQL: &str = "lotse_rank(offers_fts, 10.0, 1.0, 3.0, 2.0, 6.0)";

fn sql_limit(limit: usize) -> i64 {
    i64::try_from(limit).unwrap_or(i64::MAX)
}

impl Directory {
    /// The `limit` best-ranked rows `expression` matches, as `(row, score)`,
    /// lower scores first, ties by row. Call `refresh_row_lengths` first.
    pub(crate) fn ranked_text_matches(
        &self,
        expression: &str,
        limit: usize,
    ) -> Result<Vec<(i64, f64)>, CoreError> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT rowid, {RANK_SQL} AS score FROM offers_fts WHERE offers_fts MATCH ?1
             ORDER BY score, rowid LIMIT ?2"
        ))?;
        let rows = stmt.query_map(params![expression, sql_limit(limit)], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The first `limit` rows `expression` matches, in row order.
    pub(crate) fn text_match_rows(
        &self,
        expression: &str,
        limit: usize,
    ) -> Result<Vec<i64>, CoreError> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT rowid FROM offers_fts WHERE offers_fts MATCH ?1 ORDER BY rowid LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![expression, sql_limit(limit)], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
