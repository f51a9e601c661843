//! The full-text index: one document per offer, combining the service (and
//! its translations), the provider, the address and every label and synonym
//! of its categories in all languages, so "Kita", "كيتا" and "детский сад"
//! all find a Kindertagesstätte.

use std::collections::BTreeSet;

use rusqlite::{params, Connection, OptionalExtension};

use crate::{taxonomy, CoreError};

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
            let categories = category_terms(category_ids.as_deref().unwrap_or_default());
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
    let services: Vec<(i64, String)> = conn
        .prepare("SELECT service_row_id, group_concat(category_id, ' ') FROM service_categories GROUP BY service_row_id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut update = conn.prepare("UPDATE services SET category_mask = ?2 WHERE row_id = ?1")?;
    for (row, ids) in services {
        let ids: Vec<&str> = ids.split(' ').collect();
        update.execute(params![row, super::write::category_mask(&ids)])?;
    }
    conn.execute("DELETE FROM offers_fts", [])?;
    let rows: BTreeSet<i64> = conn
        .prepare("SELECT row_id FROM service_at_location")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    refresh(conn, &rows)
}

fn category_terms(ids: &str) -> String {
    let mut terms = Vec::new();
    for id in ids.split(' ').filter(|s| !s.is_empty()) {
        terms.push(id.to_owned());
        if let Some(c) = taxonomy::category(id) {
            terms.extend(c.search_terms().map(str::to_owned));
        }
    }
    terms.join(" ")
}
