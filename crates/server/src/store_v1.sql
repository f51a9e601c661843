-- The suggestions server's own database: who may send, and what was sent.

-- One bearer token per Lotse (or team); only its SHA-256 is stored.
CREATE TABLE tokens (
    row_id       INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    token_sha256 TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL,
    revoked      INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1))
);

CREATE TABLE suggestions (
    row_id          INTEGER PRIMARY KEY,
    token_row_id    INTEGER NOT NULL REFERENCES tokens(row_id),
    idempotency_key TEXT NOT NULL,
    offer_id        TEXT NOT NULL,
    field           TEXT NOT NULL,
    old_value       TEXT,
    new_value       TEXT NOT NULL,
    comment         TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    received_at     TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected')),
    decided_at      TEXT,
    UNIQUE (token_row_id, idempotency_key)
);
