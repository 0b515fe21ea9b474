//! Supervisors' writes on PostgreSQL: a verdict on a four-eyes item or a QA sample, and planting
//! a golden item. The rules and their order are the SQLite store's (its `verdicts` module); the
//! shared ones are in [`crate::supervision_rules`]. A verdict takes the same advisory lock
//! on its id as a decision, then locks the submission row, so concurrent verdicts on one item run
//! one after the other and the second conflicts.

use chrono::{DateTime, Utc};
use reviewdesk_domain::audit::AuditAction;
use reviewdesk_domain::calendar::{china_date, DueDate};
use reviewdesk_domain::review::SubmissionStatus;
use reviewdesk_domain::wire::supervision::{
    GoldenItem, SecondReviewKind, SecondReviewReceipt, SecondReviewRequest, Verdict,
};
use serde_json::json;

use super::audit_log;
use super::decisions::{current_status, decision_at_stage, decision_by_id, record_reasons};
use super::intake::status;
use super::tx::Tx;
use crate::rules::{province_of, same_decision, UNDATED_CLAIM_ORDER};
use crate::supervision_rules::{
    as_decision, golden_decision, kind_name, not_for_review, sla_breached, validate_verdict,
    verdict, verdict_action, verdict_name, verdict_status, GoldenSource,
};
use crate::text_values::{corrupt, date, parse_date, timestamp};
use crate::{AuditNote, Stage, StoreError, User};

pub(super) fn second_review(
    tx: &mut Tx<'_>,
    supervisor: &User,
    request: &SecondReviewRequest,
    now: DateTime<Utc>,
) -> Result<SecondReviewReceipt, StoreError> {
    let province = province_of(supervisor)?;
    let applicant_text = validate_verdict(request)?;
    let as_new = as_decision(request);
    tx.execute("SELECT pg_advisory_xact_lock(hashtextextended($1, 1))", &[&request.id])?;

    if let Some(stored) = decision_by_id(tx, &request.id)? {
        if stored.stage != Stage::Second || !same_decision(&stored, &as_new, supervisor) {
            return Err(StoreError::IdempotencyMismatch { id: request.id.clone() });
        }
        let first = decision_at_stage(tx, &stored.submission_id, Stage::First)?
            .ok_or_else(|| corrupt("verdict without a first decision", &stored.submission_id))?;
        let status = current_status(tx, &stored.submission_id)?;
        return Ok(SecondReviewReceipt {
            verdict: verdict(&first, &stored),
            decision: stored,
            status,
            replayed: true,
        });
    }

    let row = tx.query_opt(
        "SELECT province, status, identity::jsonb ->> 'id_type', due_date, golden
         FROM submissions WHERE id = $1 FOR NO KEY UPDATE",
        &[&request.submission_id],
    )?;
    let Some(row) = row else {
        return Err(StoreError::NotFound { what: "submission" });
    };
    let their_province: String = row.try_get(0)?;
    let status_text: String = row.try_get(1)?;
    let id_type: String = row.try_get(2)?;
    let due_date: Option<String> = row.try_get(3)?;
    let golden: bool = row.try_get(4)?;
    if their_province != province || golden {
        return Err(StoreError::NotFound { what: "submission" });
    }
    if let Some(other) = decision_at_stage(tx, &request.submission_id, Stage::Second)? {
        return Err(StoreError::Conflict { decision: Box::new(other) });
    }
    let current = status(&status_text)?;
    let first =
        decision_at_stage(tx, &request.submission_id, Stage::First)?.ok_or_else(not_for_review)?;
    let kind = if current == SubmissionStatus::PendingSecondReview {
        SecondReviewKind::FourEyes
    } else {
        let sampled =
            tx.query_opt("SELECT reviewed FROM qa_samples WHERE decision_id = $1", &[&first.id])?;
        match sampled.map(|row| row.try_get::<_, bool>(0)).transpose()? {
            Some(false) => SecondReviewKind::QaSample,
            _ => return Err(not_for_review()),
        }
    };
    if first.username == supervisor.username {
        return Err(StoreError::OwnDecision);
    }

    let at = timestamp(now);
    let due_date = due_date.as_deref().map(parse_date).transpose()?;
    let breached = kind == SecondReviewKind::FourEyes && sla_breached(due_date, china_date(now));
    tx.execute(
        "INSERT INTO decisions (id, submission_id, stage, user_id, outcome, reasons, other_text,
             note, applicant_text, decided_at, province, id_type, claimed_at, sla_breached, golden)
         VALUES ($1, $2, 'second', $3, $4, $5, $6, $7, $8, $9, $10, $11, NULL, $12, false)",
        &[
            &request.id,
            &request.submission_id,
            &supervisor.id,
            &request.outcome.as_str(),
            &serde_json::to_string(&request.reasons)?,
            &request.other_text,
            &request.note,
            &applicant_text,
            &at,
            &province,
            &id_type,
            &breached,
        ],
    )?;
    record_reasons(tx, &request.id, &request.reasons, province, &at)?;
    let decision = decision_by_id(tx, &request.id)?
        .ok_or_else(|| corrupt("verdict just written", &request.id))?;
    let verdict = verdict(&first, &decision);
    let next = verdict_status(request.outcome);
    tx.execute("DELETE FROM queue WHERE submission_id = $1", &[&request.submission_id])?;
    tx.execute(
        "UPDATE submissions SET status = $2, final_decision_id = $3, updated_at = $4 WHERE id = $1",
        &[&request.submission_id, &next.as_str(), &request.id, &at],
    )?;
    if verdict == Verdict::Overturned {
        tx.execute("UPDATE decisions SET overturned = true WHERE id = $1", &[&first.id])?;
    }
    if kind == SecondReviewKind::QaSample {
        tx.execute("UPDATE qa_samples SET reviewed = true WHERE decision_id = $1", &[&first.id])?;
    }
    audit_log::append(
        tx,
        &AuditNote {
            actor: &supervisor.username,
            action: verdict_action(verdict),
            subject: Some(&request.submission_id),
            detail: json!({
                "decision_id": request.id,
                "first_decision_id": first.id,
                "kind": kind_name(kind),
                "verdict": verdict_name(verdict),
                "outcome": request.outcome.as_str(),
                "reasons": request.reasons,
                "status": next.as_str(),
            }),
        },
        now,
    )?;
    Ok(SecondReviewReceipt { decision, verdict, status: next, replayed: false })
}

/// See the SQLite store's `plant_golden`.
pub(super) fn plant_golden(
    tx: &mut Tx<'_>,
    supervisor: &User,
    source_id: &str,
    golden_id: &str,
    due_date: Option<DueDate>,
    now: DateTime<Utc>,
) -> Result<GoldenItem, StoreError> {
    let province = province_of(supervisor)?;
    let row = tx.query_opt(
        "SELECT province, status, golden, final_decision_id, purged_at IS NOT NULL
         FROM submissions WHERE id = $1",
        &[&source_id],
    )?;
    let Some(row) = row else {
        return Err(StoreError::NotFound { what: "submission" });
    };
    let source = GoldenSource {
        province: row.try_get(0)?,
        status: row.try_get(1)?,
        golden: row.try_get(2)?,
        final_id: row.try_get(3)?,
        purged: row.try_get(4)?,
    };
    let final_id = golden_decision(source, province)?;
    let expected =
        decision_by_id(tx, &final_id)?.ok_or_else(|| corrupt("final decision", &final_id))?;
    let first_user: i64 = tx
        .query_opt(
            "SELECT user_id FROM decisions WHERE submission_id = $1 AND stage = 'first'",
            &[&source_id],
        )?
        .ok_or_else(|| corrupt("decided without a first decision", source_id))?
        .try_get(0)?;
    let at = timestamp(now);
    let due = due_date.map(|due| date(due.date));
    let provisional = due_date.is_some_and(|due| due.provisional);
    // A fresh number of the planting day: the copy reads as a new case.
    let case_number = super::case_numbers::next(tx, province, now)?;
    tx.execute(
        "INSERT INTO submissions (id, applicant_id, province, identity, portrait_sha256,
             emblem_sha256, handheld_sha256, findings, attempt, period_start, submitted_at,
             due_date, due_provisional, status, final_decision_id, updated_at, golden,
             case_number)
         SELECT $1, applicant_id, province, identity, portrait_sha256, emblem_sha256,
             handheld_sha256, findings, attempt, period_start, $2, $3, $5, 'pending', NULL, $2,
             true, $6
         FROM submissions WHERE id = $4",
        &[&golden_id, &at, &due, &source_id, &provisional, &case_number],
    )?;
    tx.execute(
        "INSERT INTO image_findings (submission_id, position, side, finding)
         SELECT $1, position, side, finding FROM image_findings WHERE submission_id = $2",
        &[&golden_id, &source_id],
    )?;
    tx.execute(
        "INSERT INTO image_checks (submission_id, checked_at, outcome, attempts)
         SELECT $1, $2, outcome, attempts FROM image_checks WHERE submission_id = $3",
        &[&golden_id, &at, &source_id],
    )?;
    // A copy of a case whose checks have not ended is checked like any other submission.
    tx.execute(
        "INSERT INTO photo_check_work (submission_id, enqueued_at, not_before)
         SELECT $1, $2, $2 WHERE NOT EXISTS (SELECT 1 FROM image_checks WHERE submission_id = $3)",
        &[&golden_id, &at, &source_id],
    )?;
    let claim_order = due.clone().unwrap_or_else(|| UNDATED_CLAIM_ORDER.to_owned());
    tx.execute(
        "INSERT INTO queue (submission_id, province, stage, claim_order, submitted_at,
             excluded_user_id)
         VALUES ($1, $2, 'first', $3, $4, $5)",
        &[&golden_id, &province, &claim_order, &at, &first_user],
    )?;
    tx.execute(
        "INSERT INTO golden_items (submission_id, source_submission_id, expected_outcome,
             expected_reasons, planted_by, planted_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
        &[
            &golden_id,
            &source_id,
            &expected.outcome.as_str(),
            &serde_json::to_string(&expected.reasons)?,
            &supervisor.id,
            &at,
        ],
    )?;
    audit_log::append(
        tx,
        &AuditNote {
            actor: &supervisor.username,
            action: AuditAction::GoldenPlanted,
            subject: Some(source_id),
            detail: json!({
                "golden_submission_id": golden_id,
                "expected_outcome": expected.outcome.as_str(),
                "expected_reasons": expected.reasons,
            }),
        },
        now,
    )?;
    Ok(GoldenItem {
        golden_submission_id: golden_id.to_owned(),
        golden_case_number: case_number,
        source_submission_id: source_id.to_owned(),
        expected_outcome: expected.outcome,
        expected_reasons: expected.reasons,
        planted_by: supervisor.username.clone(),
        planted_at: now,
    })
}
