//! The calendar's rows in PostgreSQL ([`CalendarRows`]); the import itself is
//! [`crate::calendar`], shared with SQLite. Imports (and the bundled seed of several
//! instances starting at once) lock `calendar_imports` in EXCLUSIVE mode: one at a time.

use chrono::{DateTime, NaiveDate, Utc};

use super::audit_log;
use super::tx::Tx;
use crate::calendar::year_bounds;
use crate::calendar::{CalendarRows, DayRow, ImportRow, OpenDue};
use crate::rules::UNDATED_CLAIM_ORDER;
use crate::text_values::{corrupt, date, parse_date, parse_timestamp, timestamp};
use crate::{AuditNote, StoreError};

/// The rows of one open transaction.
pub(super) struct Rows<'t, 'c>(pub(super) &'t mut Tx<'c>);

impl CalendarRows for Rows<'_, '_> {
    fn lock(&mut self) -> Result<(), StoreError> {
        self.0.execute("LOCK TABLE calendar_imports IN EXCLUSIVE MODE", &[])?;
        Ok(())
    }

    fn imports(&mut self) -> Result<Vec<ImportRow>, StoreError> {
        let rows = self.0.query(
            "SELECT version, title, url, published_on, first_year, last_year, sha256,
                    imported_by, imported_at, changed_days
             FROM calendar_imports ORDER BY version",
            &[],
        )?;
        let mut imports = Vec::with_capacity(rows.len());
        for row in rows {
            let published: Option<String> = row.try_get(3)?;
            let at: String = row.try_get(8)?;
            let changed: i32 = row.try_get(9)?;
            imports.push(ImportRow {
                version: row.try_get(0)?,
                title: row.try_get(1)?,
                url: row.try_get(2)?,
                published_on: published.as_deref().map(parse_date).transpose()?,
                first_year: row.try_get(4)?,
                last_year: row.try_get(5)?,
                sha256: row.try_get(6)?,
                imported_by: row.try_get(7)?,
                imported_at: parse_timestamp(&at)?,
                changed_days: u32::try_from(changed)
                    .map_err(|_| corrupt("changed_days", &changed.to_string()))?,
            });
        }
        Ok(imports)
    }

    fn years(&mut self) -> Result<Vec<(i32, i64)>, StoreError> {
        let rows = self.0.query("SELECT year, version FROM calendar_years ORDER BY year", &[])?;
        rows.iter().map(|row| Ok((row.try_get(0)?, row.try_get(1)?))).collect()
    }

    fn days(&mut self) -> Result<Vec<DayRow>, StoreError> {
        let rows = self.0.query(
            "SELECT date, kind, name_zh, name_en, version FROM calendar_days ORDER BY date",
            &[],
        )?;
        let mut days = Vec::with_capacity(rows.len());
        for row in rows {
            let day: String = row.try_get(0)?;
            days.push(DayRow {
                date: parse_date(&day)?,
                kind: row.try_get(1)?,
                name_zh: row.try_get(2)?,
                name_en: row.try_get(3)?,
                version: row.try_get(4)?,
            });
        }
        Ok(days)
    }

    fn insert_import(&mut self, row: &ImportRow) -> Result<(), StoreError> {
        let changed = i32::try_from(row.changed_days).unwrap_or(i32::MAX);
        self.0.execute(
            "INSERT INTO calendar_imports (version, title, url, published_on, first_year,
                 last_year, sha256, imported_by, imported_at, changed_days)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            &[
                &row.version,
                &row.title,
                &row.url,
                &row.published_on.map(date),
                &row.first_year,
                &row.last_year,
                &row.sha256,
                &row.imported_by,
                &timestamp(row.imported_at),
                &changed,
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
        self.0
            .execute("DELETE FROM calendar_days WHERE date >= $1 AND date <= $2", &[&from, &to])?;
        let dates: Vec<String> = days.iter().map(|day| date(day.date)).collect();
        let kinds: Vec<&str> = days.iter().map(|day| day.kind.as_str()).collect();
        let zh: Vec<&str> = days.iter().map(|day| day.name_zh.as_str()).collect();
        let en: Vec<&str> = days.iter().map(|day| day.name_en.as_str()).collect();
        self.0.execute(
            "INSERT INTO calendar_days (date, kind, name_zh, name_en, version)
             SELECT d, k, z, e, $5 FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[])
                 AS t (d, k, z, e)",
            &[&dates, &kinds, &zh, &en, &version],
        )?;
        self.0.execute(
            "INSERT INTO calendar_years (year, version)
             SELECT y, $3 FROM generate_series($1::int, $2::int) AS y
             ON CONFLICT (year) DO UPDATE SET version = excluded.version",
            &[&first, &last, &version],
        )?;
        Ok(())
    }

    fn open_due_dates(&mut self) -> Result<Vec<OpenDue>, StoreError> {
        let rows = self.0.query(
            "SELECT id, submitted_at, due_date, due_provisional FROM submissions
             WHERE status IN ('pending', 'pending_second_review') ORDER BY id FOR UPDATE",
            &[],
        )?;
        let mut open = Vec::with_capacity(rows.len());
        for row in rows {
            let submitted_at: String = row.try_get(1)?;
            let due: Option<String> = row.try_get(2)?;
            open.push(OpenDue {
                id: row.try_get(0)?,
                submitted_at: parse_timestamp(&submitted_at)?,
                due: due.as_deref().map(parse_date).transpose()?,
                provisional: row.try_get(3)?,
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
            "UPDATE submissions SET due_date = $2, due_provisional = $3 WHERE id = $1",
            &[&id, &due, &provisional],
        )?;
        self.0.execute(
            "UPDATE queue SET claim_order = $2 WHERE submission_id = $1",
            &[&id, &due.as_deref().unwrap_or(UNDATED_CLAIM_ORDER)],
        )?;
        Ok(())
    }

    fn audit(&mut self, note: &AuditNote<'_>, now: DateTime<Utc>) -> Result<(), StoreError> {
        audit_log::append(self.0, note, now)
    }
}

/// The newest import's version (0 before the seed): one indexed read.
pub(super) fn version(tx: &mut Tx<'_>) -> Result<i64, StoreError> {
    Ok(tx
        .query_one("SELECT COALESCE(MAX(version), 0)::bigint FROM calendar_imports", &[])?
        .try_get(0)?)
}
