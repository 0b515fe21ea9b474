//! The HTTP API (`/api/v1`), built on axum: [`app`] assembles the router from one module per
//! resource. Every answer other than success is `{code, message}` JSON with a 4xx status
//! ([`error::ApiError`]); bodies are size-limited; the synchronous store runs on the blocking pool.

pub mod auth;
pub mod blocking;
pub mod body_deadline;
pub mod calendar;
pub mod case_search;
pub mod conn_io;
pub mod connection;
pub mod decision_log;
pub mod decisions;
pub mod error;
pub mod extract;
pub mod health;
pub mod identity_board;
pub mod identity_part;
pub mod intake;
pub mod listener;
pub mod metrics;
pub mod monthly_report;
pub mod observe;
pub mod openapi;
pub mod openapi_reasons;
pub mod openapi_shared;
pub mod own_decisions;
pub mod photo_hints;
mod photo_reads;
pub mod principal;
pub mod queue;
pub mod queue_overview;
pub mod rate_limit;
pub mod saved_views;
pub mod second_reviews;
pub mod state;
pub mod submissions;
pub mod supervision_stats;

use reviewdesk_domain::ErrorCode;
use std::future::Future;
use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use axum::Router;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use error::ApiError;
pub use state::AppState;

/// Largest JSON request body.
pub const MAX_JSON_BODY_BYTES: usize = 64 * 1024;

async fn no_such_endpoint() -> ApiError {
    ApiError::not_found(ErrorCode::NoSuchEndpoint, "没有这个接口")
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(
        axum::http::StatusCode::METHOD_NOT_ALLOWED,
        ErrorCode::MethodNotAllowed,
        "该接口不支持此请求方法",
    )
}

/// The routes and the OpenAPI document they make.
fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .routes(routes!(auth::login))
        .routes(routes!(auth::logout))
        .routes(routes!(intake::applicant_view))
        .routes(routes!(calendar::calendar))
        .routes(routes!(queue::claim))
        .routes(routes!(queue::renew))
        .routes(routes!(queue::release))
        .routes(routes!(submissions::submission))
        .routes(routes!(submissions::image))
        .routes(routes!(photo_hints::photo_hints))
        .routes(routes!(identity_board::identity_board))
        .routes(routes!(submissions::reveal))
        .routes(routes!(own_decisions::own_decision))
        .routes(routes!(decisions::decide))
        .routes(routes!(decision_log::decision_log))
        .routes(routes!(decision_log::export_log))
        .routes(routes!(decision_log::timeline))
        .routes(routes!(case_search::find_cases))
        .routes(routes!(queue_overview::overview))
        .routes(routes!(queue_overview::revoke))
        .routes(routes!(saved_views::list))
        .routes(routes!(saved_views::save, saved_views::delete))
        .routes(routes!(second_reviews::list, second_reviews::verdict))
        .routes(routes!(second_reviews::plant_golden))
        .routes(routes!(supervision_stats::stats))
        .routes(routes!(monthly_report::monthly_report))
        .routes(routes!(supervision_stats::verify_audit))
        .routes(routes!(health::healthz))
        .routes(routes!(health::readyz))
        .routes(routes!(metrics::metrics))
}

/// Intake carries three photos: its own, larger body limit.
fn intake_routes(state: &AppState) -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(intake::submit))
        .layer(DefaultBodyLimit::max(intake::body_limit(&state.settings)))
}

/// The whole API over `state`.
pub fn app(state: AppState) -> Router {
    let (router, mut document) = routes().merge(intake_routes(&state)).split_for_parts();
    openapi::finish(&mut document);
    let observed = axum::middleware::from_fn_with_state(state.clone(), observe::observe);
    let document = Arc::new(document);
    let rates = axum::middleware::from_fn_with_state(state.clone(), rate_limit::limit_rate);
    router
        .with_state(state)
        .merge(
            Router::new()
                .route("/api/v1/openapi.json", get(openapi::openapi_json))
                .with_state(document),
        )
        .fallback(no_such_endpoint)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_JSON_BODY_BYTES))
        .layer(rates)
        .layer(observed)
}

/// Serves the whole API over `state` on `listener` until `shutdown` completes, taking client
/// addresses (for throttling and the audit log) from the TCP connection, under the settings'
/// connection limits (timeouts and number: [`listener`]). `reviewdesk-server serve` runs exactly
/// this; so do local mode and the benchmarks.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let limits = state.settings.connections;
    listener::accept_loop(listener, app(state), limits, shutdown).await
}
