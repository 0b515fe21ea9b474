//! The audit log: appending chained events as the last step of the caller's transaction, and
//! reading the chain (or its part after a sequence number) back for verification.
//!
//! Linear across instances: an append is one call of the database function
//! `audit_append_events` (migration 0007; each event with its own time), which locks the one-row
//! `audit_head` (`FOR UPDATE`), reads the last sequence number and hash from it, inserts the
//! events with their links and moves the head, all inside the action's own transaction. A second transaction appending waits on that row lock until the first
//! commits (or rolls back), then reads the new head: sequence numbers have no gaps or forks,
//! whichever instance wrote. Because the append is the last statement of a transaction, the head
//! is held only for the rest of that statement and the commit (one round trip, not three), and no
//! transaction waits on anything else while holding it (so the head takes part in no deadlock).
//!
//! The link is computed in SQL (`audit_link_hash`): a second definition of
//! [`reviewdesk_domain::audit::link_hash`], kept identical by a contract test that hashes awkward
//! events both ways; chains written through the store are checked with the domain's `verify`.

use chrono::{DateTime, Utc};
use reviewdesk_domain::audit::{AuditAction, AuditEntry, ChainedEntry};

use super::tx::Tx;
use crate::text_values::{corrupt, timestamp};
use crate::{AuditNote, StoreError};

/// Appends one event, chained onto the last one (see the module doc).
pub(super) fn append(
    tx: &mut Tx<'_>,
    note: &AuditNote<'_>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    append_all(tx, std::slice::from_ref(note), now)
}

/// Appends events in order, in one statement (a batch claim's events): the database function
/// `audit_append_events` (migration 0007) locks the head, computes each link and moves the head.
pub(super) fn append_all(
    tx: &mut Tx<'_>,
    notes: &[AuditNote<'_>],
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    if notes.is_empty() {
        return Ok(());
    }
    let actors: Vec<&str> = notes.iter().map(|n| n.actor).collect();
    let actions: Vec<&str> = notes.iter().map(|n| n.action.as_str()).collect();
    let subjects: Vec<Option<&str>> = notes.iter().map(|n| n.subject).collect();
    let details: Vec<String> = notes.iter().map(|n| n.detail.to_string()).collect();
    let ats = vec![timestamp(now); notes.len()];
    tx.query_one(
        "SELECT audit_append_events($1, $2, $3, $4, $5)",
        &[&ats, &actors, &actions, &subjects, &details],
    )?;
    Ok(())
}

/// The events after sequence number `after`, in order.
pub(super) fn chain_after(tx: &mut Tx<'_>, after: u64) -> Result<Vec<ChainedEntry>, StoreError> {
    let after = i64::try_from(after).unwrap_or(i64::MAX);
    let rows = tx.query(
        "SELECT seq, at, actor, action, subject, detail, prev_hash, hash FROM audit
         WHERE seq > $1 ORDER BY seq",
        &[&after],
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
