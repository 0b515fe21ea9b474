//! The review screen's commands. Everything but reveal and checkout is local (the cache), so it
//! answers at once, online or not; the sync loop does the network work. Every command that touches
//! the cache (a decision's fsync, decryption) is `command(async)`: a plain command would run on the
//! main thread, which also drives the window, and stall the next frame.

use reviewdesk_domain::ErrorCode;
use std::sync::Arc;

use reviewdesk_client::{Checkout, DecisionInput, Released, Status};
use reviewdesk_domain::id::IdType;
use reviewdesk_domain::reasons::{self, RejectReason};
use reviewdesk_domain::sheet::ReviewSheet;
use reviewdesk_domain::wire::decision::DecisionLookup;
use tauri::State;

use crate::error::AppError;
use crate::models::{ConflictView, QueueEntry};
use crate::workstation::Workstation;

/// An offline checkout: a working day's batch.
const CHECKOUT_COUNT: u32 = 30;
const CHECKOUT_HOURS: i64 = 8;
/// Longest submission id accepted over IPC (ids are UUIDs).
const MAX_ID_CHARS: usize = 64;

fn check_id(submission_id: &str) -> Result<(), AppError> {
    if submission_id.is_empty() || submission_id.chars().count() > MAX_ID_CHARS {
        return Err(AppError::new(
            ErrorCode::BadSubmissionId,
            "submission id empty or over 64 characters",
        ));
    }
    Ok(())
}

/// The status line: online, outbox, conflicts, lease expiry, last sync (then `WorkChanged`).
#[tauri::command(async)]
#[specta::specta]
pub fn work_status(workstation: State<'_, Arc<Workstation>>) -> Result<Status, AppError> {
    Ok(workstation.client.status()?)
}

/// The submissions ready to review here, in order (then `QueueChanged`).
#[tauri::command(async)]
#[specta::specta]
pub fn queue(workstation: State<'_, Arc<Workstation>>) -> Result<Vec<QueueEntry>, AppError> {
    Ok(QueueEntry::list(workstation.client.ready_submissions()?))
}

/// One cached submission as the review screen shows it (the number masked).
#[tauri::command(async)]
#[specta::specta]
pub fn review_sheet(
    workstation: State<'_, Arc<Workstation>>,
    submission_id: String,
) -> Result<ReviewSheet, AppError> {
    check_id(&submission_id)?;
    Ok(workstation.client.review_sheet(&submission_id)?)
}

/// The reject-reason catalogue, in picker order.
#[tauri::command]
#[specta::specta]
pub fn reject_reasons() -> Vec<RejectReason> {
    reasons::catalogue().to_vec()
}

/// Exactly what the applicant who submitted `id_type` will read for these reasons.
#[tauri::command]
#[specta::specta]
pub fn applicant_preview(
    id_type: IdType,
    codes: Vec<String>,
    other_text: Option<String>,
) -> Result<String, AppError> {
    let codes: Vec<&str> = codes.iter().map(String::as_str).collect();
    reasons::applicant_text(id_type, &codes, other_text.as_deref())
        .map_err(|error| AppError::new(error.code(), error.message_zh()))
}

/// Records a decision in the outbox (durable before this returns) and wakes the sync loop; the
/// status and the queue follow as events.
#[tauri::command(async)]
#[specta::specta]
pub fn decide(
    workstation: State<'_, Arc<Workstation>>,
    submission_id: String,
    decision: DecisionInput,
) -> Result<Status, AppError> {
    check_id(&submission_id)?;
    workstation.client.decide(&submission_id, decision)?;
    workstation.wake_sync_after_display();
    workstation.wake_sync_after_undo_window();
    workstation.publish_soon();
    Ok(workstation.client.status()?)
}

/// Recalls (撤回) a decision inside its undo window: it never reaches the server and its
/// submission is back in the queue (`recall_too_late` once the window closed). The status and
/// the queue follow as events.
#[tauri::command(async)]
#[specta::specta]
pub fn recall_decision(
    workstation: State<'_, Arc<Workstation>>,
    decision_id: String,
) -> Result<Status, AppError> {
    check_id(&decision_id)?;
    workstation.client.recall_decision(&decision_id)?;
    workstation.publish_soon();
    Ok(workstation.client.status()?)
}

/// A case this reviewer decided within 30 days, by its case number (查找我审过的案件).
#[tauri::command]
#[specta::specta]
pub async fn own_decision(
    workstation: State<'_, Arc<Workstation>>,
    case_number: String,
) -> Result<DecisionLookup, AppError> {
    if case_number.trim().is_empty() || case_number.chars().count() > 64 {
        return Err(AppError::new(ErrorCode::BadCaseNumber, "case number empty or too long"));
    }
    Ok(workstation.client.own_decision(&case_number).await?)
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
) -> Result<Checkout, AppError> {
    let checkout = workstation.client.checkout_offline(CHECKOUT_COUNT, CHECKOUT_HOURS).await;
    workstation.publish();
    Ok(checkout?)
}

/// The page says it is back after its web process ended (`page_recovery`), showing
/// `submission_id`: recorded in the desktop log, so a crash and its recovery read as one story.
#[tauri::command(async)]
#[specta::specta]
pub fn page_recovered(submission_id: Option<String>) -> Result<(), AppError> {
    if let Some(id) = &submission_id {
        check_id(id)?;
    }
    tracing::info!(
        case = submission_id.as_deref().unwrap_or("-"),
        "the page is back after its web process ended"
    );
    Ok(())
}

/// Gives the offline batch's undecided submissions back to the server's queue (online only).
#[tauri::command]
#[specta::specta]
pub async fn release_offline(
    workstation: State<'_, Arc<Workstation>>,
) -> Result<Released, AppError> {
    let released = workstation.client.release_offline().await;
    workstation.publish();
    Ok(released?)
}

/// Decisions of ours the server did not take, with the ones that stand (then
/// `ConflictsChanged`).
#[tauri::command(async)]
#[specta::specta]
pub fn conflicts(workstation: State<'_, Arc<Workstation>>) -> Result<Vec<ConflictView>, AppError> {
    Ok(ConflictView::list(workstation.client.conflicts()?))
}

/// Removes a conflict record the reviewer has read.
#[tauri::command(async)]
#[specta::specta]
pub fn dismiss_conflict(
    workstation: State<'_, Arc<Workstation>>,
    decision_id: String,
) -> Result<bool, AppError> {
    check_id(&decision_id)?;
    let dismissed = workstation.client.dismiss_conflict(&decision_id)?;
    workstation.publish();
    Ok(dismissed)
}
