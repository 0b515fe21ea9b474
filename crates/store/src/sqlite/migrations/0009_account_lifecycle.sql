-- Accounts can be disabled (and enabled again): a disabled account cannot log in, and disabling
-- it revokes its sessions in the same transaction. NULL: enabled.
-- Never edit a migration once it has landed: add a new one.
ALTER TABLE users ADD COLUMN disabled_at TEXT;
