//! Editors' decisions on corrections, published with the feed: a sent
//! outbox item becomes accepted or rejected once the feed says so.

use std::io::Read;

use serde::{Deserialize, Serialize};

use super::download::Downloader;
use super::state::FeedState;
use crate::sync::feed::{FeedError, Manifest};
use crate::Directory;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// The correction's idempotency key (random; says nothing about its sender).
    pub key: String,
    /// `accepted` or `rejected`.
    pub decision: String,
    pub decided_at: String,
}

/// Encode decisions as a published file.
pub fn encode(decisions: &[Decision]) -> Result<Vec<u8>, FeedError> {
    let json = serde_json::to_vec(decisions).map_err(FeedError::Json)?;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let io = FeedError::io(std::path::Path::new("(decisions)"));
    std::io::Write::write_all(&mut gz, &json).map_err(io)?;
    gz.finish().map_err(io)
}

pub fn decode(bytes: &[u8], name: &str) -> Result<Vec<Decision>, FeedError> {
    let mut json = Vec::new();
    crate::sync::feed::gunzip(bytes)
        .read_to_end(&mut json)
        .map_err(|source| FeedError::DataRead {
            file: name.into(),
            line: 1,
            source,
        })?;
    serde_json::from_slice(&json).map_err(|source| FeedError::DataJson {
        file: name.into(),
        line: source.line(),
        source,
    })
}

/// Fetch the decisions if they changed and something sent awaits one;
/// returns how many outbox items changed state.
pub(crate) fn refresh(
    db: &mut Directory,
    dl: &mut Downloader<'_>,
    manifest: &Manifest,
    state: &mut FeedState,
) -> Result<u64, FeedError> {
    let Some(blob) = &manifest.decisions else {
        return Ok(0);
    };
    if state.decisions_sha256.as_deref() == Some(blob.sha256.as_str())
        || !dl.transport.can_fetch(&blob.path)
    {
        return Ok(0);
    }
    if db.awaiting_decision_count()? == 0 {
        return Ok(0);
    }
    let bytes = dl.blob(blob, &mut |_| {})?;
    let decisions = decode(&bytes, &blob.path)?;
    let changed = db.apply_decisions(
        decisions
            .iter()
            .map(|d| (d.key.as_str(), d.decision.as_str())),
    )?;
    state.decisions_sha256 = Some(blob.sha256.clone());
    Ok(changed)
}
