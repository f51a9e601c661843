//! "The k nearest offers to a point", with filters: R*Tree candidates in
//! growing circles, ranked by exact haversine distance.

use chrono::{DateTime, Utc};
use geo::Point;

use crate::geodesy::{bounding_boxes, distance_m, MAX_DISTANCE_M};
use crate::hours::OpeningHours;
use crate::storage::read::{offer_summary, OfferSummary};
use crate::storage::write::category_mask;
use crate::{taxonomy, CoreError, Directory};

/// The smallest first search radius; the radius doubles until k offers are inside it.
const MIN_START_RADIUS_M: f64 = 500.0;

/// Germany's area, to turn an offer count into a density for the first radius.
const GERMANY_AREA_M2: f64 = 357_600e6;

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

    /// Whether any check needs the offer's row (the index covers categories and status).
    fn needs_row(&self) -> bool {
        !self.languages.is_empty()
            || self.open_at.is_some()
            || self.free_only
            || self.target_group.is_some()
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
    /// A first radius that holds about k matching offers if they were spread
    /// evenly over Germany (a guess; the doubling loop keeps the answer exact).
    fn start_radius_m(&self, query: &NearestQuery) -> Result<f64, CoreError> {
        let total = self.listed_offer_estimate()? as f64;
        let share = if query.filter.categories.is_empty() {
            1.0
        } else {
            (query.filter.categories.len() as f64 / taxonomy::CATEGORIES.len() as f64).min(1.0)
        };
        let matching = (total * share).max(1.0);
        let r = (query.k as f64 * GERMANY_AREA_M2 / (std::f64::consts::PI * matching)).sqrt() * 0.7;
        Ok(r.max(MIN_START_RADIUS_M))
    }

    /// The `k` offers nearest to `query.origin` that pass the filter, closest first.
    ///
    /// Candidates come from the R*Tree inside a circle of radius r (category
    /// and listing status checked on the index's auxiliary column); once k
    /// accepted offers lie within r, no offer outside can be nearer, so the
    /// answer is exact. Otherwise r doubles, up to `max_distance_m`.
    pub fn nearest(&self, query: &NearestQuery) -> Result<Vec<NearbyHit>, CoreError> {
        query.filter.validate()?;
        if query.k == 0 {
            return Ok(Vec::new());
        }
        let limit_m = query
            .max_distance_m
            .unwrap_or(MAX_DISTANCE_M)
            .clamp(0.0, MAX_DISTANCE_M);
        let mask = query.filter.mask();
        let needs_row = query.filter.needs_row();
        let mut stmt = self.conn().prepare_cached(
            "SELECT row_id, lat, lon FROM offers_spatial
             WHERE max_lat >= ?1 AND min_lat <= ?2 AND max_lon >= ?3 AND min_lon <= ?4
               AND (category_mask & ?5) != 0",
        )?;
        let mut checked = std::collections::HashMap::<i64, Option<OfferSummary>>::new();
        let mut radius_m = self.start_radius_m(query)?.min(limit_m);
        loop {
            let mut candidates = Vec::new();
            for b in bounding_boxes(query.origin, radius_m) {
                let rows = stmt.query_map(
                    rusqlite::params![b.min_lat, b.max_lat, b.min_lon, b.max_lon, mask],
                    |r| {
                        Ok((
                            r.get::<_, i64>(0)?,
                            r.get::<_, f64>(1)?,
                            r.get::<_, f64>(2)?,
                        ))
                    },
                )?;
                for row in rows {
                    let (id, lat, lon) = row?;
                    let d = distance_m(query.origin, Point::new(lon, lat));
                    if d <= radius_m {
                        candidates.push((d, id));
                    }
                }
            }
            candidates.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let finished = radius_m >= limit_m;
            if !needs_row && !finished && candidates.len() < query.k {
                radius_m = (radius_m * 2.0).min(limit_m);
                continue;
            }
            let mut hits = Vec::new();
            for (distance_m, row) in candidates {
                let offer = match checked.entry(row) {
                    std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                    std::collections::hash_map::Entry::Vacant(e) => {
                        let offer =
                            offer_summary(self.conn(), row)?.filter(|o| query.filter.accepts(o));
                        e.insert(offer)
                    }
                };
                if let Some(offer) = offer {
                    hits.push(NearbyHit {
                        offer: offer.clone(),
                        distance_m,
                    });
                    if hits.len() == query.k {
                        break;
                    }
                }
            }
            if hits.len() >= query.k || finished {
                return Ok(hits);
            }
            radius_m = (radius_m * 2.0).min(limit_m);
        }
    }
}
