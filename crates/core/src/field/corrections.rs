//! Publisher side of field corrections: an editor accepts one and the change
//! goes into the directory (and, through the decision, back to the sender's
//! outbox with the next publish), or rejects it.

use std::collections::BTreeSet;

use rusqlite::params;

use super::outbox::Correction;
use super::FieldError;
use crate::directory::hours::OpeningHours;
use crate::directory::model::ServiceStatus;
use crate::storage::correct::FieldChange;
use crate::storage::validate;
use crate::{CoreError, Directory};

fn invalid(field: &'static str, reason: impl Into<String>) -> FieldError {
    FieldError::Core(CoreError::InvalidInput {
        field,
        reason: reason.into(),
    })
}

/// The checked change a correction asks for.
fn change_of<'a>(c: &'a Correction) -> Result<FieldChange<'a>, FieldError> {
    let value = c.new_value.trim();
    Ok(match c.field.as_str() {
        "name" => FieldChange::Service("name", value),
        "description" => FieldChange::Service("description", value),
        "email" => FieldChange::Service("email", value),
        "website" => {
            if !value.starts_with("https://") && !value.starts_with("http://") {
                return Err(invalid("new_value", "a website must start with https://"));
            }
            FieldChange::Service("url", value)
        }
        "street" => FieldChange::Location("street", value),
        "postcode" => FieldChange::Location("postcode", value),
        "city" => FieldChange::Location("city", value),
        "opening_hours" => {
            OpeningHours::parse(value).map_err(|source| CoreError::InvalidHours {
                field: "new_value",
                source,
            })?;
            FieldChange::OpeningHours(value)
        }
        "phone" => FieldChange::Phone(value),
        "languages" => {
            let codes: Vec<&str> = value.split([' ', ',']).filter(|s| !s.is_empty()).collect();
            if let Some(bad) = codes.iter().find(|c| !validate::is_language_code(c)) {
                return Err(invalid(
                    "new_value",
                    format!("`{bad}` is not an ISO 639 code"),
                ));
            }
            // Each code once, sorted (the list is the only copy).
            FieldChange::Languages(
                codes
                    .into_iter()
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect(),
            )
        }
        "status" => FieldChange::Status(ServiceStatus::from_hsds(value).ok_or_else(|| {
            invalid(
                "new_value",
                "status must be active, temporarily closed, inactive or defunct",
            )
        })?),
        _ => FieldChange::Nothing,
    })
}

impl Directory {
    /// Write an accepted correction into the directory and mark the service
    /// verified on `today` (YYYY-MM-DD). `other` changes nothing by itself.
    pub fn apply_correction(&mut self, c: &Correction, today: &str) -> Result<(), FieldError> {
        c.validate()?;
        let change = change_of(c)?;
        if !self.change_offer_field(&c.offer_id, &change, today)? {
            return Err(invalid(
                "offer_id",
                format!("offer `{}` is not in the directory", c.offer_id),
            ));
        }
        Ok(())
    }

    /// Every editor's decision, `(idempotency key, "accepted" | "rejected",
    /// when)`, by key: what the next publish puts in the feed.
    pub(crate) fn editor_decisions(&self) -> Result<Vec<(String, String, String)>, FieldError> {
        let mut stmt = self.conn().prepare(
            "SELECT idempotency_key, decision, decided_at FROM editor_decisions ORDER BY idempotency_key",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Record an editor's decision, published with the next feed.
    pub fn record_decision(
        &mut self,
        key: &str,
        accepted: bool,
        at: &str,
    ) -> Result<(), FieldError> {
        self.conn_mut().execute(
            "INSERT INTO editor_decisions (idempotency_key, decision, decided_at) VALUES (?1, ?2, ?3)
             ON CONFLICT(idempotency_key) DO UPDATE SET decision = ?2, decided_at = ?3",
            params![key, if accepted { "accepted" } else { "rejected" }, at],
        )?;
        Ok(())
    }
}
