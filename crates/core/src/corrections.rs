//! Publisher side of field corrections: an editor accepts one and the change
//! goes into the directory (and, through the decision, back to the sender's
//! outbox with the next publish), or rejects it.

use std::collections::BTreeSet;

use rusqlite::{params, OptionalExtension};

use crate::feed::FeedError;
use crate::hours::OpeningHours;
use crate::model::ServiceStatus;
use crate::outbox::Correction;
use crate::storage::{fts, validate};
use crate::{CoreError, Directory};

fn invalid(field: &'static str, reason: impl Into<String>) -> FeedError {
    FeedError::Core(CoreError::InvalidInput {
        field,
        reason: reason.into(),
    })
}

impl Directory {
    /// Write an accepted correction into the directory and mark the service
    /// verified on `today` (YYYY-MM-DD). `other` changes nothing by itself.
    pub fn apply_correction(&mut self, c: &Correction, today: &str) -> Result<(), FeedError> {
        c.validate()?;
        let tx = self.conn_mut().transaction()?;
        let (offer_row, service_row, location_row): (i64, i64, i64) = tx
            .query_row(
                "SELECT row_id, service_row_id, location_row_id FROM service_at_location WHERE id = ?1",
                [&c.offer_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?
            .ok_or_else(|| invalid("offer_id", format!("offer `{}` is not in the directory", c.offer_id)))?;
        let value = c.new_value.trim();
        let service = |column: &str| format!("UPDATE services SET {column} = ?2 WHERE row_id = ?1");
        let location =
            |column: &str| format!("UPDATE locations SET {column} = ?2 WHERE row_id = ?1");
        match c.field.as_str() {
            "name" => tx.execute(&service("name"), params![service_row, value])?,
            "description" => tx.execute(&service("description"), params![service_row, value])?,
            "email" => tx.execute(&service("email"), params![service_row, value])?,
            "website" => {
                if !value.starts_with("https://") && !value.starts_with("http://") {
                    return Err(invalid("new_value", "a website must start with https://"));
                }
                tx.execute(&service("url"), params![service_row, value])?
            }
            "street" => tx.execute(&location("street"), params![location_row, value])?,
            "postcode" => tx.execute(&location("postcode"), params![location_row, value])?,
            "city" => tx.execute(&location("city"), params![location_row, value])?,
            "opening_hours" => {
                OpeningHours::parse(value).map_err(|source| {
                    FeedError::Core(CoreError::InvalidHours {
                        field: "new_value",
                        source,
                    })
                })?;
                tx.execute(
                    "UPDATE service_at_location SET opening_hours = ?2 WHERE row_id = ?1",
                    params![offer_row, value],
                )?
            }
            "phone" => {
                tx.execute(
                    "INSERT INTO phones (service_row_id, position, number) VALUES (?1, 0, ?2)
                     ON CONFLICT(service_row_id, position) DO UPDATE SET number = ?2",
                    params![service_row, value],
                )?;
                tx.execute(&service("summary_phone"), params![service_row, value])?
            }
            "languages" => {
                let codes: Vec<&str> = value.split([' ', ',']).filter(|s| !s.is_empty()).collect();
                if let Some(bad) = codes.iter().find(|c| !validate::is_language_code(c)) {
                    return Err(invalid(
                        "new_value",
                        format!("`{bad}` is not an ISO 639 code"),
                    ));
                }
                // Each code once, sorted (the list is the only copy).
                let codes: Vec<&str> = codes
                    .into_iter()
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect();
                tx.execute(
                    &service("summary_languages"),
                    params![service_row, codes.join(" ")],
                )?
            }
            "status" => {
                let status = ServiceStatus::from_hsds(value).ok_or_else(|| {
                    invalid(
                        "new_value",
                        "status must be active, temporarily closed, inactive or defunct",
                    )
                })?;
                let categories: String = tx.query_row(
                    "SELECT summary_categories FROM services WHERE row_id = ?1",
                    [service_row],
                    |r| r.get(0),
                )?;
                let ids: Vec<&str> = categories.split(' ').filter(|s| !s.is_empty()).collect();
                tx.execute(
                    "UPDATE services SET status = ?2, category_mask = ?3 WHERE row_id = ?1",
                    params![
                        service_row,
                        status.as_hsds(),
                        crate::storage::write::listed_mask(&ids, status)
                    ],
                )?
            }
            _ => 0,
        };
        tx.execute(&service("last_verified"), params![service_row, today])?;
        let offers: BTreeSet<i64> = tx
            .prepare("SELECT row_id FROM service_at_location WHERE service_row_id = ?1 OR location_row_id = ?2")?
            .query_map(params![service_row, location_row], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        fts::refresh(&tx, &offers)?;
        tx.commit()?;
        Ok(())
    }

    /// Record an editor's decision, published with the next feed.
    pub fn record_decision(
        &mut self,
        key: &str,
        accepted: bool,
        at: &str,
    ) -> Result<(), FeedError> {
        self.conn_mut().execute(
            "INSERT INTO editor_decisions (idempotency_key, decision, decided_at) VALUES (?1, ?2, ?3)
             ON CONFLICT(idempotency_key) DO UPDATE SET decision = ?2, decided_at = ?3",
            params![key, if accepted { "accepted" } else { "rejected" }, at],
        )?;
        Ok(())
    }
}
