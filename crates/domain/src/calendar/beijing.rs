//! The calendar date every rule uses: the date in Beijing time (UTC+8), whatever the machine's own
//! time zone. Pure: the instant comes in as an argument.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

/// The calendar date at `at` in Beijing time (UTC+8).
pub fn china_date(at: DateTime<Utc>) -> NaiveDate {
    const CHINA_UTC_OFFSET_SECONDS: i32 = 8 * 3600;
    match FixedOffset::east_opt(CHINA_UTC_OFFSET_SECONDS) {
        Some(zone) => at.with_timezone(&zone).date_naive(),
        None => at.date_naive(),
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn beijing_is_eight_hours_ahead() {
        let late_utc = Utc.with_ymd_and_hms(2026, 3, 1, 16, 0, 0).unwrap();
        assert_eq!(china_date(late_utc), NaiveDate::from_ymd_opt(2026, 3, 2).unwrap());
        let early_utc = Utc.with_ymd_and_hms(2026, 3, 1, 15, 59, 59).unwrap();
        assert_eq!(china_date(early_utc), NaiveDate::from_ymd_opt(2026, 3, 1).unwrap());
    }
}
