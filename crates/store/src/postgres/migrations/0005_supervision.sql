-- Supervision (issue 6), as the SQLite store's migration 0004: the decision log's filters as
-- indexed columns, QA samples, golden items, and four-eyes items leaving the reviewers' ready set.

ALTER TABLE submissions ADD COLUMN golden BOOLEAN NOT NULL DEFAULT false;
DROP INDEX submissions_one_open_per_applicant;
CREATE UNIQUE INDEX submissions_one_open_per_applicant ON submissions (applicant_id)
    WHERE status IN ('pending', 'pending_second_review') AND NOT golden;
CREATE INDEX submissions_four_eyes ON submissions (province, due_date)
    WHERE status = 'pending_second_review';

ALTER TABLE decisions ADD COLUMN province TEXT NOT NULL DEFAULT '';
ALTER TABLE decisions ADD COLUMN id_type TEXT NOT NULL DEFAULT '';
ALTER TABLE decisions ADD COLUMN claimed_at TEXT;
ALTER TABLE decisions ADD COLUMN sla_breached BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE decisions ADD COLUMN overturned BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE decisions ADD COLUMN golden BOOLEAN NOT NULL DEFAULT false;

UPDATE decisions d SET
    province = s.province,
    id_type = s.identity::jsonb ->> 'id_type',
    claimed_at = (SELECT max(l.issued_at) FROM leases l
                  WHERE l.submission_id = d.submission_id AND l.user_id = d.user_id
                    AND l.issued_at <= d.decided_at),
    sla_breached = coalesce(
        to_char((d.decided_at::timestamptz AT TIME ZONE 'Asia/Shanghai')::date, 'YYYY-MM-DD')
            > s.due_date, false)
FROM submissions s WHERE s.id = d.submission_id;
UPDATE decisions d SET overturned = true
WHERE d.stage = 'first' AND EXISTS (
    SELECT 1 FROM decisions second
    WHERE second.submission_id = d.submission_id AND second.stage = 'second'
      AND second.outcome <> d.outcome);

CREATE INDEX decisions_log ON decisions (province, decided_at, id);
CREATE INDEX decisions_log_by_reviewer ON decisions (province, user_id, decided_at, id);
CREATE INDEX decisions_log_by_outcome ON decisions (province, outcome, decided_at, id);
CREATE INDEX decisions_log_by_id_type ON decisions (province, id_type, decided_at, id);
CREATE INDEX decisions_log_sla_breached ON decisions (province, decided_at, id) WHERE sla_breached;
CREATE INDEX decisions_log_overturned ON decisions (province, decided_at, id) WHERE overturned;

CREATE TABLE decision_reasons (
    decision_id TEXT NOT NULL REFERENCES decisions (id),
    reason      TEXT NOT NULL,
    province    TEXT NOT NULL,
    decided_at  TEXT NOT NULL,
    PRIMARY KEY (decision_id, reason)
);
CREATE INDEX decision_reasons_log ON decision_reasons (province, reason, decided_at, decision_id);
INSERT INTO decision_reasons (decision_id, reason, province, decided_at)
SELECT d.id, r.reason, d.province, d.decided_at
FROM decisions d, jsonb_array_elements_text(d.reasons::jsonb) AS r (reason);

CREATE TABLE qa_samples (
    decision_id   TEXT PRIMARY KEY REFERENCES decisions (id),
    submission_id TEXT NOT NULL REFERENCES submissions (id),
    province      TEXT NOT NULL,
    sampled_at    TEXT NOT NULL,
    reviewed      BOOLEAN NOT NULL DEFAULT false
);
CREATE INDEX qa_samples_open ON qa_samples (province, sampled_at) WHERE NOT reviewed;

CREATE TABLE golden_items (
    submission_id        TEXT PRIMARY KEY REFERENCES submissions (id),
    source_submission_id TEXT NOT NULL REFERENCES submissions (id),
    expected_outcome     TEXT NOT NULL CHECK (expected_outcome IN ('approve', 'reject')),
    expected_reasons     TEXT NOT NULL,
    planted_by           BIGINT NOT NULL REFERENCES users (id),
    planted_at           TEXT NOT NULL
);

DELETE FROM queue WHERE stage = 'second';

CREATE INDEX audit_by_subject ON audit (subject, seq);
