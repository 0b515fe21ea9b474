-- Supervision (issue 6): the decision log's filters as indexed columns, QA samples, golden items,
-- and four-eyes items leaving the reviewers' ready set (supervisors take them).

-- Golden items are copies of decided cases planted in the queue: never counted against an
-- applicant's quota, never shown to an applicant.
ALTER TABLE submissions ADD COLUMN golden INTEGER NOT NULL DEFAULT 0;
DROP INDEX submissions_one_open_per_applicant;
CREATE UNIQUE INDEX submissions_one_open_per_applicant ON submissions (applicant_id)
    WHERE status IN ('pending', 'pending_second_review') AND golden = 0;

-- What the log filters on, copied onto each decision when it is recorded.
ALTER TABLE decisions ADD COLUMN province TEXT NOT NULL DEFAULT '';
ALTER TABLE decisions ADD COLUMN id_type TEXT NOT NULL DEFAULT '';
-- When the lease the decision was made under was issued; NULL for a supervisor's verdict.
ALTER TABLE decisions ADD COLUMN claimed_at TEXT;
-- Decided (Beijing date) after the submission's due date.
ALTER TABLE decisions ADD COLUMN sla_breached INTEGER NOT NULL DEFAULT 0;
-- A supervisor's second review changed this decision's outcome.
ALTER TABLE decisions ADD COLUMN overturned INTEGER NOT NULL DEFAULT 0;
ALTER TABLE decisions ADD COLUMN golden INTEGER NOT NULL DEFAULT 0;

UPDATE decisions SET
    province = (SELECT s.province FROM submissions s WHERE s.id = decisions.submission_id),
    id_type = (SELECT json_extract(s.identity, '$.id_type') FROM submissions s
               WHERE s.id = decisions.submission_id),
    claimed_at = (SELECT max(l.issued_at) FROM leases l
                  WHERE l.submission_id = decisions.submission_id
                    AND l.user_id = decisions.user_id AND l.issued_at <= decisions.decided_at),
    sla_breached = coalesce((SELECT date(decisions.decided_at, '+8 hours') > s.due_date
                             FROM submissions s WHERE s.id = decisions.submission_id), 0);
UPDATE decisions SET overturned = 1
WHERE stage = 'first' AND EXISTS (
    SELECT 1 FROM decisions second
    WHERE second.submission_id = decisions.submission_id AND second.stage = 'second'
      AND second.outcome <> decisions.outcome);

-- Newest first, by each common filter; golden decisions are left out of the log.
CREATE INDEX decisions_log ON decisions (province, decided_at, id);
CREATE INDEX decisions_log_by_reviewer ON decisions (province, user_id, decided_at, id);
CREATE INDEX decisions_log_by_outcome ON decisions (province, outcome, decided_at, id);
CREATE INDEX decisions_log_by_id_type ON decisions (province, id_type, decided_at, id);
CREATE INDEX decisions_log_sla_breached ON decisions (province, decided_at, id)
    WHERE sla_breached = 1;
CREATE INDEX decisions_log_overturned ON decisions (province, decided_at, id)
    WHERE overturned = 1;

-- One row per reason of a rejection, so "rejections naming X" is an index range.
CREATE TABLE decision_reasons (
    decision_id TEXT NOT NULL REFERENCES decisions (id),
    reason      TEXT NOT NULL,
    province    TEXT NOT NULL,
    decided_at  TEXT NOT NULL,
    PRIMARY KEY (decision_id, reason)
);
CREATE INDEX decision_reasons_log ON decision_reasons (province, reason, decided_at, decision_id);
INSERT INTO decision_reasons (decision_id, reason, province, decided_at)
SELECT d.id, r.value, d.province, d.decided_at FROM decisions d, json_each(d.reasons) r;

-- Final first decisions drawn into the QA sample; `reviewed` once a supervisor gave a verdict.
CREATE TABLE qa_samples (
    decision_id   TEXT PRIMARY KEY REFERENCES decisions (id),
    submission_id TEXT NOT NULL REFERENCES submissions (id),
    province      TEXT NOT NULL,
    sampled_at    TEXT NOT NULL,
    reviewed      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX qa_samples_open ON qa_samples (province, sampled_at) WHERE reviewed = 0;

-- Golden items: the planted copy, its source, and the expected answer (the source's final
-- decision when planted).
CREATE TABLE golden_items (
    submission_id        TEXT PRIMARY KEY REFERENCES submissions (id),
    source_submission_id TEXT NOT NULL REFERENCES submissions (id),
    expected_outcome     TEXT NOT NULL CHECK (expected_outcome IN ('approve', 'reject')),
    expected_reasons     TEXT NOT NULL,
    planted_by           INTEGER NOT NULL REFERENCES users (id),
    planted_at           TEXT NOT NULL
);

-- Four-eyes items go to supervisors: they leave the reviewers' ready set.
DELETE FROM queue WHERE stage = 'second';
CREATE INDEX submissions_four_eyes ON submissions (province, due_date)
    WHERE status = 'pending_second_review';

-- A case's timeline reads its events by subject.
CREATE INDEX audit_by_subject ON audit (subject, seq);
