//! The automatic photo checks' results (issue 4): recorded by the intake worker pool once the
//! checks of a submission are done (replacing any earlier result), read with the submission, and
//! the lookup of other applicants who uploaded the same file.

use chrono::{DateTime, Utc};
use reviewdesk_domain::photo_findings::ImageFinding;
use reviewdesk_domain::review::PhotoSide;
use reviewdesk_domain::Finding;
use rusqlite::{params, Connection, OptionalExtension};

use super::rows::{corrupt, timestamp};
use crate::StoreError;

pub(super) fn record(
    tx: &Connection,
    submission_id: &str,
    findings: &[ImageFinding],
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let exists: Option<i64> = tx
        .query_row("SELECT 1 FROM submissions WHERE id = ?1", [submission_id], |row| row.get(0))
        .optional()?;
    if exists.is_none() {
        return Err(StoreError::NotFound { what: "submission" });
    }
    tx.execute("DELETE FROM image_findings WHERE submission_id = ?1", [submission_id])?;
    for (position, found) in findings.iter().enumerate() {
        let finding = serde_json::to_string(&found.finding)
            .map_err(|e| StoreError::Corrupt { detail: e.to_string() })?;
        tx.execute(
            "INSERT INTO image_findings (submission_id, position, side, finding)
             VALUES (?1, ?2, ?3, ?4)",
            params![submission_id, position as i64, found.side.as_str(), finding],
        )?;
    }
    tx.execute(
        "INSERT INTO image_checks (submission_id, checked_at) VALUES (?1, ?2)
         ON CONFLICT (submission_id) DO UPDATE SET checked_at = excluded.checked_at",
        params![submission_id, timestamp(now)],
    )?;
    Ok(())
}

pub(super) fn read(
    tx: &Connection,
    submission_id: &str,
) -> Result<Option<Vec<ImageFinding>>, StoreError> {
    let checked: Option<String> = tx
        .query_row(
            "SELECT checked_at FROM image_checks WHERE submission_id = ?1",
            [submission_id],
            |row| row.get(0),
        )
        .optional()?;
    if checked.is_none() {
        return Ok(None);
    }
    let mut statement = tx.prepare(
        "SELECT side, finding FROM image_findings WHERE submission_id = ?1 ORDER BY position",
    )?;
    let rows = statement.query_map([submission_id], |row| {
        Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
    })?;
    let mut findings = Vec::new();
    for row in rows {
        let (side, finding) = row?;
        let side = PhotoSide::parse(&side).ok_or_else(|| corrupt("photo side", &side))?;
        let finding: Finding =
            serde_json::from_str(&finding).map_err(|_| corrupt("image finding", &finding))?;
        // Every photo finding names its photo, whoever made it.
        findings.push(ImageFinding { side, finding: finding.about_photo(side) });
    }
    Ok(Some(findings))
}

pub(super) fn applicants_with_image(
    tx: &Connection,
    sha256: &str,
    except_applicant: &str,
) -> Result<Vec<String>, StoreError> {
    let mut statement = tx.prepare(
        "SELECT applicant_id FROM submissions WHERE portrait_sha256 = ?1 AND applicant_id <> ?2
         UNION SELECT applicant_id FROM submissions WHERE emblem_sha256 = ?1 AND applicant_id <> ?2
         UNION SELECT applicant_id FROM submissions WHERE handheld_sha256 = ?1 AND applicant_id <> ?2
         ORDER BY 1",
    )?;
    let rows = statement.query_map(params![sha256, except_applicant], |row| row.get(0))?;
    Ok(rows.collect::<Result<Vec<String>, _>>()?)
}
