//! The suggestions store (SQLite): bearer tokens, stored hashed, and the
//! corrections received, each once per (token, idempotency key), at most
//! as many per token as its `Quota` allows (see `quota`).

use std::path::Path;
use std::sync::Mutex;

use lotse_core::clock::timestamp;
use lotse_core::feed::{hex, sha256_hex};
use lotse_core::outbox::{Correction, SuggestionUpload};
use lotse_core::sync::SystemClock;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use rusqlite_migration::{Migrations, M};
use serde::Serialize;

use crate::quota;
use crate::Quota;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("suggestions database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("suggestions database migration: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("no randomness for a token: {0}")]
    Random(getrandom::Error),
    #[error("suggestion {0} does not exist")]
    NotFound(i64),
    #[error("suggestion {id} was already {status}")]
    AlreadyDecided { id: i64, status: String },
    #[error("no active token with the id or name {0:?}")]
    NoActiveToken(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredSuggestion {
    pub id: i64,
    pub sender: String,
    pub idempotency_key: String,
    #[serde(flatten)]
    pub correction: Correction,
    pub created_at: String,
    pub received_at: String,
    pub status: String,
    pub decided_at: Option<String>,
}

/// Whether an upload was new, a retry of one already stored, or over the
/// token's quota (and not stored).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stored {
    New(i64),
    Again(i64),
    Limited { retry_after_secs: u64 },
}

/// What a request of a known token may do, decided before its body is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admission {
    /// The idempotency key is already stored as this suggestion.
    Known(i64),
    /// The token is over its quota for this long.
    Limited { retry_after_secs: u64 },
    /// A new suggestion may be stored.
    Open,
}

pub struct SuggestionStore {
    conn: Mutex<Connection>,
}

fn hash(token: &str) -> String {
    sha256_hex(token.as_bytes())
}

fn now() -> String {
    timestamp(&SystemClock)
}

/// The suggestion already stored for (token, idempotency key), if any.
fn stored_id(conn: &Connection, token_row: i64, key: &str) -> rusqlite::Result<Option<i64>> {
    conn.query_row(
        "SELECT row_id FROM suggestions WHERE token_row_id = ?1 AND idempotency_key = ?2",
        params![token_row, key],
        |r| r.get(0),
    )
    .optional()
}

const SUGGESTION_SQL: &str = "SELECT s.row_id, t.name, s.idempotency_key, s.offer_id, s.field,
    s.old_value, s.new_value, s.comment, s.created_at, s.received_at, s.status, s.decided_at
    FROM suggestions s JOIN tokens t ON t.row_id = s.token_row_id";

fn suggestion(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredSuggestion> {
    Ok(StoredSuggestion {
        id: r.get(0)?,
        sender: r.get(1)?,
        idempotency_key: r.get(2)?,
        correction: Correction::from_row(r, 3)?,
        created_at: r.get(8)?,
        received_at: r.get(9)?,
        status: r.get(10)?,
        decided_at: r.get(11)?,
    })
}

impl SuggestionStore {
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let mut conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        Migrations::new(vec![
            M::up(include_str!("store_v1.sql")),
            M::up(include_str!("store_v2.sql")),
        ])
        .to_latest(&mut conn)?;
        Ok(Self {
            conn: Mutex::new(conn),
        })
    }

    fn conn(&self) -> std::sync::MutexGuard<'_, Connection> {
        // A panic while holding the lock leaves SQLite consistent (transactions roll back).
        self.conn
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Issue a token for `name`; the token is returned once and stored hashed.
    pub fn issue_token(&self, name: &str) -> Result<String, StoreError> {
        Ok(self.issue(name)?.1)
    }

    /// Issue a token for `name`: its id (for `revoke`) and the token.
    pub fn issue(&self, name: &str) -> Result<(i64, String), StoreError> {
        let mut bytes = [0u8; 24];
        getrandom::fill(&mut bytes).map_err(StoreError::Random)?;
        let token = hex(&bytes);
        let conn = self.conn();
        conn.execute(
            "INSERT INTO tokens (name, token_sha256, created_at) VALUES (?1, ?2, ?3)",
            params![name, hash(&token), now()],
        )?;
        Ok((conn.last_insert_rowid(), token))
    }

    /// Revoke the token with the id `who` (a number) or every active token
    /// named `who`; returns how many were revoked. The server refuses a
    /// revoked token from its next request on.
    pub fn revoke(&self, who: &str) -> Result<usize, StoreError> {
        let conn = self.conn();
        let revoked = match who.parse::<i64>() {
            Ok(id) => conn.execute(
                "UPDATE tokens SET revoked = 1 WHERE row_id = ?1 AND revoked = 0",
                [id],
            )?,
            Err(_) => conn.execute(
                "UPDATE tokens SET revoked = 1 WHERE name = ?1 AND revoked = 0",
                [who],
            )?,
        };
        if revoked == 0 {
            return Err(StoreError::NoActiveToken(who.to_owned()));
        }
        Ok(revoked)
    }

    /// The token's row, if it is known and not revoked.
    pub fn authenticate(&self, token: &str) -> Result<Option<i64>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                "SELECT row_id FROM tokens WHERE token_sha256 = ?1 AND revoked = 0",
                [hash(token)],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Whether the token may send a suggestion with this idempotency key:
    /// checked before the request's body is read (`insert` checks again).
    pub fn admission(
        &self,
        token_row: i64,
        key: &str,
        quota: &Quota,
    ) -> Result<Admission, StoreError> {
        let conn = self.conn();
        if let Some(id) = stored_id(&conn, token_row, key)? {
            return Ok(Admission::Known(id));
        }
        Ok(
            match quota::retry_after(&conn, token_row, quota, chrono::Utc::now())? {
                Some(retry_after_secs) => Admission::Limited { retry_after_secs },
                None => Admission::Open,
            },
        )
    }

    /// Store the upload once per (token, key), within the token's quota.
    pub fn insert(
        &self,
        token_row: i64,
        key: &str,
        upload: &SuggestionUpload,
        quota: &Quota,
    ) -> Result<Stored, StoreError> {
        let mut conn = self.conn();
        // IMMEDIATE takes the write lock before counting, so two instances
        // sharing the database cannot both take a token's last slot.
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        if let Some(id) = stored_id(&tx, token_row, key)? {
            return Ok(Stored::Again(id));
        }
        let received = chrono::Utc::now();
        if let Some(retry_after_secs) = quota::retry_after(&tx, token_row, quota, received)? {
            return Ok(Stored::Limited { retry_after_secs });
        }
        let c = &upload.correction;
        tx.execute(
            "INSERT INTO suggestions (token_row_id, idempotency_key, offer_id, field, old_value, new_value,
                 comment, created_at, received_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![token_row, key, c.offer_id, c.field, c.old_value, c.new_value, c.comment, upload.created_at, quota::stamp(received)],
        )?;
        let id = tx.last_insert_rowid();
        tx.commit()?;
        Ok(Stored::New(id))
    }

    pub fn list(&self, status: Option<&str>) -> Result<Vec<StoredSuggestion>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare(&format!(
            "{SUGGESTION_SQL} WHERE ?1 IS NULL OR s.status = ?1 ORDER BY s.row_id"
        ))?;
        let rows = stmt.query_map([status], suggestion)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn get(&self, id: i64) -> Result<StoredSuggestion, StoreError> {
        self.conn()
            .query_row(
                &format!("{SUGGESTION_SQL} WHERE s.row_id = ?1"),
                [id],
                suggestion,
            )
            .optional()?
            .ok_or(StoreError::NotFound(id))
    }

    /// Mark a pending suggestion accepted or rejected.
    pub fn decide(&self, id: i64, accepted: bool) -> Result<String, StoreError> {
        let current = self.get(id)?;
        if current.status != "pending" {
            return Err(StoreError::AlreadyDecided {
                id,
                status: current.status,
            });
        }
        let at = now();
        self.conn().execute(
            "UPDATE suggestions SET status = ?2, decided_at = ?3 WHERE row_id = ?1",
            params![id, if accepted { "accepted" } else { "rejected" }, at],
        )?;
        Ok(at)
    }
}
