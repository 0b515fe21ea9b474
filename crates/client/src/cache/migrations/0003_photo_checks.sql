-- Whether a cached submission body says its photo checks are settled (done, or given up: its
-- findings will not change), and when it was fetched: the bodies of live items whose checks are
-- not settled are fetched again now and then, so their findings arrive. Rows cached before this
-- count as not settled, never fetched: each is asked for once more.
ALTER TABLE items ADD COLUMN checks_settled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE items ADD COLUMN body_fetched_at INTEGER;
