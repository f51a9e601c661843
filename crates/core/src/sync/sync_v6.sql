-- Sync state (crates/core/src/sync), schema v6: the feed this directory follows, the
-- regions it keeps and which services each region brought, and the outbox of
-- field corrections. None of these is touched by a region's data.

-- One row: the feed, its trusted publisher keys and the last manifest applied.
CREATE TABLE sync_feed (
    id               INTEGER PRIMARY KEY CHECK (id = 1),
    url              TEXT NOT NULL DEFAULT '',
    -- Space-separated base64 ed25519 public keys.
    trusted_keys     TEXT NOT NULL DEFAULT '',
    sequence         INTEGER NOT NULL DEFAULT 0,
    manifest_etag    TEXT,
    decisions_sha256 TEXT,
    last_attempt_at  TEXT,
    last_success_at  TEXT,
    last_error       TEXT
);

-- A subscribed region; version 0 means nothing applied yet.
CREATE TABLE sync_regions (
    region_id  TEXT PRIMARY KEY,
    name       TEXT NOT NULL DEFAULT '',
    version    INTEGER NOT NULL DEFAULT 0 CHECK (version >= 0),
    entries    INTEGER NOT NULL DEFAULT 0,
    bytes      INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT
);

-- Which services a region's data brought; a service leaves the directory
-- when no region keeps it.
CREATE TABLE region_entries (
    region_id  TEXT NOT NULL REFERENCES sync_regions(region_id) ON DELETE CASCADE,
    service_id TEXT NOT NULL,
    PRIMARY KEY (region_id, service_id)
) WITHOUT ROWID;
CREATE INDEX region_entries_by_service ON region_entries(service_id, region_id);

-- Field corrections, sent in row order.
CREATE TABLE outbox (
    row_id          INTEGER PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    offer_id        TEXT NOT NULL,
    field           TEXT NOT NULL,
    old_value       TEXT,
    new_value       TEXT NOT NULL,
    comment         TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    state           TEXT NOT NULL DEFAULT 'queued'
                    CHECK (state IN ('queued', 'sent', 'accepted', 'rejected', 'withdrawn')),
    sent_at         TEXT,
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT
);

-- Publisher side: editors' decisions on corrections, published with the
-- feed so that each sender's outbox shows accepted or rejected.
CREATE TABLE editor_decisions (
    idempotency_key TEXT PRIMARY KEY,
    decision        TEXT NOT NULL CHECK (decision IN ('accepted', 'rejected')),
    decided_at      TEXT NOT NULL
);
