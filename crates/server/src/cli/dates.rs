//! Date arguments: strict `YYYY-MM-DD`.

use chrono::NaiveDate;

/// Parses a `YYYY-MM-DD` date argument; the error names the flag and the value.
pub fn parse_date(flag: &str, value: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map_err(|_| format!("{flag}: '{value}' is not a date of the form YYYY-MM-DD"))
}
