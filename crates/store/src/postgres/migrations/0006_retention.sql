-- Retention (issue 9): decided submissions lose their personal data after the retention period.
-- `purged_at` marks them (identity then holds JSON null, findings []); the decision rows and the
-- audit chain stay. The partial index finds the next ones to purge without scanning the purged.
ALTER TABLE submissions ADD COLUMN purged_at TEXT;
CREATE INDEX submissions_decided_unpurged ON submissions (updated_at)
    WHERE purged_at IS NULL AND status IN ('approved', 'rejected');
