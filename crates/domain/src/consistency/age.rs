//! Age in completed years, as the law counts it (someone born on 29 February completes a year on
//! 1 March in common years).

use chrono::{Datelike, NaiveDate};

/// Completed years from `birth` to `on`; `None` when `on` is before `birth`.
pub fn full_years(birth: NaiveDate, on: NaiveDate) -> Option<u32> {
    if on < birth {
        return None;
    }
    let mut years = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    u32::try_from(years).ok()
}

#[cfg(test)]
mod tests {
    use super::full_years;
    use chrono::NaiveDate;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    #[test]
    fn counts_completed_years() {
        assert_eq!(full_years(date(2000, 6, 15), date(2016, 6, 14)), Some(15));
        assert_eq!(full_years(date(2000, 6, 15), date(2016, 6, 15)), Some(16));
        assert_eq!(full_years(date(2000, 2, 29), date(2016, 2, 28)), Some(15));
        assert_eq!(full_years(date(2000, 2, 29), date(2017, 2, 28)), Some(16));
        assert_eq!(full_years(date(2000, 2, 29), date(2017, 3, 1)), Some(17));
        assert_eq!(full_years(date(2000, 1, 1), date(1999, 12, 31)), None);
        assert_eq!(full_years(NaiveDate::MIN, NaiveDate::MAX).map(|_| ()), Some(()));
    }
}
