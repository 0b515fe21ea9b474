//! `GET /metrics`: the Prometheus text exposition (see [`crate::metrics`] for what is measured
//! and why it needs no credentials). Served on the API's listener and, with
//! `server.metrics_listen`, alone on a second one ([`metrics_app`]).

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use chrono::Duration;
use reviewdesk_domain::wire::ErrorBody;

use super::blocking::run;
use super::error::ApiError;
use super::state::AppState;
use crate::clock::china_date;

/// The content type of the text exposition format.
pub const TEXT_FORMAT: &str = "text/plain; version=0.0.4; charset=utf-8";

/// Every metric of this instance.
#[utoipa::path(get, path = "/metrics", tag = "operations",
    responses(
        (status = 200, content_type = "text/plain", body = String,
            description = "Prometheus text exposition: queue depth and SLA risk per province, claims, decisions, latencies, photo-check backlog and outcomes, outbox lag"),
        (status = 500, body = ErrorBody, description = "`internal`: the store did not answer"),
    ))]
pub async fn metrics(State(state): State<AppState>) -> Result<impl IntoResponse, ApiError> {
    let today = china_date(state.clock.now());
    // Due within one working day: on or before the next working day. Without calendar data
    // for the coming days, the next calendar day.
    let now = state.clock.now();
    let metrics = std::sync::Arc::clone(&state.metrics);
    let (depths, checks) = run(move || {
        let calendar = state.calendar.current(state.store.as_ref())?;
        let due_by = calendar
            .calendar
            .due(today, 1)
            .map_or_else(|_| today + Duration::days(1), |due| due.date);
        Ok((state.store.queue_depths(due_by)?, state.store.photo_check_backlog(now)?))
    })
    .await?;
    let oldest_age = checks
        .oldest_enqueued_at
        .map_or(0.0, |at| (now - at).num_milliseconds().max(0) as f64 / 1000.0);
    Ok(([(header::CONTENT_TYPE, TEXT_FORMAT)], metrics.render(&depths, &checks, oldest_age)))
}

/// A router serving only `GET /metrics` (for `server.metrics_listen`).
pub fn metrics_app(state: AppState) -> Router {
    Router::new().route("/metrics", get(metrics)).with_state(state)
}
