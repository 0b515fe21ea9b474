//! The calendar file parser: a well-formed file is read exactly, and every malformed line,
//! missing header or hole in the covered years is refused with the line it concerns.

#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;
use reviewdesk_domain::calendar::{CalendarParseError, DayKind, HolidayName, WorkCalendar};

const HEADER: &str = "# a comment\n\
format\treviewdesk-cn-workdays\t1\n\
source\ttest dataset 0.1\n\
years\t2025\t2026\n\
date\tkind\tname_zh\tname_en\n";

/// Line number of the first data line in a file built by [`file`].
const FIRST_DATA_LINE: usize = 6;

const DATA: &str = "2025-10-01\tholiday\t国庆节\tNational Day\n\
2025-10-11\tworkday\t国庆节\tNational Day\n\
2026-01-01\tholiday\t元旦\tNew Year's Day\n";

fn file(data: &str) -> String {
    format!("{HEADER}{data}")
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn national_day() -> HolidayName {
    HolidayName { zh: "国庆节".to_owned(), en: "National Day".to_owned() }
}

#[test]
fn reads_a_well_formed_file() {
    let calendar = WorkCalendar::parse(&file(DATA)).unwrap();
    assert_eq!(calendar.source(), "test dataset 0.1");
    assert_eq!(calendar.covered_years(), 2025..=2026);
    assert_eq!(
        calendar.day_kind(date(2025, 10, 1)).unwrap(),
        DayKind::Holiday { name: national_day() }
    );
    assert_eq!(
        calendar.day_kind(date(2025, 10, 11)).unwrap(),
        DayKind::MakeupWorkday { name: national_day() }
    );
    assert_eq!(calendar.day_kind(date(2025, 10, 13)).unwrap(), DayKind::Workday);
    assert_eq!(calendar.day_kind(date(2025, 10, 12)).unwrap(), DayKind::Weekend);
}

#[test]
fn accepts_crlf_line_ends_and_blank_lines() {
    let text = file(DATA).replace('\n', "\r\n\r\n");
    assert_eq!(WorkCalendar::parse(&text).unwrap(), WorkCalendar::parse(&file(DATA)).unwrap());
}

#[test]
fn bad_data_line_names_its_line() {
    let text = file(&format!("{DATA}2026-13-01\tholiday\t元旦\tNew Year's Day\n"));
    let err = WorkCalendar::parse(&text).unwrap_err();
    assert_eq!(
        err,
        CalendarParseError::BadDate { line: FIRST_DATA_LINE + 3, value: "2026-13-01".to_owned() }
    );
    assert_eq!(err.line(), Some(9));
    assert_eq!(err.code(), "bad_date");
    assert!(err.to_string().starts_with("line 9: "), "{err}");
}

#[test]
fn refuses_dates_in_a_loose_shape() {
    for value in ["2025-1-01", "20251001", "2025-10-01 ", "２０２５-10-01"] {
        let err = WorkCalendar::parse(&file(&format!("{value}\tholiday\t国庆节\tNational Day\n")))
            .unwrap_err();
        assert_eq!(err.code(), "bad_date", "{value}");
    }
}

#[test]
fn wrong_field_count_is_an_error() {
    let err = WorkCalendar::parse(&file("2025-10-01 holiday 国庆节 National Day\n")).unwrap_err();
    assert_eq!(err, CalendarParseError::WrongFieldCount { line: FIRST_DATA_LINE, found: 1 });
    let err = WorkCalendar::parse(&file("2025-10-01\tholiday\t国庆节\n")).unwrap_err();
    assert_eq!(err, CalendarParseError::WrongFieldCount { line: FIRST_DATA_LINE, found: 3 });
}

#[test]
fn unknown_kind_is_an_error() {
    let err = WorkCalendar::parse(&file("2025-10-01\toff\t国庆节\tNational Day\n")).unwrap_err();
    assert_eq!(err, CalendarParseError::BadKind { line: FIRST_DATA_LINE, value: "off".to_owned() });
}

#[test]
fn only_exceptions_may_be_listed() {
    // 2025-10-04 is a Saturday: a day off anyway.
    let err =
        WorkCalendar::parse(&file("2025-10-04\tholiday\t国庆节\tNational Day\n")).unwrap_err();
    assert_eq!(
        err,
        CalendarParseError::HolidayOnWeekend { line: FIRST_DATA_LINE, date: date(2025, 10, 4) }
    );
    // 2025-10-09 is a Thursday: a working day anyway.
    let err =
        WorkCalendar::parse(&file("2025-10-09\tworkday\t国庆节\tNational Day\n")).unwrap_err();
    assert_eq!(
        err,
        CalendarParseError::WorkdayOnWeekday { line: FIRST_DATA_LINE, date: date(2025, 10, 9) }
    );
}

#[test]
fn names_must_not_be_empty() {
    let err = WorkCalendar::parse(&file("2025-10-01\tholiday\t \tNational Day\n")).unwrap_err();
    assert_eq!(err, CalendarParseError::EmptyName { line: FIRST_DATA_LINE });
}

#[test]
fn dates_must_ascend_without_repeats() {
    let repeated =
        "2025-10-01\tholiday\t国庆节\tNational Day\n2025-10-01\tholiday\t国庆节\tNational Day\n";
    let err = WorkCalendar::parse(&file(repeated)).unwrap_err();
    assert_eq!(
        err,
        CalendarParseError::DuplicateDate { line: FIRST_DATA_LINE + 1, date: date(2025, 10, 1) }
    );
    assert_eq!(err.code(), "duplicate_date");
    assert!(err.message_zh().starts_with(&format!("第 {} 行", FIRST_DATA_LINE + 1)));
    let reversed =
        "2026-01-01\tholiday\t元旦\tNew Year's Day\n2025-10-01\tholiday\t国庆节\tNational Day\n";
    assert_eq!(WorkCalendar::parse(&file(reversed)).unwrap_err().code(), "not_ascending");
}

#[test]
fn exceptions_must_lie_in_the_covered_years() {
    let text = file(&format!("{DATA}2027-01-01\tholiday\t元旦\tNew Year's Day\n"));
    let err = WorkCalendar::parse(&text).unwrap_err();
    assert_eq!(
        err,
        CalendarParseError::OutsideCoveredYears {
            line: FIRST_DATA_LINE + 3,
            date: date(2027, 1, 1),
            covered: (2025, 2026)
        }
    );
}

#[test]
fn a_covered_year_without_holidays_is_a_gap() {
    // 2026 is declared covered but only 2025 has entries: the 2026 data is missing.
    let only_2025 = "2025-10-01\tholiday\t国庆节\tNational Day\n";
    let err = WorkCalendar::parse(&file(only_2025)).unwrap_err();
    assert_eq!(err, CalendarParseError::YearWithoutHolidays { line: 4, year: 2026 });
    assert_eq!(err.code(), "year_without_holidays");
    // A year with only make-up working days is still a gap.
    let makeup_only =
        "2025-10-01\tholiday\t国庆节\tNational Day\n2026-01-04\tworkday\t元旦\tNew Year's Day\n";
    assert_eq!(
        WorkCalendar::parse(&file(makeup_only)).unwrap_err(),
        CalendarParseError::YearWithoutHolidays { line: 4, year: 2026 }
    );
}

#[test]
fn missing_header_lines_are_errors() {
    let no_format = "source\tx\nyears\t2025\t2025\ndate\tkind\tname_zh\tname_en\n";
    assert_eq!(
        WorkCalendar::parse(no_format).unwrap_err(),
        CalendarParseError::MissingHeader { line: 1, expected: "format" }
    );
    let no_source = "format\treviewdesk-cn-workdays\t1\nyears\t2025\t2025\n";
    assert_eq!(
        WorkCalendar::parse(no_source).unwrap_err(),
        CalendarParseError::MissingHeader { line: 2, expected: "source" }
    );
    let no_columns = "format\treviewdesk-cn-workdays\t1\nsource\tx\nyears\t2025\t2025\n2025-10-01\tholiday\t国庆节\tNational Day\n";
    assert_eq!(
        WorkCalendar::parse(no_columns).unwrap_err(),
        CalendarParseError::MissingHeader { line: 4, expected: "date" }
    );
}

#[test]
fn a_truncated_or_empty_file_is_an_error() {
    let err = WorkCalendar::parse("").unwrap_err();
    assert_eq!(err, CalendarParseError::UnexpectedEnd { expected: "format" });
    assert_eq!(err.line(), None);
    let err = WorkCalendar::parse("format\treviewdesk-cn-workdays\t1\nsource\tx\n").unwrap_err();
    assert_eq!(err, CalendarParseError::UnexpectedEnd { expected: "years" });
}

#[test]
fn other_format_versions_are_refused() {
    let text = file(DATA).replace("reviewdesk-cn-workdays\t1", "reviewdesk-cn-workdays\t2");
    let err = WorkCalendar::parse(&text).unwrap_err();
    assert_eq!(
        err,
        CalendarParseError::UnsupportedFormat {
            line: 2,
            found: "reviewdesk-cn-workdays 2".to_owned()
        }
    );
}

#[test]
fn malformed_header_values_are_errors() {
    let cases = [
        (HEADER.replace("source\ttest dataset 0.1", "source\t "), 3, "source"),
        (HEADER.replace("years\t2025\t2026", "years\t2026\t2025"), 4, "years"),
        (HEADER.replace("years\t2025\t2026", "years\t2025"), 4, "years"),
        (HEADER.replace("years\t2025\t2026", "years\t2025\tnext"), 4, "years"),
        (HEADER.replace("name_zh\tname_en", "name_en\tname_zh"), 5, "date"),
    ];
    for (text, line, header) in cases {
        match WorkCalendar::parse(&format!("{text}{DATA}")).unwrap_err() {
            CalendarParseError::BadHeader { line: l, header: h, .. } => {
                assert_eq!((l, h), (line, header), "{text}");
            }
            other => panic!("expected a bad `{header}` header, got {other:?}"),
        }
    }
}

#[test]
fn url_and_published_headers_are_optional_and_read_back() {
    let header = "format\treviewdesk-cn-workdays\t1\nsource\tnotice\nyears\t2025\t2025\n\
                  url\thttps://example.invalid/n\npublished\t2024-11-12\n\
                  date\tkind\tname_zh\tname_en\n";
    let text = format!("{header}2025-10-01\tholiday\t国庆节\tNational Day\n");
    let calendar = WorkCalendar::parse(&text).unwrap();
    assert_eq!(calendar.url(), Some("https://example.invalid/n"));
    assert_eq!(calendar.published(), Some(date(2024, 11, 12)));
    assert_eq!(WorkCalendar::parse(&calendar.to_file()).unwrap(), calendar);
    let bundled = WorkCalendar::bundled();
    assert_eq!(&WorkCalendar::parse(&bundled.to_file()).unwrap(), bundled);
    let bad = text.replace("published\t2024-11-12", "published\t12/11/2024");
    assert_eq!(WorkCalendar::parse(&bad).unwrap_err().code(), "bad_header");
    let twice =
        text.replace("published\t2024-11-12\n", "published\t2024-11-12\npublished\t2024-11-13\n");
    assert_eq!(WorkCalendar::parse(&twice).unwrap_err().code(), "bad_header");
}
