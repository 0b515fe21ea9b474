-- The automatic photo checks (issue 4): run by the intake worker pool after intake has answered.
-- A submission with a row in image_checks has been checked; its findings (possibly none) are in
-- image_findings, in order, each naming the photo (side) it concerns.
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
-- The same file used by different applicants: looked up by SHA-256.
CREATE INDEX submissions_by_portrait_sha256 ON submissions (portrait_sha256);
CREATE INDEX submissions_by_emblem_sha256 ON submissions (emblem_sha256);
CREATE INDEX submissions_by_handheld_sha256 ON submissions (handheld_sha256);
