//! Reading the cache's non-personal columns only: the [`LocalState`] the sync step plans from, and
//! the [`Progress`] the status line shows. Nothing here unseals anything.

use chrono::{DateTime, Utc};
use reviewdesk_domain::review::PhotoSide;
use rusqlite::Connection;

use super::error::CacheError;
use super::meta;
use super::outbox;
use super::records::{LastError, Progress};
use super::time::{from_millis, millis};
use crate::sync::{ItemState, LocalState};

pub fn local_state(conn: &Connection, signed_in: bool) -> Result<LocalState, CacheError> {
    let mut statement = conn.prepare(
        "SELECT i.submission_id, i.lease_expires_at, i.lease_seconds, i.offline,
                i.body IS NOT NULL, i.decided,
                (SELECT group_concat(m.side) FROM images m WHERE m.submission_id = i.submission_id),
                i.body_calendar_version, i.checks_settled, i.body_fetched_at
         FROM items i ORDER BY i.claimed_at, i.rowid",
    )?;
    let rows = statement.query_map([], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, i64>(1)?,
            row.get::<_, i64>(2)?,
            row.get::<_, bool>(3)?,
            row.get::<_, bool>(4)?,
            row.get::<_, bool>(5)?,
            row.get::<_, Option<String>>(6)?,
            row.get::<_, Option<i64>>(7)?,
            row.get::<_, bool>(8)?,
            row.get::<_, Option<i64>>(9)?,
        ))
    })?;
    let mut items = Vec::new();
    for row in rows {
        let (
            submission_id,
            expires,
            lease_seconds,
            offline,
            has_body,
            decided,
            sides,
            version,
            checks_settled,
            fetched,
        ) = row?;
        let sides = sides.unwrap_or_default();
        let present: Vec<&str> = sides.split(',').collect();
        items.push(ItemState {
            submission_id,
            lease_expires_at: from_millis(expires)?,
            lease_seconds,
            offline,
            has_body,
            missing_images: PhotoSide::ALL
                .into_iter()
                .filter(|side| !present.contains(&side.as_str()))
                .collect(),
            decided,
            body_calendar_version: version,
            checks_settled,
            body_fetched_at: fetched.map(from_millis).transpose()?,
        });
    }
    Ok(LocalState {
        signed_in,
        items,
        outbox: outbox::pending(conn)?,
        connection: meta::connection(conn)?,
        calendar: meta::calendar_state(conn)?,
    })
}

pub fn progress(conn: &Connection, now: DateTime<Utc>) -> Result<Progress, CacheError> {
    let (outbox_pending, next_attempt): (u32, Option<i64>) =
        conn.query_row("SELECT COUNT(*), MIN(next_attempt_at) FROM outbox", [], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })?;
    let earliest: Option<i64> = conn.query_row(
        "SELECT MIN(lease_expires_at) FROM items WHERE decided = 0 AND lease_expires_at > ?1",
        [millis(now)],
        |row| row.get(0),
    )?;
    let ready = u32::try_from(super::items::ready_ids(conn, now)?.len()).unwrap_or(u32::MAX);
    let (held, offline_held, offline_expiry): (u32, u32, Option<i64>) = conn.query_row(
        "SELECT COUNT(*), COALESCE(SUM(offline), 0), MIN(CASE WHEN offline THEN lease_expires_at END)
         FROM items WHERE decided = 0 AND lease_expires_at > ?1",
        [millis(now)],
        |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
    )?;
    let last_error = match (
        meta::text(conn, meta::LAST_ERROR_CODE)?,
        meta::text(conn, meta::LAST_ERROR_MESSAGE)?,
        meta::time(conn, meta::LAST_ERROR_AT)?,
    ) {
        (Some(code), Some(message), Some(at)) => Some(LastError { code, message, at }),
        _ => None,
    };
    Ok(Progress {
        outbox_pending,
        next_attempt_at: next_attempt.map(from_millis).transpose()?,
        conflicts: super::conflicts::count(conn)?,
        ready,
        earliest_lease_expiry: earliest.map(from_millis).transpose()?,
        held,
        downloading: held.saturating_sub(ready),
        offline_held,
        offline_expiry: offline_expiry.map(from_millis).transpose()?,
        acknowledged: meta::integer(conn, meta::ACKNOWLEDGED)?
            .map_or(0, |n| u64::try_from(n).unwrap_or(0)),
        submissions_updated: meta::integer(conn, meta::SUBMISSIONS_UPDATED)?
            .map_or(0, |n| u64::try_from(n).unwrap_or(0)),
        online: meta::connection(conn)?.online,
        last_sync: meta::time(conn, meta::LAST_SYNC_AT)?,
        last_error,
        recallable: super::recall::recallable(conn, now)?,
        today: super::recall::today(conn, now)?,
    })
}
