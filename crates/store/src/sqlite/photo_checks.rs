//! The photo checks on SQLite: the durable work queue (claim, finish, retry, release, backlog;
//! see [`crate::photo_checks`]), the recorded outcome read with the submission, and the lookup
//! of other applicants who uploaded the same file. Every write runs on the one writer
//! connection, so a claim and its competitor never interleave.

use chrono::{DateTime, Duration, Utc};
use reviewdesk_domain::photo_findings::PhotoChecks;
use rusqlite::{params, Connection, OptionalExtension};

use super::rows::{parse_timestamp, timestamp};
use crate::photo_checks::{declared_number, recorded_state, stored_finding};
use crate::photo_hashes::{nearest, NearPhoto, PhotoHash, StoredHash};
use crate::{
    PhotoCheckBacklog, PhotoCheckRecord, PhotoCheckResult, PhotoCheckWork, StoreError,
    SubmissionImages,
};

/// Queues the checks of a submission just recorded (intake, or a golden copy of unchecked work).
pub(super) fn enqueue(tx: &Connection, submission_id: &str, at: &str) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO photo_check_work (submission_id, enqueued_at, not_before) VALUES (?1, ?2, ?2)",
        params![submission_id, at],
    )?;
    Ok(())
}

pub(super) fn claim(
    tx: &Connection,
    claim: &str,
    lease: Duration,
    now: DateTime<Utc>,
) -> Result<Option<PhotoCheckWork>, StoreError> {
    let at = timestamp(now);
    let next: Option<String> = tx
        .query_row(
            "SELECT w.submission_id FROM photo_check_work w
             LEFT JOIN queue q ON q.submission_id = w.submission_id AND q.lease_expires_at > ?1
             WHERE w.not_before <= ?1 AND (w.claimed_until IS NULL OR w.claimed_until <= ?1)
             ORDER BY q.submission_id IS NULL, w.enqueued_at, w.submission_id LIMIT 1",
            [&at],
            |row| row.get(0),
        )
        .optional()?;
    let Some(submission_id) = next else { return Ok(None) };
    tx.execute(
        "UPDATE photo_check_work SET claim = ?2, claimed_until = ?3, attempts = attempts + 1
         WHERE submission_id = ?1",
        params![submission_id, claim, timestamp(now + lease)],
    )?;
    let (applicant_id, identity, portrait, emblem, handheld, attempts, enqueued_at) = tx
        .query_row(
            "SELECT s.applicant_id, s.identity, s.portrait_sha256, s.emblem_sha256,
                    s.handheld_sha256, w.attempts, w.enqueued_at
             FROM photo_check_work w JOIN submissions s ON s.id = w.submission_id
             WHERE w.submission_id = ?1",
            [&submission_id],
            |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                    row.get::<_, String>(4)?,
                    row.get::<_, u32>(5)?,
                    row.get::<_, String>(6)?,
                ))
            },
        )?;
    Ok(Some(PhotoCheckWork {
        submission_id,
        applicant_id,
        declared_number: declared_number(&identity)?,
        images: SubmissionImages { portrait, emblem, handheld },
        claim: claim.to_owned(),
        attempts,
        enqueued_at: parse_timestamp(&enqueued_at)?,
    }))
}

pub(super) fn finish(
    tx: &Connection,
    result: &PhotoCheckResult<'_>,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let held: Option<u32> = tx
        .query_row(
            "SELECT attempts FROM photo_check_work WHERE submission_id = ?1 AND claim = ?2",
            params![result.submission_id, result.claim],
            |row| row.get(0),
        )
        .optional()?;
    let Some(attempts) = held else { return Ok(false) };
    tx.execute("DELETE FROM image_findings WHERE submission_id = ?1", [result.submission_id])?;
    for (position, found) in result.findings.iter().enumerate() {
        tx.execute(
            "INSERT INTO image_findings (submission_id, position, side, finding)
             VALUES (?1, ?2, ?3, ?4)",
            params![
                result.submission_id,
                position as i64,
                found.side.as_str(),
                serde_json::to_string(&found.finding)?
            ],
        )?;
    }
    tx.execute(
        "INSERT INTO image_checks (submission_id, checked_at, outcome, attempts)
         VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (submission_id) DO UPDATE SET checked_at = excluded.checked_at,
             outcome = excluded.outcome, attempts = excluded.attempts",
        params![result.submission_id, timestamp(now), result.outcome.as_str(), attempts],
    )?;
    tx.execute("DELETE FROM photo_check_work WHERE submission_id = ?1", [result.submission_id])?;
    Ok(true)
}

pub(super) fn retry(
    tx: &Connection,
    submission_id: &str,
    claim: &str,
    not_before: DateTime<Utc>,
    error: &str,
) -> Result<bool, StoreError> {
    let changed = tx.execute(
        "UPDATE photo_check_work
         SET claim = NULL, claimed_until = NULL, not_before = ?3, last_error = ?4
         WHERE submission_id = ?1 AND claim = ?2",
        params![submission_id, claim, timestamp(not_before), error],
    )?;
    Ok(changed == 1)
}

pub(super) fn release(tx: &Connection, claims: &[String]) -> Result<u64, StoreError> {
    let mut released = 0;
    for claim in claims {
        released += tx.execute(
            "UPDATE photo_check_work
             SET claim = NULL, claimed_until = NULL, attempts = MAX(attempts - 1, 0)
             WHERE claim = ?1",
            [claim],
        )?;
    }
    Ok(released as u64)
}

pub(super) fn backlog(
    tx: &Connection,
    now: DateTime<Utc>,
) -> Result<PhotoCheckBacklog, StoreError> {
    let (queued, claimed, oldest): (u64, u64, Option<String>) = tx.query_row(
        "SELECT COUNT(*), COUNT(*) FILTER (WHERE claimed_until > ?1), MIN(enqueued_at)
         FROM photo_check_work",
        [timestamp(now)],
        |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
    )?;
    let oldest_enqueued_at = oldest.as_deref().map(parse_timestamp).transpose()?;
    Ok(PhotoCheckBacklog { queued, claimed, oldest_enqueued_at })
}

pub(super) fn read(tx: &Connection, submission_id: &str) -> Result<PhotoCheckRecord, StoreError> {
    let outcome: Option<String> = tx
        .query_row(
            "SELECT outcome FROM image_checks WHERE submission_id = ?1",
            [submission_id],
            |row| row.get(0),
        )
        .optional()?;
    let Some(outcome) = outcome else {
        return Ok(PhotoCheckRecord { state: PhotoChecks::Pending, findings: Vec::new() });
    };
    let state = recorded_state(&outcome)?;
    let mut statement = tx.prepare(
        "SELECT side, finding FROM image_findings WHERE submission_id = ?1 ORDER BY position",
    )?;
    let rows = statement.query_map([submission_id], |row| {
        Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
    })?;
    let mut findings = Vec::new();
    for row in rows {
        let (side, finding) = row?;
        findings.push(stored_finding(&side, &finding)?);
    }
    Ok(PhotoCheckRecord { state, findings })
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

/// The submission's province and applicant, for the near-duplicate scan.
fn owner(tx: &Connection, submission_id: &str) -> Result<(String, String), StoreError> {
    tx.query_row(
        "SELECT province, applicant_id FROM submissions WHERE id = ?1",
        [submission_id],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )
    .optional()?
    .ok_or(StoreError::NotFound { what: "submission" })
}

pub(super) fn record_hashes(
    tx: &Connection,
    submission_id: &str,
    hashes: &[PhotoHash],
) -> Result<(), StoreError> {
    let (province, _) = owner(tx, submission_id)?;
    for hash in hashes {
        tx.execute(
            "INSERT INTO photo_hashes (submission_id, side, region, province, sha256, bits)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (submission_id, side, region)
             DO UPDATE SET sha256 = excluded.sha256, bits = excluded.bits",
            params![
                submission_id,
                hash.side.as_str(),
                hash.region,
                province,
                hash.sha256,
                hash.bits
            ],
        )?;
    }
    Ok(())
}

pub(super) fn near_photos(
    tx: &Connection,
    submission_id: &str,
    hashes: &[PhotoHash],
    max_distance: u32,
) -> Result<Vec<NearPhoto>, StoreError> {
    let (province, applicant) = owner(tx, submission_id)?;
    let mut statement = tx.prepare(
        "SELECT h.submission_id, s.case_number, h.region, h.sha256, h.bits, h.side
         FROM photo_hashes h JOIN submissions s ON s.id = h.submission_id
         WHERE h.province = ?1 AND s.applicant_id <> ?2 AND s.purged_at IS NULL",
    )?;
    let rows = statement.query_map(params![province, applicant], |row| {
        Ok(StoredHash {
            submission_id: row.get(0)?,
            case_number: row.get(1)?,
            region: row.get(2)?,
            sha256: row.get(3)?,
            bits: row.get(4)?,
            side: row.get(5)?,
        })
    })?;
    let stored = rows.collect::<Result<Vec<_>, _>>()?;
    Ok(nearest(hashes, stored, max_distance))
}
