//! The `meta` table: small non-personal facts (connection health, last sync, last error, the counts
//! of acknowledged decisions and of updated submissions) and the key check, a sealed constant that
//! proves the key is right.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use super::error::CacheError;
use super::seal::{Place, Sealer};
use super::time::{from_millis, millis};
use crate::sync::Connection as ConnectionState;

pub const ONLINE: &str = "online";
pub const FAILURES: &str = "failures";
pub const NEXT_PROBE_AT: &str = "next_probe_at";
pub const LAST_SYNC_AT: &str = "last_sync_at";
pub const LAST_ERROR_CODE: &str = "last_error_code";
pub const LAST_ERROR_MESSAGE: &str = "last_error_message";
pub const LAST_ERROR_AT: &str = "last_error_at";
pub const ACKNOWLEDGED: &str = "acknowledged";
/// Cached submission bodies replaced by a different one (see `Progress::submissions_updated`).
pub const SUBMISSIONS_UPDATED: &str = "submissions_updated";
/// The synced working-day calendar (not personal: kept in clear): its version, when the server
/// was last asked, and the body (`CalendarBody` as JSON).
pub const CALENDAR_VERSION: &str = "calendar_version";
pub const CALENDAR_CHECKED_AT: &str = "calendar_checked_at";
pub const CALENDAR_BODY: &str = "calendar_body";
const KEY_CHECK: &str = "key_check";
const KEY_CHECK_TEXT: &[u8] = b"reviewdesk cache key check";

fn key_check_place() -> Place<'static> {
    Place { table: "meta", column: "value", id: KEY_CHECK }
}

/// Writes the key check into a new cache, or verifies it in an existing one.
pub fn check_key(conn: &Connection, sealer: &Sealer) -> Result<(), CacheError> {
    let stored: Option<Vec<u8>> = conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [KEY_CHECK], |row| row.get(0))
        .optional()?;
    match stored {
        Some(sealed) => match sealer.open(key_check_place(), &sealed) {
            Ok(text) if text == KEY_CHECK_TEXT => Ok(()),
            _ => Err(CacheError::WrongKey),
        },
        None => {
            let sealed = sealer.seal(key_check_place(), KEY_CHECK_TEXT)?;
            conn.execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2)",
                params![KEY_CHECK, sealed],
            )?;
            Ok(())
        }
    }
}

pub fn set(conn: &Connection, key: &str, value: impl rusqlite::ToSql) -> Result<(), CacheError> {
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

pub fn unset(conn: &Connection, key: &str) -> Result<(), CacheError> {
    conn.execute("DELETE FROM meta WHERE key = ?1", [key])?;
    Ok(())
}

pub fn integer(conn: &Connection, key: &str) -> Result<Option<i64>, CacheError> {
    Ok(conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [key], |row| row.get(0))
        .optional()?)
}

pub fn text(conn: &Connection, key: &str) -> Result<Option<String>, CacheError> {
    Ok(conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [key], |row| row.get(0))
        .optional()?)
}

/// Adds one to a counter (absent: zero).
pub fn count_up(conn: &Connection, key: &str) -> Result<(), CacheError> {
    let count = integer(conn, key)?.unwrap_or(0);
    set(conn, key, count.saturating_add(1))
}

pub fn time(conn: &Connection, key: &str) -> Result<Option<DateTime<Utc>>, CacheError> {
    integer(conn, key)?.map(from_millis).transpose()
}

pub fn set_time(conn: &Connection, key: &str, at: DateTime<Utc>) -> Result<(), CacheError> {
    set(conn, key, millis(at))
}

pub fn calendar_state(conn: &Connection) -> Result<crate::sync::CalendarState, CacheError> {
    Ok(crate::sync::CalendarState {
        version: integer(conn, CALENDAR_VERSION)?,
        checked_at: time(conn, CALENDAR_CHECKED_AT)?,
    })
}

pub fn connection(conn: &Connection) -> Result<ConnectionState, CacheError> {
    Ok(ConnectionState {
        online: integer(conn, ONLINE)?.map(|flag| flag != 0),
        failures: integer(conn, FAILURES)?.map_or(0, |n| u32::try_from(n).unwrap_or(u32::MAX)),
        next_probe_at: time(conn, NEXT_PROBE_AT)?,
    })
}
