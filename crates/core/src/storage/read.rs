//! Reading offers back: a compact summary for lists and maps.

use geo::Point;
use rusqlite::{Connection, OptionalExtension};

use crate::model::{Address, GeoPrecision, ServiceStatus};
use crate::{CoreError, Directory};

/// One offer (service at location) as lists and maps show it.
#[derive(Debug, Clone, PartialEq)]
pub struct OfferSummary {
    /// The service_at_location id.
    pub id: String,
    pub service_id: String,
    pub name: String,
    pub categories: Vec<String>,
    pub provider: String,
    pub address: Address,
    /// `Point::new(lon, lat)`.
    pub point: Point<f64>,
    pub precision: GeoPrecision,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub url: Option<String>,
    /// Languages spoken by the service or at the location, ISO 639.
    pub languages: Vec<String>,
    pub status: ServiceStatus,
    pub opening_hours: Option<String>,
    pub free: Option<bool>,
    pub target_groups: Vec<String>,
    pub source: String,
    pub last_verified: String,
    pub is_demo: bool,
}

const SUMMARY_SQL: &str = "
    SELECT sal.id, s.id, s.name, org.name, l.street, l.postcode, l.city, l.state, l.lat, l.lon,
           l.geo_precision, s.status, sal.opening_hours, s.fees_free, s.source, s.last_verified,
           s.is_demo, s.url, s.email, s.summary_categories, s.summary_phone, s.summary_languages,
           l.summary_languages, s.summary_target_groups
    FROM service_at_location sal
    JOIN services s ON s.row_id = sal.service_row_id
    JOIN organizations org ON org.row_id = s.organization_row_id
    JOIN locations l ON l.row_id = sal.location_row_id
    WHERE sal.row_id = ?1";

fn words(value: Option<String>) -> Vec<String> {
    value
        .unwrap_or_default()
        .split(' ')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

pub(crate) fn offer_summary(
    conn: &Connection,
    offer_row: i64,
) -> Result<Option<OfferSummary>, CoreError> {
    let mut stmt = conn.prepare_cached(SUMMARY_SQL)?;
    let summary = stmt
        .query_row([offer_row], |r| {
            let lat: f64 = r.get(8)?;
            let lon: f64 = r.get(9)?;
            let precision: String = r.get(10)?;
            let status: String = r.get(11)?;
            Ok(OfferSummary {
                id: r.get(0)?,
                service_id: r.get(1)?,
                name: r.get(2)?,
                provider: r.get(3)?,
                address: Address {
                    street: r.get(4)?,
                    postcode: r.get(5)?,
                    city: r.get(6)?,
                    state: r.get(7)?,
                },
                point: Point::new(lon, lat),
                precision: GeoPrecision::parse(&precision).unwrap_or_default(),
                status: ServiceStatus::from_hsds(&status).unwrap_or_default(),
                opening_hours: r.get(12)?,
                free: r.get(13)?,
                source: r.get(14)?,
                last_verified: r.get(15)?,
                is_demo: r.get(16)?,
                url: r.get(17)?,
                email: r.get(18)?,
                categories: words(r.get(19)?),
                phone: r.get(20)?,
                languages: {
                    let mut languages = words(r.get(21)?);
                    for code in words(r.get(22)?) {
                        if !languages.contains(&code) {
                            languages.push(code);
                        }
                    }
                    languages
                },
                target_groups: words(r.get(23)?),
            })
        })
        .optional()?;
    Ok(summary)
}

impl Directory {
    /// How many offers (services at locations) the directory holds.
    pub fn offer_count(&self) -> Result<u64, CoreError> {
        let count: i64 =
            self.conn()
                .query_row("SELECT count(*) FROM service_at_location", [], |r| r.get(0))?;
        Ok(count.unsigned_abs())
    }

    /// One offer by its service_at_location id.
    pub fn offer(&self, id: &str) -> Result<Option<OfferSummary>, CoreError> {
        let row: Option<i64> = self
            .conn()
            .query_row(
                "SELECT row_id FROM service_at_location WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?;
        match row {
            Some(row) => offer_summary(self.conn(), row),
            None => Ok(None),
        }
    }
}
