//! Applying the sync step's [`CacheChange`]s: all changes of one answer in one transaction.

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::conflicts::{self, Outcome};
use super::error::CacheError;
use super::items;
use super::meta;
use super::outbox;
use super::records::Refusal;
use super::seal::Sealer;
use crate::sync::CacheChange;

pub fn apply(
    conn: &Connection,
    sealer: &Sealer,
    change: &CacheChange,
    now: DateTime<Utc>,
) -> Result<(), CacheError> {
    match change {
        CacheChange::AddItem { lease, lease_seconds, offline } => {
            items::add(conn, sealer, lease, *lease_seconds, *offline, now)
        }
        CacheChange::ExtendLease { submission_id, expires_at, lease_seconds } => {
            items::extend(conn, submission_id, *expires_at, *lease_seconds)
        }
        CacheChange::StoreSubmission { body } => {
            if items::store_body(conn, sealer, body, now)? {
                meta::count_up(conn, meta::SUBMISSIONS_UPDATED)?;
            }
            Ok(())
        }
        CacheChange::StoreImage { submission_id, side, bytes } => {
            items::store_image(conn, sealer, submission_id, *side, bytes)
        }
        CacheChange::Forget { submission_id, .. } => items::forget_undecided(conn, submission_id),
        CacheChange::Acknowledge { decision_id, submission_id, .. } => {
            if outbox::remove(conn, decision_id)? {
                meta::count_up(conn, meta::ACKNOWLEDGED)?;
            }
            items::purge(conn, submission_id)
        }
        CacheChange::Conflict { decision_id, submission_id, theirs } => conflicts::record(
            conn,
            sealer,
            decision_id,
            submission_id,
            Outcome::Theirs((**theirs).clone()),
            now,
        ),
        CacheChange::Refuse { decision_id, submission_id, code, message } => conflicts::record(
            conn,
            sealer,
            decision_id,
            submission_id,
            Outcome::Refused(Refusal { code: code.clone(), message: message.clone() }),
            now,
        ),
        CacheChange::Retry { decision_id, attempts, next_attempt_at } => {
            outbox::retry(conn, decision_id, *attempts, *next_attempt_at)
        }
        CacheChange::StoreCalendar { version, body } => {
            // Never back to an older version, whatever the caller planned from.
            if meta::integer(conn, meta::CALENDAR_VERSION)?.is_some_and(|held| held >= *version) {
                return Ok(());
            }
            meta::set(conn, meta::CALENDAR_BODY, serde_json::to_string(body)?)?;
            meta::set(conn, meta::CALENDAR_VERSION, *version)
        }
        CacheChange::CalendarChecked { at } => meta::set_time(conn, meta::CALENDAR_CHECKED_AT, *at),
        CacheChange::Online => {
            meta::set(conn, meta::ONLINE, 1)?;
            meta::set(conn, meta::FAILURES, 0)?;
            meta::unset(conn, meta::NEXT_PROBE_AT)
        }
        CacheChange::Offline { failures, next_probe_at } => {
            meta::set(conn, meta::ONLINE, 0)?;
            meta::set(conn, meta::FAILURES, failures)?;
            meta::set_time(conn, meta::NEXT_PROBE_AT, *next_probe_at)
        }
        CacheChange::SessionEnded => Ok(()),
        CacheChange::LastError { code, message, at } => {
            meta::set(conn, meta::LAST_ERROR_CODE, code)?;
            meta::set(conn, meta::LAST_ERROR_MESSAGE, message)?;
            meta::set_time(conn, meta::LAST_ERROR_AT, *at)
        }
    }
}
