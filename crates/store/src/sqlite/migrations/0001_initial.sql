-- ReviewDesk embedded store, first schema. Never edit a migration once it has landed: add a new one.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('reviewer', 'supervisor', 'admin')),
    province      TEXT,
    created_at    TEXT NOT NULL
);

-- Every submission ever received. Personal data lives in `identity` (JSON) only.
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

-- The ready set: one row per open submission, so claiming never scans decided history.
-- `claim_order` is the due date, or '9999-12-31' when it could not be computed, so "earliest due
-- first, undated last" is one indexed order. Unleased rows (lease_expires_at NULL) are claimed
-- through a partial index; rows whose lease ran out through the lease-expiry index.
CREATE TABLE queue (
    submission_id    TEXT PRIMARY KEY REFERENCES submissions (id),
    province         TEXT NOT NULL,
    stage            TEXT NOT NULL CHECK (stage IN ('first', 'second')),
    claim_order      TEXT NOT NULL,
    submitted_at     TEXT NOT NULL,
    -- The first reviewer, who may not take the second review of their own decision.
    excluded_user_id INTEGER REFERENCES users (id),
    lease_token      TEXT,
    lease_user_id    INTEGER REFERENCES users (id),
    lease_expires_at TEXT
);
CREATE INDEX queue_unleased ON queue (province, claim_order, submitted_at)
    WHERE lease_expires_at IS NULL;
CREATE INDEX queue_by_lease_expiry ON queue (province, lease_expires_at)
    WHERE lease_expires_at IS NOT NULL;

-- Every lease ever issued: a decision names its lease, even one that has since expired.
CREATE TABLE leases (
    token         TEXT PRIMARY KEY,
    submission_id TEXT NOT NULL REFERENCES submissions (id),
    stage         TEXT NOT NULL CHECK (stage IN ('first', 'second')),
    user_id       INTEGER NOT NULL REFERENCES users (id),
    issued_at     TEXT NOT NULL,
    expires_at    TEXT NOT NULL
);

CREATE TABLE decisions (
    id             TEXT PRIMARY KEY,
    submission_id  TEXT NOT NULL REFERENCES submissions (id),
    stage          TEXT NOT NULL CHECK (stage IN ('first', 'second')),
    user_id        INTEGER NOT NULL REFERENCES users (id),
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
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    subject   TEXT,
    detail    TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE TRIGGER audit_is_append_only_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_is_append_only_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
