//! The layer around every request: its request id (the caller's `X-Request-Id` when it is a
//! sensible token, else a new UUID; echoed in the response), a tracing span carrying it with the
//! method and the route *template* (never the path itself: paths hold submission ids), one log
//! line at the end (status, milliseconds), the latency histogram, and the outbox lag a desktop
//! reports in `X-ReviewDesk-Outbox-Lag-Seconds` (a number of seconds; anything else is refused
//! with 400 `bad_outbox_lag`). No header value other than the request id reaches the log.

use reviewdesk_domain::ErrorCode;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tracing::Instrument;

use super::error::ApiError;
use super::state::AppState;
use crate::metrics::OUTBOX_LAG_HEADER;

pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// Largest outbox lag accepted: a year.
const MAX_LAG_SECONDS: f64 = 366.0 * 86_400.0;

/// A caller's request id is kept when it is 1–128 characters of `A-Z a-z 0-9 . _ : -`.
fn acceptable_id(value: &HeaderValue) -> Option<String> {
    let text = value.to_str().ok()?;
    let fine = !text.is_empty()
        && text.len() <= 128
        && text.bytes().all(|b| b.is_ascii_alphanumeric() || b"._:-".contains(&b));
    fine.then(|| text.to_owned())
}

fn outbox_lag(request: &Request) -> Result<Option<f64>, ApiError> {
    let Some(value) = request.headers().get(OUTBOX_LAG_HEADER) else { return Ok(None) };
    let seconds = value
        .to_str()
        .ok()
        .and_then(|text| text.trim().parse::<f64>().ok())
        .filter(|seconds| seconds.is_finite() && (0.0..=MAX_LAG_SECONDS).contains(seconds));
    match seconds {
        Some(seconds) => Ok(Some(seconds)),
        None => Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::BadOutboxLag,
            "X-ReviewDesk-Outbox-Lag-Seconds 须为 0 到 31622400 之间的秒数",
        )),
    }
}

/// The middleware (`axum::middleware::from_fn_with_state`).
pub async fn observe(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let request_id = request
        .headers()
        .get(REQUEST_ID_HEADER)
        .and_then(acceptable_id)
        .unwrap_or_else(|| uuid::Uuid::new_v4().simple().to_string());
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |path| path.as_str().to_owned());
    let method = request.method().as_str().to_owned();
    let span =
        tracing::info_span!("request", request_id = %request_id, method = %method, route = %route);
    let mut response = match outbox_lag(&request) {
        Ok(lag) => {
            if let Some(seconds) = lag {
                state.metrics.outbox_lag(seconds);
            }
            next.run(request).instrument(span.clone()).await
        }
        Err(refusal) => refusal.into_response(),
    };
    let elapsed = started.elapsed();
    state.metrics.request(&route, &method, elapsed.as_secs_f64());
    span.in_scope(|| {
        tracing::info!(
            status = response.status().as_u16(),
            millis = elapsed.as_secs_f64() * 1000.0,
            "request"
        );
    });
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        response.headers_mut().insert(HeaderName::from_static(REQUEST_ID_HEADER), value);
    }
    response
}
