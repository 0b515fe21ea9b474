-- Case numbers (reviewdesk_domain::case_number): `province-YYYYMMDD-NNNN`, the Beijing date a
-- submission arrived and its sequence that day in its province. The counters hand out the
-- sequence inside the intake's own transaction; existing submissions are numbered here in order
-- of arrival.
CREATE TABLE case_number_counters (
    province TEXT NOT NULL,
    day      TEXT NOT NULL,
    last     INTEGER NOT NULL CHECK (last >= 1),
    PRIMARY KEY (province, day)
);
ALTER TABLE submissions ADD COLUMN case_number TEXT;
UPDATE submissions SET case_number = numbered.case_number
FROM (
    SELECT id, province || '-' || day || '-'
               || printf('%04d', ROW_NUMBER() OVER (PARTITION BY province, day
                                                   ORDER BY submitted_at, id)) AS case_number
    FROM (SELECT id, province, submitted_at,
                 strftime('%Y%m%d', submitted_at, '+8 hours') AS day
          FROM submissions)
) AS numbered
WHERE numbered.id = submissions.id;
INSERT INTO case_number_counters (province, day, last)
    SELECT province, substr(case_number, 4, 8), COUNT(*) FROM submissions
    GROUP BY province, substr(case_number, 4, 8);
CREATE UNIQUE INDEX submissions_by_case_number ON submissions (case_number);
-- The case search's other kinds (the applicant id has its index already).
CREATE INDEX submissions_by_id_number ON submissions (upper(json_extract(identity, '$.id_number')));
CREATE INDEX submissions_by_name ON submissions (json_extract(identity, '$.name'));
-- SQLite cannot add NOT NULL to an existing column: a trigger refuses a submission without one.
CREATE TRIGGER submissions_have_case_numbers BEFORE INSERT ON submissions
WHEN NEW.case_number IS NULL
BEGIN SELECT RAISE(ABORT, 'a submission needs a case number'); END;
