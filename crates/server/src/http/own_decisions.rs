//! `GET /api/v1/my-decisions/{case_number}`: a reviewer opens a case they decided, by the case
//! number someone quotes to them, read-only — the sheet as it is now (the number masked) and their
//! decision — for 30 days after deciding it (`store::rules::OWN_DECISIONS_READABLE_DAYS`). Any
//! other case — another reviewer's, one they only hold, another province's, an older one, an
//! unknown number — answers 404 as if it did not exist. A read is audited like every sheet read
//! (`submission_view`, saying it came by case number); a refused one reads nothing and records
//! nothing.

use axum::extract::State;
use axum::Json;
use reviewdesk_domain::audit::AuditAction;
use reviewdesk_domain::case_number::CaseNumber;
use reviewdesk_domain::wire::decision::DecisionLookup;
use reviewdesk_domain::wire::ErrorBody;
use reviewdesk_domain::ErrorCode;
use serde_json::json;

use super::blocking::with_store;
use super::error::ApiError;
use super::extract::ApiPath;
use super::principal::Staff;
use super::state::AppState;
use super::submissions::sheet_body;
use crate::store::AuditNote;

/// A case the caller decided, by its case number.
#[utoipa::path(get, path = "/api/v1/my-decisions/{case_number}", tag = "submissions",
    params(("case_number" = String, Path, description = "the case number, e.g. `11-20261206-0042` (full-width digits accepted)")),
    responses(
        (status = 200, body = DecisionLookup),
        (status = 422, body = ErrorBody, description = "`bad_case_number`: not a case number (the path's rule: province, Beijing date, sequence)"),
        (status = 404, body = ErrorBody, description = "`not_found`: not a case the caller decided within 30 days"),
        (status = 410, body = ErrorBody, description = "`personal_data_purged`: deleted after the retention period"),
    ),
    security(("bearer" = [])))]
pub async fn own_decision(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath(case_number): ApiPath<String>,
) -> Result<Json<DecisionLookup>, ApiError> {
    let Some(number) = CaseNumber::parse(&case_number) else {
        return Err(ApiError::unprocessable(
            ErrorCode::BadCaseNumber,
            "案件编号的格式应为“省份-日期-序号”，例如 11-20261206-0042",
        ));
    };
    let now = state.clock.now();
    let store_state = state.clone();
    let (submission, decision, checks) = with_store(&state.store, move |store| {
        let (submission, decision) = store.own_decision(&staff.user, &number.canonical(), now)?;
        let checks = store.photo_checks(&submission.id)?;
        store.audit(
            &AuditNote {
                actor: &staff.user.username,
                action: AuditAction::SubmissionView,
                subject: Some(&submission.id),
                detail: json!({"via": "case_number"}),
            },
            now,
        )?;
        Ok((submission, decision, checks))
    })
    .await?;
    Ok(Json(DecisionLookup { sheet: sheet_body(&store_state, submission, checks, now), decision }))
}
