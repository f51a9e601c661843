//! Whether a verified manifest may be applied, and whether it is current:
//! never older than the last applied (by sequence, and by signing time,
//! which no device clock can move back), and within its expiry by this
//! device's clock.
//!
//! A wrong device clock must not stop updates: past its expiry a manifest
//! is still taken when it is newer than the last applied (a step forward,
//! never back), and only marked as not current. The same manifest again
//! past its expiry (a frozen feed, or a replay of it) is refused with a
//! plain message, and the data on the device stays usable.

use chrono::{DateTime, Utc};

use super::feed::trust::is_expired;
use super::feed::{FeedError, Manifest};
use super::state::FeedState;

fn signed_at(text: &str) -> Result<DateTime<Utc>, FeedError> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| FeedError::BadManifest(format!("`published_at` {text:?}: {e}")))
}

/// `Ok(current)` if `manifest` may be applied over `state`, else why not.
pub(crate) fn check(
    manifest: &Manifest,
    state: &FeedState,
    now: DateTime<Utc>,
) -> Result<bool, FeedError> {
    if manifest.sequence < state.sequence {
        return Err(FeedError::Replayed {
            offered: manifest.sequence,
            accepted: state.sequence,
        });
    }
    if let Some(last) = &state.published_at {
        if signed_at(&manifest.published_at)? < signed_at(last)? {
            return Err(FeedError::SignedBefore {
                offered: manifest.published_at.clone(),
                accepted: last.clone(),
            });
        }
    }
    let expired = is_expired(manifest.expires.as_deref(), now)?;
    if expired && manifest.sequence == state.sequence {
        return Err(FeedError::NotCurrent {
            expired: manifest.expires.clone().unwrap_or_default(),
        });
    }
    Ok(!expired)
}

/// The feed answered "not modified": the manifest applied last is offered
/// again, and past its expiry it is not current.
pub(crate) fn still_current(state: &FeedState, now: DateTime<Utc>) -> Result<(), FeedError> {
    if is_expired(state.expires_at.as_deref(), now)? {
        return Err(FeedError::NotCurrent {
            expired: state.expires_at.clone().unwrap_or_default(),
        });
    }
    Ok(())
}
