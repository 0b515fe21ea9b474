//! The queue right now for a supervisor: `GET /api/v1/supervision/queue` (counts by state; items
//! due within one working day or late, with who holds each and until when) and `POST
//! /api/v1/supervision/queue/{id}/release` (收回: a stuck lease taken back, audited
//! `lease_revoked`; the holder's token can no longer decide). Own province only.

use axum::extract::State;
use axum::Json;
use reviewdesk_domain::calendar::china_date;
use reviewdesk_domain::wire::queue_overview::{QueueOverview, RevokedLease};
use reviewdesk_domain::wire::ErrorBody;

use super::blocking::run;
use super::error::ApiError;
use super::extract::ApiPath;
use super::principal::Supervisor;
use super::state::AppState;

/// The province's queue right now.
#[utoipa::path(get, path = "/api/v1/supervision/queue", tag = "supervision",
    responses(
        (status = 200, body = QueueOverview),
        (status = 403, body = ErrorBody, description = "`supervisors_only`"),
    ),
    security(("bearer" = [])))]
pub async fn overview(
    State(state): State<AppState>,
    Supervisor(staff): Supervisor,
) -> Result<Json<QueueOverview>, ApiError> {
    let now = state.clock.now();
    let overview = run(move || {
        let today = china_date(now);
        // At risk: due by the end of the next working day (today itself when the calendar
        // cannot say, which lists fewer, never a wrong "safe").
        let calendar = state.calendar.current(state.store.as_ref())?;
        let risk_until = calendar.calendar.due(today, 1).map_or(today, |due| due.date);
        Ok(state.store.queue_overview(&staff.user, today, risk_until, now)?)
    })
    .await?;
    Ok(Json(overview))
}

/// Takes a live lease back (收回).
#[utoipa::path(post, path = "/api/v1/supervision/queue/{id}/release", tag = "supervision",
    params(("id" = String, Path, description = "submission id")),
    responses(
        (status = 200, body = RevokedLease),
        (status = 403, body = ErrorBody, description = "`supervisors_only`"),
        (status = 404, body = ErrorBody, description = "`not_found` (also another province's, or a closed case)"),
        (status = 409, body = ErrorBody, description = "`not_leased`: nobody holds it"),
    ),
    security(("bearer" = [])))]
pub async fn revoke(
    State(state): State<AppState>,
    Supervisor(staff): Supervisor,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<RevokedLease>, ApiError> {
    let now = state.clock.now();
    let revoked = run(move || Ok(state.store.revoke_lease(&staff.user, &id, now)?)).await?;
    Ok(Json(revoked))
}
