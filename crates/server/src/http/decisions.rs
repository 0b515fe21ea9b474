//! `POST /api/v1/decisions`: a reviewer's decision under their lease (a first-stage decision:
//! supervisors make none unless `supervisors_claim_first_stage` is set; theirs are verdicts). The
//! client makes the id (a UUID), so a retried request is recognised: 201 for a new decision, 200
//! for a replay of the same one, 409 `conflict` with the other decision when someone else decided
//! first.
//!
//! The QA sample is drawn here, from the operating system's randomness at the share the settings
//! give for the decision's outcome (so no reviewer can tell or steer which decisions are sampled);
//! the store keeps the draw only when the decision is final.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use reviewdesk_domain::ErrorCode;

use reviewdesk_domain::review::Outcome;
use reviewdesk_domain::wire::ErrorBody;

use super::blocking::with_store;
use super::error::ApiError;
use super::extract::ApiJson;
use super::principal::Staff;
use super::state::AppState;
use crate::store::{DecisionReceipt, NewDecision};

/// True with probability `share` (0 to 1).
fn draw(share: f64) -> Result<bool, ApiError> {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).map_err(ApiError::internal)?;
    // 53 random bits: a uniform value in [0, 1).
    let uniform = (u64::from_le_bytes(bytes) >> 11) as f64 / (1u64 << 53) as f64;
    Ok(uniform < share)
}

/// Records a decision.
#[utoipa::path(post, path = "/api/v1/decisions", tag = "decisions", request_body = NewDecision,
    responses(
        (status = 201, body = DecisionReceipt, description = "a new decision"),
        (status = 200, body = DecisionReceipt, description = "a replay of the same decision id"),
        (status = 403, body = ErrorBody, description = "`own_decision`, `no_province`, `reviewers_only`"),
        (status = 409, body = ErrorBody, description = "`conflict` (with `decision`), `lease_invalid`, `lease_released`, `not_open`, \
            `idempotency_mismatch`"),
        (status = 422, body = ErrorBody, description = "`bad_decision_id`, `reasons_with_approval`, `no_reason`, \
            `unknown_reason_code`, `duplicate_reason_code`, `other_text_missing`, `other_text_too_long`, \
            `other_text_control_chars`, `other_text_without_other`, `note_too_long`, \
            `overrides_with_rejection`, `unknown_finding_code`, `duplicate_finding_code`"),
    ),
    security(("bearer" = [])))]
pub async fn decide(
    State(state): State<AppState>,
    staff: Staff,
    ApiJson(decision): ApiJson<NewDecision>,
) -> Result<(StatusCode, Json<DecisionReceipt>), ApiError> {
    staff.first_stage_reviewer(&state.settings)?;
    if uuid::Uuid::try_parse(&decision.id).is_err() {
        return Err(ApiError::unprocessable(ErrorCode::BadDecisionId, "决定编号须为 UUID")
            .with("field", "id"));
    }
    let now = state.clock.now();
    let share = match decision.outcome {
        Outcome::Approve => state.settings.qa_share_approved,
        Outcome::Reject => state.settings.qa_share_rejected,
    };
    let qa_sample = draw(share)?;
    let outcome = decision.outcome.as_str();
    let receipt = with_store(&state.store, move |store| {
        store.decide_sampled(&staff.user, &decision, qa_sample, now)
    })
    .await?;
    if !receipt.replayed {
        state.metrics.decided(outcome);
    }
    let status = if receipt.replayed { StatusCode::OK } else { StatusCode::CREATED };
    Ok((status, Json(receipt)))
}
