//! `GET /healthz` and `GET /readyz`, for load balancers and orchestrators; no credentials.
//! healthz says the process answers and touches nothing else. readyz asks the store: it must
//! answer within [`READY_TIMEOUT`] and have exactly the schema this build migrates to (a newer
//! one means a newer instance migrated it: this one should not take traffic); otherwise 503
//! `{code, message}` with code `store_unreachable` or `schema_not_current`.

use reviewdesk_domain::ErrorCode;
use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use reviewdesk_domain::wire::{ErrorBody, Health};

use super::error::ApiError;
use super::state::AppState;

/// How long readyz waits for the store.
pub const READY_TIMEOUT: Duration = Duration::from_secs(5);

/// The process is up.
#[utoipa::path(get, path = "/healthz", tag = "operations",
    responses((status = 200, body = Health, description = "`status`: `ok`")))]
pub async fn healthz() -> Json<Health> {
    Json(Health { status: "ok".to_owned(), schema_version: None })
}

fn unavailable(code: ErrorCode, message: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::SERVICE_UNAVAILABLE, code, message)
}

/// The store answers, its schema is current, and (where this instance runs the photo checks)
/// their OCR engine starts and the face models are installed intact.
#[utoipa::path(get, path = "/readyz", tag = "operations",
    responses(
        (status = 200, body = Health, description = "`status`: `ready`, with `schema_version`"),
        (status = 503, body = ErrorBody, description = "`store_unreachable`, `schema_not_current`, `ocr_unavailable`, `face_models_unavailable` (the message names the model file)"),
    ))]
pub async fn readyz(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    let store = std::sync::Arc::clone(&state.store);
    let asked = tokio::task::spawn_blocking(move || store.readiness());
    let readiness = match tokio::time::timeout(READY_TIMEOUT, asked).await {
        Ok(Ok(Ok(readiness))) => readiness,
        Ok(Ok(Err(error))) => {
            tracing::warn!(%error, "readyz: the store did not answer");
            return Err(unavailable(ErrorCode::StoreUnreachable, "数据库暂时无法访问"));
        }
        Ok(Err(error)) => return Err(ApiError::internal(error)),
        Err(_) => return Err(unavailable(ErrorCode::StoreUnreachable, "数据库响应超时")),
    };
    if !readiness.is_current() {
        tracing::warn!(
            applied = readiness.applied,
            expected = readiness.expected,
            "readyz: the database schema is not the one this build expects"
        );
        return Err(unavailable(
            ErrorCode::SchemaNotCurrent,
            format!("数据库结构版本为 {}，本程序需要 {}", readiness.applied, readiness.expected),
        ));
    }
    if let Some(reason) = state.image_checks.as_ref().and_then(|checks| checks.ocr_unavailable()) {
        tracing::warn!(%reason, "readyz: the photo checks' OCR engine cannot start");
        return Err(unavailable(
            ErrorCode::OcrUnavailable,
            "照片自动检查的文字识别引擎（Tesseract 及其 chi_sim 数据）无法启动，检查暂停",
        ));
    }
    if let Some(problem) =
        state.image_checks.as_ref().and_then(|checks| checks.face_models_unavailable())
    {
        tracing::warn!(%problem, "readyz: the face models are missing or corrupt");
        return Err(unavailable(ErrorCode::FaceModelsUnavailable, problem.message_zh()));
    }
    Ok(Json(Health { status: "ready".to_owned(), schema_version: Some(readiness.applied) }))
}
