//! What a publish signs beyond the data: the key revocations it carries
//! and when an unchanged feed must be signed anew to stay current.

use chrono::{DateTime, Utc};

use crate::sync::feed::{KeyRevocation, Manifest, PublicKey, SecretKey};

/// The previous manifest's revocations, and one for each key in `revoke`
/// not revoked yet, signed by `key`.
pub(super) fn revocations(
    previous: Option<&Manifest>,
    key: &SecretKey,
    revoke: &[PublicKey],
) -> Vec<KeyRevocation> {
    let mut all = previous.map(|m| m.revocations.clone()).unwrap_or_default();
    for revoked in revoke {
        if !all.iter().any(|r| r.key == revoked.to_base64()) {
            all.push(key.revoke(revoked));
        }
    }
    all
}

/// An unchanged manifest is signed anew when it has no expiry or half of
/// its time is over (or its dates do not read).
pub(super) fn due_for_signing(
    previous: &Manifest,
    now: DateTime<Utc>,
    expires_in: chrono::Duration,
) -> bool {
    let Some(expires) = previous.expires.as_deref() else {
        return true;
    };
    match DateTime::parse_from_rfc3339(expires) {
        Ok(at) => at.with_timezone(&Utc) - now < expires_in / 2,
        Err(_) => true,
    }
}
