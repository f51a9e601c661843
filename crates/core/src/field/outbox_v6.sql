-- Field work (crates/core/src/field), schema v6, applied with sync_v6.sql:
-- the outbox of field corrections and the editors' decisions on them. None
-- of these is touched by a region's data.

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
