//! Recording decisions: idempotency, lease checks, conflicts, the four-eyes rule, and the
//! applicant-visible status, all in the one transaction.
//!
//! The rules, in the order they are applied:
//! 1. The decision must be well formed: an approval has no reasons; a rejection has at least one
//!    catalogue reason, and `other` carries its text (`reasons::applicant_text` decides).
//! 2. A decision id seen before returns the stored decision (`replayed`), never a second record;
//!    the same id with different content is `idempotency_mismatch`.
//! 3. The lease token must have been issued to this reviewer for this submission, and not
//!    released by them (`lease_released`: giving an item back ends its token). It may have
//!    expired: a decision made offline under a lease that ran out is accepted as long as nobody
//!    else decided that stage meanwhile. If someone else holds the item now but has not decided,
//!    this decision wins and their lease ends (their later decision gets `conflict`): the first
//!    decision to arrive is kept, none is dropped silently.
//! 4. If the stage was already decided by someone else: `conflict`, carrying that decision.
//! 5. Four-eyes: a rejection on the applicant's last attempt of the period becomes
//!    `pending_second_review`: it leaves the reviewers' ready set and waits for a supervisor's
//!    verdict ([`super::verdicts`]), which is final. Nobody confirms their own decision:
//!    `own_decision`. (A second-stage lease issued before schema 4 is still honoured here.)
//! 6. A final first decision the caller drew into the QA sample gets a `qa_samples` row; a golden
//!    item's decision is always final and never sampled.
//!
//! Each decision also records what the supervisors' log filters on (province, ID type, when its
//! lease was issued, whether it missed the due date), and one `decision_reasons` row per reason.

use chrono::{DateTime, Utc};
use reviewdesk_domain::calendar::china_date;
use reviewdesk_domain::review::{Outcome, SubmissionStatus};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde_json::json;

use super::audit_log;
use super::rows::{corrupt, execute, parse_date, parse_timestamp, query_row, timestamp};
use crate::rules::{self as rules, decision_action, next_status, same_decision, validate_decision};
use crate::supervision_rules::{golden_status, sla_breached};
use crate::{AuditNote, Decision, DecisionReceipt, NewDecision, Stage, StoreError, User};

const DECISION_COLUMNS: &str = "d.id, d.submission_id, d.stage, u.username, d.outcome, d.reasons,
     d.other_text, d.note, d.applicant_text, d.decided_at, d.overridden_findings";

fn decision(row: &Row<'_>) -> Result<Decision, StoreError> {
    let stage: String = row.get(2)?;
    let outcome: String = row.get(4)?;
    let reasons: String = row.get(5)?;
    let decided_at: String = row.get(9)?;
    let overridden: String = row.get(10)?;
    Ok(Decision {
        id: row.get(0)?,
        submission_id: row.get(1)?,
        stage: Stage::parse(&stage).ok_or_else(|| corrupt("stage", &stage))?,
        username: row.get(3)?,
        outcome: Outcome::parse(&outcome).ok_or_else(|| corrupt("outcome", &outcome))?,
        reasons: serde_json::from_str(&reasons)?,
        other_text: row.get(6)?,
        note: row.get(7)?,
        applicant_text: row.get(8)?,
        decided_at: parse_timestamp(&decided_at)?,
        overridden_findings: serde_json::from_str(&overridden)?,
    })
}

pub(super) fn find_decision(
    tx: &Connection,
    condition: &str,
    values: impl rusqlite::Params,
) -> Result<Option<Decision>, StoreError> {
    let sql = format!(
        "SELECT {DECISION_COLUMNS} FROM decisions d JOIN users u ON u.id = d.user_id WHERE {condition}"
    );
    let found = query_row(tx, &sql, values, |row| Ok(decision(row))).optional()?;
    found.transpose()
}

pub(super) fn decision_at_stage(
    tx: &Connection,
    submission_id: &str,
    stage: Stage,
) -> Result<Option<Decision>, StoreError> {
    find_decision(
        tx,
        "d.submission_id = ?1 AND d.stage = ?2",
        params![submission_id, stage.as_str()],
    )
}

pub(super) fn current_status(
    tx: &Connection,
    submission_id: &str,
) -> Result<SubmissionStatus, StoreError> {
    let text: String =
        query_row(tx, "SELECT status FROM submissions WHERE id = ?1", [submission_id], |row| {
            row.get(0)
        })
        .optional()?
        .ok_or(StoreError::NotFound { what: "submission" })?;
    SubmissionStatus::parse(&text).ok_or_else(|| corrupt("status", &text))
}

/// One `decision_reasons` row per reason of a decision (the log's reason filter reads them).
pub(super) fn record_reasons(
    tx: &Connection,
    decision_id: &str,
    reasons: &[String],
    province: &str,
    at: &str,
) -> Result<(), StoreError> {
    for reason in reasons {
        execute(
            tx,
            "INSERT INTO decision_reasons (decision_id, reason, province, decided_at)
             VALUES (?1, ?2, ?3, ?4)",
            params![decision_id, reason, province, at],
        )?;
    }
    Ok(())
}

pub(super) fn decide(
    tx: &Connection,
    reviewer: &User,
    new: &NewDecision,
    qa_sample: bool,
    now: DateTime<Utc>,
) -> Result<DecisionReceipt, StoreError> {
    validate_decision(new)?;

    // Rule 2: idempotent replay.
    if let Some(stored) = find_decision(tx, "d.id = ?1", [&new.id])? {
        if !same_decision(&stored, new, reviewer) {
            return Err(StoreError::IdempotencyMismatch { id: new.id.clone() });
        }
        let status = current_status(tx, &stored.submission_id)?;
        return Ok(DecisionReceipt { decision: stored, status, replayed: true });
    }

    // Rule 3: the lease was issued to this reviewer for this submission.
    let lease: Option<(String, i64, String, bool)> = query_row(
        tx,
        "SELECT stage, user_id, issued_at, released_at IS NOT NULL FROM leases
         WHERE token = ?1 AND submission_id = ?2",
        params![new.lease_token, new.submission_id],
        |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
    )
    .optional()?;
    let (stage, claimed_at) = match lease {
        Some((_, user_id, _, true)) if user_id == reviewer.id => {
            return Err(StoreError::LeaseReleased)
        }
        Some((stage, user_id, issued_at, false)) if user_id == reviewer.id => {
            (Stage::parse(&stage).ok_or_else(|| corrupt("stage", &stage))?, issued_at)
        }
        _ => return Err(StoreError::LeaseInvalid),
    };

    // Rule 4: the stage is still undecided.
    if let Some(other) = decision_at_stage(tx, &new.submission_id, stage)? {
        return Err(StoreError::Conflict { decision: Box::new(other) });
    }
    let (attempt, status_text, province, id_type, due_date, golden): (
        u32,
        String,
        String,
        String,
        Option<String>,
        bool,
    ) = query_row(
        tx,
        "SELECT attempt, status, province, json_extract(identity, '$.id_type'), due_date, golden
         FROM submissions WHERE id = ?1",
        [&new.submission_id],
        |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?, row.get(5)?)),
    )?;
    let status =
        SubmissionStatus::parse(&status_text).ok_or_else(|| corrupt("status", &status_text))?;
    let first = if stage == Stage::Second {
        let first = decision_at_stage(tx, &new.submission_id, Stage::First)?
            .ok_or_else(|| corrupt("second review without a first decision", &new.submission_id))?;
        // Rule 5: never your own decision.
        if first.username == reviewer.username {
            return Err(StoreError::OwnDecision);
        }
        Some(first)
    } else {
        None
    };
    if !status.is_open() {
        return Err(StoreError::NotOpen { status });
    }

    let next = golden_status(next_status(stage, new.outcome, attempt), golden);
    let at = timestamp(now);
    let due_date = due_date.as_deref().map(parse_date).transpose()?;
    let breached = sla_breached(due_date, china_date(now));
    let applicant_text = rules::applicant_text(new, &id_type)?;
    execute(
        tx,
        "INSERT INTO decisions (id, submission_id, stage, user_id, outcome, reasons, other_text,
             note, applicant_text, decided_at, province, id_type, claimed_at, sla_breached, golden,
             overridden_findings)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        params![
            new.id,
            new.submission_id,
            stage.as_str(),
            reviewer.id,
            new.outcome.as_str(),
            serde_json::to_string(&new.reasons)?,
            new.other_text,
            new.note,
            applicant_text,
            at,
            province,
            id_type,
            claimed_at,
            breached,
            golden,
            serde_json::to_string(&new.overridden_findings)?
        ],
    )?;
    if !golden {
        record_reasons(tx, &new.id, &new.reasons, &province, &at)?;
    }
    // Every decision ends the item's time in the reviewers' ready set: a four-eyes item waits
    // for a supervisor instead.
    execute(tx, "DELETE FROM queue WHERE submission_id = ?1", [&new.submission_id])?;
    let sampled = qa_sample && !golden && stage == Stage::First && !next.is_open();
    if sampled {
        execute(
            tx,
            "INSERT INTO qa_samples (decision_id, submission_id, province, sampled_at)
             VALUES (?1, ?2, ?3, ?4)",
            params![new.id, new.submission_id, province, at],
        )?;
    }
    if next.is_open() {
        execute(
            tx,
            "UPDATE submissions SET status = ?2, updated_at = ?3 WHERE id = ?1",
            params![new.submission_id, next.as_str(), at],
        )?;
    } else {
        execute(
            tx,
            "UPDATE submissions SET status = ?2, final_decision_id = ?3, updated_at = ?4
             WHERE id = ?1",
            params![new.submission_id, next.as_str(), new.id, at],
        )?;
    }
    let action = decision_action(first.as_ref(), new);
    let mut detail = json!({
        "decision_id": new.id,
        "stage": stage.as_str(),
        "outcome": new.outcome.as_str(),
        "reasons": new.reasons,
        "status": next.as_str(),
    });
    if sampled {
        detail["qa_sample"] = json!(true);
    }
    if !new.overridden_findings.is_empty() {
        detail["overridden_findings"] = json!(new.overridden_findings);
    }
    audit_log::append(
        tx,
        &AuditNote { actor: &reviewer.username, action, subject: Some(&new.submission_id), detail },
        now,
    )?;
    let decision = find_decision(tx, "d.id = ?1", [&new.id])?
        .ok_or_else(|| corrupt("decision just written", &new.id))?;
    Ok(DecisionReceipt { decision, status: next, replayed: false })
}
