-- Undo: a decision waits in the outbox until `recallable_until` (its undo window) before it is
-- sent, and may be recalled until then. Sending clears it first (in the same cache lock), so a
-- decision that may have reached the server is never recalled. Rows queued before this are not
-- recallable (NULL).
ALTER TABLE outbox ADD COLUMN recallable_until INTEGER;

-- Decisions made on this machine (id, outcome and time only: no personal data), for the status
-- line's "decided today" by Beijing day. A recalled decision's row goes with it.
CREATE TABLE decisions_made (
    decision_id TEXT PRIMARY KEY,
    outcome     TEXT NOT NULL CHECK (outcome IN ('approve', 'reject')),
    decided_at  INTEGER NOT NULL
);
CREATE INDEX decisions_made_by_time ON decisions_made (decided_at);
