-- The photo checks' durable work queue. Intake records a submission's check work in its own
-- transaction; the transaction that records the checks' outcome deletes it. A worker claims a
-- row with a lease (its claim token and claimed_until); a claim that expired (its worker died)
-- is claimed again. attempts counts claims that did not end in a release; not_before delays a
-- retry (backoff).
CREATE TABLE photo_check_work (
    submission_id TEXT PRIMARY KEY REFERENCES submissions (id),
    enqueued_at   TEXT NOT NULL,
    not_before    TEXT NOT NULL,
    attempts      INTEGER NOT NULL DEFAULT 0,
    claim         TEXT,
    claimed_until TEXT,
    last_error    TEXT
);
CREATE INDEX photo_check_work_in_order ON photo_check_work (enqueued_at, submission_id);
CREATE INDEX photo_check_work_by_claim ON photo_check_work (claim) WHERE claim IS NOT NULL;

-- How the checks ended: 'done' (their findings, possibly none, are recorded) or 'failed' (given
-- up after repeated failures; a photo_check_failed finding says so), after how many claims.
ALTER TABLE image_checks ADD COLUMN outcome TEXT NOT NULL DEFAULT 'done'
    CHECK (outcome IN ('done', 'failed'));
ALTER TABLE image_checks ADD COLUMN attempts INTEGER NOT NULL DEFAULT 1;

-- Submissions whose checks never ran (the queue used to live in memory) are queued now.
INSERT INTO photo_check_work (submission_id, enqueued_at, not_before)
SELECT s.id, s.submitted_at, s.submitted_at FROM submissions s
WHERE s.purged_at IS NULL
  AND NOT EXISTS (SELECT 1 FROM image_checks c WHERE c.submission_id = s.id);
