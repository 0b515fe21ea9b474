//! The face-similarity calibration of a supervisor's province: `POST
//! /api/v1/face-calibration/runs` (run one now on the province's approved cases: the pair counts
//! and the rates at the candidate thresholds, audited `face_calibration_run`), `GET
//! /api/v1/face-calibration` (the latest run and the bands in force; none: uncalibrated) and `PUT
//! /api/v1/face-calibration/bands` (set the two thresholds from a sufficient run of the province,
//! audited `similarity_bands_set`). Supervisors of the province only: reviewers get 403
//! `supervisors_only`; another province's runs do not exist for them. Counts and rates only: no
//! face, no distance of a named case leaves the server.

use axum::extract::State;
use axum::Json;
use reviewdesk_domain::wire::face_calibration::{
    CalibrationRun, CalibrationStatus, SetBandsRequest, SimilarityBands,
};
use reviewdesk_domain::wire::ErrorBody;

use super::blocking::with_store;
use super::error::ApiError;
use super::extract::ApiJson;
use super::principal::Supervisor;
use super::state::AppState;
use crate::store::rules::province_of;

/// Runs a calibration of the supervisor's province now.
#[utoipa::path(post, path = "/api/v1/face-calibration/runs", tag = "supervision",
    responses(
        (status = 200, body = CalibrationRun, description = "The run; `sufficient: false` with `thin_reason` when bands cannot be set from it"),
        (status = 403, body = ErrorBody, description = "`supervisors_only`"),
        (status = 422, body = ErrorBody, description = "`no_province`: the account has no province"),
    ),
    security(("bearer" = [])))]
pub async fn run(
    State(state): State<AppState>,
    Supervisor(staff): Supervisor,
) -> Result<Json<CalibrationRun>, ApiError> {
    let now = state.clock.now();
    let minimums = state.settings.calibration_minimums;
    let run = with_store(&state.store, move |store| {
        crate::face_calibration::run(store, &staff.user, minimums, now)
    })
    .await?;
    Ok(Json(run))
}

/// The latest run and the bands in force in the supervisor's province.
#[utoipa::path(get, path = "/api/v1/face-calibration", tag = "supervision",
    responses(
        (status = 200, body = CalibrationStatus),
        (status = 403, body = ErrorBody, description = "`supervisors_only`"),
        (status = 422, body = ErrorBody, description = "`no_province`: the account has no province"),
    ),
    security(("bearer" = [])))]
pub async fn status(
    State(state): State<AppState>,
    Supervisor(staff): Supervisor,
) -> Result<Json<CalibrationStatus>, ApiError> {
    let status =
        with_store(&state.store, move |store| store.calibration_status(province_of(&staff.user)?))
            .await?;
    Ok(Json(status))
}

/// Sets the province's similarity bands from one of its runs.
#[utoipa::path(put, path = "/api/v1/face-calibration/bands", tag = "supervision",
    request_body = SetBandsRequest,
    responses(
        (status = 200, body = SimilarityBands),
        (status = 403, body = ErrorBody, description = "`supervisors_only`"),
        (status = 422, body = ErrorBody, description = "`bad_similarity_bands` (not finite, or not 0 < similar_below ≤ dissimilar_from < 2), `unknown_calibration_run` (no such run in the province), `calibration_too_thin` (the run had too few pairs), `no_province`"),
    ),
    security(("bearer" = [])))]
pub async fn set_bands(
    State(state): State<AppState>,
    Supervisor(staff): Supervisor,
    ApiJson(request): ApiJson<SetBandsRequest>,
) -> Result<Json<SimilarityBands>, ApiError> {
    let now = state.clock.now();
    let bands = with_store(&state.store, move |store| {
        store.set_similarity_bands(&staff.user, &request, now)
    })
    .await?;
    Ok(Json(bands))
}
