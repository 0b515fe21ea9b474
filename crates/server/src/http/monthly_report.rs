//! `GET /api/v1/supervision/report?month=YYYY-MM`: the supervisor's province's statistics of one
//! Beijing month as an XLSX workbook (the tables behind every chart of 统计, Chinese headers).
//! Audited like every export (`export`, `what: monthly_report`), before the file leaves.

use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use reviewdesk_domain::audit::AuditAction;
use reviewdesk_domain::calendar::china_date;
use reviewdesk_domain::wire::supervision::ReportQuery;
use reviewdesk_domain::wire::ErrorBody;
use reviewdesk_domain::ErrorCode;
use serde_json::json;

use super::blocking::run;
use super::error::ApiError;
use super::extract::ApiQuery;
use super::principal::Supervisor;
use super::state::AppState;
use crate::store::AuditNote;
use crate::supervision::report::monthly_xlsx;
use crate::supervision::stats::compute;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The month's report as a workbook.
#[utoipa::path(get, path = "/api/v1/supervision/report", tag = "supervision",
    params(ReportQuery),
    responses(
        (status = 200, description = "XLSX: 概况, 每日, 审核人员, 不通过原因",
            content((Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = 400, body = ErrorBody, description = "`bad_query`: not a `YYYY-MM` month"),
        (status = 403, body = ErrorBody, description = "`supervisors_only`"),
    ),
    security(("bearer" = [])))]
pub async fn monthly_report(
    State(state): State<AppState>,
    Supervisor(staff): Supervisor,
    ApiQuery(query): ApiQuery<ReportQuery>,
) -> Result<Response, ApiError> {
    let Some((from, to)) = query.days() else {
        return Err(ApiError::bad_request(ErrorCode::BadQuery, "月份须写作 YYYY-MM，例如 2026-11"));
    };
    let now = state.clock.now();
    let month = query.month.clone();
    let bytes = run(move || {
        let calendar = state.calendar.current(state.store.as_ref())?;
        let records = state.store.stats_records(&staff.user, from, to)?;
        let stats = compute(&records, from, to, china_date(now), &calendar.calendar);
        let bytes = monthly_xlsx(&stats, &month).map_err(ApiError::internal)?;
        state.store.audit(
            &AuditNote {
                actor: &staff.user.username,
                action: AuditAction::Export,
                subject: None,
                detail: json!({ "what": "monthly_report", "month": month, "decisions": stats.decisions }),
            },
            now,
        )?;
        Ok(bytes)
    })
    .await?;
    let disposition = format!("attachment; filename=\"report-{}.xlsx\"", query.month);
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(XLSX)),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition).map_err(ApiError::internal)?,
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        bytes,
    )
        .into_response())
}
