//! The supervisor's 人脸比对校准: the status of the face-similarity calibration, a new run on the
//! province's decided cases, and the bands set from a run. Online; the server decides who may
//! (a reviewer gets `supervisors_only`) and checks the thresholds.

use std::sync::Arc;

use reviewdesk_domain::wire::face_calibration::{
    CalibrationRun, CalibrationStatus, SetBandsRequest, SimilarityBands,
};
use tauri::State;

use crate::error::AppError;
use crate::workstation::Workstation;

/// The latest run and the bands in force (none: not calibrated).
#[tauri::command]
#[specta::specta]
pub async fn face_calibration(
    workstation: State<'_, Arc<Workstation>>,
) -> Result<CalibrationStatus, AppError> {
    Ok(workstation.client.face_calibration().await?)
}

/// Measures the province's decided cases now.
#[tauri::command]
#[specta::specta]
pub async fn run_face_calibration(
    workstation: State<'_, Arc<Workstation>>,
) -> Result<CalibrationRun, AppError> {
    Ok(workstation.client.run_face_calibration().await?)
}

/// Sets the similarity bands from a run (the server validates them and audits the change).
#[tauri::command]
#[specta::specta]
pub async fn set_similarity_bands(
    workstation: State<'_, Arc<Workstation>>,
    bands: SetBandsRequest,
) -> Result<SimilarityBands, AppError> {
    Ok(workstation.client.set_similarity_bands(&bands).await?)
}
