//! `POST /api/v1/decisions`: a reviewer's decision under their lease. The client makes the id (a
//! UUID), so a retried request is recognised: 201 for a new decision, 200 for a replay of the same
//! one, 409 `conflict` with the other decision when someone else decided first.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use reviewdesk_domain::review::Outcome;
use serde::Deserialize;
use utoipa::ToSchema;

use super::blocking::with_store;
use super::error::ApiError;
use super::extract::ApiJson;
use super::principal::Staff;
use super::state::AppState;
use crate::store::{DecisionReceipt, NewDecision};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionRequest {
    /// A UUID made by the client: the idempotency key.
    pub id: String,
    pub submission_id: String,
    pub lease_token: String,
    /// `approve` or `reject`.
    #[schema(value_type = String, example = "reject")]
    pub outcome: Outcome,
    /// Reject-reason codes from the catalogue; empty for an approval.
    #[serde(default)]
    pub reasons: Vec<String>,
    /// The applicant-facing text of the `other` reason.
    pub other_text: Option<String>,
    /// A note for staff only.
    pub note: Option<String>,
}

/// Records a decision.
#[utoipa::path(post, path = "/api/v1/decisions", tag = "decisions", request_body = DecisionRequest,
    responses(
        (status = 201, body = Object, description = "new: decision, status, replayed = false"),
        (status = 200, body = Object, description = "replay of the same decision id"),
        (status = 403, description = "`own_decision`, `no_province`"),
        (status = 409, description = "`conflict` (with `decision`), `lease_invalid`, `not_open`, \
            `idempotency_mismatch`"),
        (status = 422, description = "`bad_decision_id` and reason errors"),
    ),
    security(("bearer" = [])))]
pub async fn decide(
    State(state): State<AppState>,
    staff: Staff,
    ApiJson(request): ApiJson<DecisionRequest>,
) -> Result<(StatusCode, Json<DecisionReceipt>), ApiError> {
    staff.province()?;
    if uuid::Uuid::try_parse(&request.id).is_err() {
        return Err(
            ApiError::unprocessable("bad_decision_id", "决定编号须为 UUID").with("field", "id")
        );
    }
    let decision = NewDecision {
        id: request.id,
        submission_id: request.submission_id,
        lease_token: request.lease_token,
        outcome: request.outcome,
        reasons: request.reasons,
        other_text: request.other_text,
        note: request.note,
    };
    let now = state.clock.now();
    let receipt =
        with_store(&state.store, move |store| store.decide(&staff.user, &decision, now)).await?;
    let status = if receipt.replayed { StatusCode::OK } else { StatusCode::CREATED };
    Ok((status, Json(receipt)))
}
