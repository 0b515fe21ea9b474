-- A released lease ends its token: a decision under it is refused (`lease_released`), unlike an
-- expired one, which offline work may still decide under.
ALTER TABLE leases ADD COLUMN released_at TEXT;
