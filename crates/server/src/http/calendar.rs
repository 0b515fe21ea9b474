//! `GET /api/v1/calendar`: the deployment's working-day calendar, for the desktops to sync. Any
//! signed-in staff member may read it (it holds no personal data; nothing is audited). With
//! `known_version` equal to the current version the answer is the version alone.

use axum::extract::State;
use axum::Json;
use reviewdesk_domain::wire::calendar::{CalendarBody, CalendarQuery, CalendarUpdate};
use reviewdesk_domain::wire::ErrorBody;

use super::blocking::run;
use super::error::ApiError;
use super::extract::ApiQuery;
use super::principal::Staff;
use super::state::AppState;

/// The working-day calendar, unless the caller holds its current version.
#[utoipa::path(get, path = "/api/v1/calendar", tag = "calendar", params(CalendarQuery),
    responses((status = 200, body = CalendarUpdate),
        (status = 400, body = ErrorBody, description = "`bad_query`"),
        (status = 401, body = ErrorBody, description = "`missing_token`, `invalid_token`"),
        (status = 403, body = ErrorBody, description = "`staff_only` (an intake key)")),
    security(("bearer" = [])))]
pub async fn calendar(
    State(state): State<AppState>,
    _staff: Staff,
    ApiQuery(query): ApiQuery<CalendarQuery>,
) -> Result<Json<CalendarUpdate>, ApiError> {
    let stored = run(move || Ok(state.calendar.current(state.store.as_ref())?)).await?;
    let version = u32::try_from(stored.version).unwrap_or(u32::MAX);
    let calendar = (query.known_version != Some(version))
        .then(|| CalendarBody { file: stored.calendar.to_file(), sources: stored.sources.clone() });
    Ok(Json(CalendarUpdate { version, calendar }))
}
