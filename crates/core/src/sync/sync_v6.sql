-- Sync state (crates/core/src/sync), schema v6: the feed this directory follows, the
-- regions it keeps and which services each region brought. None of these is
-- touched by a region's data. The same migration creates the outbox
-- (crates/core/src/field/outbox_v6.sql).

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
