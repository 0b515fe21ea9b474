//! `GET /api/v1/supervision/cases?q=…`: a supervisor finds a case of their province by case
//! number, applicant id, exact ID number or exact name. Hits carry the name and the number
//! masked; every search is audited durably (`case_search`, one event per case found, naming the
//! kind of match but never a name or a number) before the answer leaves.

use axum::extract::State;
use axum::Json;
use reviewdesk_domain::wire::case_search::{CaseSearchQuery, CaseSearchResult, MAX_CASE_QUERY};
use reviewdesk_domain::wire::ErrorBody;
use reviewdesk_domain::ErrorCode;

use super::blocking::with_store;
use super::error::ApiError;
use super::extract::ApiQuery;
use super::principal::Supervisor;
use super::state::AppState;

/// Finds cases.
#[utoipa::path(get, path = "/api/v1/supervision/cases", tag = "supervision",
    params(CaseSearchQuery),
    responses(
        (status = 200, body = CaseSearchResult),
        (status = 400, body = ErrorBody, description = "`bad_query`: empty, too long or unknown parameters"),
        (status = 403, body = ErrorBody, description = "`supervisors_only`"),
    ),
    security(("bearer" = [])))]
pub async fn find_cases(
    State(state): State<AppState>,
    Supervisor(staff): Supervisor,
    ApiQuery(query): ApiQuery<CaseSearchQuery>,
) -> Result<Json<CaseSearchResult>, ApiError> {
    let Some(terms) = query.terms() else {
        return Err(ApiError::bad_request(
            ErrorCode::BadQuery,
            format!(
                "请输入要查找的案件编号、申请人编号、证件号码或姓名（1–{MAX_CASE_QUERY} 个字符）"
            ),
        ));
    };
    let now = state.clock.now();
    let found =
        with_store(&state.store, move |store| store.find_cases(&staff.user, &terms, now)).await?;
    Ok(Json(found))
}
