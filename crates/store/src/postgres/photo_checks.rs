//! The photo checks on PostgreSQL: the durable work queue shared by every instance (claim with
//! `FOR UPDATE SKIP LOCKED`, finish, retry, release, backlog; see [`crate::photo_checks`]), the
//! recorded outcome read with the submission, and the lookup of other applicants who uploaded
//! the same file. Finishing locks the work row first, so a finish and a competing claim of the
//! same work happen one after the other.

use chrono::{DateTime, Duration, Utc};
use reviewdesk_domain::photo_findings::PhotoChecks;

use super::tx::Tx;
use crate::photo_checks::{declared_number, recorded_state, stored_finding};
use crate::photo_hashes::{nearest, NearPhoto, PhotoHash, StoredHash};
use crate::text_values::{corrupt, parse_timestamp, timestamp};
use crate::{
    PhotoCheckBacklog, PhotoCheckRecord, PhotoCheckResult, PhotoCheckWork, StoreError,
    SubmissionImages,
};

/// Queues the checks of a submission just recorded (intake).
pub(super) fn enqueue(tx: &mut Tx<'_>, submission_id: &str, at: &str) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO photo_check_work (submission_id, enqueued_at, not_before) VALUES ($1, $2, $2)",
        &[&submission_id, &at],
    )?;
    Ok(())
}

pub(super) fn claim(
    tx: &mut Tx<'_>,
    claim: &str,
    lease: Duration,
    now: DateTime<Utc>,
) -> Result<Option<PhotoCheckWork>, StoreError> {
    let at = timestamp(now);
    let row = tx.query_opt(
        "WITH next AS (
             SELECT w.submission_id FROM photo_check_work w
             LEFT JOIN queue q ON q.submission_id = w.submission_id AND q.lease_expires_at > $1
             WHERE w.not_before <= $1 AND (w.claimed_until IS NULL OR w.claimed_until <= $1)
             ORDER BY q.submission_id IS NULL, w.enqueued_at, w.submission_id LIMIT 1
             FOR UPDATE OF w SKIP LOCKED)
         UPDATE photo_check_work w
         SET claim = $2, claimed_until = $3, attempts = w.attempts + 1
         FROM next, submissions s
         WHERE w.submission_id = next.submission_id AND s.id = w.submission_id
         RETURNING w.submission_id, s.applicant_id, s.identity, s.portrait_sha256,
             s.emblem_sha256, s.handheld_sha256, w.attempts, w.enqueued_at",
        &[&at, &claim, &timestamp(now + lease)],
    )?;
    let Some(row) = row else { return Ok(None) };
    let identity: String = row.try_get(2)?;
    let attempts: i32 = row.try_get(6)?;
    let enqueued_at: String = row.try_get(7)?;
    Ok(Some(PhotoCheckWork {
        submission_id: row.try_get(0)?,
        applicant_id: row.try_get(1)?,
        declared_number: declared_number(&identity)?,
        images: SubmissionImages {
            portrait: row.try_get(3)?,
            emblem: row.try_get(4)?,
            handheld: row.try_get(5)?,
        },
        claim: claim.to_owned(),
        attempts: u32::try_from(attempts)
            .map_err(|_| corrupt("photo check attempts", &attempts.to_string()))?,
        enqueued_at: parse_timestamp(&enqueued_at)?,
    }))
}

pub(super) fn finish(
    tx: &mut Tx<'_>,
    result: &PhotoCheckResult<'_>,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let held = tx.query_opt(
        "SELECT attempts FROM photo_check_work WHERE submission_id = $1 AND claim = $2
         FOR UPDATE",
        &[&result.submission_id, &result.claim],
    )?;
    let Some(held) = held else { return Ok(false) };
    let attempts: i32 = held.try_get(0)?;
    tx.execute("DELETE FROM image_findings WHERE submission_id = $1", &[&result.submission_id])?;
    let mut positions = Vec::with_capacity(result.findings.len());
    let mut sides = Vec::with_capacity(result.findings.len());
    let mut texts = Vec::with_capacity(result.findings.len());
    for (position, found) in result.findings.iter().enumerate() {
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
        &[&result.submission_id, &positions, &sides, &texts],
    )?;
    tx.execute(
        "INSERT INTO image_checks (submission_id, checked_at, outcome, attempts)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (submission_id) DO UPDATE SET checked_at = excluded.checked_at,
             outcome = excluded.outcome, attempts = excluded.attempts",
        &[&result.submission_id, &timestamp(now), &result.outcome.as_str(), &attempts],
    )?;
    tx.execute("DELETE FROM photo_check_work WHERE submission_id = $1", &[&result.submission_id])?;
    Ok(true)
}

pub(super) fn retry(
    tx: &mut Tx<'_>,
    submission_id: &str,
    claim: &str,
    not_before: DateTime<Utc>,
    error: &str,
) -> Result<bool, StoreError> {
    let changed = tx.execute(
        "UPDATE photo_check_work
         SET claim = NULL, claimed_until = NULL, not_before = $3, last_error = $4
         WHERE submission_id = $1 AND claim = $2",
        &[&submission_id, &claim, &timestamp(not_before), &error],
    )?;
    Ok(changed == 1)
}

pub(super) fn release(tx: &mut Tx<'_>, claims: &[String]) -> Result<u64, StoreError> {
    tx.execute(
        "UPDATE photo_check_work
         SET claim = NULL, claimed_until = NULL, attempts = GREATEST(attempts - 1, 0)
         WHERE claim = ANY($1)",
        &[&claims],
    )
}

pub(super) fn backlog(
    tx: &mut Tx<'_>,
    now: DateTime<Utc>,
) -> Result<PhotoCheckBacklog, StoreError> {
    let row = tx.query_one(
        "SELECT COUNT(*), COUNT(*) FILTER (WHERE claimed_until > $1), MIN(enqueued_at)
         FROM photo_check_work",
        &[&timestamp(now)],
    )?;
    let count = |index: usize| -> Result<u64, StoreError> {
        let value: i64 = row.try_get(index)?;
        u64::try_from(value).map_err(|_| corrupt("count", &value.to_string()))
    };
    let oldest: Option<String> = row.try_get(2)?;
    Ok(PhotoCheckBacklog {
        queued: count(0)?,
        claimed: count(1)?,
        oldest_enqueued_at: oldest.as_deref().map(parse_timestamp).transpose()?,
    })
}

pub(super) fn read(tx: &mut Tx<'_>, submission_id: &str) -> Result<PhotoCheckRecord, StoreError> {
    let outcome = tx.query_opt(
        "SELECT outcome FROM image_checks WHERE submission_id = $1",
        &[&submission_id],
    )?;
    let Some(outcome) = outcome else {
        return Ok(PhotoCheckRecord { state: PhotoChecks::Pending, findings: Vec::new() });
    };
    let outcome: String = outcome.try_get(0)?;
    let state = recorded_state(&outcome)?;
    let rows = tx.query(
        "SELECT side, finding FROM image_findings WHERE submission_id = $1 ORDER BY position",
        &[&submission_id],
    )?;
    let mut findings = Vec::with_capacity(rows.len());
    for row in rows {
        let side: String = row.try_get(0)?;
        let finding: String = row.try_get(1)?;
        findings.push(stored_finding(&side, &finding)?);
    }
    Ok(PhotoCheckRecord { state, findings })
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

/// The submission's province and applicant, for the near-duplicate scan.
fn owner(tx: &mut Tx<'_>, submission_id: &str) -> Result<(String, String), StoreError> {
    let row = tx
        .query_opt(
            "SELECT province, applicant_id FROM submissions WHERE id = $1",
            &[&submission_id],
        )?
        .ok_or(StoreError::NotFound { what: "submission" })?;
    Ok((row.try_get(0)?, row.try_get(1)?))
}

pub(super) fn record_hashes(
    tx: &mut Tx<'_>,
    submission_id: &str,
    hashes: &[PhotoHash],
) -> Result<(), StoreError> {
    let (province, _) = owner(tx, submission_id)?;
    for hash in hashes {
        tx.execute(
            "INSERT INTO photo_hashes (submission_id, side, region, province, sha256, bits)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (submission_id, side, region)
             DO UPDATE SET sha256 = excluded.sha256, bits = excluded.bits",
            &[
                &submission_id,
                &hash.side.as_str(),
                &hash.region,
                &province,
                &hash.sha256,
                &hash.bits,
            ],
        )?;
    }
    Ok(())
}

pub(super) fn near_photos(
    tx: &mut Tx<'_>,
    submission_id: &str,
    hashes: &[PhotoHash],
    max_distance: u32,
) -> Result<Vec<NearPhoto>, StoreError> {
    let (province, applicant) = owner(tx, submission_id)?;
    let rows = tx.query(
        "SELECT h.submission_id, s.case_number, h.region, h.sha256, h.bits, h.side
         FROM photo_hashes h JOIN submissions s ON s.id = h.submission_id
         WHERE h.province = $1 AND s.applicant_id <> $2 AND s.purged_at IS NULL",
        &[&province, &applicant],
    )?;
    let mut stored = Vec::with_capacity(rows.len());
    for row in rows {
        stored.push(StoredHash {
            submission_id: row.try_get(0)?,
            case_number: row.try_get(1)?,
            region: row.try_get(2)?,
            sha256: row.try_get(3)?,
            bits: row.try_get(4)?,
            side: row.try_get(5)?,
        });
    }
    Ok(nearest(hashes, stored, max_distance))
}
