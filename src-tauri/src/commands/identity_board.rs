//! The review screen's 人证比对 (identity board): the held card beside the uploaded card and the
//! three faces, asked for when opened (online; the server checks the lease and audits the read).

use std::sync::Arc;

use reviewdesk_domain::wire::identity_board::IdentityBoardView;
use reviewdesk_domain::ErrorCode;
use tauri::State;

use crate::error::AppError;
use crate::workstation::Workstation;

/// The identity board of a submission the reviewer holds.
#[tauri::command]
#[specta::specta]
pub async fn identity_board(
    workstation: State<'_, Arc<Workstation>>,
    submission_id: String,
) -> Result<IdentityBoardView, AppError> {
    if submission_id.is_empty() || submission_id.chars().count() > 64 {
        return Err(AppError::new(
            ErrorCode::BadSubmissionId,
            "submission id empty or over 64 characters",
        ));
    }
    Ok(workstation.client.identity_board(&submission_id).await?)
}
