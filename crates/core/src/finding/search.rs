//! Full-text search over offers: FTS5 with prefix matching, typo tolerance
//! through the index's own vocabulary, bm25 ranking, and optionally a point.

use geo::Point;

use crate::directory::geodesy::distance_m;
use crate::directory::taxonomy::{self, Lang};
use crate::finding::nearest::OfferFilter;
use crate::storage::read::{offer_summary, OfferSummary};
use crate::storage::write::category_mask;
use crate::{CoreError, Directory};

/// A text query, optionally ranked by distance from a point within equal scores.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SearchQuery {
    pub text: String,
    pub near: Option<Point<f64>>,
    pub limit: usize,
    pub filter: OfferFilter,
    /// Read each offer's name in this language too, where translated.
    pub names_in: Option<Lang>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    pub offer: OfferSummary,
    /// bm25 score, lower is better (SQLite's convention).
    pub score: f64,
    pub distance_m: Option<f64>,
}

/// Typo matches rank after exact and prefix matches; category members after both.
const TYPO_PENALTY: f64 = 1_000.0;
const MEMBER_SCORE: f64 = 1_000_000.0;

/// How many FTS rows at most are considered before filters and sorting.
const CANDIDATE_LIMIT: usize = 2_000;

/// Split a query into lowercase word tokens (letters and digits of any script).
pub fn tokens(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Bounded Levenshtein distance over chars; `None` when above `max`.
#[cfg(test)]
fn edit_distance(a: &str, b: &str, max: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    edit_distance_chars(&a, &b, max)
}

/// [`edit_distance`] of words already split into chars.
fn edit_distance_chars(a: &[char], b: &[char], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        let mut row_min = cur[0];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
            row_min = row_min.min(cur[j + 1]);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev.last().copied().filter(|d| *d <= max)
}

/// The typo budget for a token of this many chars.
fn typo_budget(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// An FTS5 string literal: the token in double quotes, quotes doubled.
fn quoted(token: &str) -> String {
    format!("\"{}\"", token.replace('"', "\"\""))
}

impl Directory {
    /// Offers matching every word of `query.text` (as a prefix, or within a
    /// small edit distance of a word in the index), best first.
    pub fn search(&self, query: &SearchQuery) -> Result<Vec<SearchHit>, CoreError> {
        query.filter.validate()?;
        let words = tokens(&query.text);
        if words.is_empty() || query.limit == 0 {
            return Ok(Vec::new());
        }
        // How many words, never which: search text stays private.
        tracing::debug!(words = words.len(), limit = query.limit, "search");
        // When every word names a category ("Kita", "كيتا", "Beratung"), all of
        // its offers match equally well: rank only the real text matches, then
        // fill with category members (nearest first when there is a point).
        // Otherwise category names widen each word inside the text query.
        let members = members_mask(&words);
        let widen = members.is_none();
        self.refresh_row_lengths()?;
        let mut hits = self.run_match(&text_expression(&words, widen), query)?;
        if hits.len() < query.limit {
            if let Some(expr) = self.typo_expression(&words, widen)? {
                for hit in self.run_match(&expr, query)? {
                    if !hits.iter().any(|h| h.offer.id == hit.offer.id) {
                        // Typo matches rank after every exact or prefix match.
                        hits.push(SearchHit {
                            score: hit.score + TYPO_PENALTY,
                            ..hit
                        });
                    }
                }
            }
        }
        if let Some(mask) = members.filter(|_| hits.len() < query.limit) {
            self.fill_with_members(mask, query, &mut hits)?;
        }
        hits.truncate(query.limit);
        Ok(hits)
    }

    fn run_match(
        &self,
        expression: &str,
        query: &SearchQuery,
    ) -> Result<Vec<SearchHit>, CoreError> {
        // Without a point or a filter only the best `limit` rows can be
        // shown: ranking needs every match scored, but only those are kept
        // in order (far cheaper than keeping CANDIDATE_LIMIT). Offers the
        // filter drops anyway (not listed) may leave it short: then again
        // with every candidate.
        let unfiltered = query.near.is_none() && query.filter == OfferFilter::default();
        let few = query.limit.saturating_mul(2).max(16);
        if unfiltered && few < CANDIDATE_LIMIT {
            let (hits, every_match) = self.ranked_hits(expression, query, few)?;
            if hits.len() >= query.limit || every_match {
                return Ok(hits);
            }
        }
        let (mut hits, _) = self.ranked_hits(expression, query, CANDIDATE_LIMIT)?;
        if query.near.is_some() {
            // Text score first (to one decimal, so equally good matches tie), then distance.
            let bucket = |s: f64| (s * 10.0).round() as i64;
            hits.sort_by(|a, b| {
                bucket(a.score).cmp(&bucket(b.score)).then(
                    a.distance_m
                        .unwrap_or(0.0)
                        .total_cmp(&b.distance_m.unwrap_or(0.0)),
                )
            });
        }
        Ok(hits)
    }

    /// The `candidates` best-ranked matches (ties by row), as hits that pass
    /// the filter, at most `query.limit` of them without a point; and
    /// whether those were all the matches.
    fn ranked_hits(
        &self,
        expression: &str,
        query: &SearchQuery,
        candidates: usize,
    ) -> Result<(Vec<SearchHit>, bool), CoreError> {
        let rows = self.ranked_text_matches(expression, candidates)?;
        let every_match = rows.len() < candidates;
        let mut hits = Vec::new();
        for (row, score) in rows {
            let Some(offer) = offer_summary(self.conn(), row, query.names_in.map(Lang::tag))?
            else {
                continue;
            };
            if !query.filter.accepts(&offer) {
                continue;
            }
            let distance_m = query.near.map(|p| distance_m(p, offer.point));
            hits.push(SearchHit {
                offer,
                score,
                distance_m,
            });
            if query.near.is_none() && hits.len() >= query.limit {
                break;
            }
        }
        Ok((hits, every_match))
    }

    /// Add offers of the categories in `mask` that are not in `hits` yet, after them.
    fn fill_with_members(
        &self,
        mask: i64,
        query: &SearchQuery,
        hits: &mut Vec<SearchHit>,
    ) -> Result<(), CoreError> {
        let mut seen: std::collections::HashSet<String> =
            hits.iter().map(|h| h.offer.id.clone()).collect();
        let mut take = |row: i64, hits: &mut Vec<SearchHit>| -> Result<bool, CoreError> {
            if let Some(offer) = offer_summary(self.conn(), row, query.names_in.map(Lang::tag))? {
                if query.filter.accepts(&offer) && seen.insert(offer.id.clone()) {
                    let distance_m = query.near.map(|p| distance_m(p, offer.point));
                    hits.push(SearchHit {
                        offer,
                        score: MEMBER_SCORE,
                        distance_m,
                    });
                }
            }
            Ok(hits.len() >= query.limit)
        };
        if let Some(point) = query.near {
            let index = self.spatial_index()?;
            for candidate in index.nearest(point, mask, crate::directory::geodesy::MAX_DISTANCE_M) {
                if take(candidate.row, hits)? {
                    break;
                }
            }
            return Ok(());
        }
        // Each offer's index row lists its category ids in the `categories`
        // column: the index answers membership, in offer order.
        let per_category = query.limit.saturating_mul(4);
        for (bit, category) in taxonomy::CATEGORIES.iter().enumerate() {
            if mask & (1 << bit) == 0 {
                continue;
            }
            let expression = format!("categories:{}", quoted(category.id));
            for row in self.text_match_rows(&expression, per_category)? {
                if take(row, hits)? {
                    return Ok(());
                }
            }
        }
        Ok(())
    }

    /// Each word OR'ed with the indexed words within its typo budget, or
    /// `None` when no word has a near neighbour.
    fn typo_expression(&self, words: &[String], widen: bool) -> Result<Option<String>, CoreError> {
        let mut any = false;
        let mut parts = Vec::new();
        for word in words {
            let chars: Vec<char> = word.chars().collect();
            let budget = typo_budget(chars.len());
            let mut alternatives = Vec::new();
            // Typos rarely hit the first letter: only terms sharing it.
            if let Some(first) = chars.first().filter(|_| budget > 0) {
                let terms = self
                    .vocabulary()
                    .borrow_mut()
                    .starting_with(self.conn(), *first)?;
                for term in terms.iter() {
                    if term.text != *word
                        && edit_distance_chars(&chars, &term.chars, budget).is_some()
                    {
                        alternatives.push(quoted(&term.text));
                        any = true;
                    }
                }
            }
            parts.push(word_alternatives(word, alternatives, widen));
        }
        Ok(any.then(|| parts.join(" AND ")))
    }
}

/// Each word as a prefix; with `widen`, also any category it names (in any language).
fn text_expression(words: &[String], widen: bool) -> String {
    words
        .iter()
        .map(|w| word_alternatives(w, Vec::new(), widen))
        .collect::<Vec<_>>()
        .join(" AND ")
}

fn word_alternatives(word: &str, mut extra: Vec<String>, widen: bool) -> String {
    let mut parts = vec![format!("{}*", quoted(word))];
    parts.append(&mut extra);
    if widen {
        parts.extend(
            taxonomy::categories_named_by(word)
                .into_iter()
                .map(|id| format!("categories:{}", quoted(id))),
        );
    }
    if parts.len() == 1 {
        parts.remove(0)
    } else {
        format!("({})", parts.join(" OR "))
    }
}

/// The categories whose members satisfy every word, when every word names
/// at least one category and some category satisfies all of them.
fn members_mask(words: &[String]) -> Option<i64> {
    let mut mask = -1i64;
    for word in words {
        mask &= category_mask(&taxonomy::categories_named_by(word));
    }
    (mask != 0).then_some(mask)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_keep_letters_of_every_script() {
        assert_eq!(tokens("Kita, Schwerin!"), ["kita", "schwerin"]);
        assert_eq!(tokens("детский  сад"), ["детский", "сад"]);
        assert_eq!(tokens("كيتا"), ["كيتا"]);
        assert_eq!(tokens("\"OR\" NEAR(*)"), ["or", "near"]);
    }

    #[test]
    fn edit_distance_is_bounded() {
        assert_eq!(edit_distance("beratung", "baratung", 2), Some(1));
        assert_eq!(edit_distance("kita", "kita", 1), Some(0));
        assert_eq!(edit_distance("kita", "kino", 1), None);
        assert_eq!(
            edit_distance("migrationsberatung", "migrationsbertaung", 2),
            Some(2)
        );
    }

    #[test]
    fn fts_syntax_in_queries_is_quoted() {
        assert_eq!(
            text_expression(&tokens("a\" OR b"), true),
            "\"a\"* AND \"or\"* AND \"b\"*"
        );
    }
}
