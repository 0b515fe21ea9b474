//! Submissions: recording a new one (quota, one open per applicant, attempt number, queueing) and
//! reading one back for a reviewer or for the applicant-facing system.

use chrono::{DateTime, NaiveDate, Utc};
use reviewdesk_domain::audit::AuditAction;
use reviewdesk_domain::quota::{quota_status, Period};
use reviewdesk_domain::review::SubmissionStatus;
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::json;

use super::audit_log;
use super::rows::{corrupt, date, parse_date, parse_timestamp, timestamp};
use crate::rules::{may_look_up_own_decision, may_read, ReadFacts, UNDATED_CLAIM_ORDER};
use crate::{
    ApplicantView, AuditNote, Decision, IntakeReceipt, LeaseInfo, NewSubmission, Stage, StoreError,
    Submission, SubmissionImages, User,
};

/// The period and attempt number a new request of `applicant_id` on `submitted_on` would get, or
/// why it may not be made (one already pending, or the period's quota used up).
pub(super) fn next_attempt(
    tx: &Connection,
    applicant_id: &str,
    submitted_on: NaiveDate,
) -> Result<(Period, u32), StoreError> {
    let open: Option<String> = tx
        .query_row(
            "SELECT id FROM submissions
             WHERE applicant_id = ?1 AND status IN ('pending', 'pending_second_review')
               AND golden = 0",
            [applicant_id],
            |row| row.get(0),
        )
        .optional()?;
    if let Some(submission_id) = open {
        return Err(StoreError::AlreadyPending { submission_id });
    }
    let period = Period::containing(submitted_on);
    let used: u32 = tx.query_row(
        "SELECT COUNT(*) FROM submissions
         WHERE applicant_id = ?1 AND period_start = ?2 AND golden = 0",
        params![applicant_id, date(period.start)],
        |row| row.get(0),
    )?;
    match quota_status(submitted_on, used).attempt {
        Some(attempt) => Ok((period, attempt)),
        None => Err(StoreError::QuotaExhausted { period_start: period.start, used }),
    }
}

pub(super) fn intake(
    tx: &Connection,
    new: &NewSubmission,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<IntakeReceipt, StoreError> {
    let exists: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM submissions WHERE id = ?1)",
        [&new.id],
        |row| row.get(0),
    )?;
    if exists {
        return Err(StoreError::AlreadyExists { what: "submission id" });
    }
    if let Some(used) = new.calendar_version {
        if used != super::calendar::version(tx)? {
            return Err(StoreError::CalendarChanged);
        }
    }
    let (period, attempt) = next_attempt(tx, &new.applicant_id, new.submitted_on)?;
    let at = timestamp(now);
    let due = new.due_date.map(date);
    let case_number = super::case_numbers::next(tx, &new.province, now)?;
    tx.execute(
        "INSERT INTO submissions (id, applicant_id, province, identity, portrait_sha256,
             emblem_sha256, handheld_sha256, findings, attempt, period_start, submitted_at,
             due_date, due_provisional, status, updated_at, case_number)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 'pending', ?11, ?14)",
        params![
            new.id,
            new.applicant_id,
            new.province,
            serde_json::to_string(&new.identity)?,
            new.images.portrait,
            new.images.emblem,
            new.images.handheld,
            serde_json::to_string(&new.findings)?,
            attempt,
            date(period.start),
            at,
            due,
            new.due_provisional,
            case_number,
        ],
    )?;
    tx.execute(
        "INSERT INTO queue (submission_id, province, stage, claim_order, submitted_at)
         VALUES (?1, ?2, 'first', ?3, ?4)",
        params![new.id, new.province, due.as_deref().unwrap_or(UNDATED_CLAIM_ORDER), at],
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

fn status(text: &str) -> Result<SubmissionStatus, StoreError> {
    SubmissionStatus::parse(text).ok_or_else(|| corrupt("status", text))
}

pub(super) fn applicant_view(tx: &Connection, id: &str) -> Result<ApplicantView, StoreError> {
    let found: Option<(String, Option<String>, String)> = tx
        .query_row(
            "SELECT s.status, d.applicant_text, s.case_number FROM submissions s
             LEFT JOIN decisions d ON d.id = s.final_decision_id
             WHERE s.id = ?1 AND s.golden = 0",
            [id],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .optional()?;
    // A golden item never reaches an applicant: as far as they can tell, it does not exist.
    let (text, reasons_text, case_number) =
        found.ok_or(StoreError::NotFound { what: "submission" })?;
    // A second review is invisible to the applicant: it still reads as pending.
    let shown = match status(&text)? {
        SubmissionStatus::PendingSecondReview => SubmissionStatus::Pending,
        other => other,
    };
    Ok(ApplicantView {
        id: id.to_owned(),
        case_number,
        status: shown,
        status_text: shown.applicant_text_zh().to_owned(),
        reasons_text: if shown == SubmissionStatus::Rejected { reasons_text } else { None },
    })
}

/// Whether `rule` lets `viewer` read submission `id` now (an unknown id is not readable).
fn readable(
    tx: &Connection,
    viewer: &User,
    id: &str,
    now: DateTime<Utc>,
    rule: fn(&User, &ReadFacts<'_>) -> bool,
) -> Result<bool, StoreError> {
    let facts = tx
        .query_row(
            "SELECT s.province, q.lease_user_id,
                    EXISTS (SELECT 1 FROM decisions d WHERE d.submission_id = s.id),
                    (SELECT MAX(d.decided_at) FROM decisions d
                     WHERE d.submission_id = s.id AND d.user_id = ?2 AND d.stage = 'first')
             FROM submissions s LEFT JOIN queue q ON q.submission_id = s.id
             WHERE s.id = ?1",
            params![id, viewer.id],
            |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, Option<i64>>(1)?,
                    row.get::<_, bool>(2)?,
                    row.get::<_, Option<String>>(3)?,
                ))
            },
        )
        .optional()?;
    let Some((province, lease_holder, decided, viewers_decision_at)) = facts else {
        return Ok(false);
    };
    let viewers_decision_at = viewers_decision_at.as_deref().map(parse_timestamp).transpose()?;
    Ok(rule(
        viewer,
        &ReadFacts { province: &province, lease_holder, decided, viewers_decision_at, now },
    ))
}

pub(super) fn submission(
    tx: &Connection,
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

/// A case `reviewer` decided (first stage) by its case number, with that decision, while the
/// read rule lets them read it; anything else does not exist for them.
pub(super) fn own_decision(
    tx: &Connection,
    reviewer: &User,
    case_number: &str,
    now: DateTime<Utc>,
) -> Result<(Submission, Decision), StoreError> {
    let not_found = || StoreError::NotFound { what: "submission" };
    let id: String = tx
        .query_row("SELECT id FROM submissions WHERE case_number = ?1", [case_number], |row| {
            row.get(0)
        })
        .optional()?
        .ok_or_else(not_found)?;
    let decision = super::decisions::decision_at_stage(tx, &id, Stage::First)?
        .filter(|decision| decision.username == reviewer.username)
        .ok_or_else(not_found)?;
    if !readable(tx, reviewer, &id, now, may_look_up_own_decision)? {
        return Err(not_found());
    }
    Ok((submission_record(tx, &id, now)?, decision))
}

pub(super) fn submission_record(
    tx: &Connection,
    id: &str,
    now: DateTime<Utc>,
) -> Result<Submission, StoreError> {
    let row = tx
        .query_row(
            "SELECT s.id, s.applicant_id, s.province, s.identity, s.portrait_sha256,
                    s.emblem_sha256, s.handheld_sha256, s.findings, s.attempt, s.period_start,
                    s.submitted_at, s.due_date, s.status, u.username, q.lease_expires_at,
                    s.due_provisional, s.case_number
             FROM submissions s
             LEFT JOIN queue q ON q.submission_id = s.id AND q.lease_expires_at > ?2
             LEFT JOIN users u ON u.id = q.lease_user_id
             WHERE s.id = ?1",
            params![id, timestamp(now)],
            |row| {
                Ok((
                    (
                        row.get::<_, String>(0)?,
                        row.get::<_, String>(1)?,
                        row.get::<_, String>(2)?,
                        row.get::<_, String>(3)?,
                    ),
                    (
                        row.get::<_, String>(4)?,
                        row.get::<_, String>(5)?,
                        row.get::<_, String>(6)?,
                        row.get::<_, String>(7)?,
                    ),
                    (
                        row.get::<_, u32>(8)?,
                        row.get::<_, String>(9)?,
                        row.get::<_, String>(10)?,
                        row.get::<_, Option<String>>(11)?,
                        row.get::<_, String>(12)?,
                    ),
                    (
                        row.get::<_, Option<String>>(13)?,
                        row.get::<_, Option<String>>(14)?,
                        row.get::<_, bool>(15)?,
                        row.get::<_, String>(16)?,
                    ),
                ))
            },
        )
        .optional()?;
    let Some((
        (id, applicant_id, province, identity),
        (portrait, emblem, handheld, findings),
        (attempt, period_start, submitted_at, due_date, status_text),
        (lease_user, lease_expires, due_provisional, case_number),
    )) = row
    else {
        return Err(StoreError::NotFound { what: "submission" });
    };
    if identity == crate::PURGED_IDENTITY {
        return Err(StoreError::Purged);
    }
    let lease = match (lease_user, lease_expires) {
        (Some(username), Some(expires)) => {
            Some(LeaseInfo { username, expires_at: parse_timestamp(&expires)? })
        }
        _ => None,
    };
    Ok(Submission {
        id,
        case_number,
        applicant_id,
        province,
        identity: serde_json::from_str(&identity)?,
        images: SubmissionImages { portrait, emblem, handheld },
        findings: serde_json::from_str(&findings)?,
        attempt,
        period_start: parse_date(&period_start)?,
        submitted_at: parse_timestamp(&submitted_at)?,
        due_date: due_date.as_deref().map(parse_date).transpose()?,
        due_provisional,
        status: status(&status_text)?,
        lease,
        number: None,
    })
}
