-- The working-day calendar becomes deployment data (issue 15). Every imported calendar file is
-- a row of calendar_imports (its version); calendar_years says which import each covered year
-- currently comes from, calendar_days holds the exception days of those years. The store seeds
-- version 1 from the bundled file when the tables are empty.
CREATE TABLE calendar_imports (
    version      INTEGER PRIMARY KEY,
    title        TEXT NOT NULL,
    url          TEXT,
    published_on TEXT,
    first_year   INTEGER NOT NULL,
    last_year    INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    imported_by  TEXT NOT NULL,
    imported_at  TEXT NOT NULL,
    changed_days INTEGER NOT NULL
);
CREATE TABLE calendar_years (
    year    INTEGER PRIMARY KEY,
    version INTEGER NOT NULL REFERENCES calendar_imports (version)
);
CREATE TABLE calendar_days (
    date    TEXT PRIMARY KEY,
    kind    TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    version INTEGER NOT NULL REFERENCES calendar_imports (version)
);
-- A due date that rests on days no notice settles yet; recomputed with the due date on import.
ALTER TABLE submissions ADD COLUMN due_provisional INTEGER NOT NULL DEFAULT 0;
