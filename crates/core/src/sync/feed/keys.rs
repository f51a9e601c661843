//! Publisher keys: ed25519 key files, public keys as base64 text, and key
//! rotation announcements (a new key, signed by an old one; what a device
//! makes of them is in `trust.rs`).

use std::path::Path;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};

use super::FeedError;

/// Domain separation: a manifest signature can never pass as a rotation one.
pub(crate) const MANIFEST_CONTEXT: &[u8] = b"lotse-manifest-v1\n";
const ROTATION_CONTEXT: &[u8] = b"lotse-key-rotation-v1\n";

/// A publisher's public key (ed25519), written as standard base64.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PublicKey(pub(crate) VerifyingKey);

impl PublicKey {
    /// Parse the base64 text `lotse keygen` prints.
    pub fn parse(text: &str) -> Result<Self, FeedError> {
        let bad = |why: &str| FeedError::BadKey(format!("public key `{}`: {why}", text.trim()));
        let bytes = B64.decode(text.trim()).map_err(|_| bad("not base64"))?;
        let bytes: [u8; 32] = bytes
            .try_into()
            .map_err(|_| bad("must be 32 bytes (44 base64 characters)"))?;
        VerifyingKey::from_bytes(&bytes)
            .map(Self)
            .map_err(|_| bad("not a valid ed25519 point"))
    }

    pub fn to_base64(&self) -> String {
        B64.encode(self.0.as_bytes())
    }

    pub(crate) fn verify(&self, context: &[u8], message: &[u8], signature: &str) -> bool {
        let Ok(bytes) = B64.decode(signature) else {
            return false;
        };
        let Ok(sig) = Signature::from_slice(&bytes) else {
            return false;
        };
        self.0.verify(&[context, message].concat(), &sig).is_ok()
    }
}

impl std::fmt::Display for PublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_base64())
    }
}

/// A publisher's secret key, as stored in a key file.
#[derive(Clone)]
pub struct SecretKey(SigningKey);

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SecretKey(public {})", self.public())
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyFile {
    kind: String,
    secret: String,
    public: String,
}

const KEY_FILE_KIND: &str = "lotse-ed25519-secret-key";

impl SecretKey {
    /// A fresh key from the operating system's random source.
    pub fn generate() -> Result<Self, FeedError> {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).map_err(FeedError::Random)?;
        Ok(Self(SigningKey::from_bytes(&seed)))
    }

    /// A key from fixed bytes: for tests and the fuzz targets only (a real
    /// key comes from [`SecretKey::generate`]).
    pub(crate) fn from_seed(seed: &[u8; 32]) -> Self {
        Self(SigningKey::from_bytes(seed))
    }

    pub fn public(&self) -> PublicKey {
        PublicKey(self.0.verifying_key())
    }

    /// Write the key file (readable by the owner only on Unix); refuses to
    /// overwrite an existing file.
    pub fn write(&self, path: &Path) -> Result<(), FeedError> {
        let file = KeyFile {
            kind: KEY_FILE_KIND.into(),
            secret: B64.encode(self.0.to_bytes()),
            public: self.public().to_base64(),
        };
        let text = serde_json::to_string_pretty(&file).map_err(FeedError::Json)?;
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let io = FeedError::io(path);
        let mut f = options.open(path).map_err(io)?;
        std::io::Write::write_all(&mut f, text.as_bytes()).map_err(io)?;
        Ok(())
    }

    pub fn read(path: &Path) -> Result<Self, FeedError> {
        let text = std::fs::read_to_string(path).map_err(FeedError::io(path))?;
        let bad = |why: String| FeedError::BadKey(format!("{}: {why}", path.display()));
        let file: KeyFile = serde_json::from_str(&text).map_err(|source| FeedError::KeyFile {
            path: path.display().to_string(),
            source,
        })?;
        if file.kind != KEY_FILE_KIND {
            return Err(bad(format!(
                "`kind` is `{}`, not a Lotse secret key",
                file.kind
            )));
        }
        let bytes = B64
            .decode(&file.secret)
            .map_err(|_| bad("`secret` is not base64".into()))?;
        let bytes: [u8; 32] = bytes
            .try_into()
            .map_err(|_| bad("`secret` must be 32 bytes".into()))?;
        let key = Self(SigningKey::from_bytes(&bytes));
        if key.public().to_base64() != file.public {
            return Err(bad("`public` does not belong to `secret`".into()));
        }
        Ok(key)
    }

    pub(crate) fn sign(&self, context: &[u8], message: &[u8]) -> String {
        B64.encode(self.0.sign(&[context, message].concat()).to_bytes())
    }

    /// Announce `new` as the next key, signed by this (old) one.
    pub fn announce(&self, new: &PublicKey) -> KeyAnnouncement {
        KeyAnnouncement {
            key: new.to_base64(),
            signed_by: self.public().to_base64(),
            signature: self.sign(ROTATION_CONTEXT, new.to_base64().as_bytes()),
        }
    }
}

/// "`key` is a valid publisher key from now on", signed by `signed_by`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyAnnouncement {
    pub key: String,
    pub signed_by: String,
    pub signature: String,
}

impl KeyAnnouncement {
    /// The announced key, if the signature of `signed_by` holds.
    pub fn verified_key(&self) -> Option<(PublicKey, PublicKey)> {
        let old = PublicKey::parse(&self.signed_by).ok()?;
        let new = PublicKey::parse(&self.key).ok()?;
        old.verify(ROTATION_CONTEXT, self.key.as_bytes(), &self.signature)
            .then_some((old, new))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_file_round_trips_and_is_not_overwritten() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("publisher.key");
        let key = SecretKey::generate().expect("key");
        key.write(&path).expect("write");
        let again = SecretKey::read(&path).expect("read");
        assert_eq!(again.public(), key.public());
        assert!(matches!(key.write(&path), Err(FeedError::Io { .. })));
    }

    #[test]
    fn public_keys_parse_from_their_text_and_reject_garbage() {
        let key = SecretKey::generate().expect("key").public();
        assert_eq!(PublicKey::parse(&key.to_base64()).expect("parse"), key);
        assert!(PublicKey::parse("not a key").is_err());
        assert!(PublicKey::parse("AAAA").is_err());
    }
}
