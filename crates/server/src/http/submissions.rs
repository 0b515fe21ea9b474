//! What a reviewer reads: `GET /api/v1/submissions/{id}` (identity with the number masked and
//! what the number says, findings, attempt k of 3, due date, lease), `POST …/reveal` (the full
//! number) and `GET …/images/{side}` (the JPEG, cacheable forever under its SHA-256 `ETag`).
//! Reads follow the work (the store's read rule: the lease holder, or a supervisor once the
//! submission is decided); to anyone else, another province included, it answers 404. Every read
//! is audited: `submission_view`, `pii_reveal`, and `image_view` for every image request, cached
//! (304) or not.

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Utc};
use reviewdesk_domain::audit::AuditAction;
use reviewdesk_domain::calendar::china_date;
use reviewdesk_domain::photo_findings::PhotoChecks;
use reviewdesk_domain::quota::REVIEWS_PER_PERIOD;
use reviewdesk_domain::review::PhotoSide;
use reviewdesk_domain::wire::{ErrorBody, RevealedNumber, SubmissionBody};
use serde_json::json;

use super::blocking::{run, with_store};
use super::error::ApiError;
use super::extract::ApiPath;
use super::photo_reads::{self, read_audited};
use super::principal::Staff;
use super::state::AppState;
use crate::store::{AuditNote, PhotoCheckRecord, Submission};

/// One submission as a reviewer sees it, the ID number masked; recorded as `submission_view`.
#[utoipa::path(get, path = "/api/v1/submissions/{id}", tag = "submissions",
    params(("id" = String, Path, description = "submission id")),
    responses((status = 200, body = SubmissionBody),
        (status = 404, body = ErrorBody, description = "`not_found`: no such submission, or not the caller's to read (leased to someone else, another province's, not decided yet for a supervisor)"),
        (status = 410, body = ErrorBody, description = "`personal_data_purged`: deleted after the retention period")),
    security(("bearer" = [])))]
pub async fn submission(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<SubmissionBody>, ApiError> {
    let now = state.clock.now();
    let (submission, checks) = with_store(&state.store, move |store| {
        let submission = store.submission(&staff.user, &id, now)?;
        let checks = store.photo_checks(&id)?;
        store.audit(
            &AuditNote {
                actor: &staff.user.username,
                action: AuditAction::SubmissionView,
                subject: Some(&id),
                detail: json!({}),
            },
            now,
        )?;
        Ok((submission, checks))
    })
    .await?;
    Ok(Json(sheet_body(&state, submission, checks, now)))
}

/// The sheet a reader gets: the number masked, the photo checks' state and findings added.
pub(super) fn sheet_body(
    state: &AppState,
    submission: Submission,
    checks: PhotoCheckRecord,
    now: DateTime<Utc>,
) -> SubmissionBody {
    let ocr_down = state.image_checks.as_ref().is_some_and(|pool| pool.ocr_unavailable().is_some());
    let image_checks = match checks.state {
        PhotoChecks::Pending if ocr_down => PhotoChecks::Unavailable,
        state => state,
    };
    let mut submission = submission.for_reader(china_date(now));
    // Each photo finding names its photo (`photo`), so a client shows it beside that image.
    submission.findings.extend(checks.findings.into_iter().map(|f| f.finding));
    SubmissionBody {
        submission,
        attempts_allowed: REVIEWS_PER_PERIOD,
        image_checks,
        image_checks_done: image_checks == PhotoChecks::Done,
    }
}

/// The full ID number, for the reader of the submission who asks to see it (the sheet masks it):
/// an audited, deliberate act, recorded as `pii_reveal` before the number is sent.
#[utoipa::path(post, path = "/api/v1/submissions/{id}/reveal", tag = "submissions",
    params(("id" = String, Path, description = "submission id")),
    responses((status = 200, body = RevealedNumber, description = "recorded as `pii_reveal`"),
        (status = 404, body = ErrorBody, description = "`not_found`: no such submission, or not the caller's to read"),
        (status = 410, body = ErrorBody, description = "`personal_data_purged`: deleted after the retention period")),
    security(("bearer" = [])))]
pub async fn reveal(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<RevealedNumber>, ApiError> {
    let now = state.clock.now();
    let id_number = with_store(&state.store, move |store| {
        let submission = store.submission(&staff.user, &id, now)?;
        store.audit(
            &AuditNote {
                actor: &staff.user.username,
                action: AuditAction::PiiReveal,
                subject: Some(&id),
                detail: json!({ "field": "id_number" }),
            },
            now,
        )?;
        Ok(submission.identity.id_number)
    })
    .await?;
    Ok(Json(RevealedNumber { id_number }))
}

/// A photo's ETag: its SHA-256, quoted.
fn etag_of(sha256: &str) -> String {
    format!("\"{sha256}\"")
}

/// Whether `If-None-Match` names this ETag (or `*`).
fn matches_etag(headers: &HeaderMap, etag: &str) -> bool {
    headers.get_all(header::IF_NONE_MATCH).iter().filter_map(|v| v.to_str().ok()).any(|value| {
        value
            .split(',')
            .map(str::trim)
            .any(|tag| tag == "*" || tag.strip_prefix("W/").unwrap_or(tag) == etag)
    })
}

/// One of the three photos.
#[utoipa::path(get, path = "/api/v1/submissions/{id}/images/{side}", tag = "submissions",
    params(("id" = String, Path, description = "submission id"),
        ("side" = PhotoSide, Path, description = "`portrait`, `emblem` or `handheld`")),
    responses((status = 200, content_type = "image/jpeg", description = "the photo; ETag is its SHA-256"),
        (status = 304, description = "If-None-Match matched"),
        (status = 404, body = ErrorBody, description = "`not_found` (no such submission, or not the caller's to read), `unknown_image`"),
        (status = 410, body = ErrorBody, description = "`personal_data_purged`: deleted after the retention period")),
    security(("bearer" = [])))]
pub async fn image(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath((id, side)): ApiPath<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let side = photo_reads::side(&side)?;
    let now = state.clock.now();
    let asked = headers.clone();
    let submission = with_store(&state.store, move |store| {
        read_audited(store, &staff.user, &id, now, |submission| {
            let cached = matches_etag(&asked, &etag_of(photo_reads::sha256_of(submission, side)));
            json!({ "side": side.as_str(), "cached": cached })
        })
    })
    .await?;
    let sha256 = photo_reads::sha256_of(&submission, side).to_owned();
    let etag = etag_of(&sha256);
    let cached = matches_etag(&headers, &etag);
    let etag_value = HeaderValue::from_str(&etag).map_err(ApiError::internal)?;
    let cache = HeaderValue::from_static("private, max-age=31536000, immutable");
    if cached {
        return Ok((
            StatusCode::NOT_MODIFIED,
            [(header::ETAG, etag_value), (header::CACHE_CONTROL, cache)],
        )
            .into_response());
    }
    let images = std::sync::Arc::clone(&state.images);
    let bytes = run(move || images.read(&sha256).map_err(ApiError::internal)).await?;
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg")),
            (header::ETAG, etag_value),
            (header::CACHE_CONTROL, cache),
            // An applicant's bytes are never sniffed into anything but a picture, nor run.
            (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
            (header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("default-src 'none'")),
        ],
        bytes,
    )
        .into_response())
}
