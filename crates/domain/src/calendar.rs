//! China's official working days (public holidays and 调休 make-up working days) and the
//! "answer within 7 working days" due date.
//!
//! Owns [`WorkCalendar`], the queries on it and the bundled calendar compiled in from
//! `assets/calendar/cn-workdays.tsv` (see `scripts/gen-calendar.py` for its source and how to
//! regenerate it). A date in a year the calendar does not cover is always an explicit
//! [`CalendarError::YearNotCovered`]: the calendar never guesses Monday–Friday for a year whose
//! holiday arrangement it does not know.

mod beijing;
mod day_kind;
mod error;
mod file_format;

use std::collections::BTreeMap;
use std::ops::RangeInclusive;
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate, Weekday};

pub use beijing::china_date;
pub use day_kind::{DayKind, HolidayName};
pub use error::CalendarError;
pub use file_format::CalendarParseError;

/// The calendar file compiled into the binary.
const BUNDLED_TSV: &str = include_str!("../../../assets/calendar/cn-workdays.tsv");

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
    /// Dataset and version, e.g. `chinesecalendar 1.11.0 (PyPI, MIT, …)`.
    source: String,
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

    /// A calendar that covers no year: every query fails with [`CalendarError::NoData`].
    fn without_data(source: String) -> WorkCalendar {
        WorkCalendar { source, first_year: 1, last_year: 0, exceptions: BTreeMap::new() }
    }

    /// The years whose holiday arrangements the calendar knows (empty for a calendar without
    /// data).
    pub fn covered_years(&self) -> RangeInclusive<i32> {
        self.first_year..=self.last_year
    }

    /// The dataset and its version, as recorded in the file header.
    pub fn source(&self) -> &str {
        &self.source
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

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
