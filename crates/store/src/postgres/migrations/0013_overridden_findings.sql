-- The findings an approval was given over (`overridden_findings`, a JSON array of finding codes;
-- `[]` for every other decision and for decisions recorded before this). The decision log filters
-- "approved over findings" on `overridden_findings <> '[]'`.
ALTER TABLE decisions ADD COLUMN overridden_findings TEXT NOT NULL DEFAULT '[]';
