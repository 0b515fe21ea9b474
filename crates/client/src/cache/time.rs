//! Times in the cache: Unix milliseconds (UTC) in INTEGER columns, so they sort and compare in SQL.

use chrono::{DateTime, Utc};

use super::error::CacheError;

pub fn millis(at: DateTime<Utc>) -> i64 {
    at.timestamp_millis()
}

pub fn from_millis(value: i64) -> Result<DateTime<Utc>, CacheError> {
    DateTime::from_timestamp_millis(value)
        .ok_or_else(|| CacheError::Corrupt(format!("时间值超出范围：{value}")))
}
