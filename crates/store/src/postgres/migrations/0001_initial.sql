-- ReviewDesk PostgreSQL store, first schema: the SQLite store's three migrations in one, with the
-- same tables and meanings. Times are the same RFC 3339 UTC text with milliseconds as in SQLite
-- (fixed width: text order is time order), so an audit event hashes alike in both stores.
-- Never edit a migration once it has landed: add a new one.

CREATE TABLE users (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('reviewer', 'supervisor', 'admin')),
    province      TEXT,
    created_at    TEXT NOT NULL
);

-- Every submission ever received. Personal data lives in `identity` (JSON text) only.
CREATE TABLE submissions (
    id                TEXT PRIMARY KEY,
    applicant_id      TEXT NOT NULL,
    province          TEXT NOT NULL,
    identity          TEXT NOT NULL,
    portrait_sha256   TEXT NOT NULL,
    emblem_sha256     TEXT NOT NULL,
    handheld_sha256   TEXT NOT NULL,
    findings          TEXT NOT NULL,
    attempt           INTEGER NOT NULL CHECK (attempt >= 1),
    period_start      TEXT NOT NULL,
    submitted_at      TEXT NOT NULL,
    due_date          TEXT,
    status            TEXT NOT NULL
        CHECK (status IN ('pending', 'pending_second_review', 'approved', 'rejected')),
    final_decision_id TEXT,
    updated_at        TEXT NOT NULL
);
CREATE INDEX submissions_by_applicant_period ON submissions (applicant_id, period_start);
-- At most one open submission per applicant, whatever the code above does.
CREATE UNIQUE INDEX submissions_one_open_per_applicant ON submissions (applicant_id)
    WHERE status IN ('pending', 'pending_second_review');
-- The same file used by different applicants: looked up by SHA-256.
CREATE INDEX submissions_by_portrait_sha256 ON submissions (portrait_sha256);
CREATE INDEX submissions_by_emblem_sha256 ON submissions (emblem_sha256);
CREATE INDEX submissions_by_handheld_sha256 ON submissions (handheld_sha256);

-- The ready set: one row per open submission (a decision deletes its row), so claiming never
-- scans decided history. `claim_order` is the due date, or '9999-12-31' when it could not be
-- computed: "earliest due first, undated last" is one indexed order. Claims take unleased rows
-- through a partial index and rows whose lease ran out through the lease-expiry index, both with
-- FOR UPDATE SKIP LOCKED, so concurrent claimers (any number of server instances) never wait on
-- each other's rows and never take the same one.
CREATE TABLE queue (
    submission_id    TEXT PRIMARY KEY REFERENCES submissions (id),
    province         TEXT NOT NULL,
    stage            TEXT NOT NULL CHECK (stage IN ('first', 'second')),
    claim_order      TEXT NOT NULL,
    submitted_at     TEXT NOT NULL,
    -- The first reviewer, who may not take the second review of their own decision.
    excluded_user_id BIGINT REFERENCES users (id),
    lease_token      TEXT,
    lease_user_id    BIGINT REFERENCES users (id),
    lease_expires_at TEXT
);
CREATE INDEX queue_unleased ON queue (province, claim_order, submitted_at)
    WHERE lease_expires_at IS NULL;
CREATE INDEX queue_by_lease_expiry ON queue (province, lease_expires_at)
    WHERE lease_expires_at IS NOT NULL;
-- A small, hot table: keep it vacuumed so dead lease versions never pile up in the claim path.
ALTER TABLE queue SET (autovacuum_vacuum_scale_factor = 0.0, autovacuum_vacuum_threshold = 1000,
                       fillfactor = 70);

-- Every lease ever issued: a decision names its lease, even one that has since expired.
CREATE TABLE leases (
    token         TEXT PRIMARY KEY,
    submission_id TEXT NOT NULL REFERENCES submissions (id),
    stage         TEXT NOT NULL CHECK (stage IN ('first', 'second')),
    user_id       BIGINT NOT NULL REFERENCES users (id),
    issued_at     TEXT NOT NULL,
    expires_at    TEXT NOT NULL
);

CREATE TABLE decisions (
    id             TEXT PRIMARY KEY,
    submission_id  TEXT NOT NULL REFERENCES submissions (id),
    stage          TEXT NOT NULL CHECK (stage IN ('first', 'second')),
    user_id        BIGINT NOT NULL REFERENCES users (id),
    outcome        TEXT NOT NULL CHECK (outcome IN ('approve', 'reject')),
    reasons        TEXT NOT NULL,
    other_text     TEXT,
    note           TEXT,
    applicant_text TEXT,
    decided_at     TEXT NOT NULL
);
-- No submission is decided twice at the same stage.
CREATE UNIQUE INDEX decisions_one_per_stage ON decisions (submission_id, stage);

-- Append-only, hash-chained (see reviewdesk_domain::audit).
CREATE TABLE audit (
    seq       BIGINT PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    subject   TEXT,
    detail    TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE FUNCTION audit_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$;
CREATE TRIGGER audit_is_append_only_update BEFORE UPDATE OR DELETE ON audit
    FOR EACH ROW EXECUTE FUNCTION audit_is_append_only();
CREATE TRIGGER audit_is_append_only_truncate BEFORE TRUNCATE ON audit
    FOR EACH STATEMENT EXECUTE FUNCTION audit_is_append_only();
-- The chain's head: one row, locked FOR UPDATE by every transaction that appends, as its last
-- step. That serialises appends across all server instances, so the chain stays linear.
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
    VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- Staff sessions and the applicant-facing system's intake keys, by SHA-256 of the secret only.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE intake_keys (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key_hash   TEXT NOT NULL UNIQUE,
    label      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);

-- The automatic photo checks (issue 4).
CREATE TABLE image_checks (
    submission_id TEXT PRIMARY KEY REFERENCES submissions (id),
    checked_at    TEXT NOT NULL
);
CREATE TABLE image_findings (
    submission_id TEXT NOT NULL REFERENCES submissions (id),
    position      INTEGER NOT NULL,
    side          TEXT NOT NULL CHECK (side IN ('portrait', 'emblem', 'handheld')),
    finding       TEXT NOT NULL,
    PRIMARY KEY (submission_id, position)
);
