//! The corrections outbox: a Lotse proposes a change to an offer (a field,
//! the old and the new value, a comment); it is stored at once and sent in
//! order when online, each with its idempotency key, so a retried upload is
//! stored once. Editors' decisions come back through the feed.

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::FieldError;
use crate::clock::{timestamp, Clock};
use crate::Directory;

/// Fields a correction may name.
pub const CORRECTABLE_FIELDS: &[&str] = &lotse_contract::REPORT_FIELDS;

/// Longest accepted value or comment, in characters.
pub const MAX_TEXT_CHARS: usize = 2000;

/// The server's endpoint, relative to its root.
pub const SUGGESTIONS_PATH: &str = "api/v1/suggestions";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Correction {
    pub offer_id: String,
    pub field: String,
    /// What the offer shows now; read from the directory when not given.
    pub old_value: Option<String>,
    pub new_value: String,
    #[serde(default)]
    pub comment: String,
}

impl Correction {
    /// A correction from a row whose columns `first..first + 5` are
    /// `offer_id, field, old_value, new_value, comment`, in this order (the
    /// outbox here, the server's suggestions).
    pub fn from_row(r: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<Self> {
        Ok(Self {
            offer_id: r.get(first)?,
            field: r.get(first + 1)?,
            old_value: r.get(first + 2)?,
            new_value: r.get(first + 3)?,
            comment: r.get(first + 4)?,
        })
    }

    pub fn validate(&self) -> Result<(), FieldError> {
        let bad = FieldError::InvalidReport;
        if self.offer_id.trim().is_empty() {
            return Err(bad("`offer_id` is empty".into()));
        }
        if !CORRECTABLE_FIELDS.contains(&self.field.as_str()) {
            return Err(bad(format!(
                "`field` is `{}`; it must be one of {}",
                self.field,
                CORRECTABLE_FIELDS.join(", ")
            )));
        }
        if self.new_value.trim().is_empty() && self.field != "other" {
            return Err(bad("`new_value` is empty".into()));
        }
        for (name, text) in [("new_value", &self.new_value), ("comment", &self.comment)] {
            if text.chars().count() > MAX_TEXT_CHARS {
                return Err(bad(format!(
                    "`{name}` is longer than {MAX_TEXT_CHARS} characters"
                )));
            }
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutboxState {
    Queued,
    Sent,
    Accepted,
    Rejected,
    Withdrawn,
}

impl OutboxState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Sent => "sent",
            Self::Accepted => "accepted",
            Self::Rejected => "rejected",
            Self::Withdrawn => "withdrawn",
        }
    }

    fn parse(s: &str) -> Self {
        match s {
            "sent" => Self::Sent,
            "accepted" => Self::Accepted,
            "rejected" => Self::Rejected,
            "withdrawn" => Self::Withdrawn,
            _ => Self::Queued,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutboxItem {
    pub id: i64,
    pub idempotency_key: String,
    #[serde(flatten)]
    pub correction: Correction,
    pub created_at: String,
    pub state: OutboxState,
    pub sent_at: Option<String>,
    pub attempts: u32,
    pub last_error: Option<String>,
}

/// The JSON body sent to the server.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SuggestionUpload {
    #[serde(flatten)]
    pub correction: Correction,
    pub created_at: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SendReport {
    pub sent: u32,
    pub still_queued: u32,
    /// Why sending stopped early, if it did.
    pub error: Option<String>,
}

fn random_key() -> Result<String, FieldError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(FieldError::Random)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

impl Directory {
    /// Store a correction in the outbox, to be sent later.
    pub fn queue_correction(
        &mut self,
        mut correction: Correction,
        clock: &dyn Clock,
    ) -> Result<OutboxItem, FieldError> {
        correction.validate()?;
        let offer = self
            .offer(&correction.offer_id)?
            .ok_or_else(|| FieldError::UnknownOffer(correction.offer_id.clone()))?;
        if correction.old_value.is_none() {
            correction.old_value = match correction.field.as_str() {
                "name" => Some(offer.name.clone()),
                "phone" => offer.phone.clone(),
                "email" => offer.email.clone(),
                "website" => offer.url.clone(),
                "street" => Some(offer.address.street.clone()),
                "postcode" => Some(offer.address.postcode.clone()),
                "city" => Some(offer.address.city.clone()),
                "opening_hours" => offer.opening_hours.clone(),
                "languages" => Some(offer.languages.join(" ")),
                "status" => Some(offer.status.as_hsds().to_owned()),
                _ => None,
            };
        }
        let key = random_key()?;
        let c = &correction;
        self.conn().execute(
            "INSERT INTO outbox (idempotency_key, offer_id, field, old_value, new_value, comment, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![key, c.offer_id, c.field, c.old_value, c.new_value, c.comment, timestamp(clock)],
        )?;
        let id = self.conn().last_insert_rowid();
        self.outbox_item(id)?.ok_or(FieldError::Vanished(id))
    }

    pub fn outbox(&self) -> Result<Vec<OutboxItem>, FieldError> {
        let mut stmt = self
            .conn()
            .prepare(&format!("{ITEM_SQL} ORDER BY row_id"))?;
        let rows = stmt.query_map([], item)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn outbox_item(&self, id: i64) -> Result<Option<OutboxItem>, FieldError> {
        Ok(self
            .conn()
            .query_row(&format!("{ITEM_SQL} WHERE row_id = ?1"), [id], item)
            .optional()?)
    }

    /// Withdraw a correction that has not been sent yet.
    pub fn withdraw_correction(&mut self, id: i64) -> Result<(), FieldError> {
        let changed = self.conn().execute(
            "UPDATE outbox SET state = 'withdrawn' WHERE row_id = ?1 AND state = 'queued'",
            [id],
        )?;
        if changed == 0 {
            return Err(FieldError::NotQueued(id));
        }
        Ok(())
    }

    /// Queued items, oldest first: what the next send takes.
    pub fn queued_reports(&self) -> Result<Vec<OutboxItem>, FieldError> {
        let mut stmt = self.conn().prepare(&format!(
            "{ITEM_SQL} WHERE state = 'queued' ORDER BY row_id"
        ))?;
        let rows = stmt.query_map([], item)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Reports waiting to be sent.
    pub fn queued_report_count(&self) -> Result<u64, FieldError> {
        let n: i64 = self.conn().query_row(
            "SELECT count(*) FROM outbox WHERE state = 'queued'",
            [],
            |r| r.get(0),
        )?;
        Ok(n.unsigned_abs())
    }

    /// Reports sent and still waiting for an editor's decision.
    pub(crate) fn awaiting_decision_count(&self) -> Result<u64, FieldError> {
        let n: i64 = self.conn().query_row(
            "SELECT count(*) FROM outbox WHERE state = 'sent'",
            [],
            |r| r.get(0),
        )?;
        Ok(n.unsigned_abs())
    }

    /// Record the outcome of one upload: sent at `sent_at`, or still queued
    /// with `error` (kept for the person who looks at the queue later).
    pub(crate) fn record_send_attempt(
        &mut self,
        id: i64,
        outcome: Result<&str, &str>,
    ) -> Result<(), FieldError> {
        match outcome {
            Ok(sent_at) => self.conn().execute(
                "UPDATE outbox SET state = 'sent', sent_at = ?2, attempts = attempts + 1,
                     last_error = NULL WHERE row_id = ?1",
                params![id, sent_at],
            )?,
            Err(error) => self.conn().execute(
                "UPDATE outbox SET attempts = attempts + 1, last_error = ?2 WHERE row_id = ?1",
                params![id, error],
            )?,
        };
        Ok(())
    }

    /// Editors' decisions, `(idempotency key, "accepted" | "rejected")`,
    /// applied to sent items in one transaction; returns how many changed.
    pub(crate) fn apply_decisions<'a>(
        &mut self,
        decisions: impl Iterator<Item = (&'a str, &'a str)>,
    ) -> Result<u64, FieldError> {
        let tx = self.conn_mut().transaction()?;
        let mut changed = 0;
        {
            let mut update = tx.prepare(
                "UPDATE outbox SET state = ?2 WHERE idempotency_key = ?1 AND state = 'sent'",
            )?;
            for (key, decision) in decisions {
                if decision == "accepted" || decision == "rejected" {
                    changed += update.execute([key, decision])? as u64;
                }
            }
        }
        tx.commit()?;
        Ok(changed)
    }
}

const ITEM_SQL: &str =
    "SELECT row_id, idempotency_key, offer_id, field, old_value, new_value, comment,
    created_at, state, sent_at, attempts, last_error FROM outbox";

fn item(r: &rusqlite::Row<'_>) -> rusqlite::Result<OutboxItem> {
    Ok(OutboxItem {
        id: r.get(0)?,
        idempotency_key: r.get(1)?,
        correction: Correction::from_row(r, 2)?,
        created_at: r.get(7)?,
        state: OutboxState::parse(&r.get::<_, String>(8)?),
        sent_at: r.get(9)?,
        attempts: r.get(10)?,
        last_error: r.get(11)?,
    })
}
