//! The queue of open submissions: leasing them to reviewers (claim), extending and returning
//! leases. A lease whose time has passed is simply claimable again; nothing needs to sweep.
//!
//! A claim is one statement, and one statement serves every caller of a claim group
//! ([`super::group`]): the first rows of the province's ready set (`queue`, open submissions only),
//! as many as the callers want together, are taken with `FOR UPDATE SKIP LOCKED` (unleased rows
//! through the `queue_unleased_in_order` partial index, in claim order, rows whose lease ran out
//! through `queue_by_lease_expiry`), handed out to the callers in turn (each a consecutive run in
//! claim order), leased, recorded in `leases`, and their audit events appended
//! (`audit_append_events`, see [`super::audit_log`]) — one round trip, and the audit head is
//! locked only from late in that statement to the commit. Concurrent claimers, on any instance,
//! skip each other's rows instead of waiting on them, and a row is leased by one of them only.
//!
//! A row kept from one caller (`excluded_user_id`: a golden copy of that reviewer's own case) is
//! left out of a group statement altogether; a caller of a group who got fewer rows than asked then
//! claims the rest alone, so nobody is told the queue is empty while a row they may take is free.

use chrono::{DateTime, Duration, Utc};
use reviewdesk_domain::audit::AuditAction;
use reviewdesk_domain::review::SubmissionStatus;
use serde_json::json;

use super::audit_log;
use super::tx::Tx;
use crate::rules::{check_claim_size, check_lease_length, province_of};
use crate::text_values::{corrupt, timestamp};
use crate::{AuditNote, Lease, Stage, StoreError, User};

fn stage(text: &str) -> Result<Stage, StoreError> {
    Stage::parse(text).ok_or_else(|| corrupt("stage", text))
}

/// $1 province, $2 the earliest caller's now (a lease that ran out by then is claimable), $3 the
/// rows wanted in all, $4 the audit action; per caller, in order: $5 user id, $6 username, $7 rows
/// wanted, $8 now, $9 lease expiry, $10 and $11 the audit detail of a first and of a second review.
/// Rows are taken earliest due first, undated last, then the oldest (then the id, so the order is
/// total); caller k gets the k-th run of them; the events are appended in that order.
const CLAIM: &str = "
WITH callers AS (
    SELECT c.*, (sum(c.wanted) OVER (ORDER BY c.pos) - c.wanted)::bigint AS first_slot
    FROM UNNEST($5::bigint[], $6::text[], $7::bigint[], $8::text[], $9::text[], $10::text[],
                $11::text[])
        WITH ORDINALITY AS c (user_id, username, wanted, issued_at, expires_at, first_detail,
                              second_detail, pos)
), expired AS (
    SELECT submission_id, claim_order, submitted_at FROM queue
    WHERE province = $1 AND lease_expires_at IS NOT NULL AND lease_expires_at <= $2
      AND (excluded_user_id IS NULL OR excluded_user_id <> ALL ($5))
    ORDER BY claim_order, submitted_at, submission_id
    LIMIT $3
    FOR UPDATE SKIP LOCKED
), unleased AS (
    SELECT submission_id, claim_order, submitted_at FROM queue
    WHERE province = $1 AND lease_expires_at IS NULL
      AND (excluded_user_id IS NULL OR excluded_user_id <> ALL ($5))
    ORDER BY claim_order, submitted_at, submission_id
    LIMIT $3
    FOR UPDATE SKIP LOCKED
), picked AS (
    SELECT submission_id,
           row_number() OVER (ORDER BY claim_order, submitted_at, submission_id) - 1 AS slot
    FROM (SELECT * FROM expired UNION ALL SELECT * FROM unleased
          ORDER BY claim_order, submitted_at, submission_id
          LIMIT $3) AS first_rows
), handed_out AS (
    SELECT p.submission_id, p.slot, c.*
    FROM picked p JOIN callers c ON p.slot >= c.first_slot AND p.slot < c.first_slot + c.wanted
), leased AS (
    UPDATE queue q
    SET lease_token = gen_random_uuid()::text, lease_user_id = h.user_id,
        lease_expires_at = h.expires_at
    FROM handed_out h
    WHERE q.submission_id = h.submission_id
    RETURNING q.submission_id, q.stage, q.lease_token, h.slot, h.pos, h.user_id, h.username,
        h.issued_at, h.expires_at, h.first_detail, h.second_detail
), recorded AS (
    INSERT INTO leases (token, submission_id, stage, user_id, issued_at, expires_at)
    SELECT lease_token, submission_id, stage, user_id, issued_at, expires_at FROM leased
), audited AS (
    SELECT audit_append_events(
        array_agg(issued_at ORDER BY slot),
        array_agg(username ORDER BY slot),
        array_agg($4::text ORDER BY slot),
        array_agg(submission_id ORDER BY slot),
        array_agg(CASE stage WHEN 'first' THEN first_detail WHEN 'second' THEN second_detail END
                  ORDER BY slot)
    ) AS head_seq
    FROM leased
)
SELECT l.pos, l.submission_id, l.stage, l.lease_token FROM leased l CROSS JOIN audited
ORDER BY l.slot";

/// A claim's arguments, checked (the rules only: no statement has run yet).
#[derive(Clone, Copy)]
pub(super) struct ClaimArgs<'a> {
    reviewer: &'a User,
    province: &'a str,
    max: u32,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
}

impl<'a> ClaimArgs<'a> {
    pub(super) fn province(&self) -> &'a str {
        self.province
    }
}

/// Applies the claim rules; an error here has written nothing and touched no transaction.
pub(super) fn check_claim<'a>(
    reviewer: &'a User,
    max: u32,
    lease_for: Duration,
    now: DateTime<Utc>,
) -> Result<ClaimArgs<'a>, StoreError> {
    let province = province_of(reviewer)?;
    check_lease_length(lease_for)?;
    check_claim_size(max)?;
    Ok(ClaimArgs { reviewer, province, max, now, expires_at: now + lease_for })
}

/// Runs checked claims of one province together (see the module doc): the leases of each, in
/// the callers' order.
pub(super) fn claim_together(
    tx: &mut Tx<'_>,
    callers: &[&ClaimArgs<'_>],
) -> Result<Vec<Vec<Lease>>, StoreError> {
    let mut leases = one_statement(tx, callers)?;
    // A lone caller's statement left out only the rows kept from that caller: nothing to retry.
    // In a group, a caller may be short because of a row kept from another one (or because the
    // ready set ran dry: then its own statement finds nothing either).
    if callers.len() > 1 {
        for (args, got) in callers.iter().zip(&mut leases) {
            let short = args.max.saturating_sub(u32::try_from(got.len()).unwrap_or(u32::MAX));
            if short > 0 {
                let rest = ClaimArgs { max: short, ..**args };
                got.extend(one_statement(tx, &[&rest])?.into_iter().flatten());
            }
        }
    }
    Ok(leases)
}

fn one_statement(
    tx: &mut Tx<'_>,
    callers: &[&ClaimArgs<'_>],
) -> Result<Vec<Vec<Lease>>, StoreError> {
    let Some(first) = callers.first() else {
        return Ok(Vec::new());
    };
    let earliest = callers.iter().map(|args| args.now).min().unwrap_or(first.now);
    let wanted: Vec<i64> = callers.iter().map(|args| i64::from(args.max)).collect();
    let user_ids: Vec<i64> = callers.iter().map(|args| args.reviewer.id).collect();
    let usernames: Vec<&str> = callers.iter().map(|args| args.reviewer.username.as_str()).collect();
    let issued: Vec<String> = callers.iter().map(|args| timestamp(args.now)).collect();
    let expires: Vec<String> = callers.iter().map(|args| timestamp(args.expires_at)).collect();
    let detail = |stage: Stage| -> Vec<String> {
        expires
            .iter()
            .map(|at| json!({ "stage": stage.as_str(), "expires_at": at }).to_string())
            .collect()
    };
    let rows = tx.query(
        CLAIM,
        &[
            &first.province,
            &timestamp(earliest),
            &wanted.iter().sum::<i64>(),
            &AuditAction::Claim.as_str(),
            &user_ids,
            &usernames,
            &wanted,
            &issued,
            &expires,
            &detail(Stage::First),
            &detail(Stage::Second),
        ],
    )?;
    let mut leases: Vec<Vec<Lease>> = callers.iter().map(|_| Vec::new()).collect();
    for row in &rows {
        let pos: i64 = row.try_get(0)?;
        let caller = usize::try_from(pos - 1)
            .ok()
            .filter(|&index| index < callers.len())
            .ok_or_else(|| corrupt("claim caller", &pos.to_string()))?;
        let stage = stage(row.try_get(2)?)?;
        leases[caller].push(Lease {
            submission_id: row.try_get(1)?,
            lease_token: row.try_get(3)?,
            expires_at: callers[caller].expires_at,
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

/// Ends the live lease `lease_token` on `submission_id` now: the item is back in the queue and
/// the token, marked released, can no longer decide it (a reviewer's release, a supervisor's 收回).
pub(super) fn end_lease(
    tx: &mut Tx<'_>,
    submission_id: &str,
    lease_token: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE queue SET lease_token = NULL, lease_user_id = NULL, lease_expires_at = NULL
         WHERE submission_id = $1",
        &[&submission_id],
    )?;
    tx.execute(
        "UPDATE leases SET expires_at = $2, released_at = $2 WHERE token = $1",
        &[&lease_token, &timestamp(now)],
    )?;
    Ok(())
}

pub(super) fn release(
    tx: &mut Tx<'_>,
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
    )
}
