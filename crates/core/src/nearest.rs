//! "The k nearest offers to a point": R*Tree candidates in growing circles,
//! ranked by exact haversine distance.

use geo::Point;

use crate::geodesy::{bounding_boxes, distance_m, MAX_DISTANCE_M};
use crate::model::Offer;
use crate::storage::offers::{offer_from_row, OFFER_COLUMNS};
use crate::{taxonomy, CoreError, Directory};

/// The first search radius; it doubles until k offers are inside it.
const START_RADIUS_M: f64 = 2_000.0;

#[derive(Debug, Clone, PartialEq)]
pub struct NearestQuery {
    /// `Point::new(lon, lat)`.
    pub origin: Point<f64>,
    pub category: Option<String>,
    pub k: usize,
}

/// An offer and its exact great-circle distance from the query point.
#[derive(Debug, Clone, PartialEq)]
pub struct NearbyHit {
    pub offer: Offer,
    /// The provider's (organization's) display name.
    pub provider_name: String,
    pub distance_m: f64,
}

impl Directory {
    /// The `k` offers nearest to `query.origin`, closest first.
    ///
    /// Candidates come from the R*Tree inside a circle of radius r; once k of
    /// them lie within r, no offer outside the circle can be nearer, so the
    /// answer is exact. Otherwise r doubles.
    pub fn nearest(&self, query: &NearestQuery) -> Result<Vec<NearbyHit>, CoreError> {
        if let Some(cat) = &query.category {
            if taxonomy::category(cat).is_none() {
                return Err(CoreError::UnknownCategory(cat.clone()));
            }
        }
        if query.k == 0 {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT {OFFER_COLUMNS}, org.name FROM offers_rtree r
             JOIN offers o ON o.row_id = r.row_id
             JOIN organizations org ON org.row_id = o.organization_row_id
             WHERE r.max_lat >= ?1 AND r.min_lat <= ?2 AND r.max_lon >= ?3 AND r.min_lon <= ?4
               AND (?5 IS NULL OR o.category_id = ?5)"
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let mut radius_m = START_RADIUS_M;
        loop {
            let mut hits = Vec::new();
            for b in bounding_boxes(query.origin, radius_m) {
                let rows = stmt.query_map(
                    rusqlite::params![b.min_lat, b.max_lat, b.min_lon, b.max_lon, query.category],
                    |row| Ok((offer_from_row(row)?, row.get::<_, String>(16)?)),
                )?;
                for row in rows {
                    let (offer, provider_name) = row?;
                    let d = distance_m(query.origin, offer.location);
                    if d <= radius_m {
                        hits.push(NearbyHit {
                            offer,
                            provider_name,
                            distance_m: d,
                        });
                    }
                }
            }
            if hits.len() >= query.k || radius_m >= MAX_DISTANCE_M {
                hits.sort_by(|a, b| {
                    a.distance_m
                        .total_cmp(&b.distance_m)
                        .then_with(|| a.offer.id.cmp(&b.offer.id))
                });
                hits.truncate(query.k);
                return Ok(hits);
            }
            radius_m = (radius_m * 2.0).min(MAX_DISTANCE_M);
        }
    }
}
