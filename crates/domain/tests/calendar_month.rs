//! A month day by day, as the date picker marks it: holidays by name, make-up working days,
//! weekends, provisional days in a year no notice covers, nothing before the covered years.
#![allow(clippy::unwrap_used)]

use chrono::{Datelike, NaiveDate};
use reviewdesk_domain::calendar::WorkCalendar;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn october_2026_marks_national_day_and_its_make_up_working_day() {
    let calendar = WorkCalendar::bundled();
    let days = calendar.month(date(2026, 10, 17));
    assert_eq!(days.len(), 31);
    assert_eq!(days.first().unwrap().date, date(2026, 10, 1));
    assert_eq!(days.last().unwrap().date, date(2026, 10, 31));
    let on = |d: u32| days.iter().find(|day| day.date.day() == d).unwrap();
    // 国庆节: Thursday 1 October off, by name; Saturday 10 October worked (调休).
    assert!(!on(1).workday && on(1).holiday.as_ref().unwrap().zh == "国庆节");
    assert!(on(10).workday && on(10).holiday.as_ref().unwrap().en == "National Day");
    // An ordinary Saturday, an ordinary Monday.
    assert!(!on(17).workday && on(17).holiday.is_none());
    assert!(on(12).workday && on(12).holiday.is_none());
    assert!(days.iter().all(|day| !day.provisional));
    // Every answer is the calendar's own.
    for day in &days {
        assert_eq!(day.workday, calendar.is_workday(day.date).unwrap(), "{}", day.date);
    }
}

#[test]
fn a_month_no_notice_covers_is_provisional_without_names() {
    let calendar = WorkCalendar::bundled();
    assert_eq!(*calendar.covered_years().end(), 2026, "update this test when 2027 is bundled");
    let days = calendar.month(date(2027, 2, 1));
    assert_eq!(days.len(), 28);
    assert!(days.iter().all(|day| day.provisional && day.holiday.is_none()));
    // 春节 2027 from the statutory rules: 除夕 Friday 5 February off, Tuesday 9 February worked.
    assert!(!days[4].workday && days[8].workday);
    // The last ten days of the last covered year are provisional too.
    let december = calendar.month(date(2026, 12, 1));
    assert!(!december[20].provisional && december[21].provisional);
}

#[test]
fn a_month_before_the_covered_years_has_no_marks() {
    let calendar = WorkCalendar::bundled();
    let first = *calendar.covered_years().start();
    assert!(calendar.month(date(first - 1, 6, 1)).is_empty());
    assert_eq!(
        calendar.month(date(first, 2, 1)).len(),
        NaiveDate::from_ymd_opt(first, 3, 1).unwrap().pred_opt().unwrap().day() as usize
    );
}
