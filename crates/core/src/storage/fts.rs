//! The full-text index: one document per offer, combining the service (and
//! its translations), the provider, the address and its category ids. Words
//! that name a category in any language ("Kita", "كيتا", "детский сад") are
//! matched against the taxonomy in memory at query time (see `search`), so
//! the labels are not repeated in every document.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::{params, Connection, OptionalExtension};

use super::LARGE_WRITE_ROWS;
use crate::directory::model::{Location, Service, Translation};
use crate::CoreError;

const DOCUMENT_SQL: &str = "
    SELECT s.name || ' ' || coalesce(s.alternate_name, '') || ' ' ||
               coalesce((SELECT group_concat(name, ' ') FROM service_translations WHERE service_row_id = s.row_id), ''),
           s.description || ' ' || coalesce(s.eligibility, '') || ' ' ||
               coalesce((SELECT group_concat(description, ' ') FROM service_translations WHERE service_row_id = s.row_id), ''),
           org.name,
           coalesce(l.name, '') || ' ' || l.street || ' ' || l.postcode || ' ' || l.city,
           s.summary_categories
    FROM service_at_location sal
    JOIN services s ON s.row_id = sal.service_row_id
    JOIN organizations org ON org.row_id = s.organization_row_id
    JOIN locations l ON l.row_id = sal.location_row_id
    WHERE sal.row_id = ?1";

/// One offer's index row, as [`DOCUMENT_SQL`] reads it from the tables.
/// Its buffers are reused from one offer to the next.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    pub name: String,
    pub description: String,
    pub provider: String,
    pub address: String,
    pub categories: String,
}

impl Document {
    /// The document of `service` at `location` by `provider`, exactly as
    /// [`DOCUMENT_SQL`] builds it once they are stored: translations in `lang`
    /// order (the last of a repeated language wins), category ids distinct in
    /// their given order (as the summary column keeps them), missing
    /// translated descriptions skipped.
    pub fn fill(&mut self, service: &Service, provider: &str, location: &Location) {
        let translations: BTreeMap<&str, &Translation> = service
            .translations
            .iter()
            .map(|t| (t.lang.as_str(), t))
            .collect();
        let names = translations.values().map(|t| t.name.as_str());
        let descriptions = translations
            .values()
            .filter_map(|t| t.description.as_deref());
        spaced(
            &mut self.name,
            [
                service.name.as_str(),
                service.alternate_name.as_deref().unwrap_or_default(),
            ],
            names,
        );
        spaced(
            &mut self.description,
            [
                service.description.as_str(),
                service.eligibility.as_deref().unwrap_or_default(),
            ],
            descriptions,
        );
        self.provider.clear();
        self.provider.push_str(provider);
        let address = &location.address;
        spaced(
            &mut self.address,
            [
                location.name.as_deref().unwrap_or_default(),
                address.street.as_str(),
                address.postcode.as_str(),
            ],
            std::iter::once(address.city.as_str()),
        );
        self.categories.clear();
        for (i, c) in service.categories.iter().enumerate() {
            if service.categories[..i].contains(c) {
                continue;
            }
            if !self.categories.is_empty() {
                self.categories.push(' ');
            }
            self.categories.push_str(c);
        }
    }

    /// The document of a stored offer, `None` if there is no such offer.
    fn read(conn: &Connection, row: i64) -> Result<Option<Self>, CoreError> {
        Ok(conn
            .prepare_cached(DOCUMENT_SQL)?
            .query_row([row], |r| {
                Ok(Self {
                    name: r.get(0)?,
                    description: r.get(1)?,
                    provider: r.get(2)?,
                    address: r.get(3)?,
                    categories: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
                })
            })
            .optional()?)
    }
}

/// `fixed` each followed by a space, then `rest` separated by spaces, in
/// `buffer`: what SQL's `a || ' ' || b || ' ' || group_concat(c, ' ')` gives.
fn spaced<'a>(
    buffer: &mut String,
    fixed: impl IntoIterator<Item = &'a str>,
    rest: impl Iterator<Item = &'a str>,
) {
    buffer.clear();
    for part in fixed {
        buffer.push_str(part);
        buffer.push(' ');
    }
    for (i, part) in rest.enumerate() {
        if i > 0 {
            buffer.push(' ');
        }
        buffer.push_str(part);
    }
}

/// One offer's index row.
pub(super) const INSERT_SQL: &str =
    "INSERT INTO offers_fts (rowid, name, description, provider, address, categories)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

/// Pending bytes before a flush during a large write.
pub(super) const LARGE_WRITE_HASH_BYTES: i64 = 64 << 20;

/// Rewrite the index rows of these offers (removing those that are gone).
pub fn refresh(conn: &Connection, offer_rows: &BTreeSet<i64>) -> Result<(), CoreError> {
    let rows: Vec<i64> = offer_rows.iter().copied().collect();
    refresh_with(conn, &rows, |_, _| false)
}

/// [`refresh`] of `offer_rows` (ascending, each once), taking each offer's
/// document from `known` where it has one (`known` fills it in and returns
/// true; it must equal what [`DOCUMENT_SQL`] reads) and from the tables
/// otherwise.
pub fn refresh_with(
    conn: &Connection,
    offer_rows: &[i64],
    mut known: impl FnMut(i64, &mut Document) -> bool,
) -> Result<(), CoreError> {
    // Rows above the highest indexed one have nothing to delete.
    let highest: Option<i64> = conn
        .query_row(
            "SELECT rowid FROM offers_fts ORDER BY rowid DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?;
    let bulk = BulkWrite::begin(conn, offer_rows.len())?;
    let mut delete = conn.prepare_cached("DELETE FROM offers_fts WHERE rowid = ?1")?;
    let mut insert = conn.prepare_cached(INSERT_SQL)?;
    let mut buffer = Document::default();
    for &row in offer_rows {
        if highest.is_some_and(|highest| row <= highest) {
            delete.execute([row])?;
        }
        let stored;
        let document = if known(row, &mut buffer) {
            Some(&buffer)
        } else {
            stored = Document::read(conn, row)?;
            stored.as_ref()
        };
        if let Some(d) = document {
            insert.execute(params![
                row,
                d.name,
                d.description,
                d.provider,
                d.address,
                d.categories
            ])?;
        }
    }
    bulk.end(conn)
}

/// FTS5 collects new index rows in memory and writes them out as a segment
/// whenever `hashsize` bytes are pending (1 MiB by default); segments are then
/// merged again and again while a large batch goes in. For a large write the
/// limit is raised, so far fewer and larger segments are written, and put
/// back afterwards (it is stored in the index's config table).
struct BulkWrite {
    restore: Option<i64>,
}

impl BulkWrite {
    /// FTS5's default `hashsize`.
    const DEFAULT_HASH_BYTES: i64 = 1 << 20;

    fn begin(conn: &Connection, rows: usize) -> Result<Self, CoreError> {
        if rows < LARGE_WRITE_ROWS {
            return Ok(Self { restore: None });
        }
        let stored: Option<i64> = conn
            .query_row(
                "SELECT v FROM offers_fts_config WHERE k = 'hashsize'",
                [],
                |r| r.get(0),
            )
            .optional()?;
        set_hashsize(conn, LARGE_WRITE_HASH_BYTES)?;
        Ok(Self {
            restore: Some(stored.unwrap_or(Self::DEFAULT_HASH_BYTES)),
        })
    }

    fn end(self, conn: &Connection) -> Result<(), CoreError> {
        match self.restore {
            Some(bytes) => set_hashsize(conn, bytes),
            None => Ok(()),
        }
    }
}

pub(super) fn set_hashsize(conn: &Connection, bytes: i64) -> Result<(), CoreError> {
    conn.execute(
        "INSERT INTO offers_fts (offers_fts, rank) VALUES ('hashsize', ?1)",
        [bytes],
    )?;
    Ok(())
}

/// Rebuild the whole index and every category mask (after a migration).
pub fn rebuild_all(conn: &Connection) -> Result<(), CoreError> {
    let services: Vec<(i64, String, String)> = conn
        .prepare("SELECT row_id, status, summary_categories FROM services")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    let mut update = conn.prepare("UPDATE services SET category_mask = ?2 WHERE row_id = ?1")?;
    for (row, status, ids) in services {
        let ids: Vec<&str> = ids.split(' ').collect();
        let status = crate::directory::model::ServiceStatus::from_hsds(&status).unwrap_or_default();
        update.execute(params![row, super::write::listed_mask(&ids, status)])?;
    }
    conn.execute(
        "INSERT INTO offers_fts (offers_fts) VALUES ('delete-all')",
        [],
    )?;
    let rows: BTreeSet<i64> = conn
        .prepare("SELECT row_id FROM service_at_location")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    refresh(conn, &rows)
}
