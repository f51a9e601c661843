//! The persisted sync state: feed, trusted keys, last success and error, and
//! the version of every subscribed region.

use rusqlite::{params, Connection, OptionalExtension};

use crate::sync::feed::{FeedError, KeyRing, PublicKey, Retiring};
use crate::Directory;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct FeedState {
    pub url: String,
    pub trusted_keys: Vec<PublicKey>,
    /// The sequence of the last manifest applied; older ones are refused.
    pub sequence: u64,
    pub manifest_etag: Option<String>,
    pub decisions_sha256: Option<String>,
    pub last_attempt_at: Option<String>,
    pub last_success_at: Option<String>,
    pub last_error: Option<String>,
    /// Keys rotated out, and until when they may still sign.
    pub retiring: Vec<Retiring>,
    /// Keys revoked by their publisher: never trusted again.
    pub revoked_keys: Vec<PublicKey>,
    /// When the last manifest accepted was signed (RFC 3339); an earlier
    /// one is refused, whatever the device's clock says.
    pub published_at: Option<String>,
    /// When that manifest stops counting as current.
    pub expires_at: Option<String>,
}

impl FeedState {
    /// The keys as the verification takes them.
    pub fn ring(&self) -> KeyRing {
        KeyRing {
            trusted: self.trusted_keys.clone(),
            retiring: self.retiring.clone(),
            revoked: self.revoked_keys.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct RegionState {
    pub id: String,
    pub name: String,
    /// 0: subscribed, nothing applied yet.
    pub version: u64,
    pub entries: u64,
    /// Size of the data last downloaded for it.
    pub bytes: u64,
    pub updated_at: Option<String>,
}

/// What the app shows on its sync screen.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SyncStatus {
    pub feed: FeedState,
    pub regions: Vec<RegionState>,
}

fn to_u64(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

fn to_i64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

pub(crate) fn load_feed(conn: &Connection) -> Result<FeedState, FeedError> {
    let row = conn
        .query_row(
            "SELECT url, trusted_keys, sequence, manifest_etag, decisions_sha256,
                    last_attempt_at, last_success_at, last_error, published_at, expires_at
             FROM sync_feed WHERE id = 1",
            [],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    FeedState {
                        manifest_etag: r.get(3)?,
                        decisions_sha256: r.get(4)?,
                        last_attempt_at: r.get(5)?,
                        last_success_at: r.get(6)?,
                        last_error: r.get(7)?,
                        published_at: r.get(8)?,
                        expires_at: r.get(9)?,
                        ..FeedState::default()
                    },
                ))
            },
        )
        .optional()?;
    let Some((url, keys, sequence, state)) = row else {
        return Ok(FeedState::default());
    };
    let trusted_keys = keys
        .split_whitespace()
        .map(PublicKey::parse)
        .collect::<Result<_, _>>()?;
    let (retiring, revoked_keys) = super::key_state::load(conn)?;
    Ok(FeedState {
        url,
        trusted_keys,
        sequence: to_u64(sequence),
        retiring,
        revoked_keys,
        ..state
    })
}

pub(crate) fn save_feed(conn: &Connection, s: &FeedState) -> Result<(), FeedError> {
    let keys: Vec<String> = s.trusted_keys.iter().map(PublicKey::to_base64).collect();
    conn.execute(
        "INSERT INTO sync_feed (id, url, trusted_keys, sequence, manifest_etag, decisions_sha256,
             last_attempt_at, last_success_at, last_error, published_at, expires_at)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT(id) DO UPDATE SET url = ?1, trusted_keys = ?2, sequence = ?3,
             manifest_etag = ?4, decisions_sha256 = ?5, last_attempt_at = ?6,
             last_success_at = ?7, last_error = ?8, published_at = ?9, expires_at = ?10",
        params![
            s.url,
            keys.join(" "),
            to_i64(s.sequence),
            s.manifest_etag,
            s.decisions_sha256,
            s.last_attempt_at,
            s.last_success_at,
            s.last_error,
            s.published_at,
            s.expires_at
        ],
    )?;
    let now = s.last_attempt_at.as_deref().unwrap_or_default();
    super::key_state::save(conn, &s.retiring, &s.revoked_keys, now)
}

pub(crate) fn regions(conn: &Connection) -> Result<Vec<RegionState>, FeedError> {
    let mut stmt = conn.prepare(
        "SELECT region_id, name, version, entries, bytes, updated_at FROM sync_regions ORDER BY region_id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(RegionState {
            id: r.get(0)?,
            name: r.get(1)?,
            version: to_u64(r.get(2)?),
            entries: to_u64(r.get(3)?),
            bytes: to_u64(r.get(4)?),
            updated_at: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Forget which version of each kept region was applied (the regions stay
/// kept, their services stay until a snapshot replaces them): after a change
/// of feed, the new publisher's versions are not comparable with the old.
pub(crate) fn forget_region_versions(conn: &Connection) -> Result<(), FeedError> {
    conn.execute("UPDATE sync_regions SET version = 0", [])?;
    Ok(())
}

pub(crate) fn region_version(conn: &Connection, id: &str) -> Result<Option<u64>, FeedError> {
    Ok(conn
        .query_row(
            "SELECT version FROM sync_regions WHERE region_id = ?1",
            [id],
            |r| r.get::<_, i64>(0),
        )
        .optional()?
        .map(to_u64))
}

pub(crate) fn set_region(
    conn: &Connection,
    id: &str,
    name: &str,
    version: u64,
    bytes: u64,
    at: &str,
) -> Result<(), FeedError> {
    conn.execute(
        "INSERT INTO sync_regions (region_id, name, version, entries, bytes, updated_at)
         VALUES (?1, ?2, ?3, (SELECT count(*) FROM region_entries WHERE region_id = ?1), ?4, ?5)
         ON CONFLICT(region_id) DO UPDATE SET name = ?2, version = ?3,
             entries = (SELECT count(*) FROM region_entries WHERE region_id = ?1),
             bytes = ?4, updated_at = ?5",
        params![id, name, to_i64(version), to_i64(bytes), at],
    )?;
    Ok(())
}

impl Directory {
    /// The feed followed, its keys, last success or error, and the regions kept.
    pub fn sync_status(&self) -> Result<SyncStatus, FeedError> {
        Ok(SyncStatus {
            feed: load_feed(self.conn())?,
            regions: regions(self.conn())?,
        })
    }

    /// Keep these regions offline from the next sync on.
    pub fn subscribe_regions(&mut self, ids: &[String]) -> Result<(), FeedError> {
        let mut stmt = self
            .conn()
            .prepare("INSERT INTO sync_regions (region_id) VALUES (?1) ON CONFLICT DO NOTHING")?;
        for id in ids {
            if id.trim().is_empty() {
                return Err(FeedError::Config("a region id is empty".into()));
            }
            stmt.execute([id])?;
        }
        Ok(())
    }

    /// Stop keeping a region: its services leave the directory unless
    /// another kept region has them. The last kept region cannot be let go.
    pub fn unsubscribe_region(&mut self, id: &str) -> Result<(), FeedError> {
        let tx = self.conn_mut().transaction()?;
        // With no region kept the engine keeps every region of the feed:
        // letting go of the last one would fetch them all.
        let (kept, this): (i64, bool) = tx.query_row(
            "SELECT count(*), coalesce(sum(region_id = ?1), 0) > 0 FROM sync_regions",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if this && kept == 1 {
            return Err(FeedError::LastRegion(id.to_owned()));
        }
        super::apply::release_region(&tx, id)?;
        tx.execute("DELETE FROM sync_regions WHERE region_id = ?1", [id])?;
        tx.commit()?;
        Ok(())
    }
}
