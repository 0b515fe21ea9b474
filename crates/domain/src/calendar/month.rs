//! A month of the working-day calendar, day by day: what the date picker marks (days off,
//! make-up working days, provisional answers).

use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;

use super::{HolidayName, WorkCalendar};

/// One day as the calendar counts it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct MarkedDay {
    pub date: NaiveDate,
    /// Whether people work on it (a make-up working day, 调休, included).
    pub workday: bool,
    /// Whether the official data does not settle it (see [`WorkCalendar::day`]).
    pub provisional: bool,
    /// The holiday it is a day off for, or a make-up working day of; `None` for an ordinary
    /// day and for a provisional one (computed from the statutory rules, without names).
    pub holiday: Option<HolidayName>,
}

impl WorkCalendar {
    /// Every day of the month `day` lies in, as [`WorkCalendar::day`] answers it, with the
    /// holiday's name where the official data gives one. Days it cannot answer (a year before
    /// the covered ones, or one the lunar dates cannot be computed for) are left out: the picker
    /// then marks nothing on them.
    pub fn month(&self, day: NaiveDate) -> Vec<MarkedDay> {
        let Some(first) = day.with_day(1) else { return Vec::new() };
        let next = first.checked_add_months(Months::new(1));
        first
            .iter_days()
            .take_while(|date| next.is_none_or(|next| *date < next))
            .filter_map(|date| {
                let answer = self.day(date).ok()?;
                let holiday = self
                    .day_kind(date)
                    .ok()
                    .and_then(|kind| kind.holiday_name().cloned())
                    .filter(|_| !answer.provisional);
                Some(MarkedDay {
                    date,
                    workday: answer.workday,
                    provisional: answer.provisional,
                    holiday,
                })
            })
            .collect()
    }
}
