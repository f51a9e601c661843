//! Counting what the directory holds.

use std::collections::HashMap;

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
        Ok(DirectoryStats {
            offers: count("SELECT count(*) FROM service_at_location")?,
            services: count("SELECT count(*) FROM services")?,
            organizations: count("SELECT count(*) FROM organizations")?,
            locations: count("SELECT count(*) FROM locations")?,
            demo_offers: count(
                "SELECT count(*) FROM service_at_location sal JOIN services s ON s.row_id = sal.service_row_id WHERE s.is_demo = 1",
            )?,
            database_bytes: count("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()")?,
            by_category: counted(self, "summary_categories")?,
            by_language: counted(self, "summary_languages")?,
        })
    }
}

/// Offers per code of a service's space-separated list column, most first
/// (ties by code).
fn counted(db: &Directory, column: &str) -> Result<Vec<(String, u64)>, CoreError> {
    let mut stmt = db.conn().prepare(&format!(
        "SELECT s.{column} FROM service_at_location sal
         JOIN services s ON s.row_id = sal.service_row_id"
    ))?;
    let mut rows = stmt.query([])?;
    let mut counts: HashMap<String, u64> = HashMap::new();
    while let Some(row) = rows.next()? {
        let codes = row.get_ref(0)?.as_str().unwrap_or_default();
        for code in codes.split(' ').filter(|c| !c.is_empty()) {
            match counts.get_mut(code) {
                Some(n) => *n += 1,
                None => {
                    counts.insert(code.to_owned(), 1);
                }
            }
        }
    }
    let mut counts: Vec<(String, u64)> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Ok(counts)
}
