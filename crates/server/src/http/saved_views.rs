//! A supervisor's saved views of the decision log: `GET /api/v1/supervision/views` (their own, by
//! slot), `PUT /api/v1/supervision/views/{name}` (save: a new name takes the lowest free slot
//! 1–9, a known one keeps its slot) and `DELETE /api/v1/supervision/views/{name}`. Kept on the
//! server per account, so a shared or replaced PC loses none; nobody reads another's views. Not
//! audited: a view holds filters, no personal data, and opening one runs the (audited where it
//! matters) decision log like any other query.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use reviewdesk_domain::wire::saved_views::{SaveViewRequest, SavedView};
use reviewdesk_domain::wire::ErrorBody;

use super::blocking::with_store;
use super::error::ApiError;
use super::extract::{ApiJson, ApiPath};
use super::principal::Supervisor;
use super::state::AppState;

/// The supervisor's saved views, by slot.
#[utoipa::path(get, path = "/api/v1/supervision/views", tag = "supervision",
    responses(
        (status = 200, body = Vec<SavedView>),
        (status = 403, body = ErrorBody, description = "`supervisors_only`"),
    ),
    security(("bearer" = [])))]
pub async fn list(
    State(state): State<AppState>,
    Supervisor(staff): Supervisor,
) -> Result<Json<Vec<SavedView>>, ApiError> {
    let views = with_store(&state.store, move |store| store.saved_views(&staff.user)).await?;
    Ok(Json(views))
}

/// Saves the current filters under a name.
#[utoipa::path(put, path = "/api/v1/supervision/views/{name}", tag = "supervision",
    params(("name" = String, Path, description = "the view's name, 1 to 20 characters")),
    request_body = SaveViewRequest,
    responses(
        (status = 200, body = SavedView),
        (status = 403, body = ErrorBody, description = "`supervisors_only`"),
        (status = 422, body = ErrorBody, description = "`bad_view_name`, `too_many_views`, `bad_view_filter`, `unknown_reason_code`, `bad_date_range`, `invalid_request` (a filter value the log does not know)"),
    ),
    security(("bearer" = [])))]
pub async fn save(
    State(state): State<AppState>,
    Supervisor(staff): Supervisor,
    ApiPath(name): ApiPath<String>,
    ApiJson(request): ApiJson<SaveViewRequest>,
) -> Result<Json<SavedView>, ApiError> {
    let now = state.clock.now();
    let view = with_store(&state.store, move |store| {
        store.save_view(&staff.user, &name, &request.filter, now)
    })
    .await?;
    Ok(Json(view))
}

/// Deletes a saved view.
#[utoipa::path(delete, path = "/api/v1/supervision/views/{name}", tag = "supervision",
    params(("name" = String, Path, description = "the view's name")),
    responses(
        (status = 204),
        (status = 403, body = ErrorBody, description = "`supervisors_only`"),
        (status = 404, body = ErrorBody, description = "`not_found`: the supervisor has no view by that name"),
    ),
    security(("bearer" = [])))]
pub async fn delete(
    State(state): State<AppState>,
    Supervisor(staff): Supervisor,
    ApiPath(name): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    with_store(&state.store, move |store| store.delete_view(&staff.user, &name)).await?;
    Ok(StatusCode::NO_CONTENT)
}
