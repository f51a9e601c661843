//! Reading offers back: a compact summary for lists and maps.

use geo::Point;
use rusqlite::{Connection, OptionalExtension};

use crate::directory::model::{Address, DateBasis, GeoPrecision, ServiceStatus};
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
    pub date_basis: DateBasis,
    pub is_demo: bool,
    /// The name in the language the read asked for, if the directory has
    /// a translation (read with the summary, in the same statement).
    pub name_in_lang: Option<String>,
}

/// The summary statement up to its `WHERE`; `lang` is the parameter
/// holding the language tag of the translated name (NULL for none).
fn summary_sql(lang: &str, filter: &str) -> String {
    format!(
        "SELECT sal.id, s.id, s.name, org.name, l.street, l.postcode, l.city, l.state, l.lat, l.lon,
           l.geo_precision, s.status, sal.opening_hours, s.fees_free, s.source, s.last_verified,
           s.is_demo, s.url, s.email, s.summary_categories, s.summary_phone, s.summary_languages,
           l.summary_languages, s.summary_target_groups, sal.row_id, t.name, s.date_basis
    FROM service_at_location sal
    JOIN services s ON s.row_id = sal.service_row_id
    JOIN organizations org ON org.row_id = s.organization_row_id
    JOIN locations l ON l.row_id = sal.location_row_id
    LEFT JOIN service_translations t ON t.service_row_id = s.row_id AND t.lang = {lang}
    WHERE {filter}"
    )
}

/// The `date_basis` column; a value this binary does not know reads as unknown.
pub(crate) fn date_basis(value: rusqlite::types::ValueRef<'_>) -> DateBasis {
    value
        .as_str()
        .ok()
        .and_then(DateBasis::parse)
        .unwrap_or(DateBasis::Unknown)
}

/// How many offers one statement of [`offer_summaries`] loads at most.
pub(crate) const SUMMARY_CHUNK: usize = 16;

fn words(value: Option<String>) -> Vec<String> {
    value
        .unwrap_or_default()
        .split(' ')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The summary of one offer, with its name in `lang_tag` if given and
/// translated.
pub(crate) fn offer_summary(
    conn: &Connection,
    offer_row: i64,
    lang_tag: Option<&str>,
) -> Result<Option<OfferSummary>, CoreError> {
    static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let sql = SQL.get_or_init(|| summary_sql("?2", "sal.row_id = ?1"));
    let mut stmt = conn.prepare_cached(sql)?;
    Ok(stmt
        .query_row(rusqlite::params![offer_row, lang_tag], summary)
        .optional()?)
}

/// The summaries of up to [`SUMMARY_CHUNK`] offers with one statement, in
/// the order of `offer_rows`, each with its name in `lang_tag` if given and
/// translated; offers that do not exist are left out.
pub(crate) fn offer_summaries(
    conn: &Connection,
    offer_rows: &[i64],
    lang_tag: Option<&str>,
) -> Result<Vec<(i64, OfferSummary)>, CoreError> {
    static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let sql = SQL.get_or_init(|| {
        let marks: Vec<String> = (1..=SUMMARY_CHUNK).map(|i| format!("?{i}")).collect();
        let lang = format!("?{}", SUMMARY_CHUNK + 1);
        summary_sql(&lang, &format!("sal.row_id IN ({})", marks.join(", ")))
    });
    let mut out = Vec::with_capacity(offer_rows.len());
    let mut stmt = conn.prepare_cached(sql)?;
    for chunk in offer_rows.chunks(SUMMARY_CHUNK) {
        // Unused places stay NULL, which matches no row.
        let mut values = [None; SUMMARY_CHUNK];
        for (value, row) in values.iter_mut().zip(chunk) {
            *value = Some(*row);
        }
        let params = values
            .iter()
            .map(|v| v as &dyn rusqlite::ToSql)
            .chain(std::iter::once(&lang_tag as &dyn rusqlite::ToSql));
        let mut rows = stmt.query(rusqlite::params_from_iter(params))?;
        let start = out.len();
        while let Some(r) = rows.next()? {
            out.push((r.get(24)?, summary(r)?));
        }
        out[start..].sort_by_key(|(row, _)| chunk.iter().position(|r| r == row));
    }
    Ok(out)
}

/// The four address columns (street, postcode, city, state) from `first` on.
pub(super) fn address(r: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<Address> {
    Ok(Address {
        street: r.get(first)?,
        postcode: r.get(first + 1)?,
        city: r.get(first + 2)?,
        state: r.get(first + 3)?,
    })
}

fn summary(r: &rusqlite::Row<'_>) -> rusqlite::Result<OfferSummary> {
    let lat: f64 = r.get(8)?;
    let lon: f64 = r.get(9)?;
    // Stored as their canonical strings (CHECK constraints): read in place.
    let precision = r.get_ref(10)?.as_str().unwrap_or_default();
    let precision = GeoPrecision::parse(precision).unwrap_or_default();
    let status = match r.get_ref(11)?.as_str().unwrap_or_default() {
        "active" => ServiceStatus::Active,
        other => ServiceStatus::from_hsds(other).unwrap_or_default(),
    };
    Ok(OfferSummary {
        id: r.get(0)?,
        service_id: r.get(1)?,
        name: r.get(2)?,
        provider: r.get(3)?,
        address: address(r, 4)?,
        point: Point::new(lon, lat),
        precision,
        status,
        opening_hours: r.get(12)?,
        free: r.get(13)?,
        source: r.get(14)?,
        last_verified: r.get(15)?,
        date_basis: date_basis(r.get_ref(26)?),
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
        name_in_lang: r.get(25)?,
    })
}

impl Directory {
    /// How many offers (services at locations) the directory holds.
    pub fn offer_count(&self) -> Result<u64, CoreError> {
        let count: i64 =
            self.conn()
                .query_row("SELECT count(*) FROM service_at_location", [], |r| r.get(0))?;
        Ok(count.unsigned_abs())
    }

    /// How many offers are fictional demo entries.
    pub fn demo_offer_count(&self) -> Result<u64, CoreError> {
        let count: i64 = self.conn().query_row(
            "SELECT count(*) FROM service_at_location sal
             JOIN services s ON s.row_id = sal.service_row_id WHERE s.is_demo = 1",
            [],
            |r| r.get(0),
        )?;
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
            Some(row) => offer_summary(self.conn(), row, None),
            None => Ok(None),
        }
    }
}

/// The ids of every stored service.
pub(crate) fn service_ids(
    conn: &Connection,
) -> Result<std::collections::HashSet<String>, CoreError> {
    let mut stmt = conn.prepare("SELECT id FROM services")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The ids of the demo directory's services still stored.
pub(crate) fn demo_service_ids(conn: &Connection) -> Result<Vec<String>, CoreError> {
    let mut stmt = conn.prepare_cached("SELECT id FROM services WHERE is_demo = 1")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}
