//! The supervisors' decision log: `GET /api/v1/supervision/decisions` (filtered, keyset-paged,
//! newest first), its export `GET /api/v1/supervision/decisions/export` (CSV or XLSX; every
//! export is audited, a full one with unmasked ID numbers says so), and a case's timeline
//! `GET /api/v1/supervision/submissions/{id}/timeline`. Supervisors only, their own province.

use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::NaiveDate;
use reviewdesk_domain::audit::AuditAction;
use reviewdesk_domain::calendar::china_date;
use reviewdesk_domain::id::IdType;
use reviewdesk_domain::review::Outcome;
use reviewdesk_domain::wire::supervision::{
    DecisionLogFilter, DecisionLogPage, ExportFormat, Timeline, MAX_LOG_PAGE,
};
use reviewdesk_domain::wire::ErrorBody;
use reviewdesk_domain::ErrorCode;
use serde::Deserialize;
use serde_json::json;

use super::blocking::{run, with_store};
use super::error::ApiError;
use super::extract::{ApiPath, ApiQuery};
use super::principal::Supervisor;
use super::state::AppState;
use crate::store::supervision_rules::page_limit;
use crate::store::{AuditNote, LogRecord};
use crate::supervision::export::{self, MAX_EXPORT_ROWS};

/// The query string of the log and its export: the filters, then the page (log) or the file
/// (export). Flat, because query strings are.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct LogParams {
    /// A reviewer's username.
    #[param(max_length = 64)]
    reviewer: Option<String>,
    /// First Beijing date, included.
    from: Option<NaiveDate>,
    /// Last Beijing date, included.
    to: Option<NaiveDate>,
    #[param(inline)]
    outcome: Option<Outcome>,
    /// A reject-reason code.
    reason: Option<String>,
    #[param(inline)]
    id_type: Option<IdType>,
    sla_breached: Option<bool>,
    overturned: Option<bool>,
    /// `true`: approvals given over findings (the reviewer confirmed despite error findings or
    /// unfinished photo checks); `false`: the other decisions.
    over_findings: Option<bool>,
    /// `true`: decisions on cases with automatic findings (consistency or photo checks);
    /// `false`: cases without any.
    has_findings: Option<bool>,
    /// Log only: `next_cursor` of the previous page.
    cursor: Option<String>,
    /// Log only: entries per page, 1 to 500 (50 when absent).
    #[param(minimum = 1, maximum = 500)]
    limit: Option<u32>,
    /// Export only: `csv` (default) or `xlsx`.
    #[param(inline)]
    format: Option<ExportFormat>,
    /// Export only: unmasked ID numbers (audited).
    full: Option<bool>,
}

/// Longest reviewer username a filter may name (as at login).
const MAX_FILTER_USERNAME_CHARS: usize = 64;

impl LogParams {
    /// The filters, checked: a reviewer name of sane length and a known reason code (both reach
    /// the audit log with an export, so no caller text of any size is kept there).
    fn filter(&self) -> Result<DecisionLogFilter, ApiError> {
        if self
            .reviewer
            .as_ref()
            .is_some_and(|name| name.chars().count() > MAX_FILTER_USERNAME_CHARS)
        {
            return Err(ApiError::bad_request(
                ErrorCode::BadQuery,
                format!("参数 reviewer 不能超过 {MAX_FILTER_USERNAME_CHARS} 个字符"),
            )
            .with("field", "reviewer"));
        }
        if let Some(code) = self.reason.as_deref() {
            if reviewdesk_domain::reasons::find(code).is_none() {
                let shown: String = code.chars().take(32).collect();
                return Err(ApiError::unprocessable(
                    ErrorCode::UnknownReasonCode,
                    format!("没有编码为 {shown} 的不通过原因"),
                )
                .with("field", "reason"));
            }
        }
        Ok(DecisionLogFilter {
            reviewer: self.reviewer.clone(),
            from: self.from,
            to: self.to,
            outcome: self.outcome,
            reason: self.reason.clone(),
            id_type: self.id_type,
            sla_breached: self.sla_breached,
            overturned: self.overturned,
            over_findings: self.over_findings,
            has_findings: self.has_findings,
        })
    }
}

fn only_for(endpoint: &str, name: &str) -> ApiError {
    ApiError::bad_request(ErrorCode::BadQuery, format!("参数 {name} 只能用于{endpoint}"))
}

/// The parameters of [`LogParams`] only the export reads (the log refuses them).
const EXPORT_ONLY: [&str; 2] = ["format", "full"];
/// The parameters of [`LogParams`] only the log reads (the export refuses them).
const LOG_ONLY: [&str; 2] = ["cursor", "limit"];

/// The log and its export share [`LogParams`]; each documents only the parameters it accepts.
pub fn document_parameters(document: &mut utoipa::openapi::OpenApi) {
    for (path, refused) in [
        ("/api/v1/supervision/decisions", EXPORT_ONLY),
        ("/api/v1/supervision/decisions/export", LOG_ONLY),
    ] {
        let operation = document.paths.paths.get_mut(path).and_then(|item| item.get.as_mut());
        if let Some(parameters) = operation.and_then(|operation| operation.parameters.as_mut()) {
            parameters.retain(|parameter| !refused.contains(&parameter.name.as_str()));
        }
    }
}

/// A page of the decision log.
#[utoipa::path(get, path = "/api/v1/supervision/decisions", tag = "supervision", params(LogParams),
    responses(
        (status = 200, body = DecisionLogPage),
        (status = 400, body = ErrorBody, description = "`bad_query`"),
        (status = 403, body = ErrorBody, description = "`supervisors_only`"),
        (status = 422, body = ErrorBody, description = "`bad_limit`, `bad_cursor`, `bad_date_range`, `unknown_reason_code`"),
    ),
    security(("bearer" = [])))]
pub async fn decision_log(
    State(state): State<AppState>,
    Supervisor(staff): Supervisor,
    ApiQuery(params): ApiQuery<LogParams>,
) -> Result<Json<DecisionLogPage>, ApiError> {
    if params.format.is_some() || params.full.is_some() {
        return Err(only_for("导出", &EXPORT_ONLY.join("/")));
    }
    let limit = page_limit(params.limit)?;
    let filter = params.filter()?;
    let page = with_store(&state.store, move |store| {
        store.decision_log(&staff.user, &filter, params.cursor.as_deref(), limit)
    })
    .await?;
    Ok(Json(DecisionLogPage {
        entries: page.records.into_iter().map(|record| record.entry).collect(),
        next_cursor: page.next_cursor,
    }))
}

/// The filtered log as a file.
#[utoipa::path(get, path = "/api/v1/supervision/decisions/export", tag = "supervision",
    params(LogParams),
    responses(
        (status = 200, description = "CSV (UTF-8 with BOM), or XLSX with `format=xlsx`",
            content(
                (Vec<u8> = "text/csv"),
                (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            )),
        (status = 400, body = ErrorBody, description = "`bad_query`"),
        (status = 403, body = ErrorBody, description = "`supervisors_only`"),
        (status = 422, body = ErrorBody, description = "`bad_date_range`, `too_many_rows`, `unknown_reason_code`"),
    ),
    security(("bearer" = [])))]
pub async fn export_log(
    State(state): State<AppState>,
    Supervisor(staff): Supervisor,
    ApiQuery(params): ApiQuery<LogParams>,
) -> Result<Response, ApiError> {
    if params.cursor.is_some() || params.limit.is_some() {
        return Err(only_for("翻页查询", &LOG_ONLY.join("/")));
    }
    let format = params.format.unwrap_or_default();
    let full = params.full.unwrap_or(false);
    let filter = params.filter()?;
    let now = state.clock.now();
    let store = state.store.clone();
    let records = run(move || {
        let mut records: Vec<LogRecord> = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let page = store.decision_log(&staff.user, &filter, cursor.as_deref(), MAX_LOG_PAGE)?;
            records.extend(page.records);
            if records.len() > MAX_EXPORT_ROWS {
                return Err(ApiError::unprocessable(
                    ErrorCode::TooManyRows,
                    format!("导出的记录超过 {MAX_EXPORT_ROWS} 条，请缩小筛选范围"),
                ));
            }
            match page.next_cursor {
                Some(next) => cursor = Some(next),
                None => break,
            }
        }
        store.audit(
            &AuditNote {
                actor: &staff.user.username,
                action: AuditAction::Export,
                subject: None,
                detail: json!({
                    "what": "decision_log",
                    "format": match format { ExportFormat::Csv => "csv", ExportFormat::Xlsx => "xlsx" },
                    "full": full,
                    "rows": records.len(),
                    "filter": filter,
                }),
            },
            now,
        )?;
        Ok(records)
    })
    .await?;
    let stamp = china_date(now).format("%Y%m%d");
    let (bytes, content_type, extension) = match format {
        ExportFormat::Csv => (export::csv(&records, full), "text/csv; charset=utf-8", "csv"),
        ExportFormat::Xlsx => (
            run(move || export::xlsx(&records, full).map_err(ApiError::internal)).await?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
    };
    let disposition = format!("attachment; filename=\"decisions-{stamp}.{extension}\"");
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
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

/// Every event of a submission, from the audit log.
#[utoipa::path(get, path = "/api/v1/supervision/submissions/{id}/timeline", tag = "supervision",
    params(("id" = String, Path, description = "submission id")),
    responses(
        (status = 200, body = Timeline),
        (status = 403, body = ErrorBody, description = "`supervisors_only`"),
        (status = 404, body = ErrorBody, description = "`not_found` (also another province's)"),
    ),
    security(("bearer" = [])))]
pub async fn timeline(
    State(state): State<AppState>,
    Supervisor(staff): Supervisor,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Timeline>, ApiError> {
    let timeline = with_store(&state.store, move |store| store.timeline(&staff.user, &id)).await?;
    Ok(Json(timeline))
}
