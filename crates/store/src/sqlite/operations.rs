//! The operational queries of the SQLite store: readiness (schema version), queue depth per
//! province, and retention (purging decided submissions' personal data; which photos are still
//! in use).

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection};

use super::audit_log;
use super::rows::timestamp;
use crate::operations::purge_note;
use crate::text_values::date;
use crate::{PurgeReport, QueueDepth, Readiness, StoreError};
use crate::{PURGED_IDENTITY, PURGE_BATCH};

pub(super) fn readiness(conn: &Connection) -> Result<Readiness, StoreError> {
    let applied: Option<u32> =
        conn.query_row("SELECT MAX(version) FROM schema_migrations", [], |row| row.get(0))?;
    Ok(Readiness { applied: applied.unwrap_or(0), expected: super::migrations::latest_version() })
}

pub(super) fn queue_depths(
    conn: &Connection,
    due_by: NaiveDate,
) -> Result<Vec<QueueDepth>, StoreError> {
    let mut statement = conn.prepare(
        "SELECT province, COUNT(*), COUNT(CASE WHEN claim_order <= ?1 THEN 1 END)
         FROM queue GROUP BY province ORDER BY province",
    )?;
    let rows = statement.query_map([date(due_by)], |row| {
        Ok(QueueDepth {
            province: row.get(0)?,
            open: row.get::<_, i64>(1)?.unsigned_abs(),
            due_soon: row.get::<_, i64>(2)?.unsigned_abs(),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Whether a submission with its personal data still references `sha256`.
fn in_use(conn: &Connection, sha256: &str) -> Result<bool, StoreError> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM submissions WHERE purged_at IS NULL
             AND (portrait_sha256 = ?1 OR emblem_sha256 = ?1 OR handheld_sha256 = ?1))",
        [sha256],
        |row| row.get(0),
    )?)
}

pub(super) fn images_in_use(
    conn: &Connection,
    sha256s: &[String],
) -> Result<Vec<String>, StoreError> {
    let mut used = Vec::new();
    for sha in sha256s {
        if in_use(conn, sha)? {
            used.push(sha.clone());
        }
    }
    Ok(used)
}

pub(super) fn purge(
    tx: &Connection,
    decided_before: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<PurgeReport, StoreError> {
    let mut statement = tx.prepare(
        "SELECT id, portrait_sha256, emblem_sha256, handheld_sha256 FROM submissions
         WHERE purged_at IS NULL AND status IN ('approved', 'rejected') AND updated_at < ?1
         ORDER BY updated_at LIMIT ?2",
    )?;
    let due: Vec<(String, [String; 3])> = statement
        .query_map(params![timestamp(decided_before), PURGE_BATCH], |row| {
            Ok((row.get(0)?, [row.get(1)?, row.get(2)?, row.get(3)?]))
        })?
        .collect::<Result<_, _>>()?;
    if due.is_empty() {
        return Ok(PurgeReport::default());
    }
    let mut images = BTreeSet::new();
    for (id, shas) in &due {
        tx.execute(
            "UPDATE submissions SET identity = ?2, findings = '[]', purged_at = ?3 WHERE id = ?1",
            params![id, PURGED_IDENTITY, timestamp(now)],
        )?;
        tx.execute("DELETE FROM image_findings WHERE submission_id = ?1", [id])?;
        tx.execute("DELETE FROM image_checks WHERE submission_id = ?1", [id])?;
        tx.execute("DELETE FROM photo_check_work WHERE submission_id = ?1", [id])?;
        tx.execute("DELETE FROM photo_hashes WHERE submission_id = ?1", [id])?;
        tx.execute("DELETE FROM board_faces WHERE submission_id = ?1", [id])?;
        tx.execute("DELETE FROM identity_boards WHERE submission_id = ?1", [id])?;
        images.extend(shas.iter().cloned());
    }
    let mut unreferenced = Vec::new();
    for sha in images {
        if !in_use(tx, &sha)? {
            unreferenced.push(sha);
        }
    }
    let report = PurgeReport { submissions: due.len() as u64, unreferenced_images: unreferenced };
    audit_log::append(tx, &purge_note(&report, decided_before), now)?;
    Ok(report)
}
