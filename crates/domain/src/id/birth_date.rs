//! Reading the birth date an ID number encodes and checking that it is possible: a calendar date,
//! not before 1800-01-01 and not after `today`. (GB 11643-1999's own example number encodes 1880;
//! an implausible age is a consistency warning, `implausible_age`, not a parse error.)

use chrono::{Datelike, NaiveDate};

use super::error::{DateProblem, IdError};

/// The earliest birth date accepted; anything earlier is an impossible date.
const EARLIEST: (i32, u32, u32) = (1800, 1, 1);

fn number(digits: &[char]) -> Option<u32> {
    digits.iter().try_fold(0u32, |acc, c| Some(acc * 10 + c.to_digit(10)?))
}

fn text(digits: &[char]) -> String {
    digits.iter().collect()
}

fn impossible(digits: &[char], problem: DateProblem) -> IdError {
    IdError::ImpossibleDate { text: text(digits), problem }
}

fn plausible(date: NaiveDate, digits: &[char], today: NaiveDate) -> Result<NaiveDate, IdError> {
    let (year, month, day) = EARLIEST;
    if NaiveDate::from_ymd_opt(year, month, day).is_some_and(|earliest| date < earliest) {
        return Err(impossible(digits, DateProblem::BeforeEarliest));
    }
    if date > today {
        return Err(IdError::FutureDate { date });
    }
    Ok(date)
}

/// Splits YYMMDD or YYYYMMDD digits into (year part, month, day). `None` unless all are digits.
fn fields(digits: &[char]) -> Option<(u32, u32, u32)> {
    let year_len = digits.len().checked_sub(4)?;
    let year = number(digits.get(..year_len)?)?;
    let month = number(digits.get(year_len..year_len + 2)?)?;
    let day = number(digits.get(year_len + 2..)?)?;
    Some((year, month, day))
}

fn calendar_date(year: u32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

/// An 8-digit YYYYMMDD birth date.
pub(crate) fn from_yyyymmdd(digits: &[char], today: NaiveDate) -> Result<NaiveDate, IdError> {
    let date = fields(digits)
        .filter(|_| digits.len() == 8)
        .and_then(|(year, month, day)| calendar_date(year, month, day))
        .ok_or_else(|| impossible(digits, DateProblem::NotACalendarDate))?;
    plausible(date, digits, today)
}

/// A 6-digit YYMMDD birth date whose century is not written (2017 foreign permanent residence ID):
/// the latest century that gives a calendar date not after `today` (so `000229` is 2000-02-29, and
/// `990101` read on 2025-06-01 is 1999-01-01). When the date is a calendar date only in the
/// future the error is `future_date`; when it is a calendar date in no century, `impossible_date`.
pub(crate) fn from_yymmdd_latest_century(
    digits: &[char],
    today: NaiveDate,
) -> Result<NaiveDate, IdError> {
    let Some((yy, month, day)) = fields(digits).filter(|_| digits.len() == 6) else {
        return Err(impossible(digits, DateProblem::NotACalendarDate));
    };
    let this_century = u32::try_from(today.year().div_euclid(100)).unwrap_or(0);
    let mut first_future = None;
    // Try this century, then the two before it (2000s: 20YY, 19YY, 18YY).
    for century in (this_century.saturating_sub(2)..=this_century).rev() {
        let Some(date) = calendar_date(century * 100 + yy, month, day) else {
            continue;
        };
        if date <= today {
            return plausible(date, digits, today);
        }
        first_future.get_or_insert(date);
    }
    Err(match first_future {
        Some(date) => IdError::FutureDate { date },
        None => impossible(digits, DateProblem::NotACalendarDate),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(text: &str) -> Vec<char> {
        text.chars().collect()
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    fn today() -> NaiveDate {
        date(2025, 6, 1)
    }

    #[test]
    fn reads_full_dates() {
        assert_eq!(from_yyyymmdd(&chars("19491231"), today()), Ok(date(1949, 12, 31)));
        assert_eq!(from_yyyymmdd(&chars("20250601"), today()), Ok(date(2025, 6, 1)));
    }

    #[test]
    fn refuses_impossible_old_and_future_dates() {
        assert_eq!(from_yyyymmdd(&chars("18000101"), today()), Ok(date(1800, 1, 1)));
        assert_eq!(
            from_yyyymmdd(&chars("19490230"), today()).map_err(|e| e.code()),
            Err("impossible_date")
        );
        assert_eq!(
            from_yyyymmdd(&chars("17991231"), today()),
            Err(IdError::ImpossibleDate {
                text: "17991231".to_owned(),
                problem: DateProblem::BeforeEarliest
            })
        );
        assert_eq!(
            from_yyyymmdd(&chars("20250602"), today()),
            Err(IdError::FutureDate { date: date(2025, 6, 2) })
        );
        assert_eq!(
            from_yyyymmdd(&chars("2025060"), today()).map_err(|e| e.code()),
            Err("impossible_date")
        );
    }

    #[test]
    fn two_digit_years_take_the_latest_century_not_in_the_future() {
        assert_eq!(from_yymmdd_latest_century(&chars("990101"), today()), Ok(date(1999, 1, 1)));
        assert_eq!(from_yymmdd_latest_century(&chars("050101"), today()), Ok(date(2005, 1, 1)));
        assert_eq!(from_yymmdd_latest_century(&chars("250601"), today()), Ok(date(2025, 6, 1)));
        assert_eq!(from_yymmdd_latest_century(&chars("250602"), today()), Ok(date(1925, 6, 2)));
        // 2000 is a leap year, 1900 is not.
        assert_eq!(from_yymmdd_latest_century(&chars("000229"), today()), Ok(date(2000, 2, 29)));
        assert_eq!(
            from_yymmdd_latest_century(&chars("001301"), today()).map_err(|e| e.code()),
            Err("impossible_date")
        );
    }

    #[test]
    fn extreme_todays_do_not_panic() {
        for today in [NaiveDate::MIN, NaiveDate::MAX] {
            let _ = from_yymmdd_latest_century(&chars("990101"), today);
            let _ = from_yyyymmdd(&chars("99991231"), today);
        }
    }
}
