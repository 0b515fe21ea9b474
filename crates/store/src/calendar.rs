//! The deployment's working-day calendar in the store: what an import checks, what it
//! writes and how it moves open submissions' due dates, written once over [`CalendarRows`], the
//! few row operations each backend provides. Both stores run this same code inside one
//! transaction per import.
//!
//! Rules:
//! - Version 1 is the bundled file, seeded when the tables are empty (no audit event: like a
//!   migration, it is the deployment's starting point). Every later import is one transaction
//!   with one `calendar_imported` event.
//! - An import replaces the days of the years its file declares (and adds years); the covered
//!   years stay one run.
//! - Refused, changing nothing: a file older (by its `published` date) than the import a year
//!   currently comes from, or one without a `published` date, unless forced; a file that would
//!   leave a gap between covered years.
//! - The same file again (every year it declares still comes from an import with its SHA-256)
//!   changes nothing and says so.
//! - Every open submission's due date is recomputed in the same transaction, keeping its own
//!   number of working days (counted in the old calendar), so a deployment's configured promise
//!   is kept without the store knowing it.

use chrono::{DateTime, NaiveDate, Utc};
use reviewdesk_domain::audit::AuditAction;
use reviewdesk_domain::calendar::{china_date, DayChange, DueDate, WorkCalendar};
use reviewdesk_domain::error_code::ErrorCode;
use reviewdesk_domain::wire::calendar::CalendarSource;
use serde_json::json;
use sha2::{Digest, Sha256};

use super::{AuditNote, StoreError};

/// Who the bundled seed is recorded as.
pub const SEED_ACTOR: &str = "system";

/// The working days promised when a submission has no due date to count its own from.
pub const DEFAULT_WORKING_DAYS: u32 = 7;

/// The calendar as a deployment holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredCalendar {
    /// The newest import's version; 0 when nothing is stored yet.
    pub version: i64,
    pub calendar: WorkCalendar,
    /// Every import, newest first.
    pub sources: Vec<CalendarSource>,
}

/// A calendar file to import.
#[derive(Debug, Clone)]
pub struct CalendarImport<'a> {
    /// The file as given (its SHA-256 is recorded).
    pub text: &'a str,
    /// The administrator's name (`--by`, or the operating-system user).
    pub imported_by: &'a str,
    /// Accept an older notice, or one without a publication date.
    pub force: bool,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarImportReport {
    /// The new version; `None` when the file changed nothing (already imported).
    pub version: Option<i64>,
    pub years_added: Vec<i32>,
    pub years_replaced: Vec<i32>,
    /// Days of already covered years whose kind changed.
    pub changes: Vec<DayChange>,
    /// Open submissions whose due date moved.
    pub due_dates_moved: u64,
    /// Open submissions whose due date stopped (or started) being provisional.
    pub provisional_changed: u64,
}

/// One imported file's record (a row of `calendar_imports`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRow {
    pub version: i64,
    pub title: String,
    pub url: Option<String>,
    pub published_on: Option<NaiveDate>,
    pub first_year: i32,
    pub last_year: i32,
    pub sha256: String,
    pub imported_by: String,
    pub imported_at: DateTime<Utc>,
    pub changed_days: u32,
}

/// One exception day as stored: date, `holiday` or `workday`, names, the import it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayRow {
    pub date: NaiveDate,
    pub kind: String,
    pub name_zh: String,
    pub name_en: String,
    pub version: i64,
}

/// An open submission's due date as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenDue {
    pub id: String,
    pub submitted_at: DateTime<Utc>,
    pub due: Option<NaiveDate>,
    pub provisional: bool,
}

/// The row operations an import needs, inside the backend's open transaction.
pub trait CalendarRows {
    /// Serialises imports (PostgreSQL: a table lock; SQLite: the single writer already does).
    fn lock(&mut self) -> Result<(), StoreError>;
    fn imports(&mut self) -> Result<Vec<ImportRow>, StoreError>;
    /// (year, version) for every covered year.
    fn years(&mut self) -> Result<Vec<(i32, i64)>, StoreError>;
    fn days(&mut self) -> Result<Vec<DayRow>, StoreError>;
    fn insert_import(&mut self, row: &ImportRow) -> Result<(), StoreError>;
    /// Replaces the days of the years `first..=last` with `days` and points the years at
    /// `version`.
    fn replace_years(
        &mut self,
        first: i32,
        last: i32,
        version: i64,
        days: &[DayRow],
    ) -> Result<(), StoreError>;
    fn open_due_dates(&mut self) -> Result<Vec<OpenDue>, StoreError>;
    /// Sets a submission's due date and flag, and its queue row's claim order.
    fn set_due(
        &mut self,
        id: &str,
        due: Option<NaiveDate>,
        provisional: bool,
    ) -> Result<(), StoreError>;
    fn audit(&mut self, note: &AuditNote<'_>, now: DateTime<Utc>) -> Result<(), StoreError>;
}

/// The stored calendar from its rows; `version` 0 and a calendar without data when empty.
pub fn stored_calendar(
    imports: Vec<ImportRow>,
    years: &[(i32, i64)],
    days: &[DayRow],
) -> Result<StoredCalendar, StoreError> {
    let version = imports.iter().map(|row| row.version).max().unwrap_or(0);
    let newest = imports.iter().max_by_key(|row| row.version);
    let source = newest.map_or_else(|| "ReviewDesk".to_owned(), |row| row.title.clone());
    let calendar = match (years.iter().map(|y| y.0).min(), years.iter().map(|y| y.0).max()) {
        (Some(first), Some(last)) => {
            let mut sorted: Vec<&DayRow> = days.iter().collect();
            sorted.sort_by_key(|day| day.date);
            let days = sorted.into_iter().map(|day| {
                (day.date, day.kind.as_str(), day.name_zh.as_str(), day.name_en.as_str())
            });
            WorkCalendar::from_days(source, first..=last, days).map_err(|error| {
                StoreError::Corrupt { detail: format!("the stored calendar is invalid: {error}") }
            })?
        }
        _ => WorkCalendar::without_data("no calendar stored yet".to_owned()),
    };
    Ok(StoredCalendar { version, calendar, sources: sources(imports, years) })
}

fn sources(mut imports: Vec<ImportRow>, years: &[(i32, i64)]) -> Vec<CalendarSource> {
    imports.sort_by_key(|row| std::cmp::Reverse(row.version));
    imports
        .into_iter()
        .map(|row| CalendarSource {
            years_in_use: years.iter().filter(|y| y.1 == row.version).map(|y| y.0).collect(),
            version: u32::try_from(row.version).unwrap_or(u32::MAX),
            title: row.title,
            url: row.url,
            published_on: row.published_on,
            first_year: row.first_year,
            last_year: row.last_year,
            imported_at: row.imported_at,
            imported_by: row.imported_by,
            sha256: row.sha256,
            changed_days: row.changed_days,
        })
        .collect()
}

/// Reads the stored calendar inside the caller's transaction.
pub fn load(rows: &mut impl CalendarRows) -> Result<StoredCalendar, StoreError> {
    let imports = rows.imports()?;
    let years = rows.years()?;
    let days = rows.days()?;
    stored_calendar(imports, &years, &days)
}

/// Seeds the bundled calendar when the store holds none yet (a new deployment, or one created
/// before the calendar was data). Moves open due dates like an import; writes no audit event.
pub fn seed(rows: &mut impl CalendarRows, now: DateTime<Utc>) -> Result<(), StoreError> {
    rows.lock()?;
    if !rows.imports()?.is_empty() {
        return Ok(());
    }
    let import = CalendarImport {
        text: reviewdesk_domain::calendar::BUNDLED_TSV,
        imported_by: SEED_ACTOR,
        force: true,
    };
    apply(rows, &import, now, false).map(|_| ())
}

/// Imports a calendar file: checks, writes, moves due dates, appends `calendar_imported`.
pub fn import(
    rows: &mut impl CalendarRows,
    import: &CalendarImport<'_>,
    now: DateTime<Utc>,
) -> Result<CalendarImportReport, StoreError> {
    rows.lock()?;
    apply(rows, import, now, true)
}

fn apply(
    rows: &mut impl CalendarRows,
    import: &CalendarImport<'_>,
    now: DateTime<Utc>,
    audited: bool,
) -> Result<CalendarImportReport, StoreError> {
    let file = WorkCalendar::parse(import.text).map_err(|error| {
        StoreError::invalid(error.code(), format!("{} / {error}", error.message_zh()))
    })?;
    let sha256 = hex::encode(Sha256::digest(import.text.as_bytes()));
    let imports = rows.imports()?;
    let years = rows.years()?;
    let current = stored_calendar(imports.clone(), &years, &rows.days()?)?;
    let declared = file.covered_years();
    let from_import = |year: i32| {
        let version = years.iter().find(|y| y.0 == year).map(|y| y.1)?;
        imports.iter().find(|row| row.version == version)
    };

    if declared.clone().all(|year| from_import(year).is_some_and(|row| row.sha256 == sha256)) {
        return Ok(CalendarImportReport {
            version: None,
            years_added: Vec::new(),
            years_replaced: Vec::new(),
            changes: Vec::new(),
            due_dates_moved: 0,
            provisional_changed: 0,
        });
    }
    if !import.force {
        let Some(published) = file.published() else {
            return Err(StoreError::invalid(
                ErrorCode::MissingPublished,
                "文件缺少 `published` 表头行（通知的发布日期）；确认无误可加 --force / \
                 the file has no `published` header line (the notice's publication date); \
                 --force imports it anyway"
                    .to_owned(),
            ));
        };
        for year in declared.clone() {
            let Some(row) = from_import(year) else { continue };
            if row.published_on.is_some_and(|current| published < current) {
                return Err(StoreError::invalid(
                    ErrorCode::OlderNotice,
                    format!(
                        "{year} 年的现有数据来自 {} 发布的《{}》，比本文件（{published}）更新；\
                         确认要退回旧数据可加 --force / the current data for {year} comes from \
                         a notice published on {} ({}), newer than this file ({published}); \
                         --force imports it anyway",
                        row.published_on.map(|d| d.to_string()).unwrap_or_default(),
                        row.title,
                        row.published_on.map(|d| d.to_string()).unwrap_or_default(),
                        row.title,
                    ),
                ));
            }
        }
    }
    let merged = current.calendar.merged(&file).map_err(|gap| {
        StoreError::invalid(
            ErrorCode::YearsNotContiguous,
            format!(
                "导入 {}–{} 年会使已收录的 {}–{} 年之间出现空缺 / {gap}",
                gap.new_first, gap.new_last, gap.first, gap.last
            ),
        )
    })?;
    let (first, last) = (*declared.start(), *declared.end());
    let changes = current.calendar.changes(&merged, declared.clone());
    let years_added: Vec<i32> =
        declared.clone().filter(|year| !current.calendar.covered_years().contains(year)).collect();
    let years_replaced: Vec<i32> =
        declared.clone().filter(|year| current.calendar.covered_years().contains(year)).collect();

    let version = current.version + 1;
    let changed_days = u32::try_from(changes.len()).unwrap_or(u32::MAX);
    rows.insert_import(&ImportRow {
        version,
        title: file.source().to_owned(),
        url: file.url().map(str::to_owned),
        published_on: file.published(),
        first_year: first,
        last_year: last,
        sha256: sha256.clone(),
        imported_by: import.imported_by.to_owned(),
        imported_at: now,
        changed_days,
    })?;
    let days: Vec<DayRow> = file
        .exception_days()
        .map(|(date, kind, name)| DayRow {
            date,
            kind: kind.to_owned(),
            name_zh: name.zh.clone(),
            name_en: name.en.clone(),
            version,
        })
        .collect();
    rows.replace_years(first, last, version, &days)?;

    // Before the seed the open due dates were counted in the bundled calendar.
    let old = if current.version == 0 { WorkCalendar::bundled() } else { &current.calendar };
    let (mut due_dates_moved, mut provisional_changed) = (0, 0);
    for open in rows.open_due_dates()? {
        let moved = moved_due(old, &merged, &open);
        let (date, provisional) = (moved.map(|d| d.date), moved.is_some_and(|d| d.provisional));
        if date != open.due {
            due_dates_moved += 1;
        }
        if provisional != open.provisional {
            provisional_changed += 1;
        }
        if date != open.due || provisional != open.provisional {
            rows.set_due(&open.id, date, provisional)?;
        }
    }

    if audited {
        rows.audit(
            &AuditNote {
                actor: import.imported_by,
                action: AuditAction::CalendarImported,
                subject: None,
                detail: json!({
                    "version": version,
                    "years": [first, last],
                    "years_added": years_added,
                    "changed_days": changed_days,
                    "due_dates_moved": due_dates_moved,
                    "sha256": sha256,
                }),
            },
            now,
        )?;
    }
    Ok(CalendarImportReport {
        version: Some(version),
        years_added,
        years_replaced,
        changes,
        due_dates_moved,
        provisional_changed,
    })
}

/// The first and last date (as stored text) of the years `first..=last`.
pub fn year_bounds(first: i32, last: i32) -> (String, String) {
    (format!("{first:04}-01-01"), format!("{last:04}-12-31"))
}

/// An open submission's due date under `new`: the same number of working days after its
/// submission day as it had under `old` ([`DEFAULT_WORKING_DAYS`] when it had none). `None` only
/// when `new` cannot answer either.
pub fn moved_due(old: &WorkCalendar, new: &WorkCalendar, open: &OpenDue) -> Option<DueDate> {
    let submitted = china_date(open.submitted_at);
    let working_days = open
        .due
        .and_then(|due| old.days_left(submitted, due).ok())
        .and_then(|left| u32::try_from(left.days).ok())
        .filter(|days| *days > 0)
        .unwrap_or(DEFAULT_WORKING_DAYS);
    new.due(submitted, working_days).ok()
}
