//! The full-text index: one document per offer, combining the service (and
//! its translations), the provider, the address and its category ids. Words
//! that name a category in any language ("Kita", "كيتا", "детский сад") are
//! matched against the taxonomy in memory at query time (see `search`), so
//! the labels are not repeated in every document.

use std::collections::BTreeSet;

use rusqlite::{params, Connection, OptionalExtension};

use crate::CoreError;

const DOCUMENT_SQL: &str = "
    SELECT s.name || ' ' || coalesce(s.alternate_name, '') || ' ' ||
               coalesce((SELECT group_concat(name, ' ') FROM service_translations WHERE service_row_id = s.row_id), ''),
           s.description || ' ' || coalesce(s.eligibility, '') || ' ' ||
               coalesce((SELECT group_concat(description, ' ') FROM service_translations WHERE service_row_id = s.row_id), ''),
           org.name,
           coalesce(l.name, '') || ' ' || l.street || ' ' || l.postcode || ' ' || l.city,
           (SELECT group_concat(category_id, ' ') FROM service_categories WHERE service_row_id = s.row_id)
    FROM service_at_location sal
    JOIN services s ON s.row_id = sal.service_row_id
    JOIN organizations org ON org.row_id = s.organization_row_id
    JOIN locations l ON l.row_id = sal.location_row_id
    WHERE sal.row_id = ?1";

/// Rewrite the index rows of these offers (removing those that are gone).
pub fn refresh(conn: &Connection, offer_rows: &BTreeSet<i64>) -> Result<(), CoreError> {
    let mut doc = conn.prepare_cached(DOCUMENT_SQL)?;
    let mut delete = conn.prepare_cached("DELETE FROM offers_fts WHERE rowid = ?1")?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO offers_fts (rowid, name, description, provider, address, categories)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for &row in offer_rows {
        delete.execute([row])?;
        let fields = doc
            .query_row([row], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, Option<String>>(4)?,
                ))
            })
            .optional()?;
        if let Some((name, description, provider, address, category_ids)) = fields {
            let categories = category_ids.unwrap_or_default();
            insert.execute(params![
                row,
                name,
                description,
                provider,
                address,
                categories
            ])?;
        }
    }
    Ok(())
}

/// Rebuild the whole index and every category mask (after a migration).
pub fn rebuild_all(conn: &Connection) -> Result<(), CoreError> {
    let services: Vec<(i64, String, String)> = conn
        .prepare(
            "SELECT s.row_id, s.status, group_concat(sc.category_id, ' ') FROM services s
             JOIN service_categories sc ON sc.service_row_id = s.row_id GROUP BY s.row_id",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    let mut update = conn.prepare("UPDATE services SET category_mask = ?2 WHERE row_id = ?1")?;
    for (row, status, ids) in services {
        let ids: Vec<&str> = ids.split(' ').collect();
        let status = crate::model::ServiceStatus::from_hsds(&status).unwrap_or_default();
        update.execute(params![row, super::write::listed_mask(&ids, status)])?;
    }
    conn.execute("DELETE FROM offers_fts", [])?;
    let rows: BTreeSet<i64> = conn
        .prepare("SELECT row_id FROM service_at_location")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    refresh(conn, &rows)
}
