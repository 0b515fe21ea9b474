//! The audit log: appending chained events as the last step of the caller's transaction, and
//! reading the chain back for verification.
//!
//! Linear across instances: an append first locks the one-row `audit_head` (`FOR UPDATE`), reads
//! the last sequence number and hash from it, inserts its events and moves the head, all in the
//! action's own transaction. A second transaction appending waits on that row lock until the first
//! commits (or rolls back), then reads the new head: sequence numbers have no gaps or forks,
//! whichever instance wrote. Because the append is the last thing a transaction does, the head is
//! held only for the insert and the commit, and no transaction waits on anything else while
//! holding it (so the head takes part in no deadlock).

use chrono::{DateTime, Utc};
use reviewdesk_domain::audit::{chain as chained, AuditAction, AuditEntry, ChainedEntry};

use super::tx::Tx;
use crate::store::text_values::{corrupt, timestamp};
use crate::store::{AuditNote, StoreError};

/// Appends one event, chained onto the last one (see the module doc).
pub(super) fn append(
    tx: &mut Tx<'_>,
    note: &AuditNote<'_>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    append_all(tx, std::slice::from_ref(note), now)
}

/// Appends events in order with one insert (a batch claim's events).
pub(super) fn append_all(
    tx: &mut Tx<'_>,
    notes: &[AuditNote<'_>],
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    if notes.is_empty() {
        return Ok(());
    }
    let head = tx.query_one("SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE", &[])?;
    let last_seq: i64 = head.try_get(0)?;
    let mut prev_hash: String = head.try_get(1)?;
    let mut seq =
        u64::try_from(last_seq).map_err(|_| corrupt("audit head", &last_seq.to_string()))?;
    let at = timestamp(now);
    let mut columns: (Vec<i64>, Vec<String>, Vec<String>, Vec<Option<String>>) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut details, mut prevs, mut hashes) = (Vec::new(), Vec::new(), Vec::new());
    for note in notes {
        seq += 1;
        let stored = chained(
            &prev_hash,
            AuditEntry {
                seq,
                at: at.clone(),
                actor: note.actor.to_owned(),
                action: note.action,
                subject: note.subject.map(str::to_owned),
                detail: note.detail.to_string(),
            },
        );
        let number = i64::try_from(seq).map_err(|_| corrupt("audit seq", &seq.to_string()))?;
        columns.0.push(number);
        columns.1.push(stored.entry.actor);
        columns.2.push(stored.entry.action.as_str().to_owned());
        columns.3.push(stored.entry.subject);
        details.push(stored.entry.detail);
        prevs.push(stored.prev_hash);
        prev_hash = stored.hash.clone();
        hashes.push(stored.hash);
    }
    let head_seq = columns.0.last().copied().unwrap_or(last_seq);
    tx.execute(
        "WITH added AS (
             INSERT INTO audit (seq, at, actor, action, subject, detail, prev_hash, hash)
             SELECT seq, $2, actor, action, subject, detail, prev_hash, hash
             FROM UNNEST($1::bigint[], $3::text[], $4::text[], $5::text[], $6::text[],
                         $7::text[], $8::text[])
                  AS e (seq, actor, action, subject, detail, prev_hash, hash)
         )
         UPDATE audit_head SET seq = $9, hash = $10 WHERE id = 1",
        &[
            &columns.0, &at, &columns.1, &columns.2, &columns.3, &details, &prevs, &hashes,
            &head_seq, &prev_hash,
        ],
    )?;
    Ok(())
}

pub(super) fn chain(tx: &mut Tx<'_>) -> Result<Vec<ChainedEntry>, StoreError> {
    let rows = tx.query(
        "SELECT seq, at, actor, action, subject, detail, prev_hash, hash FROM audit ORDER BY seq",
        &[],
    )?;
    let mut entries = Vec::with_capacity(rows.len());
    for row in rows {
        let seq: i64 = row.try_get(0)?;
        let action: String = row.try_get(3)?;
        entries.push(ChainedEntry {
            entry: AuditEntry {
                seq: u64::try_from(seq).map_err(|_| corrupt("audit seq", &seq.to_string()))?,
                at: row.try_get(1)?,
                actor: row.try_get(2)?,
                action: AuditAction::parse(&action)
                    .ok_or_else(|| corrupt("audit action", &action))?,
                subject: row.try_get(4)?,
                detail: row.try_get(5)?,
            },
            prev_hash: row.try_get(6)?,
            hash: row.try_get(7)?,
        });
    }
    Ok(entries)
}
