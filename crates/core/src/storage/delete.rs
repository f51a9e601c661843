//! Removing services (a sync deletion) and offers a service no longer has,
//! keeping the search index in step and dropping providers and locations
//! nothing refers to any more.

use std::collections::BTreeSet;

use rusqlite::{params, OptionalExtension, Transaction};

use super::fts;
use crate::CoreError;

/// Delete the service `id` with its offers and child rows; its provider and
/// locations go too if nothing else uses them. Returns whether it existed.
pub(crate) fn delete_service(tx: &Transaction<'_>, id: &str) -> Result<bool, CoreError> {
    let Some((row, org_row)): Option<(i64, i64)> = tx
        .prepare_cached("SELECT row_id, organization_row_id FROM services WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
    else {
        return Ok(false);
    };
    let offers = offers_of(tx, row)?;
    tx.prepare_cached("DELETE FROM services WHERE row_id = ?1")?
        .execute([row])?;
    let rows: BTreeSet<i64> = offers.iter().map(|(r, _, _)| *r).collect();
    fts::refresh(tx, &rows)?;
    drop_orphan_locations(tx, offers.iter().map(|(_, _, l)| *l))?;
    tx.prepare_cached(
        "DELETE FROM organizations WHERE row_id = ?1
         AND NOT EXISTS (SELECT 1 FROM services WHERE organization_row_id = ?1)",
    )?
    .execute([org_row])?;
    Ok(true)
}

/// Delete the offers of service `id` whose ids are not in `keep`.
pub(crate) fn retain_offers(
    tx: &Transaction<'_>,
    service_id: &str,
    keep: &BTreeSet<&str>,
) -> Result<(), CoreError> {
    let Some(row): Option<i64> = tx
        .prepare_cached("SELECT row_id FROM services WHERE id = ?1")?
        .query_row([service_id], |r| r.get(0))
        .optional()?
    else {
        return Ok(());
    };
    let gone: Vec<(i64, String, i64)> = offers_of(tx, row)?
        .into_iter()
        .filter(|(_, id, _)| !keep.contains(id.as_str()))
        .collect();
    if gone.is_empty() {
        return Ok(());
    }
    let mut delete = tx.prepare_cached("DELETE FROM service_at_location WHERE row_id = ?1")?;
    for (offer_row, _, _) in &gone {
        delete.execute([offer_row])?;
    }
    let rows: BTreeSet<i64> = gone.iter().map(|(r, _, _)| *r).collect();
    fts::refresh(tx, &rows)?;
    drop_orphan_locations(tx, gone.iter().map(|(_, _, l)| *l))
}

/// (offer row, offer id, location row) of a service.
fn offers_of(tx: &Transaction<'_>, service_row: i64) -> Result<Vec<(i64, String, i64)>, CoreError> {
    Ok(tx
        .prepare_cached(
            "SELECT row_id, id, location_row_id FROM service_at_location WHERE service_row_id = ?1",
        )?
        .query_map([service_row], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?)
}

fn drop_orphan_locations(
    tx: &Transaction<'_>,
    rows: impl Iterator<Item = i64>,
) -> Result<(), CoreError> {
    let mut stmt = tx.prepare_cached(
        "DELETE FROM locations WHERE row_id = ?1
         AND NOT EXISTS (SELECT 1 FROM service_at_location WHERE location_row_id = ?1)",
    )?;
    for row in rows.collect::<BTreeSet<_>>() {
        stmt.execute(params![row])?;
    }
    Ok(())
}
