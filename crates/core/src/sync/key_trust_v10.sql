-- Schema v10 (crates/core/src/sync): what a device has learnt of its feed's
-- keys beyond "trusted" (sync_feed.trusted_keys), and how current the last
-- manifest it accepted is.

-- A key rotated out (it announced its successor) signs until `retire_at`;
-- a revoked key signs nothing again. Times are RFC 3339.
CREATE TABLE sync_key_events (
    key        TEXT PRIMARY KEY,
    retire_at  TEXT,
    revoked_at TEXT,
    CHECK (retire_at IS NOT NULL OR revoked_at IS NOT NULL)
);

-- The signing time and the expiry of the last manifest accepted: a manifest
-- signed earlier is refused, and after the expiry the directory is shown as
-- not confirmed current.
ALTER TABLE sync_feed ADD COLUMN published_at TEXT;
ALTER TABLE sync_feed ADD COLUMN expires_at TEXT;
