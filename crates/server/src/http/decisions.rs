//! `POST /api/v1/decisions`: a reviewer's decision under their lease. The client makes the id (a
//! UUID), so a retried request is recognised: 201 for a new decision, 200 for a replay of the same
//! one, 409 `conflict` with the other decision when someone else decided first.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;

use reviewdesk_domain::wire::ErrorBody;

use super::blocking::with_store;
use super::error::ApiError;
use super::extract::ApiJson;
use super::principal::Staff;
use super::state::AppState;
use crate::store::{DecisionReceipt, NewDecision};

/// Records a decision.
#[utoipa::path(post, path = "/api/v1/decisions", tag = "decisions", request_body = NewDecision,
    responses(
        (status = 201, body = DecisionReceipt, description = "a new decision"),
        (status = 200, body = DecisionReceipt, description = "a replay of the same decision id"),
        (status = 403, body = ErrorBody, description = "`own_decision`, `no_province`"),
        (status = 409, body = ErrorBody, description = "`conflict` (with `decision`), `lease_invalid`, `not_open`, \
            `idempotency_mismatch`"),
        (status = 422, body = ErrorBody, description = "`bad_decision_id` and reason errors"),
    ),
    security(("bearer" = [])))]
pub async fn decide(
    State(state): State<AppState>,
    staff: Staff,
    ApiJson(decision): ApiJson<NewDecision>,
) -> Result<(StatusCode, Json<DecisionReceipt>), ApiError> {
    staff.province()?;
    if uuid::Uuid::try_parse(&decision.id).is_err() {
        return Err(
            ApiError::unprocessable("bad_decision_id", "决定编号须为 UUID").with("field", "id")
        );
    }
    let now = state.clock.now();
    let outcome = decision.outcome.as_str();
    let receipt =
        with_store(&state.store, move |store| store.decide(&staff.user, &decision, now)).await?;
    if !receipt.replayed {
        state.metrics.decided(outcome);
    }
    let status = if receipt.replayed { StatusCode::OK } else { StatusCode::CREATED };
    Ok((status, Json(receipt)))
}
