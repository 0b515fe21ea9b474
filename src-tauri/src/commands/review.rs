//! The review screen's commands. Everything but reveal and checkout is local (the cache), so it
//! answers at once, online or not; the sync loop does the network work. Every command that touches
//! the cache (a decision's fsync, decryption) is `command(async)`: a plain command would run on the
//! main thread, which also drives the window, and stall the next frame.

use reviewdesk_domain::ErrorCode;
use std::sync::Arc;

use chrono::Utc;
use reviewdesk_client::{ConflictKind, DecisionInput};
use reviewdesk_domain::calendar::china_date;
use reviewdesk_domain::reasons::{self, RejectReason};
use reviewdesk_domain::sheet::ReviewSheet;
use reviewdesk_domain::wire::Lease;
use tauri::State;

use crate::error::AppError;
use crate::models::{
    CheckoutView, ConflictView, DecisionForm, OwnDecisionView, QueueEntry, WorkStatus,
};
use crate::workstation::Workstation;

/// An offline checkout: a working day's batch.
const CHECKOUT_COUNT: u32 = 30;
const CHECKOUT_HOURS: i64 = 8;
/// Longest submission id accepted over IPC (ids are UUIDs).
const MAX_ID_CHARS: usize = 64;

fn check_id(submission_id: &str) -> Result<(), AppError> {
    if submission_id.is_empty() || submission_id.chars().count() > MAX_ID_CHARS {
        return Err(AppError::new(ErrorCode::BadSubmissionId, "申请编号无效"));
    }
    Ok(())
}

/// The status line: online, outbox, conflicts, lease expiry, last sync.
#[tauri::command(async)]
#[specta::specta]
pub fn work_status(workstation: State<'_, Arc<Workstation>>) -> Result<WorkStatus, AppError> {
    Ok(workstation.client.status()?.into())
}

/// The submissions ready to review here, in order.
#[tauri::command(async)]
#[specta::specta]
pub fn queue(workstation: State<'_, Arc<Workstation>>) -> Result<Vec<QueueEntry>, AppError> {
    let ids = workstation.client.ready_submissions()?;
    Ok(ids.into_iter().map(|submission_id| QueueEntry { submission_id }).collect())
}

/// One cached submission as the review screen shows it (the number masked).
#[tauri::command(async)]
#[specta::specta]
pub fn review_sheet(
    workstation: State<'_, Arc<Workstation>>,
    submission_id: String,
) -> Result<ReviewSheet, AppError> {
    check_id(&submission_id)?;
    let item = workstation
        .client
        .review_entry(&submission_id)?
        .ok_or_else(|| AppError::new(ErrorCode::UnknownSubmission, "该申请不在本机缓存中"))?;
    let lease = Lease {
        submission_id: item.submission_id.clone(),
        lease_token: String::new(),
        expires_at: item.lease_expires_at,
        second_review: item.second_review,
    };
    let today = china_date(Utc::now());
    let calendar = workstation.client.calendar()?;
    Ok(ReviewSheet::new(&item.submission.submission, &lease, today, &calendar.calendar))
}

/// The reject-reason catalogue, in picker order.
#[tauri::command]
#[specta::specta]
pub fn reject_reasons() -> Vec<RejectReason> {
    reasons::catalogue().to_vec()
}

/// Exactly what the applicant will read for these reasons.
#[tauri::command]
#[specta::specta]
pub fn applicant_preview(
    codes: Vec<String>,
    other_text: Option<String>,
) -> Result<String, AppError> {
    let codes: Vec<&str> = codes.iter().map(String::as_str).collect();
    reasons::applicant_text(&codes, other_text.as_deref())
        .map_err(|error| AppError::new(error.code(), error.message_zh()))
}

/// Records a decision in the outbox (durable before this returns) and wakes the sync loop.
#[tauri::command(async)]
#[specta::specta]
pub fn decide(
    workstation: State<'_, Arc<Workstation>>,
    submission_id: String,
    decision: DecisionForm,
) -> Result<WorkStatus, AppError> {
    check_id(&submission_id)?;
    let input = DecisionInput {
        outcome: decision.outcome,
        reasons: decision.reasons,
        other_text: decision.other_text,
        note: decision.note,
    };
    workstation.client.decide(&submission_id, input)?;
    workstation.wake_sync_after_display();
    Ok(workstation.client.status()?.into())
}

/// The full ID number, once the server has audited the reveal (online only).
#[tauri::command]
#[specta::specta]
pub async fn reveal_id_number(
    workstation: State<'_, Arc<Workstation>>,
    submission_id: String,
) -> Result<String, AppError> {
    check_id(&submission_id)?;
    Ok(workstation.client.reveal_id_number(&submission_id).await?)
}

/// Claims a working day's batch on a long lease, for offline work.
#[tauri::command]
#[specta::specta]
pub async fn checkout_offline(
    workstation: State<'_, Arc<Workstation>>,
) -> Result<CheckoutView, AppError> {
    let checkout = workstation.client.checkout_offline(CHECKOUT_COUNT, CHECKOUT_HOURS).await?;
    Ok(CheckoutView {
        claimed: checkout.claimed,
        ready: checkout.ready,
        expires_at: checkout.expires_at,
    })
}

/// Decisions of ours the server did not take, with the ones that stand.
#[tauri::command(async)]
#[specta::specta]
pub fn conflicts(workstation: State<'_, Arc<Workstation>>) -> Result<Vec<ConflictView>, AppError> {
    let records = workstation.client.conflicts()?;
    Ok(records
        .into_iter()
        .map(|record| ConflictView {
            decision_id: record.ours.id.clone(),
            submission_id: record.ours.submission_id.clone(),
            code: match (record.kind, &record.refusal) {
                (ConflictKind::Refused, Some(refusal)) => refusal.code.clone(),
                _ => ErrorCode::Conflict.as_str().to_owned(),
            },
            message: match (record.kind, &record.refusal) {
                (ConflictKind::Refused, Some(refusal)) => refusal.message.clone(),
                _ => "他人已先作出决定".to_owned(),
            },
            yours: OwnDecisionView {
                outcome: record.ours.outcome,
                reasons: record.ours.reasons,
                decided_at: record.ours.decided_at,
            },
            theirs: record.theirs,
        })
        .collect())
}

/// Removes a conflict record the reviewer has read.
#[tauri::command(async)]
#[specta::specta]
pub fn dismiss_conflict(
    workstation: State<'_, Arc<Workstation>>,
    decision_id: String,
) -> Result<bool, AppError> {
    check_id(&decision_id)?;
    Ok(workstation.client.dismiss_conflict(&decision_id)?)
}
