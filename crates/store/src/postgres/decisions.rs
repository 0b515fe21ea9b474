//! Recording decisions: idempotency, lease checks, conflicts, the four-eyes rule, the QA sample,
//! golden items, and the applicant-visible status, all in the one transaction. The rules and their order are the SQLite
//! store's (see its `decisions` module; the shared ones are in [`crate::rules`]).
//!
//! Concurrency: a decision first takes a transaction-level advisory lock on its id (two replays of
//! one id, from any instance, run one after the other: one records, the other replays), then locks
//! the submission row (two decisions on one submission run one after the other: the second sees
//! the first and conflicts). The unique `(submission_id, stage)` index backs both up.

use chrono::{DateTime, Utc};
use postgres::Row;
use reviewdesk_domain::calendar::china_date;
use reviewdesk_domain::review::{Outcome, SubmissionStatus};
use serde_json::json;

use super::audit_log;
use super::intake::status;
use super::tx::Tx;
use crate::rules::{self as rules, decision_action, next_status, same_decision, validate_decision};
use crate::supervision_rules::{golden_status, sla_breached};
use crate::text_values::{corrupt, parse_date, parse_timestamp, timestamp};
use crate::{AuditNote, Decision, DecisionReceipt, NewDecision, Stage, StoreError, User};

const DECISION_COLUMNS: &str = "d.id, d.submission_id, d.stage, u.username, d.outcome, d.reasons,
     d.other_text, d.note, d.applicant_text, d.decided_at, d.overridden_findings";

fn decision(row: &Row) -> Result<Decision, StoreError> {
    let stage: String = row.try_get(2)?;
    let outcome: String = row.try_get(4)?;
    let reasons: String = row.try_get(5)?;
    let decided_at: String = row.try_get(9)?;
    let overridden: String = row.try_get(10)?;
    Ok(Decision {
        id: row.try_get(0)?,
        submission_id: row.try_get(1)?,
        stage: Stage::parse(&stage).ok_or_else(|| corrupt("stage", &stage))?,
        username: row.try_get(3)?,
        outcome: Outcome::parse(&outcome).ok_or_else(|| corrupt("outcome", &outcome))?,
        reasons: serde_json::from_str(&reasons)?,
        other_text: row.try_get(6)?,
        note: row.try_get(7)?,
        applicant_text: row.try_get(8)?,
        decided_at: parse_timestamp(&decided_at)?,
        overridden_findings: serde_json::from_str(&overridden)?,
    })
}

pub(super) fn decision_by_id(tx: &mut Tx<'_>, id: &str) -> Result<Option<Decision>, StoreError> {
    let sql = format!(
        "SELECT {DECISION_COLUMNS} FROM decisions d JOIN users u ON u.id = d.user_id
         WHERE d.id = $1"
    );
    tx.query_opt(&sql, &[&id])?.as_ref().map(decision).transpose()
}

pub(super) fn decision_at_stage(
    tx: &mut Tx<'_>,
    submission_id: &str,
    stage: Stage,
) -> Result<Option<Decision>, StoreError> {
    let sql = format!(
        "SELECT {DECISION_COLUMNS} FROM decisions d JOIN users u ON u.id = d.user_id
         WHERE d.submission_id = $1 AND d.stage = $2"
    );
    tx.query_opt(&sql, &[&submission_id, &stage.as_str()])?.as_ref().map(decision).transpose()
}

pub(super) fn current_status(
    tx: &mut Tx<'_>,
    submission_id: &str,
) -> Result<SubmissionStatus, StoreError> {
    let row = tx
        .query_opt("SELECT status FROM submissions WHERE id = $1", &[&submission_id])?
        .ok_or(StoreError::NotFound { what: "submission" })?;
    status(row.try_get(0)?)
}

/// One `decision_reasons` row per reason of a decision (the log's reason filter reads them).
pub(super) fn record_reasons(
    tx: &mut Tx<'_>,
    decision_id: &str,
    reasons: &[String],
    province: &str,
    at: &str,
) -> Result<(), StoreError> {
    for reason in reasons {
        tx.execute(
            "INSERT INTO decision_reasons (decision_id, reason, province, decided_at)
             VALUES ($1, $2, $3, $4)",
            &[&decision_id, reason, &province, &at],
        )?;
    }
    Ok(())
}

pub(super) fn decide(
    tx: &mut Tx<'_>,
    reviewer: &User,
    new: &NewDecision,
    qa_sample: bool,
    now: DateTime<Utc>,
) -> Result<DecisionReceipt, StoreError> {
    validate_decision(new)?;
    tx.execute("SELECT pg_advisory_xact_lock(hashtextextended($1, 1))", &[&new.id])?;

    // Rule 2: idempotent replay.
    if let Some(stored) = decision_by_id(tx, &new.id)? {
        if !same_decision(&stored, new, reviewer) {
            return Err(StoreError::IdempotencyMismatch { id: new.id.clone() });
        }
        let status = current_status(tx, &stored.submission_id)?;
        return Ok(DecisionReceipt { decision: stored, status, replayed: true });
    }

    // Everything below reads the submission as it is once every earlier decision on it ended.
    let submission = tx.query_opt(
        "SELECT attempt, status, province, identity::jsonb ->> 'id_type', due_date, golden
         FROM submissions WHERE id = $1 FOR NO KEY UPDATE",
        &[&new.submission_id],
    )?;

    // Rule 3: the lease was issued to this reviewer for this submission.
    let lease = tx.query_opt(
        "SELECT stage, user_id, issued_at, released_at IS NOT NULL FROM leases
         WHERE token = $1 AND submission_id = $2",
        &[&new.lease_token, &new.submission_id],
    )?;
    let (stage, claimed_at) = match lease {
        Some(row) if row.try_get::<_, i64>(1)? == reviewer.id && row.try_get::<_, bool>(3)? => {
            return Err(StoreError::LeaseReleased)
        }
        Some(row) if row.try_get::<_, i64>(1)? == reviewer.id => {
            let text: String = row.try_get(0)?;
            (
                Stage::parse(&text).ok_or_else(|| corrupt("stage", &text))?,
                row.try_get::<_, String>(2)?,
            )
        }
        _ => return Err(StoreError::LeaseInvalid),
    };

    // Rule 4: the stage is still undecided.
    if let Some(other) = decision_at_stage(tx, &new.submission_id, stage)? {
        return Err(StoreError::Conflict { decision: Box::new(other) });
    }
    let submission = submission.ok_or(StoreError::NotFound { what: "submission" })?;
    let attempt: i32 = submission.try_get(0)?;
    let attempt = u32::try_from(attempt).map_err(|_| corrupt("attempt", &attempt.to_string()))?;
    let current = status(submission.try_get(1)?)?;
    let province: String = submission.try_get(2)?;
    let id_type: String = submission.try_get(3)?;
    let due_date: Option<String> = submission.try_get(4)?;
    let golden: bool = submission.try_get(5)?;
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
    if !current.is_open() {
        return Err(StoreError::NotOpen { status: current });
    }

    let next = golden_status(next_status(stage, new.outcome, attempt), golden);
    let at = timestamp(now);
    let due_date = due_date.as_deref().map(parse_date).transpose()?;
    let breached = sla_breached(due_date, china_date(now));
    let applicant_text = rules::applicant_text(new, &id_type)?;
    tx.execute(
        "INSERT INTO decisions (id, submission_id, stage, user_id, outcome, reasons, other_text,
             note, applicant_text, decided_at, province, id_type, claimed_at, sla_breached, golden,
             overridden_findings)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
        &[
            &new.id,
            &new.submission_id,
            &stage.as_str(),
            &reviewer.id,
            &new.outcome.as_str(),
            &serde_json::to_string(&new.reasons)?,
            &new.other_text,
            &new.note,
            &applicant_text,
            &at,
            &province,
            &id_type,
            &claimed_at,
            &breached,
            &golden,
            &serde_json::to_string(&new.overridden_findings)?,
        ],
    )?;
    if !golden {
        record_reasons(tx, &new.id, &new.reasons, &province, &at)?;
    }
    // Every decision ends the item's time in the reviewers' ready set: a four-eyes item waits
    // for a supervisor instead.
    tx.execute("DELETE FROM queue WHERE submission_id = $1", &[&new.submission_id])?;
    let sampled = qa_sample && !golden && stage == Stage::First && !next.is_open();
    if sampled {
        tx.execute(
            "INSERT INTO qa_samples (decision_id, submission_id, province, sampled_at)
             VALUES ($1, $2, $3, $4)",
            &[&new.id, &new.submission_id, &province, &at],
        )?;
    }
    if next.is_open() {
        tx.execute(
            "UPDATE submissions SET status = $2, updated_at = $3 WHERE id = $1",
            &[&new.submission_id, &next.as_str(), &at],
        )?;
    } else {
        tx.execute(
            "UPDATE submissions SET status = $2, final_decision_id = $3, updated_at = $4
             WHERE id = $1",
            &[&new.submission_id, &next.as_str(), &new.id, &at],
        )?;
    }
    let decision =
        decision_by_id(tx, &new.id)?.ok_or_else(|| corrupt("decision just written", &new.id))?;
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
        &AuditNote {
            actor: &reviewer.username,
            action: decision_action(first.as_ref(), new),
            subject: Some(&new.submission_id),
            detail,
        },
        now,
    )?;
    Ok(DecisionReceipt { decision, status: next, replayed: false })
}
