//! The `outbox` table: decisions made here, sealed, in the order they were made, with their
//! delivery progress (attempts, next attempt) in clear. A row leaves only when the server has
//! acknowledged the decision, or as a conflict or refused record: never silently.

use chrono::{DateTime, Utc};
use reviewdesk_domain::wire::NewDecision;
use rusqlite::{params, Connection, OptionalExtension};

use super::error::CacheError;
use super::seal::{Place, Sealer};
use super::time::{from_millis, millis};
use crate::sync::OutboxState;

fn place(decision_id: &str) -> Place<'_> {
    Place { table: "outbox", column: "decision", id: decision_id }
}

pub fn enqueue(
    conn: &Connection,
    sealer: &Sealer,
    decision: &NewDecision,
    now: DateTime<Utc>,
    undo_until: Option<DateTime<Utc>>,
) -> Result<(), CacheError> {
    let sealed = sealer.seal_json(place(&decision.id), decision)?;
    // A decision inside its undo window is not due before the window ends.
    let first_attempt = undo_until.unwrap_or(now);
    conn.execute(
        "INSERT INTO outbox (decision_id, submission_id, created_at, next_attempt_at, decision,
             recallable_until)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            decision.id,
            decision.submission_id,
            millis(now),
            millis(first_attempt),
            sealed,
            undo_until.map(millis)
        ],
    )?;
    Ok(())
}

/// A queued decision and when it was made.
pub fn decision(
    conn: &Connection,
    sealer: &Sealer,
    decision_id: &str,
) -> Result<Option<(NewDecision, DateTime<Utc>)>, CacheError> {
    let row: Option<(Vec<u8>, i64)> = conn
        .query_row(
            "SELECT decision, created_at FROM outbox WHERE decision_id = ?1",
            [decision_id],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    row.map(|(sealed, created)| {
        Ok((sealer.open_json(place(decision_id), &sealed)?, from_millis(created)?))
    })
    .transpose()
}

pub fn retry(
    conn: &Connection,
    decision_id: &str,
    attempts: u32,
    next_attempt_at: DateTime<Utc>,
) -> Result<(), CacheError> {
    conn.execute(
        "UPDATE outbox SET attempts = ?2, next_attempt_at = ?3 WHERE decision_id = ?1",
        params![decision_id, attempts, millis(next_attempt_at)],
    )?;
    Ok(())
}

pub fn remove(conn: &Connection, decision_id: &str) -> Result<bool, CacheError> {
    Ok(conn.execute("DELETE FROM outbox WHERE decision_id = ?1", [decision_id])? > 0)
}

/// When the oldest queued decision was queued; `None` when the outbox is empty.
pub fn oldest(conn: &Connection) -> Result<Option<DateTime<Utc>>, CacheError> {
    let at: Option<i64> =
        conn.query_row("SELECT MIN(created_at) FROM outbox", [], |row| row.get(0))?;
    at.map(from_millis).transpose()
}

/// Every queued decision, oldest first.
pub fn pending(conn: &Connection) -> Result<Vec<OutboxState>, CacheError> {
    let mut statement = conn.prepare(
        "SELECT decision_id, submission_id, attempts, next_attempt_at FROM outbox ORDER BY seq",
    )?;
    let rows = statement.query_map([], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, u32>(2)?,
            row.get::<_, i64>(3)?,
        ))
    })?;
    let mut entries = Vec::new();
    for row in rows {
        let (decision_id, submission_id, attempts, next) = row?;
        entries.push(OutboxState {
            decision_id,
            submission_id,
            attempts,
            next_attempt_at: from_millis(next)?,
        });
    }
    Ok(entries)
}
