//! The limits of `lotse serve`: how long a client may take to send its
//! request, how many connections are served at once, and how many
//! suggestions one token may send per minute and per day. The defaults are
//! what `lotse serve` uses; tests pass shorter ones.

use std::time::Duration;

/// Timeouts, the connection cap and the per-token quota of one server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServeLimits {
    /// A connection that has not sent a whole request head (request line and
    /// headers) this long after it opened, or after its previous response,
    /// is closed. This also closes idle keep-alive connections.
    pub header_read_timeout: Duration,
    /// A request body not received in full this long after its head is
    /// answered with 408 and the connection closed.
    pub body_read_timeout: Duration,
    /// Connections served at once; further ones wait in the listen backlog
    /// until one closes.
    pub max_connections: usize,
    /// Suggestions one token may store.
    pub quota: Quota,
}

impl Default for ServeLimits {
    fn default() -> Self {
        Self {
            header_read_timeout: Duration::from_secs(10),
            body_read_timeout: Duration::from_secs(10),
            max_connections: 256,
            quota: Quota::default(),
        }
    }
}

/// New suggestions one token may store in any 60 s and in any 24 h; beyond
/// that the server answers 429 with `Retry-After`. A retry of a suggestion
/// already stored (same idempotency key) is not counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quota {
    pub per_minute: u32,
    pub per_day: u32,
}

impl Default for Quota {
    fn default() -> Self {
        Self {
            per_minute: 30,
            per_day: 500,
        }
    }
}
