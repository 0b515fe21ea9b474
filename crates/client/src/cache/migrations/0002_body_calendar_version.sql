-- The calendar version a cached submission body was fetched under: after a newer calendar
-- arrives (an import on the server moved due dates), the bodies of live items are fetched again.
ALTER TABLE items ADD COLUMN body_calendar_version INTEGER;
