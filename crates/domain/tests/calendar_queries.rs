//! Working-day queries on the bundled calendar: day kinds, working-day ranges, due dates across
//! Spring Festival and National Day make-up days, working days left, and the refusal to guess for
//! years without data.

#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;
use reviewdesk_domain::calendar::{CalendarError, DayKind, WorkCalendar};
use reviewdesk_domain::Lang;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn calendar() -> &'static WorkCalendar {
    WorkCalendar::bundled()
}

#[test]
fn bundled_calendar_records_its_source_and_years() {
    assert!(calendar().source().starts_with("chinesecalendar 1.11.0"), "{}", calendar().source());
    assert_eq!(calendar().covered_years(), 2004..=2026);
}

#[test]
fn national_day_2025_day_kinds() {
    let cal = calendar();
    let kind = |m, d| cal.day_kind(date(2025, m, d)).unwrap();
    assert_eq!(kind(9, 28).label(Lang::Zh), "国庆节调休上班"); // Sunday worked
    assert_eq!(kind(10, 1).label(Lang::Zh), "国庆节放假");
    assert_eq!(kind(10, 6).label(Lang::Zh), "中秋放假"); // Mid-autumn falls inside the week
    assert_eq!(kind(10, 4), DayKind::Weekend); // a Saturday inside the holiday week
    assert_eq!(kind(10, 9), DayKind::Workday);
    assert_eq!(kind(10, 11).label(Lang::En), "make-up working day for National Day");
    assert!(cal.is_workday(date(2025, 9, 28)).unwrap());
    assert!(!cal.is_workday(date(2025, 10, 8)).unwrap());
}

#[test]
fn workdays_lists_inclusive_ranges() {
    let cal = calendar();
    let days = cal.workdays(date(2025, 9, 26), date(2025, 10, 13)).unwrap();
    let expected = [date(2025, 9, 26), date(2025, 9, 28), date(2025, 9, 29), date(2025, 9, 30)]
        .into_iter()
        .chain([date(2025, 10, 9), date(2025, 10, 10), date(2025, 10, 11), date(2025, 10, 13)])
        .collect::<Vec<_>>();
    assert_eq!(days, expected);
    assert_eq!(
        cal.workdays(date(2025, 10, 1), date(2025, 10, 1)).unwrap(),
        Vec::<NaiveDate>::new()
    );
    assert_eq!(
        cal.workdays(date(2025, 10, 9), date(2025, 10, 9)).unwrap(),
        vec![date(2025, 10, 9)]
    );
}

#[test]
fn workdays_refuses_a_reversed_range() {
    let err = calendar().workdays(date(2025, 10, 2), date(2025, 10, 1)).unwrap_err();
    assert_eq!(err, CalendarError::BadRange { from: date(2025, 10, 2), to: date(2025, 10, 1) });
    assert_eq!(err.code(), "bad_range");
}

#[test]
fn due_date_across_national_day_2025() {
    let cal = calendar();
    // Documented example: Tue 30 Sep → Oct 9, 10, 11 (make-up Saturday), 13, 14, 15, 16.
    assert_eq!(cal.due_date(date(2025, 9, 30), 7).unwrap(), date(2025, 10, 16));
    // Submitted during the holiday (a weekday off, then a weekend day): same count.
    assert_eq!(cal.due_date(date(2025, 10, 1), 7).unwrap(), date(2025, 10, 16));
    assert_eq!(cal.due_date(date(2025, 10, 4), 7).unwrap(), date(2025, 10, 16));
    // Submitted on the make-up Sunday itself: that day does not count either.
    assert_eq!(cal.due_date(date(2025, 9, 28), 1).unwrap(), date(2025, 9, 29));
    // 2024: Fri 27 Sep; 29 Sep (Sun) is a make-up day before the break, 12 Oct (Sat) after it.
    assert_eq!(cal.due_date(date(2024, 9, 27), 7).unwrap(), date(2024, 10, 12));
}

#[test]
fn due_date_across_spring_festival() {
    let cal = calendar();
    // 2025: Sun 26 Jan and Sat 8 Feb are make-up days, 28 Jan – 4 Feb off.
    // Fri 24 Jan → 26 Jan, 27, 5 Feb, 6, 7, 8 (Sat), 10.
    assert_eq!(cal.due_date(date(2025, 1, 24), 7).unwrap(), date(2025, 2, 10));
    assert_eq!(cal.due_date(date(2025, 1, 27), 7).unwrap(), date(2025, 2, 12));
    // 2024: Thu 8 Feb; 10–17 Feb off; Sun 4 Feb and Sun 18 Feb are make-up days.
    assert_eq!(cal.due_date(date(2024, 2, 8), 7).unwrap(), date(2024, 2, 23));
    // 2026: Fri 13 Feb; Sat 14 Feb and Sat 28 Feb are make-up days, 16–23 Feb off.
    assert_eq!(cal.due_date(date(2026, 2, 13), 7).unwrap(), date(2026, 3, 2));
}

#[test]
fn due_date_at_the_end_of_the_covered_years() {
    let cal = calendar();
    assert_eq!(cal.due_date(date(2026, 12, 22), 7).unwrap(), date(2026, 12, 31));
    let err = cal.due_date(date(2026, 12, 23), 7).unwrap_err();
    assert_eq!(err, CalendarError::YearNotCovered { year: 2027, covered: (2004, 2026) });
    assert_eq!(cal.due_date(date(2026, 12, 28), 7).unwrap_err().code(), "year_not_covered");
    assert_eq!(
        cal.due_date(date(2026, 12, 28), 7).unwrap_err().to_string(),
        "2027 年的节假日安排尚未收录（已收录 2004–2026 年），无法计算工作日"
    );
}

#[test]
fn due_date_refuses_uncovered_submission_years_and_zero_days() {
    let cal = calendar();
    assert_eq!(
        cal.due_date(date(2003, 12, 31), 7).unwrap_err(),
        CalendarError::YearNotCovered { year: 2003, covered: (2004, 2026) }
    );
    assert_eq!(cal.due_date(date(2025, 3, 3), 0).unwrap_err(), CalendarError::ZeroWorkingDays);
}

#[test]
fn queries_outside_the_covered_years_never_guess() {
    let cal = calendar();
    let expected = CalendarError::YearNotCovered { year: 2027, covered: (2004, 2026) };
    assert_eq!(cal.is_workday(date(2027, 1, 4)).unwrap_err(), expected);
    assert_eq!(cal.day_kind(date(2027, 1, 4)).unwrap_err(), expected);
    assert_eq!(cal.workdays(date(2026, 12, 1), date(2027, 1, 4)).unwrap_err(), expected);
    assert_eq!(cal.working_days_left(date(2026, 12, 30), date(2027, 1, 4)).unwrap_err(), expected);
    assert_eq!(cal.is_workday(date(2003, 6, 2)).unwrap_err().code(), "year_not_covered");
}

#[test]
fn working_days_left_counts_to_the_due_date() {
    let cal = calendar();
    let due = date(2025, 10, 16);
    assert_eq!(cal.working_days_left(due, due).unwrap(), 0);
    assert_eq!(cal.working_days_left(date(2025, 10, 15), due).unwrap(), 1);
    assert_eq!(cal.working_days_left(date(2025, 9, 30), due).unwrap(), 7);
    // During the holiday nothing is used up.
    assert_eq!(cal.working_days_left(date(2025, 10, 3), due).unwrap(), 7);
    // Friday before a Monday deadline: one working day left (the Monday).
    assert_eq!(cal.working_days_left(date(2025, 3, 7), date(2025, 3, 10)).unwrap(), 1);
}

#[test]
fn working_days_left_is_negative_when_late() {
    let cal = calendar();
    let friday = date(2025, 3, 7);
    // The Saturday straight after a Friday deadline is already late.
    assert_eq!(cal.working_days_left(date(2025, 3, 8), friday).unwrap(), -1);
    assert_eq!(cal.working_days_left(date(2025, 3, 9), friday).unwrap(), -1);
    assert_eq!(cal.working_days_left(date(2025, 3, 10), friday).unwrap(), -1);
    assert_eq!(cal.working_days_left(date(2025, 3, 11), friday).unwrap(), -2);
    // Overdue across National Day: due Tue 30 Sep 2025, today Fri 10 Oct → Oct 9 and 10.
    assert_eq!(cal.working_days_left(date(2025, 10, 10), date(2025, 9, 30)).unwrap(), -2);
    assert_eq!(cal.working_days_left(date(2025, 10, 5), date(2025, 9, 30)).unwrap(), -1);
}
