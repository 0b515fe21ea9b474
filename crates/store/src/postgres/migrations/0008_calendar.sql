-- The working-day calendar becomes deployment data (issue 15); SQLite's 0006. Imports lock
-- calendar_imports in EXCLUSIVE mode, so two imports (or two instances seeding the bundled file)
-- never interleave.
CREATE TABLE calendar_imports (
    version      BIGINT PRIMARY KEY,
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
    version BIGINT NOT NULL REFERENCES calendar_imports (version)
);
CREATE TABLE calendar_days (
    date    TEXT PRIMARY KEY,
    kind    TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    version BIGINT NOT NULL REFERENCES calendar_imports (version)
);
ALTER TABLE submissions ADD COLUMN due_provisional BOOLEAN NOT NULL DEFAULT FALSE;
