-- SQLite's 0007: a released lease ends its token (`lease_released`).
ALTER TABLE leases ADD COLUMN released_at TEXT;
