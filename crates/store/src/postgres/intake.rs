//! Submissions: recording a new one (quota, one open per applicant, attempt number, queueing) and
//! reading one back for a reviewer or for the applicant-facing system. Intake takes a
//! transaction-level advisory lock on the applicant first, so two instances taking two requests of
//! one applicant at once count the quota one after the other.

use chrono::{DateTime, NaiveDate, Utc};
use reviewdesk_domain::audit::AuditAction;
use reviewdesk_domain::quota::{quota_status, Period};
use reviewdesk_domain::review::SubmissionStatus;
use serde_json::json;

use super::audit_log;
use super::tx::Tx;
use crate::rules::{may_look_up_own_decision, may_read, ReadFacts, UNDATED_CLAIM_ORDER};
use crate::text_values::{corrupt, date, parse_date, parse_timestamp, timestamp};
use crate::{
    ApplicantView, AuditNote, Decision, IntakeReceipt, LeaseInfo, NewSubmission, Stage, StoreError,
    Submission, SubmissionImages, User,
};

fn number(value: i32, what: &str) -> Result<u32, StoreError> {
    u32::try_from(value).map_err(|_| corrupt(what, &value.to_string()))
}

/// The period and attempt number a new request of `applicant_id` on `submitted_on` would get, or
/// why it may not be made (one already pending, or the period's quota used up).
pub(super) fn next_attempt(
    tx: &mut Tx<'_>,
    applicant_id: &str,
    submitted_on: NaiveDate,
) -> Result<(Period, u32), StoreError> {
    let open = tx.query_opt(
        "SELECT id FROM submissions
         WHERE applicant_id = $1 AND status IN ('pending', 'pending_second_review') AND NOT golden",
        &[&applicant_id],
    )?;
    if let Some(row) = open {
        return Err(StoreError::AlreadyPending { submission_id: row.try_get(0)? });
    }
    let period = Period::containing(submitted_on);
    let used: i64 = tx
        .query_one(
            "SELECT COUNT(*) FROM submissions
             WHERE applicant_id = $1 AND period_start = $2 AND NOT golden",
            &[&applicant_id, &date(period.start)],
        )?
        .try_get(0)?;
    let used = u32::try_from(used).map_err(|_| corrupt("quota count", &used.to_string()))?;
    match quota_status(submitted_on, used).attempt {
        Some(attempt) => Ok((period, attempt)),
        None => Err(StoreError::QuotaExhausted { period_start: period.start, used }),
    }
}

pub(super) fn intake(
    tx: &mut Tx<'_>,
    new: &NewSubmission,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<IntakeReceipt, StoreError> {
    tx.execute("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", &[&new.applicant_id])?;
    let exists = tx.query_opt("SELECT 1 FROM submissions WHERE id = $1", &[&new.id])?;
    if exists.is_some() {
        return Err(StoreError::AlreadyExists { what: "submission id" });
    }
    if let Some(used) = new.calendar_version {
        // Waits for an import under way (it holds the table in EXCLUSIVE mode), then sees it.
        tx.execute("LOCK TABLE calendar_imports IN ROW SHARE MODE", &[])?;
        if used != super::calendar::version(tx)? {
            return Err(StoreError::CalendarChanged);
        }
    }
    let (period, attempt) = next_attempt(tx, &new.applicant_id, new.submitted_on)?;
    let at = timestamp(now);
    let due = new.due_date.map(date);
    let attempt_column =
        i32::try_from(attempt).map_err(|_| corrupt("attempt", &attempt.to_string()))?;
    let case_number = super::case_numbers::next(tx, &new.province, now)?;
    // A concurrent intake under the same submission id (another applicant) inserts nothing here
    // (and its transaction, rolled back, gives its case number back).
    let inserted = tx.execute(
        "INSERT INTO submissions (id, applicant_id, province, identity, portrait_sha256,
             emblem_sha256, handheld_sha256, findings, attempt, period_start, submitted_at,
             due_date, due_provisional, status, updated_at, case_number)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'pending', $11, $14)
         ON CONFLICT (id) DO NOTHING",
        &[
            &new.id,
            &new.applicant_id,
            &new.province,
            &serde_json::to_string(&new.identity)?,
            &new.images.portrait,
            &new.images.emblem,
            &new.images.handheld,
            &serde_json::to_string(&new.findings)?,
            &attempt_column,
            &date(period.start),
            &at,
            &due,
            &new.due_provisional,
            &case_number,
        ],
    )?;
    if inserted == 0 {
        return Err(StoreError::AlreadyExists { what: "submission id" });
    }
    tx.execute(
        "INSERT INTO queue (submission_id, province, stage, claim_order, submitted_at)
         VALUES ($1, $2, 'first', $3, $4)",
        &[&new.id, &new.province, &due.as_deref().unwrap_or(UNDATED_CLAIM_ORDER), &at],
    )?;
    super::photo_checks::enqueue(tx, &new.id, &at)?;
    audit_log::append(
        tx,
        &AuditNote {
            actor,
            action: AuditAction::Intake,
            subject: Some(&new.id),
            detail: json!({
                "province": new.province,
                "attempt": attempt,
                "case_number": case_number,
            }),
        },
        now,
    )?;
    Ok(IntakeReceipt {
        id: new.id.clone(),
        case_number,
        status: SubmissionStatus::Pending,
        attempt,
        period_start: period.start,
        due_date: new.due_date,
        due_provisional: new.due_provisional,
    })
}

pub(super) fn status(text: &str) -> Result<SubmissionStatus, StoreError> {
    SubmissionStatus::parse(text).ok_or_else(|| corrupt("status", text))
}

pub(super) fn applicant_view(tx: &mut Tx<'_>, id: &str) -> Result<ApplicantView, StoreError> {
    let row = tx
        .query_opt(
            "SELECT s.status, d.applicant_text, s.case_number FROM submissions s
             LEFT JOIN decisions d ON d.id = s.final_decision_id
             WHERE s.id = $1 AND NOT s.golden",
            &[&id],
        )?
        .ok_or(StoreError::NotFound { what: "submission" })?;
    let text: String = row.try_get(0)?;
    let reasons_text: Option<String> = row.try_get(1)?;
    // A second review is invisible to the applicant: it still reads as pending.
    let shown = match status(&text)? {
        SubmissionStatus::PendingSecondReview => SubmissionStatus::Pending,
        other => other,
    };
    Ok(ApplicantView {
        id: id.to_owned(),
        case_number: row.try_get(2)?,
        status: shown,
        status_text: shown.applicant_text_zh().to_owned(),
        reasons_text: if shown == SubmissionStatus::Rejected { reasons_text } else { None },
    })
}

pub(super) fn submission(
    tx: &mut Tx<'_>,
    viewer: &User,
    id: &str,
    now: DateTime<Utc>,
) -> Result<Submission, StoreError> {
    // What this viewer may not read does not exist as far as they can tell.
    if !readable(tx, viewer, id, now, may_read)? {
        return Err(StoreError::NotFound { what: "submission" });
    }
    submission_record(tx, id, now)
}

/// Whether `rule` lets `viewer` read submission `id` now (an unknown id is not readable).
fn readable(
    tx: &mut Tx<'_>,
    viewer: &User,
    id: &str,
    now: DateTime<Utc>,
    rule: fn(&User, &ReadFacts<'_>) -> bool,
) -> Result<bool, StoreError> {
    let facts = tx.query_opt(
        "SELECT s.province, q.lease_user_id,
                EXISTS (SELECT 1 FROM decisions d WHERE d.submission_id = s.id),
                (SELECT MAX(d.decided_at) FROM decisions d
                 WHERE d.submission_id = s.id AND d.user_id = $2 AND d.stage = 'first')
         FROM submissions s LEFT JOIN queue q ON q.submission_id = s.id
         WHERE s.id = $1",
        &[&id, &viewer.id],
    )?;
    let Some(row) = facts else { return Ok(false) };
    let province: String = row.try_get(0)?;
    let decided_at: Option<String> = row.try_get(3)?;
    let facts = ReadFacts {
        province: &province,
        lease_holder: row.try_get(1)?,
        decided: row.try_get(2)?,
        viewers_decision_at: decided_at.as_deref().map(parse_timestamp).transpose()?,
        now,
    };
    Ok(rule(viewer, &facts))
}

/// A case `reviewer` decided (first stage) by its case number, with that decision, while the
/// read rule lets them read it; anything else does not exist for them.
pub(super) fn own_decision(
    tx: &mut Tx<'_>,
    reviewer: &User,
    case_number: &str,
    now: DateTime<Utc>,
) -> Result<(Submission, Decision), StoreError> {
    let not_found = || StoreError::NotFound { what: "submission" };
    let row = tx
        .query_opt("SELECT id FROM submissions WHERE case_number = $1", &[&case_number])?
        .ok_or_else(not_found)?;
    let id: String = row.try_get(0)?;
    let decision = super::decisions::decision_at_stage(tx, &id, Stage::First)?
        .filter(|decision| decision.username == reviewer.username)
        .ok_or_else(not_found)?;
    if !readable(tx, reviewer, &id, now, may_look_up_own_decision)? {
        return Err(not_found());
    }
    Ok((submission_record(tx, &id, now)?, decision))
}

pub(super) fn submission_record(
    tx: &mut Tx<'_>,
    id: &str,
    now: DateTime<Utc>,
) -> Result<Submission, StoreError> {
    let row = tx
        .query_opt(
            "SELECT s.id, s.applicant_id, s.province, s.identity, s.portrait_sha256,
                    s.emblem_sha256, s.handheld_sha256, s.findings, s.attempt, s.period_start,
                    s.submitted_at, s.due_date, s.status, u.username, q.lease_expires_at,
                    s.due_provisional, s.case_number
             FROM submissions s
             LEFT JOIN queue q ON q.submission_id = s.id AND q.lease_expires_at > $2
             LEFT JOIN users u ON u.id = q.lease_user_id
             WHERE s.id = $1",
            &[&id, &timestamp(now)],
        )?
        .ok_or(StoreError::NotFound { what: "submission" })?;
    let province: String = row.try_get(2)?;
    let lease_user: Option<String> = row.try_get(13)?;
    let lease_expires: Option<String> = row.try_get(14)?;
    let lease = match (lease_user, lease_expires) {
        (Some(username), Some(expires)) => {
            Some(LeaseInfo { username, expires_at: parse_timestamp(&expires)? })
        }
        _ => None,
    };
    let identity: String = row.try_get(3)?;
    if identity == crate::PURGED_IDENTITY {
        return Err(StoreError::Purged);
    }
    let findings: String = row.try_get(7)?;
    let period_start: String = row.try_get(9)?;
    let submitted_at: String = row.try_get(10)?;
    let due_date: Option<String> = row.try_get(11)?;
    let status_text: String = row.try_get(12)?;
    Ok(Submission {
        id: row.try_get(0)?,
        case_number: row.try_get(16)?,
        applicant_id: row.try_get(1)?,
        province,
        identity: serde_json::from_str(&identity)?,
        images: SubmissionImages {
            portrait: row.try_get(4)?,
            emblem: row.try_get(5)?,
            handheld: row.try_get(6)?,
        },
        findings: serde_json::from_str(&findings)?,
        attempt: number(row.try_get(8)?, "attempt")?,
        period_start: parse_date(&period_start)?,
        submitted_at: parse_timestamp(&submitted_at)?,
        due_date: due_date.as_deref().map(parse_date).transpose()?,
        due_provisional: row.try_get(15)?,
        status: status(&status_text)?,
        lease,
        number: None,
    })
}
