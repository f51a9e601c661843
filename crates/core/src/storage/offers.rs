//! Reading and writing offers and their providers.

use geo::Point;
use rusqlite::{params, Row, Transaction};

use super::Directory;
use crate::geodesy::checked_point;
use crate::model::{Address, Offer, Organization};
use crate::{taxonomy, CoreError};

/// The columns [`offer_from_row`] expects, in order, for a query over `offers o`.
pub(crate) const OFFER_COLUMNS: &str = "o.id, org.id, o.name, o.description, o.category_id, \
     o.street, o.postcode, o.city, o.lat, o.lon, o.phone, o.email, o.website, \
     o.source, o.last_verified, o.is_demo";

/// The join every offer query starts from.
pub(crate) const OFFER_FROM: &str =
    "offers o JOIN organizations org ON org.row_id = o.organization_row_id";

pub(crate) fn offer_from_row(row: &Row<'_>) -> rusqlite::Result<Offer> {
    let lat: f64 = row.get(8)?;
    let lon: f64 = row.get(9)?;
    Ok(Offer {
        id: row.get(0)?,
        organization_id: row.get(1)?,
        name: row.get(2)?,
        description: row.get(3)?,
        category_id: row.get(4)?,
        address: Address {
            street: row.get(5)?,
            postcode: row.get(6)?,
            city: row.get(7)?,
        },
        location: Point::new(lon, lat),
        phone: row.get(10)?,
        email: row.get(11)?,
        website: row.get(12)?,
        source: row.get(13)?,
        last_verified: row.get(14)?,
        is_demo: row.get(15)?,
    })
}

fn validate(offer: &Offer) -> Result<(), CoreError> {
    let invalid = |reason: String| CoreError::InvalidOffer {
        offer_id: offer.id.clone(),
        reason,
    };
    if offer.id.trim().is_empty() {
        return Err(invalid("the id is empty".into()));
    }
    if offer.name.trim().is_empty() {
        return Err(invalid("the name is empty".into()));
    }
    if taxonomy::category(&offer.category_id).is_none() {
        return Err(invalid(format!("unknown category `{}`", offer.category_id)));
    }
    checked_point(offer.location.y(), offer.location.x()).map_err(|e| invalid(e.to_string()))?;
    Ok(())
}

impl Directory {
    /// Insert or replace providers and offers in one transaction: either all
    /// of them are stored or none is.
    pub fn upsert(
        &mut self,
        organizations: &[Organization],
        offers: &[Offer],
    ) -> Result<(), CoreError> {
        for offer in offers {
            validate(offer)?;
        }
        let tx = self.conn_mut().transaction()?;
        for org in organizations {
            tx.execute(
                "INSERT INTO organizations (id, name) VALUES (?1, ?2)
                 ON CONFLICT(id) DO UPDATE SET name = excluded.name",
                params![org.id, org.name],
            )?;
        }
        for offer in offers {
            upsert_offer(&tx, offer)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// How many offers the directory holds.
    pub fn offer_count(&self) -> Result<u64, CoreError> {
        let count: i64 = self
            .conn()
            .query_row("SELECT count(*) FROM offers", [], |r| r.get(0))?;
        Ok(count.unsigned_abs())
    }

    /// One offer by id.
    pub fn offer(&self, id: &str) -> Result<Option<Offer>, CoreError> {
        let sql = format!("SELECT {OFFER_COLUMNS} FROM {OFFER_FROM} WHERE o.id = ?1");
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let mut rows = stmt.query_map([id], offer_from_row)?;
        Ok(rows.next().transpose()?)
    }
}

fn upsert_offer(tx: &Transaction<'_>, offer: &Offer) -> Result<(), CoreError> {
    let org_row: Option<i64> = tx
        .query_row(
            "SELECT row_id FROM organizations WHERE id = ?1",
            [&offer.organization_id],
            |r| r.get(0),
        )
        .map(Some)
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Ok(None),
            other => Err(other),
        })?;
    let org_row = org_row.ok_or_else(|| CoreError::InvalidOffer {
        offer_id: offer.id.clone(),
        reason: format!("unknown organization `{}`", offer.organization_id),
    })?;
    tx.execute(
        "INSERT INTO offers (id, organization_row_id, name, description, category_id, street,
             postcode, city, lat, lon, phone, email, website, source, last_verified, is_demo)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
         ON CONFLICT(id) DO UPDATE SET
             organization_row_id = excluded.organization_row_id, name = excluded.name,
             description = excluded.description, category_id = excluded.category_id,
             street = excluded.street, postcode = excluded.postcode, city = excluded.city,
             lat = excluded.lat, lon = excluded.lon, phone = excluded.phone,
             email = excluded.email, website = excluded.website, source = excluded.source,
             last_verified = excluded.last_verified, is_demo = excluded.is_demo",
        params![
            offer.id,
            org_row,
            offer.name,
            offer.description,
            offer.category_id,
            offer.address.street,
            offer.address.postcode,
            offer.address.city,
            offer.location.y(),
            offer.location.x(),
            offer.phone,
            offer.email,
            offer.website,
            offer.source,
            offer.last_verified,
            offer.is_demo,
        ],
    )?;
    Ok(())
}
