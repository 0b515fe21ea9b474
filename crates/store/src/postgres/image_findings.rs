//! The automatic photo checks' results (issue 4): recorded once the checks of a submission are
//! done (replacing any earlier result; the submission row is locked first, so two recordings of
//! one submission happen one after the other), read with the submission, and the lookup of other
//! applicants who uploaded the same file.

use chrono::{DateTime, Utc};
use reviewdesk_domain::photo_findings::ImageFinding;
use reviewdesk_domain::review::PhotoSide;
use reviewdesk_domain::Finding;

use super::tx::Tx;
use crate::text_values::{corrupt, timestamp};
use crate::StoreError;

pub(super) fn record(
    tx: &mut Tx<'_>,
    submission_id: &str,
    findings: &[ImageFinding],
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let exists = tx.query_opt(
        "SELECT 1 FROM submissions WHERE id = $1 FOR NO KEY UPDATE",
        &[&submission_id],
    )?;
    if exists.is_none() {
        return Err(StoreError::NotFound { what: "submission" });
    }
    tx.execute("DELETE FROM image_findings WHERE submission_id = $1", &[&submission_id])?;
    let mut positions = Vec::with_capacity(findings.len());
    let mut sides = Vec::with_capacity(findings.len());
    let mut texts = Vec::with_capacity(findings.len());
    for (position, found) in findings.iter().enumerate() {
        positions.push(
            i32::try_from(position)
                .map_err(|_| corrupt("finding position", &position.to_string()))?,
        );
        sides.push(found.side.as_str());
        texts.push(serde_json::to_string(&found.finding)?);
    }
    tx.execute(
        "INSERT INTO image_findings (submission_id, position, side, finding)
         SELECT $1, position, side, finding
         FROM UNNEST($2::integer[], $3::text[], $4::text[]) AS f (position, side, finding)",
        &[&submission_id, &positions, &sides, &texts],
    )?;
    tx.execute(
        "INSERT INTO image_checks (submission_id, checked_at) VALUES ($1, $2)
         ON CONFLICT (submission_id) DO UPDATE SET checked_at = excluded.checked_at",
        &[&submission_id, &timestamp(now)],
    )?;
    Ok(())
}

pub(super) fn read(
    tx: &mut Tx<'_>,
    submission_id: &str,
) -> Result<Option<Vec<ImageFinding>>, StoreError> {
    let checked =
        tx.query_opt("SELECT 1 FROM image_checks WHERE submission_id = $1", &[&submission_id])?;
    if checked.is_none() {
        return Ok(None);
    }
    let rows = tx.query(
        "SELECT side, finding FROM image_findings WHERE submission_id = $1 ORDER BY position",
        &[&submission_id],
    )?;
    let mut findings = Vec::with_capacity(rows.len());
    for row in rows {
        let side: String = row.try_get(0)?;
        let finding: String = row.try_get(1)?;
        let side = PhotoSide::parse(&side).ok_or_else(|| corrupt("photo side", &side))?;
        let finding: Finding =
            serde_json::from_str(&finding).map_err(|_| corrupt("image finding", &finding))?;
        // Every photo finding names its photo, whoever made it.
        findings.push(ImageFinding { side, finding: finding.about_photo(side) });
    }
    Ok(Some(findings))
}

pub(super) fn applicants_with_image(
    tx: &mut Tx<'_>,
    sha256: &str,
    except_applicant: &str,
) -> Result<Vec<String>, StoreError> {
    let rows = tx.query(
        "SELECT applicant_id FROM (
             SELECT applicant_id FROM submissions WHERE portrait_sha256 = $1 AND applicant_id <> $2
             UNION SELECT applicant_id FROM submissions WHERE emblem_sha256 = $1 AND applicant_id <> $2
             UNION SELECT applicant_id FROM submissions WHERE handheld_sha256 = $1 AND applicant_id <> $2
         ) found ORDER BY applicant_id COLLATE \"C\"",
        &[&sha256, &except_applicant],
    )?;
    rows.iter().map(|row| row.try_get(0).map_err(StoreError::from)).collect()
}
