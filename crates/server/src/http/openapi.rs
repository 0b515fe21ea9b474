//! The OpenAPI document, generated from the handlers' annotations as the router is built,
//! completed by [`finish`], and served at `GET /api/v1/openapi.json`.

use axum::extract::State;
use axum::Json;
use std::sync::Arc;
use utoipa::openapi::path::{Operation, PathItem};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::OpenApi as OpenApiDocument;
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "ReviewDesk review server", description = "审核台：人工实名审核服务接口"),
    modifiers(&SecuritySchemes),
    tags(
        (name = "auth", description = "登录与退出"),
        (name = "intake", description = "申请受理系统提交人工审核"),
        (name = "queue", description = "领取、续租与归还审核任务"),
        (name = "submissions", description = "审核申请与照片"),
        (name = "decisions", description = "审核决定"),
        (name = "operations", description = "运行状态：存活、就绪与监控指标"),
    )
)]
pub struct ApiDoc;

struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut OpenApiDocument) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "api_key",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::new("X-Api-Key"))),
        );
    }
}

/// Completes the document the routes made: each decision-log route's own parameters
/// ([`super::decision_log::document_parameters`]), the answers operations share
/// ([`super::openapi_shared`]) and the reject-reason enum ([`super::openapi_reasons`]).
pub fn finish(document: &mut OpenApiDocument) {
    super::decision_log::document_parameters(document);
    super::openapi_shared::add_shared_responses(document);
    super::openapi_reasons::add_reason_codes(document);
}

/// Every operation of a path.
pub(super) fn operations(item: &mut PathItem) -> impl Iterator<Item = &mut Operation> {
    [
        &mut item.get,
        &mut item.put,
        &mut item.post,
        &mut item.delete,
        &mut item.options,
        &mut item.head,
        &mut item.patch,
        &mut item.trace,
    ]
    .into_iter()
    .flatten()
}

/// The document itself.
pub async fn openapi_json(State(document): State<Arc<OpenApiDocument>>) -> Json<OpenApiDocument> {
    Json(document.as_ref().clone())
}
