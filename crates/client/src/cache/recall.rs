//! Undo and the day's work: recalling a decision still inside its undo window (it leaves the
//! outbox and its item is undecided again, in one transaction), the decision that can still be
//! recalled, and the count of decisions made on this machine in the current Beijing day.

use chrono::{DateTime, Duration, NaiveTime, Utc};
use reviewdesk_domain::calendar::china_date;
use reviewdesk_domain::review::Outcome;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use super::error::CacheError;
use super::time::{from_millis, millis};

/// The newest decision that can still be recalled, and until when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct Recallable {
    pub decision_id: String,
    pub submission_id: String,
    pub outcome: Outcome,
    /// The end of its undo window: after it the decision is sent and final for the reviewer.
    pub until: DateTime<Utc>,
}

/// Decisions made on this machine in the current Beijing day (recalled ones not counted).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, specta::Type)]
pub struct Today {
    pub approved: u32,
    pub rejected: u32,
}

/// Records a decision made now (for [`today`]).
pub fn record_made(
    conn: &Connection,
    decision_id: &str,
    outcome: Outcome,
    at: DateTime<Utc>,
) -> Result<(), CacheError> {
    conn.execute(
        "INSERT OR IGNORE INTO decisions_made (decision_id, outcome, decided_at) VALUES (?1, ?2, ?3)",
        params![decision_id, outcome.as_str(), millis(at)],
    )?;
    Ok(())
}

/// Takes a decision back out of the outbox if its undo window is still open at `now`; returns its
/// submission (whose item is undecided again), or `None` when it is gone or may have been sent.
pub fn recall(
    conn: &Connection,
    decision_id: &str,
    now: DateTime<Utc>,
) -> Result<Option<String>, CacheError> {
    let submission: Option<String> = conn
        .query_row(
            "DELETE FROM outbox WHERE decision_id = ?1 AND recallable_until > ?2
             RETURNING submission_id",
            params![decision_id, millis(now)],
            |row| row.get(0),
        )
        .optional()?;
    if let Some(submission_id) = &submission {
        conn.execute("UPDATE items SET decided = 0 WHERE submission_id = ?1", [submission_id])?;
        conn.execute("DELETE FROM decisions_made WHERE decision_id = ?1", [decision_id])?;
    }
    Ok(submission)
}

/// Ends a decision's undo window before it is sent: from here on it may reach the server.
pub fn close_window(conn: &Connection, decision_id: &str) -> Result<(), CacheError> {
    conn.execute(
        "UPDATE outbox SET recallable_until = NULL WHERE decision_id = ?1",
        [decision_id],
    )?;
    Ok(())
}

/// Ends every open undo window now (signing out: the decisions become final and due at once).
pub fn close_all_windows(conn: &Connection, now: DateTime<Utc>) -> Result<(), CacheError> {
    conn.execute(
        "UPDATE outbox SET recallable_until = NULL, next_attempt_at = MIN(next_attempt_at, ?1)
         WHERE recallable_until IS NOT NULL",
        [millis(now)],
    )?;
    Ok(())
}

/// The newest decision whose undo window is open at `now`.
pub fn recallable(conn: &Connection, now: DateTime<Utc>) -> Result<Option<Recallable>, CacheError> {
    let row: Option<(String, String, i64)> = conn
        .query_row(
            "SELECT o.decision_id, o.submission_id, o.recallable_until FROM outbox o
             WHERE o.recallable_until > ?1 ORDER BY o.seq DESC LIMIT 1",
            [millis(now)],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .optional()?;
    let Some((decision_id, submission_id, until)) = row else { return Ok(None) };
    let outcome: Option<String> = conn
        .query_row(
            "SELECT outcome FROM decisions_made WHERE decision_id = ?1",
            [&decision_id],
            |row| row.get(0),
        )
        .optional()?;
    let outcome = outcome.as_deref().and_then(Outcome::parse).unwrap_or(Outcome::Approve);
    Ok(Some(Recallable { decision_id, submission_id, outcome, until: from_millis(until)? }))
}

/// The start of the Beijing day holding `at`, and of the next one, as UTC instants.
pub fn beijing_day(at: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
    let start = china_date(at).and_time(NaiveTime::MIN).and_utc() - Duration::hours(8);
    (start, start + Duration::days(1))
}

/// Decisions made in the Beijing day holding `now`.
pub fn today(conn: &Connection, now: DateTime<Utc>) -> Result<Today, CacheError> {
    let (start, end) = beijing_day(now);
    let (approved, rejected): (u32, u32) = conn.query_row(
        "SELECT COALESCE(SUM(outcome = 'approve'), 0), COALESCE(SUM(outcome = 'reject'), 0)
         FROM decisions_made WHERE decided_at >= ?1 AND decided_at < ?2",
        params![millis(start), millis(end)],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    Ok(Today { approved, rejected })
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn conn() -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        super::super::migrate::migrate(&mut conn, Utc::now()).unwrap();
        conn
    }

    fn at(h: u32, m: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 2, h, m, s).unwrap()
    }

    #[test]
    fn the_beijing_day_turns_at_16_utc() {
        let conn = conn();
        record_made(&conn, "a", Outcome::Approve, at(15, 59, 59)).unwrap();
        record_made(&conn, "b", Outcome::Reject, at(16, 0, 0)).unwrap();
        record_made(&conn, "c", Outcome::Approve, at(16, 0, 1)).unwrap();
        // 23:59:59 Beijing on 2 March: only "a" is of that day.
        assert_eq!(today(&conn, at(15, 59, 59)).unwrap(), Today { approved: 1, rejected: 0 });
        // 00:00 Beijing on 3 March: a new day holding "b" and "c".
        assert_eq!(today(&conn, at(16, 0, 0)).unwrap(), Today { approved: 1, rejected: 1 });
        assert_eq!(today(&conn, at(23, 0, 0)).unwrap(), Today { approved: 1, rejected: 1 });
        let (start, end) = beijing_day(at(16, 0, 0));
        assert_eq!((start, end), (at(16, 0, 0), at(16, 0, 0) + Duration::days(1)));
        assert_eq!(beijing_day(at(15, 59, 59)).1, at(16, 0, 0));
    }
}
