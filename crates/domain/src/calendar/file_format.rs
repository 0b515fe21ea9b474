//! The calendar data file format (version 1) and its strict parser.
//!
//! UTF-8 text, tab-separated, one record per line; blank lines and lines starting with `#` are
//! ignored. Three header lines come first, in this order, then the column header, then one line
//! per exception day in strictly ascending date order:
//!
//! ```text
//! format  reviewdesk-cn-workdays  1
//! source  chinesecalendar 1.11.0 (PyPI, MIT, https://github.com/LKI/chinese-calendar)
//! years   2004    2026
//! date    kind    name_zh name_en
//! 2025-10-01      holiday 国庆节  National Day
//! 2025-10-11      workday 国庆节  National Day
//! ```
//!
//! `holiday` marks a Monday–Friday day off, `workday` a Saturday/Sunday make-up working day
//! (调休). Every covered year must list at least one holiday (a year without any is a hole in the
//! data, not a year without holidays), and no exception may lie outside the covered years.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use super::{is_weekend, Exception, ExceptionKind, HolidayName, WorkCalendar};
use crate::error_code::ErrorCode;

/// The format name in the `format` header line.
const FORMAT_NAME: &str = "reviewdesk-cn-workdays";
/// The only format version this parser reads.
const FORMAT_VERSION: &str = "1";
/// The column header line that ends the header.
const COLUMNS: [&str; 4] = ["date", "kind", "name_zh", "name_en"];

/// Why a calendar file was refused. Line numbers count from 1 and include comment lines.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarParseError {
    /// A header line is missing: another line stands where it was expected.
    #[error("line {line}: expected the `{expected}` header line")]
    MissingHeader { line: usize, expected: &'static str },
    /// The file ended before a header line or the column header.
    #[error("the file ends before the `{expected}` header line")]
    UnexpectedEnd { expected: &'static str },
    /// The `format` line names another format or version.
    #[error(
        "line {line}: unsupported format `{found}`, expected `{FORMAT_NAME} {FORMAT_VERSION}`"
    )]
    UnsupportedFormat { line: usize, found: String },
    /// A header line is present but its value is malformed.
    #[error("line {line}: bad `{header}` header: {reason}")]
    BadHeader { line: usize, header: &'static str, reason: String },
    /// A data line does not have exactly four tab-separated fields.
    #[error("line {line}: expected 4 tab-separated fields (date, kind, name_zh, name_en), found {found}")]
    WrongFieldCount { line: usize, found: usize },
    /// The date is not a real `YYYY-MM-DD` date.
    #[error("line {line}: `{value}` is not a date in YYYY-MM-DD form")]
    BadDate { line: usize, value: String },
    /// The kind is neither `holiday` nor `workday`.
    #[error("line {line}: unknown kind `{value}`, expected `holiday` or `workday`")]
    BadKind { line: usize, value: String },
    /// A `holiday` on a Saturday or Sunday, which is not an exception.
    #[error("line {line}: {date} is a weekend day and cannot be listed as a holiday")]
    HolidayOnWeekend { line: usize, date: NaiveDate },
    /// A `workday` on a Monday–Friday, which is not an exception.
    #[error("line {line}: {date} is a weekday and cannot be listed as a make-up working day")]
    WorkdayOnWeekday { line: usize, date: NaiveDate },
    /// A holiday name field is empty.
    #[error("line {line}: the holiday name is empty")]
    EmptyName { line: usize },
    /// A date is before the previous line's date.
    #[error("line {line}: {date} does not come after the previous date {previous}")]
    NotAscending { line: usize, date: NaiveDate, previous: NaiveDate },
    /// The same date is listed twice.
    #[error("line {line}: {date} is listed twice")]
    DuplicateDate { line: usize, date: NaiveDate },
    /// An exception outside the covered years.
    #[error("line {line}: {date} lies outside the covered years {}–{}", .covered.0, .covered.1)]
    OutsideCoveredYears { line: usize, date: NaiveDate, covered: (i32, i32) },
    /// A covered year without a single holiday: the data for that year is missing.
    #[error("line {line}: year {year} is declared covered but lists no holiday")]
    YearWithoutHolidays { line: usize, year: i32 },
}

impl CalendarParseError {
    /// Stable snake_case code.
    pub fn code(&self) -> ErrorCode {
        match self {
            CalendarParseError::MissingHeader { .. } => ErrorCode::MissingHeader,
            CalendarParseError::UnexpectedEnd { .. } => ErrorCode::UnexpectedEnd,
            CalendarParseError::UnsupportedFormat { .. } => ErrorCode::UnsupportedFormat,
            CalendarParseError::BadHeader { .. } => ErrorCode::BadHeader,
            CalendarParseError::WrongFieldCount { .. } => ErrorCode::WrongFieldCount,
            CalendarParseError::BadDate { .. } => ErrorCode::BadDate,
            CalendarParseError::BadKind { .. } => ErrorCode::BadKind,
            CalendarParseError::HolidayOnWeekend { .. } => ErrorCode::HolidayOnWeekend,
            CalendarParseError::WorkdayOnWeekday { .. } => ErrorCode::WorkdayOnWeekday,
            CalendarParseError::EmptyName { .. } => ErrorCode::EmptyName,
            CalendarParseError::NotAscending { .. } => ErrorCode::NotAscending,
            CalendarParseError::DuplicateDate { .. } => ErrorCode::DuplicateDate,
            CalendarParseError::OutsideCoveredYears { .. } => ErrorCode::OutsideCoveredYears,
            CalendarParseError::YearWithoutHolidays { .. } => ErrorCode::YearWithoutHolidays,
        }
    }

    /// The 1-based line the error concerns; `None` when the file ended too early.
    pub fn line(&self) -> Option<usize> {
        match self {
            CalendarParseError::UnexpectedEnd { .. } => None,
            CalendarParseError::MissingHeader { line, .. }
            | CalendarParseError::UnsupportedFormat { line, .. }
            | CalendarParseError::BadHeader { line, .. }
            | CalendarParseError::WrongFieldCount { line, .. }
            | CalendarParseError::BadDate { line, .. }
            | CalendarParseError::BadKind { line, .. }
            | CalendarParseError::HolidayOnWeekend { line, .. }
            | CalendarParseError::WorkdayOnWeekday { line, .. }
            | CalendarParseError::EmptyName { line }
            | CalendarParseError::NotAscending { line, .. }
            | CalendarParseError::DuplicateDate { line, .. }
            | CalendarParseError::OutsideCoveredYears { line, .. }
            | CalendarParseError::YearWithoutHolidays { line, .. } => Some(*line),
        }
    }
}

impl CalendarParseError {
    /// The reason in Chinese, naming the line like the English `Display`.
    pub fn message_zh(&self) -> String {
        let at = |line: &usize| format!("第 {line} 行：");
        match self {
            CalendarParseError::MissingHeader { line, expected } => {
                format!("{}此处应为 `{expected}` 表头行", at(line))
            }
            CalendarParseError::UnexpectedEnd { expected } => {
                format!("文件在 `{expected}` 表头行之前就结束了")
            }
            CalendarParseError::UnsupportedFormat { line, found } => {
                format!("{}不支持的格式 `{found}`，应为 `{FORMAT_NAME} {FORMAT_VERSION}`", at(line))
            }
            CalendarParseError::BadHeader { line, header, reason } => {
                format!("{}`{header}` 表头行有误：{reason}", at(line))
            }
            CalendarParseError::WrongFieldCount { line, found } => format!(
                "{}应有 4 个以制表符分隔的字段（日期、类型、中文名、英文名），实际 {found} 个",
                at(line)
            ),
            CalendarParseError::BadDate { line, value } => {
                format!("{}`{value}` 不是 YYYY-MM-DD 格式的日期", at(line))
            }
            CalendarParseError::BadKind { line, value } => {
                format!(
                    "{}未知类型 `{value}`，应为 `holiday`（放假）或 `workday`（调休上班）",
                    at(line)
                )
            }
            CalendarParseError::HolidayOnWeekend { line, date } => {
                format!("{}{date} 是周末，不能列为放假日（holiday）", at(line))
            }
            CalendarParseError::WorkdayOnWeekday { line, date } => {
                format!("{}{date} 是周一至周五，不能列为调休上班日（workday）", at(line))
            }
            CalendarParseError::EmptyName { line } => format!("{}节日名称为空", at(line)),
            CalendarParseError::NotAscending { line, date, previous } => {
                format!("{}{date} 不在上一行日期 {previous} 之后（日期须按升序排列）", at(line))
            }
            CalendarParseError::DuplicateDate { line, date } => {
                format!("{}{date} 重复出现", at(line))
            }
            CalendarParseError::OutsideCoveredYears { line, date, covered } => {
                format!("{}{date} 不在表头声明的年份 {}–{} 之内", at(line), covered.0, covered.1)
            }
            CalendarParseError::YearWithoutHolidays { line, year } => {
                format!("{}声明收录 {year} 年，但该年没有任何放假日", at(line))
            }
        }
    }
}

/// The meaningful lines of the file with their 1-based numbers, split on tabs.
fn records(text: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    text.lines()
        .enumerate()
        .map(|(index, line)| (index + 1, line))
        .filter(|(_, line)| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|(number, line)| (number, line.split('\t').collect()))
}

/// Takes the next record, which must start with `key`.
fn expect_header<'a>(
    records: &mut impl Iterator<Item = (usize, Vec<&'a str>)>,
    key: &'static str,
) -> Result<(usize, Vec<&'a str>), CalendarParseError> {
    match records.next() {
        None => Err(CalendarParseError::UnexpectedEnd { expected: key }),
        Some((line, fields)) if fields.first() == Some(&key) => Ok((line, fields)),
        Some((line, _)) => Err(CalendarParseError::MissingHeader { line, expected: key }),
    }
}

/// Parses one covered-year bound of the `years` header.
fn parse_year(line: usize, value: &str) -> Result<i32, CalendarParseError> {
    let bad = |reason: String| CalendarParseError::BadHeader { line, header: "years", reason };
    let year: i32 = value.parse().map_err(|_| bad(format!("`{value}` is not a year")))?;
    if (1..=9999).contains(&year) {
        Ok(year)
    } else {
        Err(bad(format!("year {year} is outside 1–9999")))
    }
}

/// Parses the whole file into a calendar.
pub(super) fn parse(text: &str) -> Result<WorkCalendar, CalendarParseError> {
    let mut records = records(text);

    let (line, fields) = expect_header(&mut records, "format")?;
    if fields.len() != 3 || fields[1] != FORMAT_NAME || fields[2] != FORMAT_VERSION {
        return Err(CalendarParseError::UnsupportedFormat { line, found: fields[1..].join(" ") });
    }

    let (line, fields) = expect_header(&mut records, "source")?;
    let source = match fields.as_slice() {
        [_, source] if !source.trim().is_empty() => source.trim().to_owned(),
        _ => {
            return Err(CalendarParseError::BadHeader {
                line,
                header: "source",
                reason: "expected one non-empty value".to_owned(),
            })
        }
    };

    let (years_line, fields) = expect_header(&mut records, "years")?;
    let (first_year, last_year) = match fields.as_slice() {
        [_, first, last] => (parse_year(years_line, first)?, parse_year(years_line, last)?),
        _ => {
            return Err(CalendarParseError::BadHeader {
                line: years_line,
                header: "years",
                reason: "expected the first and the last covered year".to_owned(),
            })
        }
    };
    if first_year > last_year {
        return Err(CalendarParseError::BadHeader {
            line: years_line,
            header: "years",
            reason: format!("the first year {first_year} is after the last year {last_year}"),
        });
    }

    let mut records = records.peekable();
    let mut url = None;
    let mut published = None;
    while let Some((line, fields)) =
        records.next_if(|(_, fields)| matches!(fields.first(), Some(&"url" | &"published")))
    {
        let header = if fields[0] == "url" { "url" } else { "published" };
        let value = match fields.as_slice() {
            [_, value] if !value.trim().is_empty() => value.trim(),
            _ => {
                return Err(CalendarParseError::BadHeader {
                    line,
                    header,
                    reason: "expected one non-empty value".to_owned(),
                })
            }
        };
        let twice = || CalendarParseError::BadHeader {
            line,
            header,
            reason: "given more than once".to_owned(),
        };
        if header == "url" {
            if url.replace(value.to_owned()).is_some() {
                return Err(twice());
            }
        } else {
            let date = parse_date(value).ok_or_else(|| CalendarParseError::BadHeader {
                line,
                header,
                reason: format!("`{value}` is not a date in YYYY-MM-DD form"),
            })?;
            if published.replace(date).is_some() {
                return Err(twice());
            }
        }
    }

    let (line, fields) = expect_header(&mut records, "date")?;
    if fields != COLUMNS {
        return Err(CalendarParseError::BadHeader {
            line,
            header: "date",
            reason: format!("expected the columns `{}`", COLUMNS.join(" ")),
        });
    }

    let exceptions = exception_days(records, first_year, last_year, years_line)?;
    Ok(WorkCalendar { source, url, published, first_year, last_year, exceptions })
}

/// A calendar of the years `first..=last` from exception days given as values (`kind` is
/// `holiday` or `workday`), checked exactly like the lines of a file; a problem names the day's
/// position (from 1) as its line.
pub(super) fn from_days<'a>(
    source: String,
    first_year: i32,
    last_year: i32,
    days: impl IntoIterator<Item = (NaiveDate, &'a str, &'a str, &'a str)>,
) -> Result<WorkCalendar, CalendarParseError> {
    if first_year > last_year {
        return Err(CalendarParseError::BadHeader {
            line: 0,
            header: "years",
            reason: format!("the first year {first_year} is after the last year {last_year}"),
        });
    }
    let dates: Vec<(String, &str, &str, &str)> =
        days.into_iter().map(|(date, kind, zh, en)| (date.to_string(), kind, zh, en)).collect();
    let records = dates
        .iter()
        .enumerate()
        .map(|(index, (date, kind, zh, en))| (index + 1, vec![date.as_str(), *kind, *zh, *en]));
    let exceptions = exception_days(records, first_year, last_year, 0)?;
    Ok(WorkCalendar { source, url: None, published: None, first_year, last_year, exceptions })
}

/// The exception lines, checked: each well formed, in ascending order without repeats, inside
/// the covered years, and every covered year with at least one holiday (`years_line` names the
/// header for that last one).
fn exception_days<'a>(
    records: impl Iterator<Item = (usize, Vec<&'a str>)>,
    first_year: i32,
    last_year: i32,
    years_line: usize,
) -> Result<BTreeMap<NaiveDate, Exception>, CalendarParseError> {
    let mut exceptions = BTreeMap::new();
    let mut previous: Option<NaiveDate> = None;
    for (line, fields) in records {
        let (date, exception) = parse_exception(line, &fields)?;
        if previous == Some(date) {
            return Err(CalendarParseError::DuplicateDate { line, date });
        }
        if let Some(previous) = previous.filter(|previous| date < *previous) {
            return Err(CalendarParseError::NotAscending { line, date, previous });
        }
        if !(first_year..=last_year).contains(&date.year()) {
            return Err(CalendarParseError::OutsideCoveredYears {
                line,
                date,
                covered: (first_year, last_year),
            });
        }
        previous = Some(date);
        exceptions.insert(date, exception);
    }

    for year in first_year..=last_year {
        let has_holiday = exceptions.iter().any(|(date, exception)| {
            date.year() == year && exception.kind == ExceptionKind::Holiday
        });
        if !has_holiday {
            return Err(CalendarParseError::YearWithoutHolidays { line: years_line, year });
        }
    }
    Ok(exceptions)
}

/// The calendar as a file of this format, which [`parse`] reads back to an equal calendar.
pub(super) fn render(calendar: &WorkCalendar) -> String {
    let mut text = format!("format\t{FORMAT_NAME}\t{FORMAT_VERSION}\n");
    text.push_str(&format!("source\t{}\n", calendar.source));
    text.push_str(&format!("years\t{}\t{}\n", calendar.first_year, calendar.last_year));
    if let Some(url) = &calendar.url {
        text.push_str(&format!("url\t{url}\n"));
    }
    if let Some(published) = calendar.published {
        text.push_str(&format!("published\t{published}\n"));
    }
    text.push_str(&COLUMNS.join("\t"));
    text.push('\n');
    for (date, exception) in &calendar.exceptions {
        let kind = match exception.kind {
            ExceptionKind::Holiday => "holiday",
            ExceptionKind::MakeupWorkday => "workday",
        };
        text.push_str(&format!("{date}\t{kind}\t{}\t{}\n", exception.name.zh, exception.name.en));
    }
    text
}

/// Parses one data line.
fn parse_exception(
    line: usize,
    fields: &[&str],
) -> Result<(NaiveDate, Exception), CalendarParseError> {
    let [date, kind, name_zh, name_en] = fields else {
        return Err(CalendarParseError::WrongFieldCount { line, found: fields.len() });
    };
    let date = parse_date(date)
        .ok_or_else(|| CalendarParseError::BadDate { line, value: (*date).to_owned() })?;
    let kind = match *kind {
        "holiday" if is_weekend(date) => {
            return Err(CalendarParseError::HolidayOnWeekend { line, date })
        }
        "holiday" => ExceptionKind::Holiday,
        "workday" if !is_weekend(date) => {
            return Err(CalendarParseError::WorkdayOnWeekday { line, date })
        }
        "workday" => ExceptionKind::MakeupWorkday,
        other => return Err(CalendarParseError::BadKind { line, value: other.to_owned() }),
    };
    if name_zh.trim().is_empty() || name_en.trim().is_empty() {
        return Err(CalendarParseError::EmptyName { line });
    }
    let name = HolidayName { zh: name_zh.trim().to_owned(), en: name_en.trim().to_owned() };
    Ok((date, Exception { kind, name }))
}

/// A strict `YYYY-MM-DD` date (exactly ten characters, zero-padded).
fn parse_date(value: &str) -> Option<NaiveDate> {
    let bytes = value.as_bytes();
    let shape_ok = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes.iter().enumerate().all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !shape_ok {
        return None;
    }
    NaiveDate::parse_from_str(value, "%Y-%m-%d").ok()
}
