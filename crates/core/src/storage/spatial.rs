//! The in-memory nearest-neighbour index: one R*-tree per category over the
//! listed offers, built lazily from the database and dropped on every write.
//!
//! Points are unit vectors on the sphere. The straight-line (chord) distance
//! between two unit vectors grows strictly with the great-circle distance, so
//! nearest-by-chord is exactly nearest-by-haversine; each candidate's reported
//! distance is then the haversine distance of its stored coordinates.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashSet};

use geo::Point;
use rstar::primitives::GeomWithData;
use rstar::RTree;
use rusqlite::Connection;

use crate::directory::geodesy::{distance_m, EARTH_RADIUS_M};
use crate::{directory::taxonomy, CoreError};

/// (offer row id, lat, lon) at a point on the unit sphere.
type Entry = GeomWithData<[f64; 3], (i64, f64, f64)>;

pub(crate) struct SpatialIndex {
    by_category: Vec<RTree<Entry>>,
}

fn unit_vector(lat: f64, lon: f64) -> [f64; 3] {
    let (lat, lon) = (lat.to_radians(), lon.to_radians());
    [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
}

/// The squared chord length of a great-circle distance.
fn chord2_of(distance_m: f64) -> f64 {
    let c = 2.0
        * (distance_m / EARTH_RADIUS_M / 2.0)
            .min(std::f64::consts::FRAC_PI_2)
            .sin();
    c * c
}

/// One candidate: an offer, its squared chord length and its exact distance.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Candidate {
    pub row: i64,
    pub chord2: f64,
    pub distance_m: f64,
}

/// Min-heap order on chord length, then row id.
struct HeapItem(Candidate, usize);

impl PartialEq for HeapItem {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for HeapItem {}
impl PartialOrd for HeapItem {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for HeapItem {
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .0
            .chord2
            .total_cmp(&self.0.chord2)
            .then(other.0.row.cmp(&self.0.row))
    }
}

impl SpatialIndex {
    /// Read every listed offer's position and categories (one pass).
    pub(crate) fn build(conn: &Connection) -> Result<Self, CoreError> {
        let mut lists: Vec<Vec<Entry>> = vec![Vec::new(); taxonomy::CATEGORIES.len()];
        let mut stmt = conn.prepare(
            "SELECT sal.row_id, l.lat, l.lon, s.category_mask FROM service_at_location sal
             JOIN services s ON s.row_id = sal.service_row_id
             JOIN locations l ON l.row_id = sal.location_row_id
             WHERE s.category_mask != 0",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (row, lat, lon, mask): (i64, f64, f64, i64) =
                (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
            for (bit, list) in lists.iter_mut().enumerate() {
                if mask & (1 << bit) != 0 {
                    list.push(GeomWithData::new(unit_vector(lat, lon), (row, lat, lon)));
                }
            }
        }
        Ok(Self {
            by_category: lists.into_iter().map(RTree::bulk_load).collect(),
        })
    }

    /// Offers of the categories in `mask`, nearest first (each once), up to `limit_m`.
    pub(crate) fn nearest<'a>(
        &'a self,
        origin: Point<f64>,
        mask: i64,
        limit_m: f64,
    ) -> impl Iterator<Item = Candidate> + 'a {
        let query = unit_vector(origin.y(), origin.x());
        let limit_chord2 = chord2_of(limit_m) * (1.0 + 1e-12);
        let mut iters: Vec<_> = self
            .by_category
            .iter()
            .enumerate()
            .filter(|(bit, _)| mask & (1 << bit) != 0)
            .map(|(_, tree)| tree.nearest_neighbor_iter_with_distance_2(&query))
            .collect();
        let mut heap = BinaryHeap::new();
        let to_candidate = move |entry: &Entry, chord2: f64| {
            let (row, lat, lon) = entry.data;
            Candidate {
                row,
                chord2,
                distance_m: distance_m(origin, Point::new(lon, lat)),
            }
        };
        for (i, it) in iters.iter_mut().enumerate() {
            if let Some((entry, d2)) = it.next() {
                heap.push(HeapItem(to_candidate(entry, d2), i));
            }
        }
        // An offer in several categories comes from several trees: once only.
        // A single tree yields each offer once anyway.
        let mut seen = (iters.len() > 1).then(HashSet::new);
        std::iter::from_fn(move || loop {
            let HeapItem(candidate, i) = heap.pop()?;
            if let Some((entry, d2)) = iters[i].next() {
                heap.push(HeapItem(to_candidate(entry, d2), i));
            }
            if candidate.chord2 > limit_chord2 {
                return None;
            }
            if seen.as_mut().is_none_or(|seen| seen.insert(candidate.row)) {
                return Some(candidate);
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chord_order_is_great_circle_order() {
        let o = unit_vector(53.63, 11.41);
        let chord2 = |lat: f64, lon: f64| {
            let p = unit_vector(lat, lon);
            (0..3).map(|i| (p[i] - o[i]).powi(2)).sum::<f64>()
        };
        let origin = Point::new(11.41, 53.63);
        let places = [
            (53.64, 11.41),
            (48.77, 9.18),
            (53.63, 11.42),
            (47.3, 15.0),
            (-33.9, 151.2),
        ];
        let mut by_chord: Vec<_> = places.iter().map(|p| (chord2(p.0, p.1), p)).collect();
        let mut by_distance: Vec<_> = places
            .iter()
            .map(|p| (distance_m(origin, Point::new(p.1, p.0)), p))
            .collect();
        by_chord.sort_by(|a, b| a.0.total_cmp(&b.0));
        by_distance.sort_by(|a, b| a.0.total_cmp(&b.0));
        let a: Vec<_> = by_chord.iter().map(|x| x.1).collect();
        let b: Vec<_> = by_distance.iter().map(|x| x.1).collect();
        assert_eq!(a, b);
        // The chord of a distance matches the chord between the points.
        let d = distance_m(origin, Point::new(9.18, 48.77));
        assert!((chord2_of(d) - chord2(48.77, 9.18)).abs() < 1e-12);
    }
}
