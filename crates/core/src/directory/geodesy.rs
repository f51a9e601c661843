//! Great-circle helpers. Distances are exact haversine distances in metres on
//! the mean Earth sphere (the same model `geo::Haversine` uses).

use geo::{Distance, Haversine, Point};

use crate::CoreError;

/// Mean Earth radius in metres (IUGG), the radius `geo::Haversine` uses.
pub const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// Half the Earth's circumference: no two points are further apart.
pub const MAX_DISTANCE_M: f64 = std::f64::consts::PI * EARTH_RADIUS_M;

/// Build a `Point::new(lon, lat)` after checking the coordinate is on Earth.
pub fn checked_point(lat: f64, lon: f64) -> Result<Point<f64>, CoreError> {
    let valid = lat.is_finite()
        && lon.is_finite()
        && (-90.0..=90.0).contains(&lat)
        && (-180.0..=180.0).contains(&lon);
    if valid {
        Ok(Point::new(lon, lat))
    } else {
        Err(CoreError::InvalidCoordinate { lat, lon })
    }
}

/// Exact great-circle distance between two WGS84 points, in metres.
pub fn distance_m(a: Point<f64>, b: Point<f64>) -> f64 {
    Haversine.distance(a, b)
}

/// A latitude/longitude box. `min_lon > max_lon` never happens: a box that
/// crosses the antimeridian is returned as two boxes by [`bounding_boxes`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LatLonBox {
    pub min_lat: f64,
    pub max_lat: f64,
    pub min_lon: f64,
    pub max_lon: f64,
}

/// The boxes that together contain every point within `radius_m` of `center`
/// (J. P. Matuschek's bounding-coordinates method, exact on the sphere).
pub fn bounding_boxes(center: Point<f64>, radius_m: f64) -> Vec<LatLonBox> {
    // A hair of slack so rounding can never drop a point on the circle.
    const SLACK_DEG: f64 = 1e-9;
    let angular = radius_m / EARTH_RADIUS_M;
    let lat = center.y().to_radians();
    let lon = center.x().to_radians();
    let mut min_lat = lat - angular;
    let mut max_lat = lat + angular;
    let (min_lon, max_lon);
    if min_lat > -std::f64::consts::FRAC_PI_2 && max_lat < std::f64::consts::FRAC_PI_2 {
        let delta_lon = (angular.sin() / lat.cos()).clamp(-1.0, 1.0).asin();
        min_lon = lon - delta_lon;
        max_lon = lon + delta_lon;
    } else {
        // A pole lies inside the circle: every longitude is in range.
        min_lat = min_lat.max(-std::f64::consts::FRAC_PI_2);
        max_lat = max_lat.min(std::f64::consts::FRAC_PI_2);
        min_lon = -std::f64::consts::PI;
        max_lon = std::f64::consts::PI;
    }
    let lat_range = (
        min_lat.to_degrees() - SLACK_DEG,
        max_lat.to_degrees() + SLACK_DEG,
    );
    let (west, east) = (
        min_lon.to_degrees() - SLACK_DEG,
        max_lon.to_degrees() + SLACK_DEG,
    );
    let make = |min_lon: f64, max_lon: f64| LatLonBox {
        min_lat: lat_range.0,
        max_lat: lat_range.1,
        min_lon,
        max_lon,
    };
    if east - west >= 360.0 {
        vec![make(-180.0, 180.0)]
    } else if west < -180.0 {
        vec![make(west + 360.0, 180.0), make(-180.0, east)]
    } else if east > 180.0 {
        vec![make(west, 180.0), make(-180.0, east - 360.0)]
    } else {
        vec![make(west, east)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schwerin_to_stuttgart_is_about_562_km() {
        let schwerin = checked_point(53.6355, 11.4012).expect("valid");
        let stuttgart = checked_point(48.7758, 9.1829).expect("valid");
        let d = distance_m(schwerin, stuttgart);
        // Independent reference: Python haversine on the same sphere gives 561.9 km.
        assert!((d - 561_900.0).abs() < 200.0, "got {d}");
    }

    #[test]
    fn out_of_range_coordinates_are_rejected() {
        assert!(checked_point(100.0, 101.0).is_err());
        assert!(checked_point(f64::NAN, 10.0).is_err());
        assert!(checked_point(53.0, 181.0).is_err());
        assert!(checked_point(-90.0, -180.0).is_ok());
    }

    #[test]
    fn every_point_on_the_circle_is_inside_the_boxes() {
        // Centres at Germany's edges and beyond, including a box over the pole
        // and one across the antimeridian.
        let centres = [
            (47.27, 5.87),
            (55.06, 15.04),
            (53.63, 11.41),
            (89.9, 0.0),
            (10.0, 179.9),
        ];
        for (lat, lon) in centres {
            let c = checked_point(lat, lon).expect("valid");
            for radius_m in [500.0, 25_000.0, 400_000.0] {
                let boxes = bounding_boxes(c, radius_m);
                for step in 0..360 {
                    let bearing = f64::from(step);
                    let p =
                        geo::Destination::destination(&Haversine, c, bearing, radius_m * 0.999_999);
                    let inside = boxes.iter().any(|b| {
                        (b.min_lat..=b.max_lat).contains(&p.y())
                            && (b.min_lon..=b.max_lon).contains(&p.x())
                    });
                    assert!(
                        inside,
                        "centre {lat},{lon} r={radius_m} bearing {bearing}: {p:?} not in {boxes:?}"
                    );
                }
            }
        }
    }
}
