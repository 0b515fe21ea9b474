//! Date arguments: strict `YYYY-MM-DD`, and "today" in China's time zone (UTC+8) whatever the
//! machine's own zone, since every rule (due dates, expiry, periods) is stated in Beijing time.

use chrono::{FixedOffset, NaiveDate, Utc};

/// Parses a `YYYY-MM-DD` date argument; the error names the flag and the value.
pub fn parse_date(flag: &str, value: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map_err(|_| format!("{flag}: '{value}' is not a date of the form YYYY-MM-DD"))
}

/// Today's date in Beijing time.
pub fn today_in_china() -> NaiveDate {
    const CHINA_UTC_OFFSET_SECONDS: i32 = 8 * 3600;
    match FixedOffset::east_opt(CHINA_UTC_OFFSET_SECONDS) {
        Some(zone) => Utc::now().with_timezone(&zone).date_naive(),
        None => Utc::now().date_naive(),
    }
}
