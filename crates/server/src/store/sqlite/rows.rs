//! How values are written to and read from SQLite rows: timestamps as RFC 3339 UTC text with
//! milliseconds (which sorts as text), dates as `YYYY-MM-DD`, enums by their snake_case names,
//! lists and records as JSON. Anything unreadable is `StoreError::Corrupt`, never a panic.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use reviewdesk_domain::review::Role;
use rusqlite::{Connection, Params, Row};

use crate::store::{StoreError, User};

pub(super) fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub(super) fn parse_timestamp(text: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(text)
        .map(|at| at.with_timezone(&Utc))
        .map_err(|_| StoreError::Corrupt { detail: format!("bad timestamp {text:?}") })
}

pub(super) fn date(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

pub(super) fn parse_date(text: &str) -> Result<NaiveDate, StoreError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| StoreError::Corrupt { detail: format!("bad date {text:?}") })
}

pub(super) fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Corrupt { detail: format!("bad {what} {value:?}") }
}

/// Columns `id, username, role, province` in that order.
pub(super) const USER_COLUMNS: &str = "id, username, role, province";

pub(super) fn user(row: &Row<'_>) -> Result<User, StoreError> {
    let role: String = row.get(2)?;
    Ok(User {
        id: row.get(0)?,
        username: row.get(1)?,
        role: Role::parse(&role).ok_or_else(|| corrupt("role", &role))?,
        province: row.get(3)?,
    })
}

/// Runs one statement through the connection's prepared-statement cache (the hot paths run the
/// same few statements thousands of times; parsing each time cost a third of a claim).
pub(super) fn execute(
    tx: &Connection,
    sql: &str,
    params: impl Params,
) -> Result<usize, StoreError> {
    Ok(tx.prepare_cached(sql)?.execute(params)?)
}

/// `query_row` through the connection's statement cache: rusqlite's own `query_row` parses and
/// plans the SQL again on every call, which the per-request session lookup cannot afford.
pub(super) fn query_row<T>(
    tx: &Connection,
    sql: &str,
    params: impl Params,
    map: impl FnOnce(&Row<'_>) -> rusqlite::Result<T>,
) -> rusqlite::Result<T> {
    tx.prepare_cached(sql)?.query_row(params, map)
}
