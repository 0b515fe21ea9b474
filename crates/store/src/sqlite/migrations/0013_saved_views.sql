-- A supervisor's saved views of the decision log: a name, the filters (DecisionLogFilter as JSON)
-- and the slot 1-9 whose key (Alt+slot) reopens it. Per account, so a shared or replaced PC
-- loses nothing; names and slots are unique per account.
CREATE TABLE saved_views (
    user_id    INTEGER NOT NULL REFERENCES users (id),
    name       TEXT NOT NULL,
    slot       INTEGER NOT NULL CHECK (slot BETWEEN 1 AND 9),
    filter     TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (user_id, name),
    UNIQUE (user_id, slot)
);
