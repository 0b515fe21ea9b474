//! The operational queries of the PostgreSQL store: readiness (schema version), queue depth per
//! province, and retention (purging decided submissions' personal data; which photos are still
//! in use). The purge locks the rows it purges (`FOR UPDATE SKIP LOCKED`), so instances running
//! it at once take different submissions.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};

use super::audit_log;
use super::tx::Tx;
use crate::operations::purge_note;
use crate::text_values::{date, timestamp};
use crate::{PurgeReport, QueueDepth, Readiness, StoreError};
use crate::{PURGED_IDENTITY, PURGE_BATCH};

fn count(value: i64) -> u64 {
    value.unsigned_abs()
}

pub(super) fn readiness(tx: &mut Tx<'_>) -> Result<Readiness, StoreError> {
    let row = tx.query_one("SELECT MAX(version) FROM schema_migrations", &[])?;
    let applied: Option<i32> = row.try_get(0)?;
    Ok(Readiness {
        applied: applied.map_or(0, i32::unsigned_abs),
        expected: super::migrations::latest_version(),
    })
}

pub(super) fn queue_depths(
    tx: &mut Tx<'_>,
    due_by: NaiveDate,
) -> Result<Vec<QueueDepth>, StoreError> {
    let rows = tx.query(
        "SELECT province, COUNT(*), COUNT(CASE WHEN claim_order <= $1 THEN 1 END)
         FROM queue GROUP BY province ORDER BY province",
        &[&date(due_by)],
    )?;
    rows.iter()
        .map(|row| {
            Ok(QueueDepth {
                province: row.try_get(0)?,
                open: count(row.try_get(1)?),
                due_soon: count(row.try_get(2)?),
            })
        })
        .collect()
}

const IN_USE: &str = "SELECT EXISTS (SELECT 1 FROM submissions WHERE purged_at IS NULL
     AND (portrait_sha256 = $1 OR emblem_sha256 = $1 OR handheld_sha256 = $1))";

pub(super) fn images_in_use(
    tx: &mut Tx<'_>,
    sha256s: &[String],
) -> Result<Vec<String>, StoreError> {
    let mut used = Vec::new();
    for sha in sha256s {
        let row = tx.query_one(IN_USE, &[sha])?;
        if row.try_get::<_, bool>(0)? {
            used.push(sha.clone());
        }
    }
    Ok(used)
}

pub(super) fn purge(
    tx: &mut Tx<'_>,
    decided_before: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<PurgeReport, StoreError> {
    let limit = i64::from(PURGE_BATCH);
    let rows = tx.query(
        "SELECT id, portrait_sha256, emblem_sha256, handheld_sha256 FROM submissions
         WHERE purged_at IS NULL AND status IN ('approved', 'rejected') AND updated_at < $1
         ORDER BY updated_at LIMIT $2 FOR UPDATE SKIP LOCKED",
        &[&timestamp(decided_before), &limit],
    )?;
    if rows.is_empty() {
        return Ok(PurgeReport::default());
    }
    let mut ids = Vec::with_capacity(rows.len());
    let mut images = BTreeSet::new();
    for row in &rows {
        ids.push(row.try_get::<_, String>(0)?);
        for column in 1..=3 {
            images.insert(row.try_get::<_, String>(column)?);
        }
    }
    tx.execute(
        "UPDATE submissions SET identity = $2, findings = '[]', purged_at = $3
         WHERE id = ANY($1)",
        &[&ids, &PURGED_IDENTITY, &timestamp(now)],
    )?;
    tx.execute("DELETE FROM image_findings WHERE submission_id = ANY($1)", &[&ids])?;
    tx.execute("DELETE FROM photo_hashes WHERE submission_id = ANY($1)", &[&ids])?;
    tx.execute("DELETE FROM board_faces WHERE submission_id = ANY($1)", &[&ids])?;
    tx.execute("DELETE FROM identity_boards WHERE submission_id = ANY($1)", &[&ids])?;
    tx.execute("DELETE FROM image_checks WHERE submission_id = ANY($1)", &[&ids])?;
    tx.execute("DELETE FROM photo_check_work WHERE submission_id = ANY($1)", &[&ids])?;
    let mut unreferenced = Vec::new();
    for sha in images {
        if !tx.query_one(IN_USE, &[&sha])?.try_get::<_, bool>(0)? {
            unreferenced.push(sha);
        }
    }
    let report = PurgeReport { submissions: ids.len() as u64, unreferenced_images: unreferenced };
    audit_log::append(tx, &purge_note(&report, decided_before), now)?;
    Ok(report)
}
