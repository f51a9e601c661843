//! Which keys a device trusts to sign its feed, and how that changes:
//! rotation (an old key announces a new one, then retires after a grace
//! period), revocation (a statement signed by another trusted key), and
//! the manifest's expiry against the device's clock.
//!
//! What is trusted, in order: the keys the user or the build pinned; keys
//! they announce; never a revoked key; a rotated-out key only until its
//! grace period ends, and it announces or revokes nothing after it was
//! rotated out (so an old, leaked key cannot bring in a key of its own).

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::keys::{KeyAnnouncement, PublicKey, SecretKey};
use super::FeedError;

/// Domain separation: a revocation signature is never a manifest's or a rotation's.
pub(crate) const REVOCATION_CONTEXT: &[u8] = b"lotse-key-revocation-v1\n";

/// How long a rotated-out key may still sign manifests (caches and mirrors
/// may serve an older manifest for a while).
pub const ROTATION_GRACE: Duration = Duration::days(30);

/// "`key` must not be trusted any more", signed by another trusted key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyRevocation {
    pub key: String,
    pub signed_by: String,
    pub signature: String,
}

impl KeyRevocation {
    /// (revoked, signer), if the signature of `signed_by` holds.
    pub fn verified(&self) -> Option<(PublicKey, PublicKey)> {
        let signer = PublicKey::parse(&self.signed_by).ok()?;
        let revoked = PublicKey::parse(&self.key).ok()?;
        signer
            .verify(REVOCATION_CONTEXT, self.key.as_bytes(), &self.signature)
            .then_some((revoked, signer))
    }
}

impl SecretKey {
    /// Revoke `key`, signed by this (another, trusted) key.
    pub fn revoke(&self, key: &PublicKey) -> KeyRevocation {
        KeyRevocation {
            key: key.to_base64(),
            signed_by: self.public().to_base64(),
            signature: self.sign(REVOCATION_CONTEXT, key.to_base64().as_bytes()),
        }
    }
}

/// A key rotated out by an announcement, and until when it may still sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retiring {
    pub key: PublicKey,
    pub until: DateTime<Utc>,
}

/// What a device knows of its feed's keys.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KeyRing {
    pub trusted: Vec<PublicKey>,
    pub retiring: Vec<Retiring>,
    pub revoked: Vec<PublicKey>,
}

/// What a verified manifest changed in the ring.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TrustChanges {
    pub added: Vec<PublicKey>,
    pub retiring: Vec<Retiring>,
    pub revoked: Vec<PublicKey>,
}

impl KeyRing {
    pub fn trusting(keys: &[PublicKey]) -> Self {
        Self {
            trusted: keys.to_vec(),
            ..Self::default()
        }
    }

    fn retiring(&self, key: &PublicKey) -> Option<&Retiring> {
        self.retiring.iter().find(|r| &r.key == key)
    }

    /// Trusted, not revoked, and (if rotated out) `now` within its grace.
    pub fn may_sign(&self, key: &PublicKey, now: DateTime<Utc>) -> Result<(), FeedError> {
        if self.revoked.contains(key) {
            return Err(FeedError::RevokedKey(key.to_base64()));
        }
        if !self.trusted.contains(key) {
            return Err(FeedError::UntrustedKey(key.to_base64()));
        }
        match self.retiring(key) {
            Some(r) if now > r.until => Err(FeedError::RetiredKey {
                key: key.to_base64(),
                since: r.until.to_rfc3339(),
            }),
            _ => Ok(()),
        }
    }

    /// May announce or revoke keys: trusted, neither revoked nor rotated out.
    fn may_vouch(&self, key: &PublicKey) -> bool {
        self.trusted.contains(key) && !self.revoked.contains(key) && self.retiring(key).is_none()
    }

    /// Apply a manifest's revocations and announcements (the manifest's own
    /// signature is checked by the caller against the result), until
    /// nothing changes: a key announced here may revoke its predecessor, and
    /// a key revoked or rotated out vouches for nothing after that.
    pub fn learn(
        &mut self,
        revocations: &[KeyRevocation],
        announcements: &[KeyAnnouncement],
        now: DateTime<Utc>,
    ) -> TrustChanges {
        let mut changes = TrustChanges::default();
        loop {
            let before = (changes.added.len(), changes.revoked.len());
            for (revoked, signer) in revocations.iter().filter_map(KeyRevocation::verified) {
                if self.may_vouch(&signer) && !self.revoked.contains(&revoked) {
                    self.revoked.push(revoked);
                    self.trusted.retain(|k| k != &revoked);
                    changes.revoked.push(revoked);
                }
            }
            for (old, new) in announcements
                .iter()
                .filter_map(KeyAnnouncement::verified_key)
            {
                let fresh = !self.trusted.contains(&new) && !self.revoked.contains(&new);
                if self.may_vouch(&old) && fresh {
                    self.trusted.push(new);
                    changes.added.push(new);
                    let retiring = Retiring {
                        key: old,
                        until: now + ROTATION_GRACE,
                    };
                    self.retiring.push(retiring);
                    changes.retiring.push(retiring);
                }
            }
            if (changes.added.len(), changes.revoked.len()) == before {
                return changes;
            }
        }
    }
}

/// Whether a manifest expiring at `expires` (RFC 3339) is past it at `now`;
/// a manifest without expiry (published before it existed) never is.
pub fn is_expired(expires: Option<&str>, now: DateTime<Utc>) -> Result<bool, FeedError> {
    let Some(text) = expires else {
        return Ok(false);
    };
    let at = DateTime::parse_from_rfc3339(text)
        .map_err(|e| FeedError::BadManifest(format!("`expires` {text:?}: {e}")))?;
    Ok(now > at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> (SecretKey, SecretKey, SecretKey) {
        (
            SecretKey::generate().expect("a"),
            SecretKey::generate().expect("b"),
            SecretKey::generate().expect("c"),
        )
    }

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .expect("time")
            .with_timezone(&Utc)
    }

    #[test]
    fn a_rotation_chain_is_trusted_only_from_a_trusted_start() {
        let (a, b, c) = keys();
        let now = at("2026-12-01T10:00:00Z");
        let chain = [b.announce(&c.public()), a.announce(&b.public())];
        let mut ring = KeyRing::trusting(&[a.public()]);
        let changes = ring.learn(&[], &chain, now);
        assert_eq!(changes.added, vec![b.public(), c.public()]);

        let stranger = SecretKey::generate().expect("stranger");
        let mut forged = stranger.announce(&c.public());
        let mut only_a = KeyRing::trusting(&[a.public()]);
        assert!(only_a
            .learn(&[], std::slice::from_ref(&forged), now)
            .added
            .is_empty());
        // Claiming a trusted signer does not help without its signature.
        forged.signed_by = a.public().to_base64();
        assert!(only_a.learn(&[], &[forged], now).added.is_empty());
    }

    #[test]
    fn a_rotated_out_key_signs_for_its_grace_period_then_never_and_announces_nothing() {
        let (old, new, thief) = keys();
        let now = at("2026-12-01T10:00:00Z");
        let mut ring = KeyRing::trusting(&[old.public()]);
        ring.learn(&[], &[old.announce(&new.public())], now);
        assert!(ring.may_sign(&new.public(), now).is_ok());
        assert!(ring
            .may_sign(&old.public(), now + Duration::days(29))
            .is_ok());
        assert!(matches!(
            ring.may_sign(&old.public(), now + Duration::days(31)),
            Err(FeedError::RetiredKey { .. })
        ));
        // The old key, leaked, cannot bring in a key of its own.
        let added = ring.learn(&[], &[old.announce(&thief.public())], now);
        assert!(added.added.is_empty());
        assert!(ring.may_sign(&thief.public(), now).is_err());
    }

    #[test]
    fn a_revoked_key_signs_nothing_and_only_a_vouching_key_can_revoke() {
        let (a, b, stranger) = keys();
        let now = at("2026-12-01T10:00:00Z");
        let mut ring = KeyRing::trusting(&[a.public(), b.public()]);
        // A stranger's revocation counts for nothing.
        assert!(ring
            .learn(&[stranger.revoke(&a.public())], &[], now)
            .revoked
            .is_empty());
        let changes = ring.learn(&[b.revoke(&a.public())], &[], now);
        assert_eq!(changes.revoked, vec![a.public()]);
        assert!(matches!(
            ring.may_sign(&a.public(), now),
            Err(FeedError::RevokedKey(_))
        ));
        // A revoked key is not brought back by an announcement.
        let again = ring.learn(&[], &[b.announce(&a.public())], now);
        assert!(again.added.is_empty());
        assert!(ring.may_sign(&b.public(), now).is_ok());
    }

    #[test]
    fn expiry_is_read_from_rfc3339_and_absent_means_never() {
        let now = at("2026-12-01T10:00:00Z");
        assert!(!is_expired(None, now).expect("none"));
        assert!(is_expired(Some("2026-11-30T10:00:00Z"), now).expect("past"));
        assert!(!is_expired(Some("2026-12-14T10:00:00+01:00"), now).expect("future"));
        assert!(is_expired(Some("soon"), now).is_err());
    }
}
