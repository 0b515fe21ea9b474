//! China's official working days (public holidays and 调休 make-up working days) and the
//! "answer within 7 working days" due date.
//!
//! Owns [`WorkCalendar`], the queries on it and the bundled calendar compiled in from
//! `assets/calendar/cn-workdays.tsv` (see `scripts/gen-calendar.py` for its source and how to
//! regenerate it). A deployment keeps its own calendar (the store; `calendar import`), which
//! starts from the bundled file.
//!
//! Two kinds of question:
//! - **Official only** ([`WorkCalendar::is_workday`], [`WorkCalendar::day_kind`],
//!   [`WorkCalendar::workdays`], [`WorkCalendar::due_date`], [`WorkCalendar::working_days_left`]):
//!   a date in a year the calendar does not cover is an explicit
//!   [`CalendarError::YearNotCovered`], never a Monday–Friday guess.
//! - **Marked** ([`WorkCalendar::day`], [`WorkCalendar::due`], [`WorkCalendar::days_left`],
//!   [`WorkCalendar::workdays_marked`]): a day the official data does not settle — any day of a
//!   year after the covered ones, and the last [`UNSETTLED_DECEMBER_DAYS`] days of the last
//!   covered year (the next year's notice has changed late December before: 2006, 2007, 2011,
//!   2018, 2022) — is answered from weekends plus the statutory holidays
//!   ([`statutory`]), or from the official data where it has some, and the answer is marked
//!   **provisional**. A year before the covered ones stays an error (the statutory rules of
//!   2025 do not describe the past), and so does a year the lunar dates cannot be computed for.

mod beijing;
mod day_kind;
mod error;
mod file_format;
mod month;
pub mod statutory;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::RangeInclusive;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use chrono::{Datelike, NaiveDate, Weekday};

pub use beijing::china_date;
pub use day_kind::{DayKind, HolidayName};
pub use error::CalendarError;
pub use file_format::CalendarParseError;
pub use month::MarkedDay;

/// The calendar file compiled into the binary.
pub const BUNDLED_TSV: &str = include_str!("../../../assets/calendar/cn-workdays.tsv");

/// How many days at the end of the last covered year stay provisional: the next year's notice
/// may still move them (it did in 2006, 2007, 2011, 2018 and 2022).
pub const UNSETTLED_DECEMBER_DAYS: u32 = 10;

/// One day's answer, marked provisional when the official data does not settle it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Day {
    pub workday: bool,
    pub provisional: bool,
}

/// A due date, provisional when any day counted towards it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DueDate {
    pub date: NaiveDate,
    pub provisional: bool,
}

/// Working days left until a due date (negative when late), provisional when any day counted is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DaysLeft {
    pub days: i64,
    pub provisional: bool,
}

/// How a day changed between two calendars (an import's report).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayChange {
    pub date: NaiveDate,
    pub before: &'static str,
    pub after: &'static str,
}

/// Why two calendars cannot be merged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the years {new_first}–{new_last} would leave a gap next to the covered years {first}–{last}"
)]
pub struct CalendarGap {
    pub first: i32,
    pub last: i32,
    pub new_first: i32,
    pub new_last: i32,
}

/// Whether a listed exception day is a day off or a day of work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ExceptionKind {
    /// A Monday–Friday that is a public holiday (or a day off moved there by 调休).
    Holiday,
    /// A Saturday or Sunday that is a make-up working day (调休).
    MakeupWorkday,
}

/// One listed exception to the Monday–Friday rule.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Exception {
    kind: ExceptionKind,
    name: HolidayName,
}

/// China's working-day calendar over an explicit range of covered years.
///
/// Every Monday–Friday is a working day and every Saturday/Sunday is not, except the listed
/// exceptions (public holidays on weekdays, make-up working days on weekends).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkCalendar {
    /// Dataset and version, e.g. `chinesecalendar 1.11.0 (PyPI, MIT, …)`, or the notice's title.
    source: String,
    /// Where the source can be read (the notice's URL), when the file says.
    url: Option<String>,
    /// When the notice was published, when the file says.
    published: Option<NaiveDate>,
    /// First covered year; greater than `last_year` for a calendar without data.
    first_year: i32,
    last_year: i32,
    exceptions: BTreeMap<NaiveDate, Exception>,
}

impl WorkCalendar {
    /// The calendar compiled in from `assets/calendar/cn-workdays.tsv`, parsed on first use.
    ///
    /// The bundled file is checked by this crate's tests. Should it ever fail to parse, the
    /// calendar returned covers no year at all, so every query fails with
    /// [`CalendarError::NoData`] naming the parse error; it never falls back to Monday–Friday.
    pub fn bundled() -> &'static WorkCalendar {
        static BUNDLED: OnceLock<WorkCalendar> = OnceLock::new();
        BUNDLED.get_or_init(|| {
            WorkCalendar::parse(BUNDLED_TSV).unwrap_or_else(|err| {
                WorkCalendar::without_data(format!(
                    "the bundled calendar assets/calendar/cn-workdays.tsv is invalid: {err}"
                ))
            })
        })
    }

    /// Parses a calendar file (format described in `scripts/gen-calendar.py`).
    ///
    /// Strict: every malformed line, a missing header, an exception outside the covered years,
    /// dates out of order and a covered year without any holiday are errors that name the line.
    pub fn parse(text: &str) -> Result<WorkCalendar, CalendarParseError> {
        file_format::parse(text)
    }

    /// A calendar of the covered `years` with these exception days (date, `holiday` or
    /// `workday`, Chinese and English name), checked like the lines of a file (a deployment's
    /// stored calendar is built this way).
    pub fn from_days<'a>(
        source: String,
        years: RangeInclusive<i32>,
        days: impl IntoIterator<Item = (NaiveDate, &'a str, &'a str, &'a str)>,
    ) -> Result<WorkCalendar, CalendarParseError> {
        file_format::from_days(source, *years.start(), *years.end(), days)
    }

    /// A calendar that covers no year: every query fails with [`CalendarError::NoData`].
    pub fn without_data(source: String) -> WorkCalendar {
        WorkCalendar {
            source,
            url: None,
            published: None,
            first_year: 1,
            last_year: 0,
            exceptions: BTreeMap::new(),
        }
    }

    /// The years whose holiday arrangements the calendar knows (empty for a calendar without
    /// data).
    pub fn covered_years(&self) -> RangeInclusive<i32> {
        self.first_year..=self.last_year
    }

    /// The dataset and its version (or the notice's title), as recorded in the file header.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Where the source can be read, when the file says.
    pub fn url(&self) -> Option<&str> {
        self.url.as_deref()
    }

    /// When the notice was published, when the file says.
    pub fn published(&self) -> Option<NaiveDate> {
        self.published
    }

    /// Next year, from 1 November of `today`'s year while the calendar does not cover it: due dates
    /// reaching into it are provisional until its notice is imported (supervisors are told).
    pub fn next_year_pending(&self, today: NaiveDate) -> Option<i32> {
        let next = today.year() + 1;
        (today.month() >= 11 && !self.covered_years().contains(&next)).then_some(next)
    }

    /// The calendar as a file in the bundled file's format (parses back to an equal calendar).
    pub fn to_file(&self) -> String {
        file_format::render(self)
    }

    /// The same days under another source description (the merged calendar of a deployment).
    pub fn with_source(mut self, source: String, url: Option<String>) -> WorkCalendar {
        self.source = source;
        self.url = url;
        self.published = None;
        self
    }

    /// The calendar with the years of `newer` replaced by (or extended with) its data. Fails
    /// when the result would not be one run of years.
    pub fn merged(&self, newer: &WorkCalendar) -> Result<WorkCalendar, CalendarGap> {
        if self.first_year > self.last_year {
            return Ok(newer.clone());
        }
        if newer.first_year > self.last_year.saturating_add(1)
            || newer.last_year < self.first_year.saturating_sub(1)
        {
            return Err(CalendarGap {
                first: self.first_year,
                last: self.last_year,
                new_first: newer.first_year,
                new_last: newer.last_year,
            });
        }
        let mut exceptions: BTreeMap<NaiveDate, Exception> = self
            .exceptions
            .iter()
            .filter(|(date, _)| !newer.covered_years().contains(&date.year()))
            .map(|(date, exception)| (*date, exception.clone()))
            .collect();
        exceptions.extend(newer.exceptions.iter().map(|(d, e)| (*d, e.clone())));
        Ok(WorkCalendar {
            source: newer.source.clone(),
            url: newer.url.clone(),
            published: newer.published,
            first_year: self.first_year.min(newer.first_year),
            last_year: self.last_year.max(newer.last_year),
            exceptions,
        })
    }

    /// The calendar cut down to the covered years up to `last_year` (what it was before a later
    /// year's notice; used to measure provisional answers against the official ones).
    pub fn until(&self, last_year: i32) -> WorkCalendar {
        WorkCalendar {
            last_year: self.last_year.min(last_year),
            exceptions: self
                .exceptions
                .iter()
                .filter(|(date, _)| date.year() <= last_year)
                .map(|(date, exception)| (*date, exception.clone()))
                .collect(),
            ..self.clone()
        }
    }

    /// The days of `years` whose kind differs between `self` (before) and `after`, in order;
    /// only years both calendars cover are compared.
    pub fn changes(&self, after: &WorkCalendar, years: RangeInclusive<i32>) -> Vec<DayChange> {
        let mut changes = Vec::new();
        for year in years {
            if !self.covered_years().contains(&year) || !after.covered_years().contains(&year) {
                continue;
            }
            let Some(first) = NaiveDate::from_ymd_opt(year, 1, 1) else { continue };
            for date in first.iter_days().take_while(|date| date.year() == year) {
                let (Ok(before), Ok(now)) = (self.day_kind(date), after.day_kind(date)) else {
                    continue;
                };
                if std::mem::discriminant(&before) != std::mem::discriminant(&now) {
                    changes.push(DayChange {
                        date,
                        before: kind_word(&before),
                        after: kind_word(&now),
                    });
                }
            }
        }
        changes
    }

    /// The exception days in date order: (date, `holiday` or `workday`, name).
    pub fn exception_days(&self) -> impl Iterator<Item = (NaiveDate, &'static str, &HolidayName)> {
        self.exceptions.iter().map(|(date, exception)| {
            let kind = match exception.kind {
                ExceptionKind::Holiday => "holiday",
                ExceptionKind::MakeupWorkday => "workday",
            };
            (*date, kind, &exception.name)
        })
    }

    /// Whether `date` is a working day, and whether that answer is provisional (see the module
    /// doc). Fails for a year before the covered ones, and for one the statutory holidays
    /// cannot be computed for.
    pub fn day(&self, date: NaiveDate) -> Result<Day, CalendarError> {
        if self.first_year > self.last_year {
            return Err(CalendarError::NoData { detail: self.source.clone() });
        }
        let year = date.year();
        if year < self.first_year {
            return Err(CalendarError::YearNotCovered {
                year,
                covered: (self.first_year, self.last_year),
            });
        }
        if year <= self.last_year {
            let unsettled = year == self.last_year
                && date.ordinal() > last_ordinal(year) - UNSETTLED_DECEMBER_DAYS;
            return Ok(Day { workday: self.is_workday(date)?, provisional: unsettled });
        }
        let days_off =
            statutory_days_off(year).map_err(|year| CalendarError::YearNotComputable {
                year,
                computable: (
                    *statutory::SUPPORTED_YEARS.start(),
                    *statutory::SUPPORTED_YEARS.end(),
                ),
            })?;
        Ok(Day { workday: !is_weekend(date) && !days_off.contains(&date), provisional: true })
    }

    /// As [`WorkCalendar::due_date`], answering provisionally where the official data does not
    /// settle a day (see the module doc): the result is marked provisional when any day from
    /// the day after `submitted` to the due date is.
    pub fn due(&self, submitted: NaiveDate, working_days: u32) -> Result<DueDate, CalendarError> {
        if working_days == 0 {
            return Err(CalendarError::ZeroWorkingDays);
        }
        self.day(submitted)?;
        let mut date = submitted;
        let mut counted = 0;
        let mut provisional = false;
        while counted < working_days {
            date = self.next_day(date)?;
            let day = self.day(date)?;
            provisional |= day.provisional;
            if day.workday {
                counted += 1;
            }
        }
        Ok(DueDate { date, provisional })
    }

    /// As [`WorkCalendar::working_days_left`], answering provisionally where the official data
    /// does not settle a day: marked provisional when any day counted is.
    pub fn days_left(&self, today: NaiveDate, due: NaiveDate) -> Result<DaysLeft, CalendarError> {
        let (after, up_to) = if today <= due { (today, due) } else { (due, today) };
        self.day(after)?;
        let mut count = 0;
        let mut provisional = false;
        let mut date = after;
        while date < up_to {
            date = self.next_day(date)?;
            let day = self.day(date)?;
            provisional |= day.provisional;
            if day.workday {
                count += 1;
            }
        }
        let days = if today <= due { count } else { -count.max(1) };
        Ok(DaysLeft { days, provisional })
    }

    /// The working days from `from` to `to`, both inclusive, each marked provisional or not;
    /// reaches into years after the covered ones (see [`WorkCalendar::day`]).
    pub fn workdays_marked(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(NaiveDate, bool)>, CalendarError> {
        if from > to {
            return Err(CalendarError::BadRange { from, to });
        }
        let mut days = Vec::new();
        for date in from.iter_days().take_while(|date| *date <= to) {
            let day = self.day(date)?;
            if day.workday {
                days.push((date, day.provisional));
            }
        }
        Ok(days)
    }

    /// Fails unless the year of `date` is covered.
    fn ensure_covered(&self, date: NaiveDate) -> Result<(), CalendarError> {
        if self.first_year > self.last_year {
            return Err(CalendarError::NoData { detail: self.source.clone() });
        }
        if self.covered_years().contains(&date.year()) {
            Ok(())
        } else {
            Err(CalendarError::YearNotCovered {
                year: date.year(),
                covered: (self.first_year, self.last_year),
            })
        }
    }

    /// Whether `date` is a working day: a Monday–Friday that is not a holiday, or a make-up
    /// working day.
    pub fn is_workday(&self, date: NaiveDate) -> Result<bool, CalendarError> {
        self.ensure_covered(date)?;
        Ok(match self.exceptions.get(&date) {
            Some(exception) => exception.kind == ExceptionKind::MakeupWorkday,
            None => !is_weekend(date),
        })
    }

    /// What kind of day `date` is, with the holiday's name for an exception day.
    ///
    /// A Saturday or Sunday inside a holiday period is reported as [`DayKind::Weekend`]: only
    /// exceptions to the Monday–Friday rule carry a name.
    pub fn day_kind(&self, date: NaiveDate) -> Result<DayKind, CalendarError> {
        self.ensure_covered(date)?;
        Ok(match self.exceptions.get(&date) {
            Some(Exception { kind: ExceptionKind::Holiday, name }) => {
                DayKind::Holiday { name: name.clone() }
            }
            Some(Exception { kind: ExceptionKind::MakeupWorkday, name }) => {
                DayKind::MakeupWorkday { name: name.clone() }
            }
            None if is_weekend(date) => DayKind::Weekend,
            None => DayKind::Workday,
        })
    }

    /// The working days from `from` to `to`, both inclusive, in order.
    ///
    /// Fails with [`CalendarError::BadRange`] when `from` is after `to`, and with
    /// [`CalendarError::YearNotCovered`] when any year of the range is not covered.
    pub fn workdays(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<NaiveDate>, CalendarError> {
        if from > to {
            return Err(CalendarError::BadRange { from, to });
        }
        // Covered years are contiguous, so covering both ends covers the whole range.
        self.ensure_covered(from)?;
        self.ensure_covered(to)?;
        let mut days = Vec::new();
        for date in from.iter_days().take_while(|date| *date <= to) {
            if self.is_workday(date)? {
                days.push(date);
            }
        }
        Ok(days)
    }

    /// The day by which a request submitted on `submitted` must be answered when the promise
    /// is "within `working_days` working days".
    ///
    /// The submission day itself never counts, whatever kind of day it is: the due date is the
    /// `working_days`-th working day strictly after `submitted`. A request submitted on a
    /// weekend or holiday therefore starts counting on the next working day by itself, and make-up
    /// working days (调休) count like any other working day.
    ///
    /// Worked example around 国庆节 2025 (1–8 October off, Sunday 28 September and Saturday
    /// 11 October are make-up working days): submitted on Tuesday 2025-09-30 with 7 working days,
    /// the count runs Thu 10-09 (1), Fri 10-10 (2), Sat 10-11 (3, 调休), Mon 10-13 (4),
    /// Tue 10-14 (5), Wed 10-15 (6), Thu 10-16 (7): due **2025-10-16**.
    ///
    /// Every date from `submitted` to the due date must lie in a covered year, otherwise the
    /// result is [`CalendarError::YearNotCovered`] (e.g. submitted 2026-12-28 with 7 working
    /// days needs January 2027). `working_days == 0` is [`CalendarError::ZeroWorkingDays`].
    pub fn due_date(
        &self,
        submitted: NaiveDate,
        working_days: u32,
    ) -> Result<NaiveDate, CalendarError> {
        if working_days == 0 {
            return Err(CalendarError::ZeroWorkingDays);
        }
        self.ensure_covered(submitted)?;
        let mut date = submitted;
        let mut counted = 0;
        while counted < working_days {
            date = self.next_day(date)?;
            if self.is_workday(date)? {
                counted += 1;
            }
        }
        Ok(date)
    }

    /// How many working days remain from `today` until `due`.
    ///
    /// - `0` when `due` is today: the answer is due by the end of today.
    /// - Positive: the number of working days after today up to and including `due` (on a
    ///   Friday with the answer due next Monday: `1`).
    /// - Negative when late: minus the number of working days after `due` up to and including
    ///   today. Any day after `due` is late, so the result is then at most `-1`, even on the
    ///   Saturday straight after a Friday deadline (no working day has passed yet, but the
    ///   deadline has).
    pub fn working_days_left(
        &self,
        today: NaiveDate,
        due: NaiveDate,
    ) -> Result<i64, CalendarError> {
        self.ensure_covered(today)?;
        self.ensure_covered(due)?;
        if today <= due {
            self.count_workdays_after(today, due)
        } else {
            let overdue = self.count_workdays_after(due, today)?;
            Ok(-overdue.max(1))
        }
    }

    /// The number of working days in `(after, up_to]`; both years are already covered.
    fn count_workdays_after(
        &self,
        after: NaiveDate,
        up_to: NaiveDate,
    ) -> Result<i64, CalendarError> {
        let mut count = 0;
        for date in after.iter_days().skip(1).take_while(|date| *date <= up_to) {
            if self.is_workday(date)? {
                count += 1;
            }
        }
        Ok(count)
    }

    /// The day after `date`; running off chrono's range counts as an uncovered year.
    fn next_day(&self, date: NaiveDate) -> Result<NaiveDate, CalendarError> {
        date.succ_opt().ok_or(CalendarError::YearNotCovered {
            year: date.year().saturating_add(1),
            covered: (self.first_year, self.last_year),
        })
    }
}

/// Saturday or Sunday.
fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The day of the year of 31 December (365 or 366).
fn last_ordinal(year: i32) -> u32 {
    NaiveDate::from_ymd_opt(year, 12, 31).map_or(365, |date| date.ordinal())
}

/// The word an import report uses for a kind of day.
fn kind_word(kind: &DayKind) -> &'static str {
    match kind {
        DayKind::Workday => "workday",
        DayKind::Weekend => "weekend",
        DayKind::Holiday { .. } => "holiday",
        DayKind::MakeupWorkday { .. } => "make-up workday",
    }
}

/// The statutory days off of `year` (computed once per year and kept: the lunar computation is
/// not free and the answer never changes). `Err(year)` outside [`statutory::SUPPORTED_YEARS`].
fn statutory_days_off(year: i32) -> Result<Arc<BTreeSet<NaiveDate>>, i32> {
    static KNOWN: OnceLock<Mutex<HashMap<i32, Arc<BTreeSet<NaiveDate>>>>> = OnceLock::new();
    let known = KNOWN.get_or_init(|| Mutex::new(HashMap::new()));
    if let Some(days) = known.lock().unwrap_or_else(PoisonError::into_inner).get(&year) {
        return Ok(Arc::clone(days));
    }
    let days: Arc<BTreeSet<NaiveDate>> =
        Arc::new(statutory::statutory_days(year)?.into_iter().map(|day| day.date).collect());
    known.lock().unwrap_or_else(PoisonError::into_inner).insert(year, Arc::clone(&days));
    Ok(days)
}

#[cfg(test)]
mod tests {

    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn bundled_calendar_parses_and_covers_2004_to_2026() {
        let parsed = WorkCalendar::parse(BUNDLED_TSV).unwrap();
        let bundled = WorkCalendar::bundled();
        assert_eq!(&parsed, bundled);
        assert_eq!(*bundled.covered_years().start(), 2004);
        assert!(*bundled.covered_years().end() >= 2026);
        assert!(bundled.source().starts_with("chinesecalendar "));
    }

    #[test]
    fn calendar_without_data_refuses_every_query() {
        let empty = WorkCalendar::without_data("broken".to_owned());
        assert!(empty.covered_years().is_empty());
        let err = empty.is_workday(date(2025, 1, 2)).unwrap_err();
        assert_eq!(err, CalendarError::NoData { detail: "broken".to_owned() });
        assert_eq!(err.code(), "no_calendar_data");
    }
}
