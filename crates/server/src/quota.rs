//! The per-token quota (`Quota`), counted in the suggestions database.
//!
//! Hand-written rather than tower's `RateLimitLayer` or an in-memory
//! limiter: those count per process and not per token, while the
//! suggestions endpoint keeps no state in memory so that several instances
//! can share one database. Counting the token's stored suggestions by
//! `received_at` gives every instance the same answer, and the store checks
//! it in the same write transaction as the insert.

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use crate::Quota;

/// The RFC 3339 form `received_at` is stored in (whole seconds, `Z`), which
/// sorts as text in time order.
pub(crate) fn stamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// `None` if the token may store one more suggestion at `now`; otherwise
/// the seconds until it may (at least 1), for `Retry-After`.
pub(crate) fn retry_after(
    conn: &Connection,
    token_row: i64,
    quota: &Quota,
    now: DateTime<Utc>,
) -> rusqlite::Result<Option<u64>> {
    let windows = [(quota.per_minute, 60), (quota.per_day, 24 * 60 * 60)];
    let mut wait = None;
    for (limit, window) in windows {
        if let Some(secs) = window_wait(conn, token_row, limit, window, now)? {
            wait = wait.max(Some(secs));
        }
    }
    Ok(wait)
}

/// The wait in one window of `window` seconds holding at most `limit`: until
/// the `limit`-th newest suggestion in it leaves the window.
fn window_wait(
    conn: &Connection,
    token_row: i64,
    limit: u32,
    window: i64,
    now: DateTime<Utc>,
) -> rusqlite::Result<Option<u64>> {
    let full_window = u64::try_from(window).unwrap_or(1);
    let Some(offset) = limit.checked_sub(1) else {
        return Ok(Some(full_window)); // a limit of 0 takes nothing
    };
    let start = now - chrono::Duration::seconds(window);
    let oldest_counted: Option<String> = conn
        .query_row(
            "SELECT received_at FROM suggestions
             WHERE token_row_id = ?1 AND received_at > ?2
             ORDER BY received_at DESC LIMIT 1 OFFSET ?3",
            params![token_row, stamp(start), offset],
            |r| r.get(0),
        )
        .optional()?;
    let Some(received) = oldest_counted else {
        return Ok(None);
    };
    // A time that does not parse (not written by this store) counts as now.
    let received = DateTime::parse_from_rfc3339(&received)
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or(now);
    let frees_at = received + chrono::Duration::seconds(window);
    let secs = (frees_at - now).num_seconds().clamp(1, window);
    Ok(Some(u64::try_from(secs).unwrap_or(full_window)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db(received: &[&str]) -> Connection {
        let conn = Connection::open_in_memory().expect("db");
        conn.execute_batch(
            "CREATE TABLE suggestions (token_row_id INTEGER, received_at TEXT);
             INSERT INTO suggestions VALUES (2, '2026-11-21T09:59:59Z');",
        )
        .expect("schema");
        for at in received {
            conn.execute("INSERT INTO suggestions VALUES (1, ?1)", [at])
                .expect("row");
        }
        conn
    }

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .expect("time")
            .with_timezone(&Utc)
    }

    const NOW: &str = "2026-11-21T10:00:00Z";

    #[test]
    fn the_minute_window_counts_only_the_last_60_seconds_and_says_when_a_slot_frees() {
        let quota = Quota {
            per_minute: 2,
            per_day: 100,
        };
        // Two minutes ago counts for the day only; another token's row not at all.
        let conn = db(&["2026-11-21T09:58:00Z", "2026-11-21T09:59:30Z"]);
        assert_eq!(retry_after(&conn, 1, &quota, at(NOW)), Ok(None));
        let conn = db(&["2026-11-21T09:59:20Z", "2026-11-21T09:59:30Z"]);
        // The older of the two leaves the window at 10:00:20.
        assert_eq!(retry_after(&conn, 1, &quota, at(NOW)), Ok(Some(20)));
    }

    #[test]
    fn the_day_window_waits_for_the_oldest_counted_suggestion_of_the_day() {
        let quota = Quota {
            per_minute: 10,
            per_day: 2,
        };
        let conn = db(&["2026-11-20T11:00:00Z", "2026-11-21T09:00:00Z"]);
        assert_eq!(retry_after(&conn, 1, &quota, at(NOW)), Ok(Some(3600)));
        let conn = db(&["2026-11-20T09:00:00Z", "2026-11-21T09:00:00Z"]);
        assert_eq!(retry_after(&conn, 1, &quota, at(NOW)), Ok(None));
        let none = Quota {
            per_minute: 10,
            per_day: 0,
        };
        assert_eq!(retry_after(&db(&[]), 1, &none, at(NOW)), Ok(Some(86_400)));
    }
}
