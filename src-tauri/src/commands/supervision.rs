//! The supervisor's commands: each checks its input and calls one client function, online (the
//! server decides who may; a reviewer gets `supervisors_only`). All `command(async)` or `async`:
//! nothing here runs on the main thread that drives the window.

use reviewdesk_domain::ErrorCode;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;
use reviewdesk_client::{CaseSheet, VerdictInput};
use reviewdesk_domain::wire::case_search::CaseSearchResult;
use reviewdesk_domain::wire::queue_overview::{QueueOverview, RevokedLease};
use reviewdesk_domain::wire::saved_views::SavedView;
use reviewdesk_domain::wire::supervision::{
    AuditVerification, DecisionLogFilter, DecisionLogPage, DecisionLogQuery, ExportFormat,
    GoldenItem, SecondReviewItem, SecondReviewReceipt, Stats, Timeline,
};
use tauri::{AppHandle, Manager, State};

use crate::error::AppError;
use crate::workstation::Workstation;

/// Longest id, cursor or filter text accepted over IPC.
const MAX_TEXT_CHARS: usize = 256;

fn check_text(value: &str, what: &str) -> Result<(), AppError> {
    if value.chars().count() > MAX_TEXT_CHARS {
        return Err(AppError::new(
            ErrorCode::InputTooLong,
            format!("{what} over {MAX_TEXT_CHARS} characters"),
        ));
    }
    Ok(())
}

fn check_id(id: &str) -> Result<(), AppError> {
    if id.is_empty() || id.chars().count() > 64 {
        return Err(AppError::new(
            ErrorCode::BadSubmissionId,
            "submission id empty or over 64 characters",
        ));
    }
    Ok(())
}

fn check_filter(filter: &DecisionLogFilter) -> Result<(), AppError> {
    for (value, what) in [(&filter.reviewer, "reviewer"), (&filter.reason, "reason code")] {
        check_text(value.as_deref().unwrap_or_default(), what)?;
    }
    Ok(())
}

/// One page of the decision log, newest first; `cursor` is the previous page's `next_cursor`.
#[tauri::command]
#[specta::specta]
pub async fn decision_log(
    workstation: State<'_, Arc<Workstation>>,
    filter: DecisionLogFilter,
    cursor: Option<String>,
    limit: Option<u32>,
) -> Result<DecisionLogPage, AppError> {
    check_filter(&filter)?;
    check_text(cursor.as_deref().unwrap_or_default(), "cursor")?;
    let query = DecisionLogQuery { filter, cursor, limit };
    Ok(workstation.client.decision_log(&query).await?)
}

/// Where exports go: the user's Downloads folder, else their documents folder, else `Downloads`
/// in their home folder (a desktop without XDG user folders).
fn export_dir(app: &AppHandle) -> Result<PathBuf, AppError> {
    let paths = app.path();
    paths
        .download_dir()
        .or_else(|_| paths.document_dir())
        .or_else(|_| paths.home_dir().map(|home| home.join("Downloads")))
        .map_err(|_| {
            AppError::new(ErrorCode::NoExportDir, "neither a Downloads nor a Documents folder")
        })
}

/// Exports the filtered log as CSV or Excel into Downloads; returns the file's path. `full`:
/// unmasked ID numbers (the server audits it).
#[tauri::command]
#[specta::specta]
pub async fn export_decisions(
    app: AppHandle,
    workstation: State<'_, Arc<Workstation>>,
    filter: DecisionLogFilter,
    format: ExportFormat,
    full: bool,
) -> Result<String, AppError> {
    check_filter(&filter)?;
    let dir = export_dir(&app)?;
    let path = workstation.client.export_decisions(filter, format, full, &dir).await?;
    Ok(path.display().to_string())
}

/// The supervisor's case search: by case number, applicant id, ID number or name.
#[tauri::command]
#[specta::specta]
pub async fn find_cases(
    workstation: State<'_, Arc<Workstation>>,
    q: String,
) -> Result<CaseSearchResult, AppError> {
    Ok(workstation.client.find_cases(&q).await?)
}

/// Saves the monthly report of `month` (`YYYY-MM`) into Downloads; returns the file's path.
#[tauri::command]
#[specta::specta]
pub async fn export_monthly_report(
    app: AppHandle,
    workstation: State<'_, Arc<Workstation>>,
    month: String,
) -> Result<String, AppError> {
    check_text(&month, "month")?;
    let dir = export_dir(&app)?;
    let path = workstation.client.export_monthly_report(&month, &dir).await?;
    Ok(path.display().to_string())
}

/// The supervisor's saved views, by slot (`Alt+slot` reopens one).
#[tauri::command]
#[specta::specta]
pub async fn saved_views(
    workstation: State<'_, Arc<Workstation>>,
) -> Result<Vec<SavedView>, AppError> {
    Ok(workstation.client.saved_views().await?)
}

/// Saves the current filters as the view `name` (the server checks name and filters).
#[tauri::command]
#[specta::specta]
pub async fn save_view(
    workstation: State<'_, Arc<Workstation>>,
    name: String,
    filter: DecisionLogFilter,
) -> Result<SavedView, AppError> {
    check_text(&name, "view name")?;
    check_filter(&filter)?;
    Ok(workstation.client.save_view(&name, filter).await?)
}

/// Deletes the view `name`.
#[tauri::command]
#[specta::specta]
pub async fn delete_view(
    workstation: State<'_, Arc<Workstation>>,
    name: String,
) -> Result<(), AppError> {
    check_text(&name, "view name")?;
    Ok(workstation.client.delete_view(&name).await?)
}

/// The province's queue right now.
#[tauri::command]
#[specta::specta]
pub async fn queue_overview(
    workstation: State<'_, Arc<Workstation>>,
) -> Result<QueueOverview, AppError> {
    Ok(workstation.client.queue_overview().await?)
}

/// Takes a reviewer's live lease back (收回).
#[tauri::command]
#[specta::specta]
pub async fn revoke_lease(
    workstation: State<'_, Arc<Workstation>>,
    submission_id: String,
) -> Result<RevokedLease, AppError> {
    check_id(&submission_id)?;
    Ok(workstation.client.revoke_lease(&submission_id).await?)
}

/// Every audit event of a submission.
#[tauri::command]
#[specta::specta]
pub async fn timeline(
    workstation: State<'_, Arc<Workstation>>,
    submission_id: String,
) -> Result<Timeline, AppError> {
    check_id(&submission_id)?;
    Ok(workstation.client.timeline(&submission_id).await?)
}

/// A submission as the supervisor's case view shows it: the sheet (number masked) and its status.
/// Its photos load through `photo://localhost/case/<id>/<side>`.
#[tauri::command]
#[specta::specta]
pub async fn case_sheet(
    workstation: State<'_, Arc<Workstation>>,
    submission_id: String,
) -> Result<CaseSheet, AppError> {
    check_id(&submission_id)?;
    Ok(workstation.client.case_sheet(&submission_id).await?)
}

/// The second-review list: four-eyes items and the QA sample.
#[tauri::command]
#[specta::specta]
pub async fn second_reviews(
    workstation: State<'_, Arc<Workstation>>,
) -> Result<Vec<SecondReviewItem>, AppError> {
    Ok(workstation.client.second_reviews().await?)
}

/// A verdict on a second-review item (confirm, or change/overturn with a required note).
#[tauri::command]
#[specta::specta]
pub async fn second_review(
    workstation: State<'_, Arc<Workstation>>,
    verdict: VerdictInput,
) -> Result<SecondReviewReceipt, AppError> {
    check_id(&verdict.submission_id)?;
    Ok(workstation.client.second_review(verdict).await?)
}

/// Plants a copy of a decided case in the reviewers' queue as a golden item.
#[tauri::command]
#[specta::specta]
pub async fn plant_golden(
    workstation: State<'_, Arc<Workstation>>,
    source_id: String,
) -> Result<GoldenItem, AppError> {
    check_id(&source_id)?;
    Ok(workstation.client.plant_golden(&source_id).await?)
}

/// The province's statistics over `from..=to` (Beijing dates).
#[tauri::command]
#[specta::specta]
pub async fn stats(
    workstation: State<'_, Arc<Workstation>>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Stats, AppError> {
    Ok(workstation.client.stats(from, to).await?)
}

/// Verifies the server's audit chain.
#[tauri::command]
#[specta::specta]
pub async fn verify_audit(
    workstation: State<'_, Arc<Workstation>>,
) -> Result<AuditVerification, AppError> {
    Ok(workstation.client.verify_audit().await?)
}
