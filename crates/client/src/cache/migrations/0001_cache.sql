-- The desktop client's cache. Every personal value is a sealed BLOB (see cache/seal.rs: identity,
-- findings, photos, lease tokens, decisions); only ids, times (Unix milliseconds, UTC), flags and
-- counters are in clear, for indexing. Never edit this file once landed: add 0002_….sql instead.

CREATE TABLE items (
    submission_id    TEXT PRIMARY KEY,
    claimed_at       INTEGER NOT NULL,
    lease_expires_at INTEGER NOT NULL,
    lease_seconds    INTEGER NOT NULL,
    second_review    INTEGER NOT NULL,
    offline          INTEGER NOT NULL DEFAULT 0,
    decided          INTEGER NOT NULL DEFAULT 0,
    lease_token      BLOB NOT NULL,
    body             BLOB
);
CREATE INDEX items_by_expiry ON items (lease_expires_at);

CREATE TABLE images (
    submission_id TEXT NOT NULL REFERENCES items (submission_id) ON DELETE CASCADE,
    side          TEXT NOT NULL CHECK (side IN ('portrait', 'emblem', 'handheld')),
    bytes         BLOB NOT NULL,
    PRIMARY KEY (submission_id, side)
);

CREATE TABLE outbox (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    decision_id     TEXT NOT NULL UNIQUE,
    submission_id   TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    decision        BLOB NOT NULL
);

CREATE TABLE conflicts (
    decision_id   TEXT PRIMARY KEY,
    submission_id TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('conflict', 'refused')),
    detected_at   INTEGER NOT NULL,
    record        BLOB NOT NULL
);

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value NOT NULL
);
