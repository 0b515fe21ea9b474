//! The work queue for provincial staff: `POST /api/v1/queue/claim` leases up to `max` open
//! submissions of the caller's province (earliest due first), `renew` extends a lease and
//! `release` gives the item back. Leases last `lease_seconds` (default 15 minutes, at most 8 hours).
//! Only reviewers claim and renew (supervisors too when `supervisors_claim_first_stage` is set:
//! [`Staff::first_stage_reviewer`]); anyone holding a lease may release it.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use chrono::Duration;
use reviewdesk_domain::wire::{
    ClaimRequest, ClaimResponse, ErrorBody, ReleaseRequest, RenewRequest,
};

use super::blocking::with_store;
use super::error::ApiError;
use super::extract::ApiJson;
use super::principal::Staff;
use super::state::AppState;
use crate::store::Lease;

fn lease_length(state: &AppState, seconds: Option<i64>) -> Duration {
    // Out-of-range lengths are refused by the store with `bad_lease_length`.
    seconds.map_or(state.settings.default_lease, |seconds| {
        Duration::try_seconds(seconds).unwrap_or(Duration::MAX)
    })
}

/// Leases open submissions of the caller's province.
#[utoipa::path(post, path = "/api/v1/queue/claim", tag = "queue", request_body = ClaimRequest,
    responses((status = 200, body = ClaimResponse),
        (status = 403, body = ErrorBody, description = "`no_province`, `reviewers_only`"),
        (status = 422, body = ErrorBody, description = "`bad_claim_size`, `bad_lease_length`")),
    security(("bearer" = [])))]
pub async fn claim(
    State(state): State<AppState>,
    staff: Staff,
    ApiJson(request): ApiJson<ClaimRequest>,
) -> Result<Json<ClaimResponse>, ApiError> {
    staff.first_stage_reviewer(&state.settings)?;
    let lease_for = lease_length(&state, request.lease_seconds);
    let now = state.clock.now();
    let leases = with_store(&state.store, move |store| {
        store.claim(&staff.user, request.max, lease_for, now)
    })
    .await?;
    state.metrics.claimed(leases.len());
    Ok(Json(ClaimResponse { leases }))
}

/// Extends a lease the caller holds.
#[utoipa::path(post, path = "/api/v1/queue/renew", tag = "queue", request_body = RenewRequest,
    responses((status = 200, body = Lease),
        (status = 403, body = ErrorBody, description = "`no_province`, `reviewers_only`"),
        (status = 404, body = ErrorBody, description = "`not_found`: no such submission"),
        (status = 409, body = ErrorBody, description = "`lease_invalid`, `not_open`"),
        (status = 422, body = ErrorBody, description = "`bad_lease_length`")),
    security(("bearer" = [])))]
pub async fn renew(
    State(state): State<AppState>,
    staff: Staff,
    ApiJson(request): ApiJson<RenewRequest>,
) -> Result<Json<Lease>, ApiError> {
    staff.first_stage_reviewer(&state.settings)?;
    let lease_for = lease_length(&state, request.lease_seconds);
    let now = state.clock.now();
    let lease = with_store(&state.store, move |store| {
        store.renew(&staff.user, &request.submission_id, &request.lease_token, lease_for, now)
    })
    .await?;
    Ok(Json(lease))
}

/// Gives a leased submission back to the queue.
#[utoipa::path(post, path = "/api/v1/queue/release", tag = "queue", request_body = ReleaseRequest,
    responses((status = 204),
        (status = 403, body = ErrorBody, description = "`no_province`"),
        (status = 404, body = ErrorBody, description = "`not_found`: no such submission"),
        (status = 409, body = ErrorBody, description = "`lease_invalid`, `not_open`")),
    security(("bearer" = [])))]
pub async fn release(
    State(state): State<AppState>,
    staff: Staff,
    ApiJson(request): ApiJson<ReleaseRequest>,
) -> Result<StatusCode, ApiError> {
    staff.province()?;
    let now = state.clock.now();
    with_store(&state.store, move |store| {
        store.release(&staff.user, &request.submission_id, &request.lease_token, now)
    })
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
