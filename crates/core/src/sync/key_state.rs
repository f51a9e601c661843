//! The persisted part of the key ring that is not a plain trusted key:
//! keys rotated out (until when they may sign) and revoked keys
//! (`sync_key_events`, schema v10).

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};

use crate::sync::feed::{FeedError, PublicKey, Retiring};

pub(crate) fn load(conn: &Connection) -> Result<(Vec<Retiring>, Vec<PublicKey>), FeedError> {
    let mut stmt = conn.prepare("SELECT key, retire_at, revoked_at FROM sync_key_events")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Option<String>>(1)?,
            r.get::<_, Option<String>>(2)?,
        ))
    })?;
    let (mut retiring, mut revoked) = (Vec::new(), Vec::new());
    for row in rows {
        let (key, retire_at, revoked_at) = row?;
        let key = PublicKey::parse(&key)?;
        if revoked_at.is_some() {
            revoked.push(key);
        } else if let Some(at) = retire_at {
            let until = DateTime::parse_from_rfc3339(&at)
                .map_err(|e| FeedError::Config(format!("stored retire_at {at:?}: {e}")))?
                .with_timezone(&Utc);
            retiring.push(Retiring { key, until });
        }
    }
    Ok((retiring, revoked))
}

/// Replace the stored events with these; `now` dates new revocations.
pub(crate) fn save(
    conn: &Connection,
    retiring: &[Retiring],
    revoked: &[PublicKey],
    now: &str,
) -> Result<(), FeedError> {
    let mut insert = conn.prepare(
        "INSERT INTO sync_key_events (key, retire_at, revoked_at) VALUES (?1, ?2, ?3)
         ON CONFLICT(key) DO UPDATE SET retire_at = coalesce(retire_at, ?2),
             revoked_at = coalesce(revoked_at, ?3)",
    )?;
    for r in retiring {
        insert.execute(params![
            r.key.to_base64(),
            r.until.to_rfc3339(),
            None::<String>
        ])?;
    }
    for key in revoked {
        insert.execute(params![key.to_base64(), None::<String>, now])?;
    }
    Ok(())
}

/// Forget every event (a different feed is followed: its keys start afresh).
pub(crate) fn clear(conn: &Connection) -> Result<(), FeedError> {
    conn.execute("DELETE FROM sync_key_events", [])?;
    Ok(())
}
