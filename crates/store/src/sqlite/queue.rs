//! The queue of open submissions: leasing them to reviewers (claim), extending and returning
//! leases. A lease whose time has passed is simply claimable again; nothing needs to sweep.

use chrono::{DateTime, Duration, Utc};
use reviewdesk_domain::audit::AuditAction;
use reviewdesk_domain::review::SubmissionStatus;
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::json;

use super::audit_log;
use super::rows::{corrupt, execute, query_row, timestamp};
use crate::rules::{check_claim_size, check_lease_length, province_of};
use crate::{AuditNote, Lease, Stage, StoreError, User};

fn stage(text: &str) -> Result<Stage, StoreError> {
    Stage::parse(text).ok_or_else(|| corrupt("stage", text))
}

pub(super) fn claim(
    tx: &Connection,
    reviewer: &User,
    max: u32,
    lease_for: Duration,
    now: DateTime<Utc>,
) -> Result<Vec<Lease>, StoreError> {
    let province = province_of(reviewer)?;
    check_lease_length(lease_for)?;
    check_claim_size(max)?;
    let at = timestamp(now);
    let expires_at = now + lease_for;
    let expires = timestamp(expires_at);
    // Earliest due first, undated last, then the oldest. Two indexed reads: the unleased rows in
    // claim order, and the rows whose lease ran out; merged, the first `max` win.
    let mut candidates: Vec<(String, String, String, String)> = Vec::new();
    for sql in [
        "SELECT submission_id, stage, claim_order, submitted_at FROM queue
         WHERE province = ?1 AND lease_expires_at IS NULL
           AND (excluded_user_id IS NULL OR excluded_user_id != ?3)
         ORDER BY claim_order, submitted_at LIMIT ?4",
        "SELECT submission_id, stage, claim_order, submitted_at FROM queue
         WHERE province = ?1 AND lease_expires_at IS NOT NULL AND lease_expires_at <= ?2
           AND (excluded_user_id IS NULL OR excluded_user_id != ?3)
         ORDER BY claim_order, submitted_at LIMIT ?4",
    ] {
        let mut statement = tx.prepare_cached(sql)?;
        let rows = statement.query_map(params![province, at, reviewer.id, max], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
        })?;
        for row in rows {
            candidates.push(row?);
        }
    }
    candidates.sort_by(|a, b| (&a.2, &a.3).cmp(&(&b.2, &b.3)));
    candidates.truncate(usize::try_from(max).unwrap_or(usize::MAX));
    let mut leases = Vec::with_capacity(candidates.len());
    for (submission_id, stage_text, _, _) in candidates {
        let stage = stage(&stage_text)?;
        let token = uuid::Uuid::new_v4().to_string();
        execute(
            tx,
            "UPDATE queue SET lease_token = ?2, lease_user_id = ?3, lease_expires_at = ?4
             WHERE submission_id = ?1",
            params![submission_id, token, reviewer.id, expires],
        )?;
        execute(
            tx,
            "INSERT INTO leases (token, submission_id, stage, user_id, issued_at, expires_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![token, submission_id, stage.as_str(), reviewer.id, at, expires],
        )?;
        audit_log::append(
            tx,
            &AuditNote {
                actor: &reviewer.username,
                action: AuditAction::Claim,
                subject: Some(&submission_id),
                detail: json!({ "stage": stage.as_str(), "expires_at": expires }),
            },
            now,
        )?;
        leases.push(Lease {
            submission_id,
            lease_token: token,
            expires_at,
            second_review: stage == Stage::Second,
        });
    }
    Ok(leases)
}

/// The queue row's stage when `lease_token` is the reviewer's current lease on it.
fn held_stage(
    tx: &Connection,
    reviewer: &User,
    submission_id: &str,
    lease_token: &str,
) -> Result<Stage, StoreError> {
    let held: Option<String> = query_row(
        tx,
        "SELECT stage FROM queue
             WHERE submission_id = ?1 AND lease_token = ?2 AND lease_user_id = ?3",
        params![submission_id, lease_token, reviewer.id],
        |row| row.get(0),
    )
    .optional()?;
    match held {
        Some(text) => stage(&text),
        None => {
            let status: Option<String> = query_row(
                tx,
                "SELECT status FROM submissions WHERE id = ?1",
                [submission_id],
                |row| row.get(0),
            )
            .optional()?;
            match status.as_deref().map(SubmissionStatus::parse) {
                None => Err(StoreError::NotFound { what: "submission" }),
                Some(None) => Err(corrupt("status", status.as_deref().unwrap_or_default())),
                // Someone else took it after this lease ran out, or the token was never this
                // reviewer's.
                Some(Some(status)) if status.is_open() => Err(StoreError::LeaseInvalid),
                Some(Some(status)) => Err(StoreError::NotOpen { status }),
            }
        }
    }
}

pub(super) fn renew(
    tx: &Connection,
    reviewer: &User,
    submission_id: &str,
    lease_token: &str,
    lease_for: Duration,
    now: DateTime<Utc>,
) -> Result<Lease, StoreError> {
    check_lease_length(lease_for)?;
    // An expired lease nobody else has taken may still be renewed: the token is still current.
    let stage = held_stage(tx, reviewer, submission_id, lease_token)?;
    let expires_at = now + lease_for;
    let expires = timestamp(expires_at);
    execute(
        tx,
        "UPDATE queue SET lease_expires_at = ?2 WHERE submission_id = ?1",
        params![submission_id, expires],
    )?;
    execute(
        tx,
        "UPDATE leases SET expires_at = ?2 WHERE token = ?1",
        params![lease_token, expires],
    )?;
    audit_log::append(
        tx,
        &AuditNote {
            actor: &reviewer.username,
            action: AuditAction::LeaseRenewed,
            subject: Some(submission_id),
            detail: json!({ "expires_at": expires }),
        },
        now,
    )?;
    Ok(Lease {
        submission_id: submission_id.to_owned(),
        lease_token: lease_token.to_owned(),
        expires_at,
        second_review: stage == Stage::Second,
    })
}

/// Ends the live lease `lease_token` on `submission_id` now: the item is back in the queue and
/// the token, marked released, can no longer decide it (a reviewer's release, a supervisor's 收回).
pub(super) fn end_lease(
    tx: &Connection,
    submission_id: &str,
    lease_token: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    execute(
        tx,
        "UPDATE queue SET lease_token = NULL, lease_user_id = NULL, lease_expires_at = NULL
         WHERE submission_id = ?1",
        [submission_id],
    )?;
    execute(
        tx,
        "UPDATE leases SET expires_at = ?2, released_at = ?2 WHERE token = ?1",
        params![lease_token, timestamp(now)],
    )?;
    Ok(())
}

pub(super) fn release(
    tx: &Connection,
    reviewer: &User,
    submission_id: &str,
    lease_token: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    held_stage(tx, reviewer, submission_id, lease_token)?;
    end_lease(tx, submission_id, lease_token, now)?;
    audit_log::append(
        tx,
        &AuditNote {
            actor: &reviewer.username,
            action: AuditAction::LeaseReleased,
            subject: Some(submission_id),
            detail: json!({}),
        },
        now,
    )?;
    Ok(())
}
