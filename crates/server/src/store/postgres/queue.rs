//! The queue of open submissions: leasing them to reviewers (claim), extending and returning
//! leases. A lease whose time has passed is simply claimable again; nothing needs to sweep.
//!
//! A claim is one statement: the first `max` claimable rows of the reviewer's province are taken
//! from the ready set (`queue`, open submissions only) with `FOR UPDATE SKIP LOCKED` (unleased rows
//! through the `queue_unleased_in_order` partial index, in claim order, rows whose lease ran out through
//! `queue_by_lease_expiry`), leased, recorded in `leases`, and their audit events appended
//! (`audit_append`, see [`super::audit_log`]) — the whole claim is one round trip, and the audit
//! head is locked only from late in that statement to the commit. Concurrent claimers, on any
//! instance, skip each other's rows instead of waiting on them, and a row is leased by one of them
//! only.

use chrono::{DateTime, Duration, Utc};
use reviewdesk_domain::audit::AuditAction;
use reviewdesk_domain::review::SubmissionStatus;
use serde_json::json;

use super::audit_log;
use super::tx::Tx;
use crate::store::rules::{check_claim_size, check_lease_length, province_of};
use crate::store::text_values::{corrupt, timestamp};
use crate::store::{AuditNote, Lease, Stage, StoreError, User};

fn stage(text: &str) -> Result<Stage, StoreError> {
    Stage::parse(text).ok_or_else(|| corrupt("stage", text))
}

/// $1 province, $2 now, $3 reviewer id, $4 max, $5 lease expiry; for the audit events: $6 the
/// reviewer's username, $7 the action, $8 stage names and $9 the detail text for each (a stage
/// without a detail fails the insert). Earliest due first, undated last, then the oldest (then the
/// id, so the order is total); the events are appended in that order.
const CLAIM: &str = "
WITH expired AS (
    SELECT submission_id, claim_order, submitted_at FROM queue
    WHERE province = $1 AND lease_expires_at IS NOT NULL AND lease_expires_at <= $2
      AND (excluded_user_id IS NULL OR excluded_user_id <> $3)
    ORDER BY claim_order, submitted_at, submission_id
    LIMIT $4
    FOR UPDATE SKIP LOCKED
), unleased AS (
    SELECT submission_id, claim_order, submitted_at FROM queue
    WHERE province = $1 AND lease_expires_at IS NULL
      AND (excluded_user_id IS NULL OR excluded_user_id <> $3)
    ORDER BY claim_order, submitted_at, submission_id
    LIMIT $4
    FOR UPDATE SKIP LOCKED
), picked AS (
    SELECT * FROM expired UNION ALL SELECT * FROM unleased
    ORDER BY claim_order, submitted_at, submission_id
    LIMIT $4
), leased AS (
    UPDATE queue q
    SET lease_token = gen_random_uuid()::text, lease_user_id = $3, lease_expires_at = $5
    FROM picked p
    WHERE q.submission_id = p.submission_id
    RETURNING q.submission_id, q.stage, q.lease_token, p.claim_order, p.submitted_at
), recorded AS (
    INSERT INTO leases (token, submission_id, stage, user_id, issued_at, expires_at)
    SELECT lease_token, submission_id, stage, $3, $2, $5 FROM leased
), audited AS (
    SELECT audit_append(
        $2,
        array_agg($6::text ORDER BY l.claim_order, l.submitted_at, l.submission_id),
        array_agg($7::text ORDER BY l.claim_order, l.submitted_at, l.submission_id),
        array_agg(l.submission_id ORDER BY l.claim_order, l.submitted_at, l.submission_id),
        array_agg(d.detail ORDER BY l.claim_order, l.submitted_at, l.submission_id)
    ) AS head_seq
    FROM leased l LEFT JOIN UNNEST($8::text[], $9::text[]) AS d (stage, detail)
        ON d.stage = l.stage
)
SELECT l.submission_id, l.stage, l.lease_token FROM leased l CROSS JOIN audited
ORDER BY l.claim_order, l.submitted_at, l.submission_id";

/// A claim's arguments, checked (the rules only: no statement has run yet).
pub(super) struct ClaimArgs<'a> {
    reviewer: &'a User,
    province: String,
    max: u32,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
}

/// Applies the claim rules; an error here has written nothing and touched no transaction.
pub(super) fn check_claim<'a>(
    reviewer: &'a User,
    max: u32,
    lease_for: Duration,
    now: DateTime<Utc>,
) -> Result<ClaimArgs<'a>, StoreError> {
    let province = province_of(reviewer)?.to_owned();
    check_lease_length(lease_for)?;
    check_claim_size(max)?;
    Ok(ClaimArgs { reviewer, province, max, now, expires_at: now + lease_for })
}

/// Runs a checked claim: one statement (see the module doc).
pub(super) fn claim(tx: &mut Tx<'_>, args: &ClaimArgs<'_>) -> Result<Vec<Lease>, StoreError> {
    let ClaimArgs { reviewer, ref province, max, now, expires_at } = *args;
    let at = timestamp(now);
    let expires = timestamp(expires_at);
    let stages = [Stage::First, Stage::Second];
    let stage_names: Vec<&str> = stages.iter().map(|stage| stage.as_str()).collect();
    let details: Vec<String> = stages
        .iter()
        .map(|stage| json!({ "stage": stage.as_str(), "expires_at": expires }).to_string())
        .collect();
    let rows = tx.query(
        CLAIM,
        &[
            &province,
            &at,
            &reviewer.id,
            &i64::from(max),
            &expires,
            &reviewer.username,
            &AuditAction::Claim.as_str(),
            &stage_names,
            &details,
        ],
    )?;
    let mut leases = Vec::with_capacity(rows.len());
    for row in &rows {
        let stage = stage(row.try_get(1)?)?;
        leases.push(Lease {
            submission_id: row.try_get(0)?,
            lease_token: row.try_get(2)?,
            expires_at,
            second_review: stage == Stage::Second,
        });
    }
    Ok(leases)
}

/// The queue row's stage when `lease_token` is the reviewer's current lease on it (the row is
/// locked until the transaction ends).
fn held_stage(
    tx: &mut Tx<'_>,
    reviewer: &User,
    submission_id: &str,
    lease_token: &str,
) -> Result<Stage, StoreError> {
    let held = tx.query_opt(
        "SELECT stage FROM queue
         WHERE submission_id = $1 AND lease_token = $2 AND lease_user_id = $3
         FOR UPDATE",
        &[&submission_id, &lease_token, &reviewer.id],
    )?;
    if let Some(row) = held {
        return stage(row.try_get(0)?);
    }
    let status: Option<String> = tx
        .query_opt("SELECT status FROM submissions WHERE id = $1", &[&submission_id])?
        .map(|row| row.try_get(0))
        .transpose()?;
    match status.as_deref().map(SubmissionStatus::parse) {
        None => Err(StoreError::NotFound { what: "submission" }),
        Some(None) => Err(corrupt("status", status.as_deref().unwrap_or_default())),
        // Someone else took it after this lease ran out, or the token was never this reviewer's.
        Some(Some(status)) if status.is_open() => Err(StoreError::LeaseInvalid),
        Some(Some(status)) => Err(StoreError::NotOpen { status }),
    }
}

pub(super) fn renew(
    tx: &mut Tx<'_>,
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
    tx.execute(
        "UPDATE queue SET lease_expires_at = $2 WHERE submission_id = $1",
        &[&submission_id, &expires],
    )?;
    tx.execute("UPDATE leases SET expires_at = $2 WHERE token = $1", &[&lease_token, &expires])?;
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

pub(super) fn release(
    tx: &mut Tx<'_>,
    reviewer: &User,
    submission_id: &str,
    lease_token: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    held_stage(tx, reviewer, submission_id, lease_token)?;
    tx.execute(
        "UPDATE queue SET lease_token = NULL, lease_user_id = NULL, lease_expires_at = NULL
         WHERE submission_id = $1",
        &[&submission_id],
    )?;
    tx.execute(
        "UPDATE leases SET expires_at = $2 WHERE token = $1",
        &[&lease_token, &timestamp(now)],
    )?;
    audit_log::append(
        tx,
        &AuditNote {
            actor: &reviewer.username,
            action: AuditAction::LeaseReleased,
            subject: Some(submission_id),
            detail: json!({}),
        },
        now,
    )
}
