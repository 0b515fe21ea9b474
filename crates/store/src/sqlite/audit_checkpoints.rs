//! The audit checkpoints table: recording a signed checkpoint over an event that exists with the
//! checkpoint's hash (see [`crate::audit_checkpoints`]), and reading them back.

use reviewdesk_domain::audit_checkpoint::AuditCheckpoint;
use rusqlite::{params, Connection, OptionalExtension};

use super::rows::{execute, query_row};
use crate::audit_checkpoints::{check_recordable, from_row, stored_seq};
use crate::StoreError;

pub(super) fn record(tx: &Connection, checkpoint: &AuditCheckpoint) -> Result<(), StoreError> {
    let seq = stored_seq(checkpoint.seq)?;
    let stored: Option<String> =
        query_row(tx, "SELECT hash FROM audit WHERE seq = ?1", [seq], |row| row.get(0))
            .optional()?;
    check_recordable(checkpoint, stored.as_deref())?;
    execute(
        tx,
        "INSERT INTO audit_checkpoints (seq, hash, at, public_key, signature)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![seq, checkpoint.hash, checkpoint.at, checkpoint.public_key, checkpoint.signature],
    )?;
    Ok(())
}

pub(super) fn all(tx: &Connection) -> Result<Vec<AuditCheckpoint>, StoreError> {
    let mut statement = tx.prepare(
        "SELECT seq, hash, at, public_key, signature FROM audit_checkpoints ORDER BY id",
    )?;
    let mut rows = statement.query([])?;
    let mut checkpoints = Vec::new();
    while let Some(row) = rows.next()? {
        checkpoints.push(from_row(
            row.get(0)?,
            row.get(1)?,
            row.get(2)?,
            row.get(3)?,
            row.get(4)?,
        )?);
    }
    Ok(checkpoints)
}
