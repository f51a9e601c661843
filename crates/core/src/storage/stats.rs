//! Counting what the directory holds.

use crate::{CoreError, Directory};

/// Sizes of the directory, for `lotse stats` and settings screens.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DirectoryStats {
    pub offers: u64,
    pub services: u64,
    pub organizations: u64,
    pub locations: u64,
    pub demo_offers: u64,
    pub database_bytes: u64,
    /// (category id, offers), most first.
    pub by_category: Vec<(String, u64)>,
    /// (ISO 639 code, offers), most first.
    pub by_language: Vec<(String, u64)>,
}

impl Directory {
    pub fn stats(&self) -> Result<DirectoryStats, CoreError> {
        let conn = self.conn();
        let count = |sql: &str| -> Result<u64, CoreError> {
            let n: i64 = conn.query_row(sql, [], |r| r.get(0))?;
            Ok(n.unsigned_abs())
        };
        let pairs = |sql: &str| -> Result<Vec<(String, u64)>, CoreError> {
            let mut stmt = conn.prepare(sql)?;
            let rows = stmt.query_map([], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?.unsigned_abs()))
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        };
        Ok(DirectoryStats {
            offers: count("SELECT count(*) FROM service_at_location")?,
            services: count("SELECT count(*) FROM services")?,
            organizations: count("SELECT count(*) FROM organizations")?,
            locations: count("SELECT count(*) FROM locations")?,
            demo_offers: count(
                "SELECT count(*) FROM service_at_location sal JOIN services s ON s.row_id = sal.service_row_id WHERE s.is_demo = 1",
            )?,
            database_bytes: count("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()")?,
            by_category: pairs(
                "SELECT sc.category_id, count(*) AS n FROM service_categories sc
                 JOIN service_at_location sal ON sal.service_row_id = sc.service_row_id
                 GROUP BY sc.category_id ORDER BY n DESC, sc.category_id",
            )?,
            by_language: pairs(
                "SELECT sl.code, count(*) AS n FROM service_languages sl
                 JOIN service_at_location sal ON sal.service_row_id = sl.service_row_id
                 GROUP BY sl.code ORDER BY n DESC, sl.code",
            )?,
        })
    }
}
