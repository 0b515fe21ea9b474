//! How values are written to and read from SQLite rows: times and dates as text (see
//! [`crate::text_values`]), enums by their snake_case names,
//! lists and records as JSON. Anything unreadable is `StoreError::Corrupt`, never a panic.

use reviewdesk_domain::review::Role;
use rusqlite::{Connection, Params, Row};

pub(super) use crate::text_values::{
    corrupt, date, optional_timestamp, parse_date, parse_timestamp, timestamp,
};
use crate::{StoreError, User};

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
