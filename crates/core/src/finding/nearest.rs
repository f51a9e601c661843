//! "The k nearest offers to a point", with filters: R*Tree candidates in
//! growing circles, ranked by exact haversine distance.

use chrono::{DateTime, Utc};
use geo::Point;

use crate::directory::geodesy::MAX_DISTANCE_M;
use crate::directory::hours::OpeningHours;
use crate::directory::taxonomy::{self, Lang};
use crate::storage::read::{offer_summaries, OfferSummary, SUMMARY_CHUNK};
use crate::storage::spatial::{Candidate, SpatialIndex};
use crate::storage::write::category_mask;
use crate::{CoreError, Directory};

/// Which offers count, beyond being near.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OfferFilter {
    /// Any of these category ids; empty means all.
    pub categories: Vec<String>,
    /// Any of these languages spoken (ISO 639); empty means all.
    pub languages: Vec<String>,
    /// Open at this instant (by its opening hours, evaluated in Europe/Berlin).
    pub open_at: Option<DateTime<Utc>>,
    /// Only offers known to be free of charge.
    pub free_only: bool,
    /// Only offers for this target group.
    pub target_group: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NearestQuery {
    /// `Point::new(lon, lat)`.
    pub origin: Point<f64>,
    pub k: usize,
    /// No offer further away than this.
    pub max_distance_m: Option<f64>,
    pub filter: OfferFilter,
    /// Read each offer's name in this language too, where translated.
    pub names_in: Option<Lang>,
}

/// An offer and its exact great-circle distance from the query point.
#[derive(Debug, Clone, PartialEq)]
pub struct NearbyHit {
    pub offer: OfferSummary,
    pub distance_m: f64,
}

impl OfferFilter {
    pub(crate) fn validate(&self) -> Result<(), CoreError> {
        if let Some(unknown) = self
            .categories
            .iter()
            .find(|c| taxonomy::category(c).is_none())
        {
            return Err(CoreError::UnknownCategory(unknown.clone()));
        }
        Ok(())
    }

    pub(crate) fn mask(&self) -> i64 {
        if self.categories.is_empty() {
            -1
        } else {
            category_mask(&self.categories)
        }
    }

    /// The checks the spatial index cannot do, on a loaded offer.
    pub(crate) fn accepts(&self, offer: &OfferSummary) -> bool {
        if !offer.status.is_listed() {
            return false;
        }
        if self.free_only && offer.free != Some(true) {
            return false;
        }
        if !self.languages.is_empty() && !self.languages.iter().any(|l| offer.languages.contains(l))
        {
            return false;
        }
        if let Some(group) = &self.target_group {
            if !offer.target_groups.contains(group) {
                return false;
            }
        }
        if let Some(at) = self.open_at {
            let open = offer
                .opening_hours
                .as_deref()
                .and_then(|h| OpeningHours::parse(h).ok())
                .is_some_and(|h| h.is_open_at(at));
            if !open {
                return false;
            }
        }
        true
    }
}

impl Directory {
    /// The `k` offers nearest to `query.origin` that pass the filter, closest
    /// first (ties by id), with exact great-circle distances.
    ///
    /// Candidates come in distance order from the in-memory index of the
    /// requested categories (listed offers only); each is checked against the
    /// rest of the filter until k are accepted.
    pub fn nearest(&self, query: &NearestQuery) -> Result<Vec<NearbyHit>, CoreError> {
        query.filter.validate()?;
        if query.k == 0 {
            return Ok(Vec::new());
        }
        let limit_m = query
            .max_distance_m
            .unwrap_or(MAX_DISTANCE_M)
            .clamp(0.0, MAX_DISTANCE_M);
        // How much was asked, never from where (the position stays private).
        tracing::debug!(k = query.k, limit_m, "nearest");
        let index = self.spatial_index()?;
        let mut hits: Vec<NearbyHit> = Vec::with_capacity(query.k);
        let mut kth_chord2 = f64::INFINITY;
        let mut candidates = index.nearest(query.origin, query.filter.mask(), limit_m);
        let mut chunk: Vec<Candidate> = Vec::with_capacity(SUMMARY_CHUNK);
        let mut rows: Vec<i64> = Vec::with_capacity(SUMMARY_CHUNK);
        'chunks: loop {
            // As many candidates as hits are still missing (at least one, to
            // look for exact ties), loaded with one statement.
            let wanted = query.k.saturating_sub(hits.len()).clamp(1, SUMMARY_CHUNK);
            chunk.clear();
            for candidate in candidates.by_ref() {
                // Past the k-th distance only exact ties may still enter (then ids decide).
                if hits.len() >= query.k && candidate.chord2 > kth_chord2 {
                    break;
                }
                if candidate.distance_m > limit_m {
                    continue;
                }
                chunk.push(candidate);
                if chunk.len() == wanted {
                    break;
                }
            }
            if chunk.is_empty() {
                break;
            }
            rows.clear();
            rows.extend(chunk.iter().map(|c| c.row));
            for (row, offer) in offer_summaries(self.conn(), &rows, query.names_in.map(Lang::tag))?
            {
                let Some(candidate) = chunk.iter().find(|c| c.row == row) else {
                    continue;
                };
                if hits.len() >= query.k && candidate.chord2 > kth_chord2 {
                    break 'chunks;
                }
                if !query.filter.accepts(&offer) {
                    continue;
                }
                hits.push(NearbyHit {
                    offer,
                    distance_m: candidate.distance_m,
                });
                if hits.len() == query.k {
                    kth_chord2 = candidate.chord2;
                }
            }
        }
        hits.sort_by(|a, b| {
            a.distance_m
                .total_cmp(&b.distance_m)
                .then_with(|| a.offer.id.cmp(&b.offer.id))
        });
        hits.truncate(query.k);
        Ok(hits)
    }

    /// Build the nearest-neighbour index now, e.g. on the worker that just
    /// changed the file, so another connection can take it over.
    pub fn prepare_index(&self) -> Result<PreparedIndex, CoreError> {
        self.spatial_index().map(PreparedIndex)
    }

    /// Use `index`, built by another connection to the same file after its
    /// last write, instead of building one here on the next query.
    pub fn adopt_index(&self, index: PreparedIndex) {
        self.spatial_cache().replace(Some(index.0));
    }

    /// The in-memory index, built on first use after a write.
    pub(crate) fn spatial_index(&self) -> Result<std::sync::Arc<SpatialIndex>, CoreError> {
        if let Some(index) = self.spatial_cache().borrow().as_ref() {
            return Ok(index.clone());
        }
        let index = std::sync::Arc::new(SpatialIndex::build(self.conn())?);
        *self.spatial_cache().borrow_mut() = Some(index.clone());
        Ok(index)
    }
}

/// A nearest-neighbour index built by one connection for another
/// ([`Directory::prepare_index`], [`Directory::adopt_index`]).
#[derive(Clone)]
pub struct PreparedIndex(std::sync::Arc<SpatialIndex>);

impl std::fmt::Debug for PreparedIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PreparedIndex")
    }
}
