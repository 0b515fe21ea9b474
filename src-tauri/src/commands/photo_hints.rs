//! The photo viewer's 取证提示: the forensic hints of one photo, asked for on demand (online; the
//! server computes them, checks who may read the photo and audits the read).

use std::sync::Arc;

use reviewdesk_domain::review::PhotoSide;
use reviewdesk_domain::wire::photo_hints::PhotoHints;
use reviewdesk_domain::ErrorCode;
use tauri::State;

use crate::error::AppError;
use crate::workstation::Workstation;

/// The hints of one photo of a submission the reviewer holds (or a supervisor's decided case).
#[tauri::command]
#[specta::specta]
pub async fn photo_hints(
    workstation: State<'_, Arc<Workstation>>,
    submission_id: String,
    side: PhotoSide,
) -> Result<PhotoHints, AppError> {
    if submission_id.is_empty() || submission_id.chars().count() > 64 {
        return Err(AppError::new(
            ErrorCode::BadSubmissionId,
            "submission id empty or over 64 characters",
        ));
    }
    Ok(workstation.client.photo_hints(&submission_id, side).await?)
}
