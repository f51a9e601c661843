//! The suggestions store (SQLite): bearer tokens, stored hashed, and the
//! corrections received, each once per (token, idempotency key).

use std::path::Path;
use std::sync::Mutex;

use lotse_core::clock::timestamp;
use lotse_core::feed::{hex, sha256_hex};
use lotse_core::outbox::{Correction, SuggestionUpload};
use lotse_core::sync::SystemClock;
use rusqlite::{params, Connection, OptionalExtension};
use rusqlite_migration::{Migrations, M};
use serde::Serialize;

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

/// Whether an upload was new or a retry of one already stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stored {
    New(i64),
    Again(i64),
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
        Migrations::new(vec![M::up(include_str!("store_v1.sql"))]).to_latest(&mut conn)?;
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
        let mut bytes = [0u8; 24];
        getrandom::fill(&mut bytes).map_err(StoreError::Random)?;
        let token = hex(&bytes);
        self.conn().execute(
            "INSERT INTO tokens (name, token_sha256, created_at) VALUES (?1, ?2, ?3)",
            params![name, hash(&token), now()],
        )?;
        Ok(token)
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

    pub fn insert(
        &self,
        token_row: i64,
        key: &str,
        upload: &SuggestionUpload,
    ) -> Result<Stored, StoreError> {
        let conn = self.conn();
        let existing: Option<i64> = conn
            .query_row(
                "SELECT row_id FROM suggestions WHERE token_row_id = ?1 AND idempotency_key = ?2",
                params![token_row, key],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(id) = existing {
            return Ok(Stored::Again(id));
        }
        let c = &upload.correction;
        conn.execute(
            "INSERT INTO suggestions (token_row_id, idempotency_key, offer_id, field, old_value, new_value,
                 comment, created_at, received_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![token_row, key, c.offer_id, c.field, c.old_value, c.new_value, c.comment, upload.created_at, now()],
        )?;
        Ok(Stored::New(conn.last_insert_rowid()))
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
