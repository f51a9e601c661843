//! One field of one offer changed in place: the write behind an accepted
//! correction. The caller (`field::corrections`) has checked the value; this
//! writes it, marks the service verified and refreshes the offers' index rows.

use std::collections::BTreeSet;

use rusqlite::{params, OptionalExtension};

use super::{fts, write::listed_mask, Directory};
use crate::directory::model::ServiceStatus;
use crate::CoreError;

/// A checked new value for one field of an offer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FieldChange<'a> {
    /// A column of the service (`name`, `description`, `email`, `url`).
    Service(&'static str, &'a str),
    /// A column of the location (`street`, `postcode`, `city`).
    Location(&'static str, &'a str),
    OpeningHours(&'a str),
    Phone(&'a str),
    /// ISO 639 codes, each once, sorted.
    Languages(Vec<&'a str>),
    Status(ServiceStatus),
    /// Nothing to write; the service is still marked verified.
    Nothing,
}

impl Directory {
    /// Write `change` to the offer `offer_id` and mark its service verified
    /// on `today`, in one transaction. `Ok(false)`: no such offer.
    pub(crate) fn change_offer_field(
        &mut self,
        offer_id: &str,
        change: &FieldChange<'_>,
        today: &str,
    ) -> Result<bool, CoreError> {
        let tx = self.conn_mut().transaction()?;
        let Some((offer_row, service_row, location_row)) = tx
            .query_row(
                "SELECT row_id, service_row_id, location_row_id FROM service_at_location WHERE id = ?1",
                [offer_id],
                |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?)),
            )
            .optional()?
        else {
            return Ok(false);
        };
        let service = |column: &str| format!("UPDATE services SET {column} = ?2 WHERE row_id = ?1");
        match change {
            FieldChange::Service(column, value) => {
                tx.execute(&service(column), params![service_row, value])?
            }
            FieldChange::Location(column, value) => tx.execute(
                &format!("UPDATE locations SET {column} = ?2 WHERE row_id = ?1"),
                params![location_row, value],
            )?,
            FieldChange::OpeningHours(value) => tx.execute(
                "UPDATE service_at_location SET opening_hours = ?2 WHERE row_id = ?1",
                params![offer_row, value],
            )?,
            FieldChange::Phone(value) => {
                tx.execute(
                    "INSERT INTO phones (service_row_id, position, number) VALUES (?1, 0, ?2)
                     ON CONFLICT(service_row_id, position) DO UPDATE SET number = ?2",
                    params![service_row, value],
                )?;
                tx.execute(&service("summary_phone"), params![service_row, value])?
            }
            FieldChange::Languages(codes) => tx.execute(
                &service("summary_languages"),
                params![service_row, codes.join(" ")],
            )?,
            FieldChange::Status(status) => {
                let categories: String = tx.query_row(
                    "SELECT summary_categories FROM services WHERE row_id = ?1",
                    [service_row],
                    |r| r.get(0),
                )?;
                let ids: Vec<&str> = categories.split(' ').filter(|s| !s.is_empty()).collect();
                tx.execute(
                    "UPDATE services SET status = ?2, category_mask = ?3 WHERE row_id = ?1",
                    params![service_row, status.as_hsds(), listed_mask(&ids, *status)],
                )?
            }
            FieldChange::Nothing => 0,
        };
        // An editor accepted a report about the offer: that is a check.
        tx.execute(
            "UPDATE services SET last_verified = ?2, date_basis = 'checked' WHERE row_id = ?1",
            params![service_row, today],
        )?;
        let offers: BTreeSet<i64> = tx
            .prepare("SELECT row_id FROM service_at_location WHERE service_row_id = ?1 OR location_row_id = ?2")?
            .query_map(params![service_row, location_row], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        fts::refresh(&tx, &offers)?;
        tx.commit()?;
        Ok(true)
    }
}
