//! How both stores write times and dates: timestamps as RFC 3339 UTC text with milliseconds (fixed
//! width, so text order is time order), dates as `YYYY-MM-DD`. The SQLite and PostgreSQL stores
//! keep the same text, so an audit event hashes alike in either and a chain can move between them.
//! Anything unreadable is `StoreError::Corrupt`, never a panic.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};

use super::StoreError;

pub fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub fn parse_timestamp(text: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(text)
        .map(|at| at.with_timezone(&Utc))
        .map_err(|_| StoreError::Corrupt { detail: format!("bad timestamp {text:?}") })
}

pub fn optional_timestamp(text: Option<String>) -> Result<Option<DateTime<Utc>>, StoreError> {
    text.as_deref().map(parse_timestamp).transpose()
}

pub fn date(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

pub fn parse_date(text: &str) -> Result<NaiveDate, StoreError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| StoreError::Corrupt { detail: format!("bad date {text:?}") })
}

pub fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Corrupt { detail: format!("bad {what} {value:?}") }
}
