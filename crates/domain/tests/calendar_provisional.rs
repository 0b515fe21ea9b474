//! Provisional answers: a day no notice settles — any day of a year after the covered
//! ones, and the last 10 days of the last covered year — is answered from weekends plus the
//! statutory holidays and marked provisional; a year before the covered ones, or one the lunar
//! dates cannot be computed for, stays an explicit error.
#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;
use reviewdesk_domain::calendar::{CalendarError, WorkCalendar};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn a_year_without_a_notice_follows_weekends_and_the_statutory_holidays() {
    let calendar = WorkCalendar::bundled();
    assert_eq!(*calendar.covered_years().end(), 2026, "update this test when 2027 is bundled");
    let day = |y, m, d| calendar.day(date(y, m, d)).unwrap();
    assert!(day(2027, 1, 1).provisional && !day(2027, 1, 1).workday, "元旦, a Friday");
    assert!(day(2027, 1, 4).workday);
    assert!(!day(2027, 1, 9).workday, "a Saturday");
    // 春节 2027: 除夕 Friday 02-05 to 初三 Monday 02-08.
    for d in [5, 8] {
        assert!(!day(2027, 2, d).workday, "2027-02-0{d}");
    }
    assert!(day(2027, 2, 9).workday);
    assert!(!day(2027, 4, 5).workday, "清明 2027 is Monday 04-05");
    assert!(!day(2027, 10, 1).workday && day(2027, 10, 4).workday);
}

#[test]
fn the_last_ten_days_of_the_last_covered_year_are_provisional() {
    let calendar = WorkCalendar::bundled();
    assert!(!calendar.day(date(2026, 12, 21)).unwrap().provisional);
    let dec22 = calendar.day(date(2026, 12, 22)).unwrap();
    assert!(dec22.provisional && dec22.workday, "the official answer, marked provisional");
    assert!(!calendar.day(date(2026, 6, 1)).unwrap().provisional);
    // A due date reaching them is provisional; one before them is not.
    assert!(!calendar.due(date(2026, 12, 10), 7).unwrap().provisional);
    let due = calendar.due(date(2026, 12, 15), 7).unwrap();
    assert_eq!((due.date, due.provisional), (date(2026, 12, 24), true));
    // The strict official queries still refuse 2027.
    assert_eq!(calendar.due_date(date(2026, 12, 28), 7).unwrap_err().code(), "year_not_covered");
}

#[test]
fn days_left_counts_provisional_days_and_says_so() {
    let calendar = WorkCalendar::bundled();
    let left = calendar.days_left(date(2026, 12, 30), date(2027, 1, 5)).unwrap();
    assert_eq!((left.days, left.provisional), (3, true), "12-31, 01-04, 01-05");
    let late = calendar.days_left(date(2027, 1, 5), date(2026, 12, 30)).unwrap();
    assert_eq!(late.days, -3);
    let settled = calendar.days_left(date(2026, 3, 2), date(2026, 3, 4)).unwrap();
    assert_eq!((settled.days, settled.provisional), (2, false));
}

#[test]
fn years_before_the_data_or_beyond_the_lunar_tables_are_errors() {
    let calendar = WorkCalendar::bundled();
    assert_eq!(calendar.day(date(2003, 5, 1)).unwrap_err().code(), "year_not_covered");
    let error = calendar.day(date(2100, 1, 4)).unwrap_err();
    assert_eq!(error, CalendarError::YearNotComputable { year: 2100, computable: (1901, 2099) });
    assert!(error.to_string().contains("2100"));
    assert_eq!(calendar.due(date(2099, 12, 28), 7).unwrap_err().code(), "year_not_computable");
}

#[test]
fn merging_replaces_the_years_of_the_newer_file_and_refuses_gaps() {
    let bundled = WorkCalendar::bundled();
    let newer = "format\treviewdesk-cn-workdays\t1\nsource\tfictional\nyears\t2027\t2027\n\
                 date\tkind\tname_zh\tname_en\n2027-01-01\tholiday\t元旦\tNew Year's Day\n";
    let newer = WorkCalendar::parse(newer).unwrap();
    let merged = bundled.merged(&newer).unwrap();
    assert_eq!(merged.covered_years(), 2004..=2027);
    assert!(merged.day(date(2027, 2, 5)).unwrap().workday, "only what the file says");
    assert!(merged.day(date(2027, 6, 1)).unwrap().workday);
    assert!(!merged.day(date(2026, 12, 31)).unwrap().provisional, "2026 is settled now");
    let gap = newer.clone().until(2027);
    let far = WorkCalendar::parse(&gap.to_file().replace("2027", "2029")).unwrap();
    assert!(bundled.merged(&far).is_err());
    assert!(bundled.changes(&merged, 2026..=2027).is_empty(), "2027 is new, 2026 unchanged");
}

#[test]
fn from_november_an_uncovered_next_year_is_pending() {
    let calendar = WorkCalendar::bundled();
    assert_eq!(calendar.next_year_pending(date(2026, 10, 31)), None);
    assert_eq!(calendar.next_year_pending(date(2026, 11, 1)), Some(2027));
    assert_eq!(calendar.next_year_pending(date(2026, 12, 31)), Some(2027));
    assert_eq!(calendar.next_year_pending(date(2025, 11, 20)), None, "2026 is covered");
}
