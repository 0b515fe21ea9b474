//! The `conflicts` table: decisions of ours the server did not take (someone else decided first,
//! or a final refusal), sealed with both decisions and the cached submission, until the reviewer
//! dismisses them.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};

use super::error::CacheError;
use super::items;
use super::outbox;
use super::records::{ConflictKind, ConflictRecord, OwnDecision, Refusal};
use super::seal::{Place, Sealer};
use super::time::millis;
use reviewdesk_domain::wire::Decision;

fn place(decision_id: &str) -> Place<'_> {
    Place { table: "conflicts", column: "record", id: decision_id }
}

/// What the server said instead of taking the decision.
pub enum Outcome {
    Theirs(Decision),
    Refused(Refusal),
}

/// Moves an outbox decision into a conflict record and purges its item; the outbox row and the
/// record change in the caller's transaction, so the decision is never in neither place.
pub fn record(
    conn: &Connection,
    sealer: &Sealer,
    decision_id: &str,
    submission_id: &str,
    outcome: Outcome,
    now: DateTime<Utc>,
) -> Result<(), CacheError> {
    let Some((ours, decided_at)) = outbox::decision(conn, sealer, decision_id)? else {
        return Ok(());
    };
    let submission = items::body(conn, sealer, submission_id)?;
    let (kind, theirs, refusal) = match outcome {
        Outcome::Theirs(decision) => (ConflictKind::Conflict, Some(decision), None),
        Outcome::Refused(refusal) => (ConflictKind::Refused, None, Some(refusal)),
    };
    let record = ConflictRecord {
        kind,
        ours: OwnDecision::new(&ours, decided_at),
        theirs,
        refusal,
        submission,
        detected_at: now,
    };
    let sealed = sealer.seal_json(place(decision_id), &record)?;
    conn.execute(
        "INSERT OR REPLACE INTO conflicts (decision_id, submission_id, kind, detected_at, record)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![decision_id, submission_id, kind.as_str(), millis(now), sealed],
    )?;
    outbox::remove(conn, decision_id)?;
    items::purge(conn, submission_id)?;
    Ok(())
}

/// Every record, oldest first.
pub fn all(conn: &Connection, sealer: &Sealer) -> Result<Vec<ConflictRecord>, CacheError> {
    let mut statement =
        conn.prepare("SELECT decision_id, record FROM conflicts ORDER BY detected_at, rowid")?;
    let rows =
        statement.query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, Vec<u8>>(1)?)))?;
    let mut records = Vec::new();
    for row in rows {
        let (id, sealed) = row?;
        records.push(sealer.open_json(place(&id), &sealed)?);
    }
    Ok(records)
}

pub fn dismiss(conn: &Connection, decision_id: &str) -> Result<bool, CacheError> {
    Ok(conn.execute("DELETE FROM conflicts WHERE decision_id = ?1", [decision_id])? > 0)
}

pub fn count(conn: &Connection) -> Result<u32, CacheError> {
    Ok(conn.query_row("SELECT COUNT(*) FROM conflicts", [], |row| row.get(0))?)
}
