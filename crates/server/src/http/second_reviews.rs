//! Second review by supervisors: `GET /api/v1/supervision/second-reviews` (four-eyes items and
//! QA samples waiting, never the caller's own decisions), `POST` of the same path (a verdict:
//! confirm, change or overturn, with a required note; idempotent on its UUID), and
//! `POST /api/v1/supervision/golden` (plant a copy of a decided case as a golden item).

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use reviewdesk_domain::calendar::china_date;
use reviewdesk_domain::wire::supervision::{
    GoldenItem, PlantGoldenRequest, SecondReviewItem, SecondReviewReceipt, SecondReviewRequest,
};
use reviewdesk_domain::wire::ErrorBody;
use reviewdesk_domain::ErrorCode;

use super::blocking::{run, with_store};
use super::error::ApiError;
use super::extract::ApiJson;
use super::principal::Supervisor;
use super::state::AppState;

/// What waits for a supervisor's verdict.
#[utoipa::path(get, path = "/api/v1/supervision/second-reviews", tag = "supervision",
    responses(
        (status = 200, body = Vec<SecondReviewItem>),
        (status = 403, body = ErrorBody, description = "`supervisors_only`"),
    ),
    security(("bearer" = [])))]
pub async fn list(
    State(state): State<AppState>,
    Supervisor(staff): Supervisor,
) -> Result<Json<Vec<SecondReviewItem>>, ApiError> {
    let items = with_store(&state.store, move |store| store.second_reviews(&staff.user)).await?;
    Ok(Json(items))
}

/// A verdict on a second-review item.
#[utoipa::path(post, path = "/api/v1/supervision/second-reviews", tag = "supervision",
    request_body = SecondReviewRequest,
    responses(
        (status = 201, body = SecondReviewReceipt, description = "a new verdict"),
        (status = 200, body = SecondReviewReceipt, description = "a replay of the same id"),
        (status = 403, body = ErrorBody, description = "`supervisors_only`, `own_decision`"),
        (status = 404, body = ErrorBody, description = "`not_found`"),
        (status = 409, body = ErrorBody, description = "`conflict` (with `decision`), \
            `idempotency_mismatch`"),
        (status = 422, body = ErrorBody, description = "`bad_decision_id`, `note_required`, \
            `not_for_review`, `reasons_with_approval`, `no_reason`, \
            `unknown_reason_code`, `duplicate_reason_code`, `other_text_missing`, `other_text_too_long`, \
            `other_text_control_chars`, `other_text_without_other`, `note_too_long`"),
    ),
    security(("bearer" = [])))]
pub async fn verdict(
    State(state): State<AppState>,
    Supervisor(staff): Supervisor,
    ApiJson(request): ApiJson<SecondReviewRequest>,
) -> Result<(StatusCode, Json<SecondReviewReceipt>), ApiError> {
    if uuid::Uuid::try_parse(&request.id).is_err() {
        return Err(ApiError::unprocessable(ErrorCode::BadDecisionId, "决定编号须为 UUID")
            .with("field", "id"));
    }
    let now = state.clock.now();
    let receipt =
        with_store(&state.store, move |store| store.second_review(&staff.user, &request, now))
            .await?;
    let status = if receipt.replayed { StatusCode::OK } else { StatusCode::CREATED };
    Ok((status, Json(receipt)))
}

/// Plants a golden item.
#[utoipa::path(post, path = "/api/v1/supervision/golden", tag = "supervision",
    request_body = PlantGoldenRequest,
    responses(
        (status = 201, body = GoldenItem),
        (status = 403, body = ErrorBody, description = "`supervisors_only`"),
        (status = 404, body = ErrorBody, description = "`not_found`"),
        (status = 410, body = ErrorBody, description = "`personal_data_purged`: the case's personal data is deleted"),
        (status = 422, body = ErrorBody, description = "`not_decided`"),
    ),
    security(("bearer" = [])))]
pub async fn plant_golden(
    State(state): State<AppState>,
    Supervisor(staff): Supervisor,
    ApiJson(request): ApiJson<PlantGoldenRequest>,
) -> Result<(StatusCode, Json<GoldenItem>), ApiError> {
    let now = state.clock.now();
    // Due like a new request made today, so nothing about it stands out in the queue.
    let golden_id = uuid::Uuid::new_v4().to_string();
    let item = run(move || {
        let calendar = state.calendar.current(state.store.as_ref())?;
        let due = calendar.calendar.due(china_date(now), state.settings.due_working_days).ok();
        Ok(state.store.plant_golden(
            &staff.user,
            &request.source_submission_id,
            &golden_id,
            due,
            now,
        )?)
    })
    .await?;
    Ok((StatusCode::CREATED, Json(item)))
}
