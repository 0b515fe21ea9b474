//! Supervisors' writes: a verdict on a four-eyes item or a QA sample (confirm, change, overturn),
//! and planting a golden item. Each is one transaction with its audit event.
//!
//! Verdict rules, in order: well formed, with a note ([`validate_verdict`]); a verdict id seen
//! before returns the stored one (`replayed`) or `idempotency_mismatch`; the submission must be
//! in the supervisor's province (else `NotFound`) and not golden; someone's second decision
//! already there is a `conflict`; the item must be waiting (four-eyes: `pending_second_review`;
//! QA: an unreviewed sample), else `not_for_review`; nobody reviews their own decision
//! (`own_decision`). The verdict is a second-stage decision, final: the applicant-visible status
//! becomes its outcome, and an overturned first decision is marked so the log can filter on it.

use chrono::{DateTime, Utc};
use reviewdesk_domain::calendar::{china_date, DueDate};
use reviewdesk_domain::review::{Outcome, SubmissionStatus};
use reviewdesk_domain::wire::supervision::{
    GoldenItem, SecondReviewKind, SecondReviewReceipt, SecondReviewRequest, Verdict,
};
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::json;

use super::audit_log;
use super::decisions::{current_status, decision_at_stage, find_decision, record_reasons};
use super::rows::{corrupt, execute, parse_date, query_row, timestamp};
use crate::rules::{province_of, same_decision, UNDATED_CLAIM_ORDER};
use crate::supervision_rules::{
    as_decision, golden_decision, kind_name, not_for_review, sla_breached, validate_verdict,
    verdict, verdict_action, verdict_name, verdict_status, GoldenSource,
};
use crate::{AuditNote, Stage, StoreError, User};

pub(super) fn second_review(
    tx: &Connection,
    supervisor: &User,
    request: &SecondReviewRequest,
    now: DateTime<Utc>,
) -> Result<SecondReviewReceipt, StoreError> {
    let province = province_of(supervisor)?;
    let applicant_text = validate_verdict(request)?;
    let as_new = as_decision(request);

    if let Some(stored) = find_decision(tx, "d.id = ?1", [&request.id])? {
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

    let row: Option<(String, String, String, Option<String>, bool)> = query_row(
        tx,
        "SELECT province, status, json_extract(identity, '$.id_type'), due_date, golden
         FROM submissions WHERE id = ?1",
        [&request.submission_id],
        |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?)),
    )
    .optional()?;
    let Some((their_province, status_text, id_type, due_date, golden)) = row else {
        return Err(StoreError::NotFound { what: "submission" });
    };
    if their_province != province || golden {
        return Err(StoreError::NotFound { what: "submission" });
    }
    if let Some(other) = decision_at_stage(tx, &request.submission_id, Stage::Second)? {
        return Err(StoreError::Conflict { decision: Box::new(other) });
    }
    let status =
        SubmissionStatus::parse(&status_text).ok_or_else(|| corrupt("status", &status_text))?;
    let first =
        decision_at_stage(tx, &request.submission_id, Stage::First)?.ok_or_else(not_for_review)?;
    let kind = if status == SubmissionStatus::PendingSecondReview {
        SecondReviewKind::FourEyes
    } else {
        let sampled: Option<bool> = query_row(
            tx,
            "SELECT reviewed FROM qa_samples WHERE decision_id = ?1",
            [&first.id],
            |row| row.get(0),
        )
        .optional()?;
        match sampled {
            Some(false) => SecondReviewKind::QaSample,
            _ => return Err(not_for_review()),
        }
    };
    if first.username == supervisor.username {
        return Err(StoreError::OwnDecision);
    }

    let at = timestamp(now);
    // The applicant waits for a four-eyes verdict, so it can miss the due date; a QA verdict
    // comes after the applicant was answered.
    let due_date = due_date.as_deref().map(parse_date).transpose()?;
    let breached = kind == SecondReviewKind::FourEyes && sla_breached(due_date, china_date(now));
    execute(
        tx,
        "INSERT INTO decisions (id, submission_id, stage, user_id, outcome, reasons, other_text,
             note, applicant_text, decided_at, province, id_type, claimed_at, sla_breached, golden)
         VALUES (?1, ?2, 'second', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, NULL, ?12, 0)",
        params![
            request.id,
            request.submission_id,
            supervisor.id,
            request.outcome.as_str(),
            serde_json::to_string(&request.reasons)?,
            request.other_text,
            request.note,
            applicant_text,
            at,
            province,
            id_type,
            breached
        ],
    )?;
    record_reasons(tx, &request.id, &request.reasons, province, &at)?;
    let decision = find_decision(tx, "d.id = ?1", [&request.id])?
        .ok_or_else(|| corrupt("verdict just written", &request.id))?;
    let verdict = verdict(&first, &decision);
    let next = verdict_status(request.outcome);
    execute(tx, "DELETE FROM queue WHERE submission_id = ?1", [&request.submission_id])?;
    execute(
        tx,
        "UPDATE submissions SET status = ?2, final_decision_id = ?3, updated_at = ?4 WHERE id = ?1",
        params![request.submission_id, next.as_str(), request.id, at],
    )?;
    if verdict == Verdict::Overturned {
        execute(tx, "UPDATE decisions SET overturned = 1 WHERE id = ?1", [&first.id])?;
    }
    if kind == SecondReviewKind::QaSample {
        execute(tx, "UPDATE qa_samples SET reviewed = 1 WHERE decision_id = ?1", [&first.id])?;
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

/// Copies a decided case of the supervisor's province into the reviewers' queue as a golden item
/// `golden_id`, due on `due_date`; its expected answer is the case's final decision. The first
/// reviewer of the case may not claim it (they would recognise it).
pub(super) fn plant_golden(
    tx: &Connection,
    supervisor: &User,
    source_id: &str,
    golden_id: &str,
    due_date: Option<DueDate>,
    now: DateTime<Utc>,
) -> Result<GoldenItem, StoreError> {
    let province = province_of(supervisor)?;
    let source = query_row(
        tx,
        "SELECT province, status, golden, final_decision_id, purged_at IS NOT NULL
         FROM submissions WHERE id = ?1",
        [source_id],
        |row| {
            Ok(GoldenSource {
                province: row.get(0)?,
                status: row.get(1)?,
                golden: row.get(2)?,
                final_id: row.get(3)?,
                purged: row.get(4)?,
            })
        },
    )
    .optional()?
    .ok_or(StoreError::NotFound { what: "submission" })?;
    let final_id = golden_decision(source, province)?;
    let expected = find_decision(tx, "d.id = ?1", [&final_id])?
        .ok_or_else(|| corrupt("final decision", &final_id))?;
    let first = decision_at_stage(tx, source_id, Stage::First)?
        .ok_or_else(|| corrupt("decided without a first decision", source_id))?;
    let first_user: i64 =
        query_row(tx, "SELECT user_id FROM decisions WHERE id = ?1", [&first.id], |row| {
            row.get(0)
        })?;
    let at = timestamp(now);
    let due = due_date.map(|due| crate::text_values::date(due.date));
    let provisional = due_date.is_some_and(|due| due.provisional);
    // A fresh number of the planting day: the copy reads as a new case.
    let case_number = super::case_numbers::next(tx, province, now)?;
    execute(
        tx,
        "INSERT INTO submissions (id, applicant_id, province, identity, portrait_sha256,
             emblem_sha256, handheld_sha256, findings, attempt, period_start, submitted_at,
             due_date, due_provisional, status, final_decision_id, updated_at, golden,
             case_number)
         SELECT ?1, applicant_id, province, identity, portrait_sha256, emblem_sha256,
             handheld_sha256, findings, attempt, period_start, ?2, ?3, ?5, 'pending', NULL, ?2, 1,
             ?6
         FROM submissions WHERE id = ?4",
        params![golden_id, at, due, source_id, provisional, case_number],
    )?;
    execute(
        tx,
        "INSERT INTO image_findings (submission_id, position, side, finding)
         SELECT ?1, position, side, finding FROM image_findings WHERE submission_id = ?2",
        params![golden_id, source_id],
    )?;
    execute(
        tx,
        "INSERT INTO image_checks (submission_id, checked_at, outcome, attempts)
         SELECT ?1, ?2, outcome, attempts FROM image_checks WHERE submission_id = ?3",
        params![golden_id, at, source_id],
    )?;
    // A copy of a case whose checks have not ended is checked like any other submission.
    execute(
        tx,
        "INSERT INTO photo_check_work (submission_id, enqueued_at, not_before)
         SELECT ?1, ?2, ?2 WHERE NOT EXISTS (SELECT 1 FROM image_checks WHERE submission_id = ?3)",
        params![golden_id, at, source_id],
    )?;
    execute(
        tx,
        "INSERT INTO queue (submission_id, province, stage, claim_order, submitted_at,
             excluded_user_id)
         VALUES (?1, ?2, 'first', ?3, ?4, ?5)",
        params![
            golden_id,
            province,
            due.clone().unwrap_or_else(|| UNDATED_CLAIM_ORDER.to_owned()),
            at,
            first_user
        ],
    )?;
    execute(
        tx,
        "INSERT INTO golden_items (submission_id, source_submission_id, expected_outcome,
             expected_reasons, planted_by, planted_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            golden_id,
            source_id,
            expected.outcome.as_str(),
            serde_json::to_string(&expected.reasons)?,
            supervisor.id,
            at
        ],
    )?;
    audit_log::append(
        tx,
        &AuditNote {
            actor: &supervisor.username,
            action: reviewdesk_domain::audit::AuditAction::GoldenPlanted,
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

/// Parses a stored outcome.
pub(super) fn outcome(text: &str) -> Result<Outcome, StoreError> {
    Outcome::parse(text).ok_or_else(|| corrupt("outcome", text))
}
