//! The calendar's rows in SQLite ([`CalendarRows`]); the import itself is
//! [`crate::calendar`], shared with PostgreSQL.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection};

use super::audit_log;
use crate::calendar::{year_bounds, CalendarRows, DayRow, ImportRow, OpenDue};
use crate::rules::UNDATED_CLAIM_ORDER;
use crate::text_values::{date, parse_date, parse_timestamp, timestamp};
use crate::{AuditNote, StoreError};

/// The rows of one open transaction.
pub(super) struct Rows<'c>(pub(super) &'c Connection);

impl CalendarRows for Rows<'_> {
    fn lock(&mut self) -> Result<(), StoreError> {
        Ok(()) // Writes already run one at a time on the single writer.
    }

    fn imports(&mut self) -> Result<Vec<ImportRow>, StoreError> {
        let mut statement = self.0.prepare_cached(
            "SELECT version, title, url, published_on, first_year, last_year, sha256,
                    imported_by, imported_at, changed_days
             FROM calendar_imports ORDER BY version",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, Option<String>>(2)?,
                row.get::<_, Option<String>>(3)?,
                (row.get::<_, i32>(4)?, row.get::<_, i32>(5)?),
                row.get::<_, String>(6)?,
                row.get::<_, String>(7)?,
                row.get::<_, String>(8)?,
                row.get::<_, u32>(9)?,
            ))
        })?;
        let mut imports = Vec::new();
        for row in rows {
            let (version, title, url, published, (first_year, last_year), sha256, by, at, changed) =
                row?;
            imports.push(ImportRow {
                version,
                title,
                url,
                published_on: published.as_deref().map(parse_date).transpose()?,
                first_year,
                last_year,
                sha256,
                imported_by: by,
                imported_at: parse_timestamp(&at)?,
                changed_days: changed,
            });
        }
        Ok(imports)
    }

    fn years(&mut self) -> Result<Vec<(i32, i64)>, StoreError> {
        let mut statement =
            self.0.prepare_cached("SELECT year, version FROM calendar_years ORDER BY year")?;
        let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn days(&mut self) -> Result<Vec<DayRow>, StoreError> {
        let mut statement = self.0.prepare_cached(
            "SELECT date, kind, name_zh, name_en, version FROM calendar_days ORDER BY date",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, i64>(4)?,
            ))
        })?;
        let mut days = Vec::new();
        for row in rows {
            let (day, kind, name_zh, name_en, version) = row?;
            days.push(DayRow { date: parse_date(&day)?, kind, name_zh, name_en, version });
        }
        Ok(days)
    }

    fn insert_import(&mut self, row: &ImportRow) -> Result<(), StoreError> {
        self.0.execute(
            "INSERT INTO calendar_imports (version, title, url, published_on, first_year,
                 last_year, sha256, imported_by, imported_at, changed_days)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                row.version,
                row.title,
                row.url,
                row.published_on.map(date),
                row.first_year,
                row.last_year,
                row.sha256,
                row.imported_by,
                timestamp(row.imported_at),
                row.changed_days,
            ],
        )?;
        Ok(())
    }

    fn replace_years(
        &mut self,
        first: i32,
        last: i32,
        version: i64,
        days: &[DayRow],
    ) -> Result<(), StoreError> {
        let (from, to) = year_bounds(first, last);
        self.0.execute("DELETE FROM calendar_days WHERE date >= ?1 AND date <= ?2", [from, to])?;
        for day in days {
            self.0.execute(
                "INSERT INTO calendar_days (date, kind, name_zh, name_en, version)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![date(day.date), day.kind, day.name_zh, day.name_en, version],
            )?;
        }
        for year in first..=last {
            self.0.execute(
                "INSERT INTO calendar_years (year, version) VALUES (?1, ?2)
                 ON CONFLICT (year) DO UPDATE SET version = excluded.version",
                params![year, version],
            )?;
        }
        Ok(())
    }

    fn open_due_dates(&mut self) -> Result<Vec<OpenDue>, StoreError> {
        let mut statement = self.0.prepare(
            "SELECT id, submitted_at, due_date, due_provisional FROM submissions
             WHERE status IN ('pending', 'pending_second_review') ORDER BY id",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, Option<String>>(2)?,
                row.get::<_, bool>(3)?,
            ))
        })?;
        let mut open = Vec::new();
        for row in rows {
            let (id, submitted_at, due, provisional) = row?;
            open.push(OpenDue {
                id,
                submitted_at: parse_timestamp(&submitted_at)?,
                due: due.as_deref().map(parse_date).transpose()?,
                provisional,
            });
        }
        Ok(open)
    }

    fn set_due(
        &mut self,
        id: &str,
        due: Option<NaiveDate>,
        provisional: bool,
    ) -> Result<(), StoreError> {
        let due = due.map(date);
        self.0.execute(
            "UPDATE submissions SET due_date = ?2, due_provisional = ?3 WHERE id = ?1",
            params![id, due, provisional],
        )?;
        self.0.execute(
            "UPDATE queue SET claim_order = ?2 WHERE submission_id = ?1",
            params![id, due.as_deref().unwrap_or(UNDATED_CLAIM_ORDER)],
        )?;
        Ok(())
    }

    fn audit(&mut self, note: &AuditNote<'_>, now: DateTime<Utc>) -> Result<(), StoreError> {
        audit_log::append(self.0, note, now)
    }
}

/// The newest import's version (0 before the seed): one indexed read.
pub(super) fn version(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.query_row("SELECT COALESCE(MAX(version), 0) FROM calendar_imports", [], |row| {
        row.get(0)
    })?)
}
