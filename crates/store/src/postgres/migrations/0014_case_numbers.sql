-- Case numbers (reviewdesk_domain::case_number): `province-YYYYMMDD-NNNN`, the Beijing date a
-- submission arrived and its sequence that day in its province. The counters hand out the
-- sequence inside the intake's own transaction (the upsert's row lock orders concurrent
-- intakes); existing submissions are numbered here in order of arrival.
CREATE TABLE case_number_counters (
    province TEXT NOT NULL,
    day      TEXT NOT NULL,
    last     INTEGER NOT NULL CHECK (last >= 1),
    PRIMARY KEY (province, day)
);
ALTER TABLE submissions ADD COLUMN case_number TEXT;
UPDATE submissions s SET case_number = numbered.case_number
FROM (
    SELECT id, province || '-' || day || '-'
               || lpad(n::text, greatest(4, length(n::text)), '0') AS case_number
    FROM (SELECT id, province, day,
                 ROW_NUMBER() OVER (PARTITION BY province, day ORDER BY submitted_at, id) AS n
          FROM (SELECT id, province, submitted_at,
                       to_char((submitted_at::timestamptz AT TIME ZONE 'UTC')
                               + interval '8 hours', 'YYYYMMDD') AS day
                FROM submissions) AS dated) AS counted
) AS numbered
WHERE numbered.id = s.id;
INSERT INTO case_number_counters (province, day, last)
    SELECT province, substr(case_number, 4, 8), COUNT(*) FROM submissions
    GROUP BY province, substr(case_number, 4, 8);
ALTER TABLE submissions ALTER COLUMN case_number SET NOT NULL;
CREATE UNIQUE INDEX submissions_by_case_number ON submissions (case_number);
-- The case search's other kinds (the applicant id has its index already).
CREATE INDEX submissions_by_id_number ON submissions (upper(identity::jsonb ->> 'id_number'));
CREATE INDEX submissions_by_name ON submissions ((identity::jsonb ->> 'name'));
