//! The audit checkpoints table: recording a signed checkpoint over an event that exists with the
//! checkpoint's hash (see [`crate::audit_checkpoints`]), and reading them back.

use reviewdesk_domain::audit_checkpoint::AuditCheckpoint;

use super::tx::Tx;
use crate::audit_checkpoints::{check_recordable, from_row, stored_seq};
use crate::StoreError;

pub(super) fn record(tx: &mut Tx<'_>, checkpoint: &AuditCheckpoint) -> Result<(), StoreError> {
    let seq = stored_seq(checkpoint.seq)?;
    let stored: Option<String> = tx
        .query_opt("SELECT hash FROM audit WHERE seq = $1", &[&seq])?
        .map(|row| row.try_get(0))
        .transpose()?;
    check_recordable(checkpoint, stored.as_deref())?;
    tx.execute(
        "INSERT INTO audit_checkpoints (seq, hash, at, public_key, signature)
         VALUES ($1, $2, $3, $4, $5)",
        &[&seq, &checkpoint.hash, &checkpoint.at, &checkpoint.public_key, &checkpoint.signature],
    )?;
    Ok(())
}

pub(super) fn all(tx: &mut Tx<'_>) -> Result<Vec<AuditCheckpoint>, StoreError> {
    let rows = tx.query(
        "SELECT seq, hash, at, public_key, signature FROM audit_checkpoints ORDER BY id",
        &[],
    )?;
    rows.into_iter()
        .map(|row| {
            from_row(
                row.try_get(0)?,
                row.try_get(1)?,
                row.try_get(2)?,
                row.try_get(3)?,
                row.try_get(4)?,
            )
        })
        .collect()
}
