//! The audit log table: appending chained events inside the caller's transaction, and reading the
//! chain (or its part after a sequence number) back for verification.

use chrono::{DateTime, Utc};
use reviewdesk_domain::audit::{chain as chained, AuditAction, AuditEntry, ChainedEntry, GENESIS};
use rusqlite::{params, Connection, OptionalExtension};

use super::rows::{corrupt, execute, query_row, timestamp};
use crate::{AuditNote, StoreError};

/// Appends one event, chained onto the last one. Runs inside the caller's write transaction, so
/// the event exists exactly when the action it records does.
pub(super) fn append(
    tx: &Connection,
    note: &AuditNote<'_>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let last: Option<(u64, String)> =
        query_row(tx, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1", [], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })
        .optional()?;
    let (seq, prev_hash) = match last {
        Some((seq, hash)) => (seq + 1, hash),
        None => (1, GENESIS.to_owned()),
    };
    let stored = chained(
        &prev_hash,
        AuditEntry {
            seq,
            at: timestamp(now),
            actor: note.actor.to_owned(),
            action: note.action,
            subject: note.subject.map(str::to_owned),
            detail: note.detail.to_string(),
        },
    );
    execute(
        tx,
        "INSERT INTO audit (seq, at, actor, action, subject, detail, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            stored.entry.seq,
            stored.entry.at,
            stored.entry.actor,
            stored.entry.action.as_str(),
            stored.entry.subject,
            stored.entry.detail,
            stored.prev_hash,
            stored.hash
        ],
    )?;
    Ok(())
}

/// The events after sequence number `after`, in order.
pub(super) fn chain_after(tx: &Connection, after: u64) -> Result<Vec<ChainedEntry>, StoreError> {
    let mut statement = tx.prepare(
        "SELECT seq, at, actor, action, subject, detail, prev_hash, hash FROM audit
         WHERE seq > ?1 ORDER BY seq",
    )?;
    let after = i64::try_from(after).unwrap_or(i64::MAX);
    let mut rows = statement.query([after])?;
    let mut entries = Vec::new();
    while let Some(row) = rows.next()? {
        let action: String = row.get(3)?;
        entries.push(ChainedEntry {
            entry: AuditEntry {
                seq: row.get(0)?,
                at: row.get(1)?,
                actor: row.get(2)?,
                action: AuditAction::parse(&action)
                    .ok_or_else(|| corrupt("audit action", &action))?,
                subject: row.get(4)?,
                detail: row.get(5)?,
            },
            prev_hash: row.get(6)?,
            hash: row.get(7)?,
        });
    }
    Ok(entries)
}
