-- The claim's order is (claim_order, submitted_at, submission_id); queue_unleased covered only
-- the first two, so every claim read and sorted the whole first group of rows sharing a due date
-- and submission time (thousands when a batch arrives at once) before it could lock one. With the
-- id in the index, a claim reads the ready set in claim order and stops at the first free row.
CREATE INDEX queue_unleased_in_order ON queue (province, claim_order, submitted_at, submission_id)
    WHERE lease_expires_at IS NULL;
DROP INDEX queue_unleased;
