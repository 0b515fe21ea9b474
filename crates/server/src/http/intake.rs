//! The applicant-facing system's endpoints (intake key required):
//! `POST /api/v1/intake/submissions` (multipart: `identity` JSON and the photos `portrait`,
//! `emblem`, `handheld`) and `GET /api/v1/intake/submissions/{id}` (what the applicant sees).
//!
//! Each photo must be a JPEG within the byte limit whose header declares dimensions within the
//! limits (read without decoding). Photos are stored content-addressed before the submission is
//! recorded. The due date is 7 working days after the Beijing-time date of submission; a year
//! without calendar data gives no due date and a `due_date_unknown` warning for the reviewer,
//! never a refusal.

use axum::extract::multipart::{Field, Multipart, MultipartRejection};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use reviewdesk_domain::calendar::WorkCalendar;
use reviewdesk_domain::consistency;
use reviewdesk_domain::review::PhotoSide;
use reviewdesk_domain::{Finding, Severity};

use super::blocking::{run, with_store};
use super::error::ApiError;
use super::extract::ApiPath;
use super::identity_part::{self, IdentityPart};
use super::principal::IntakeClient;
use super::state::AppState;
use crate::clock::china_date;
use crate::images::{read_dimensions, JpegError};
use crate::settings::Settings;
use crate::store::{ApplicantView, IntakeReceipt, NewSubmission, SubmissionImages};

/// Largest `identity` part, in bytes.
const MAX_IDENTITY_BYTES: usize = 16 * 1024;

/// The body limit of an intake request under `settings`.
pub fn body_limit(settings: &Settings) -> usize {
    settings.max_image_bytes.saturating_mul(3).saturating_add(MAX_IDENTITY_BYTES + 64 * 1024)
}

/// The parts of a request as read.
#[derive(Default)]
struct Parts {
    identity: Option<Vec<u8>>,
    photos: [Option<Vec<u8>>; 3],
}

fn side_index(side: PhotoSide) -> usize {
    match side {
        PhotoSide::Portrait => 0,
        PhotoSide::Emblem => 1,
        PhotoSide::Handheld => 2,
    }
}

/// Reads one part, refusing it as soon as it passes `limit` bytes.
async fn read_limited(
    mut field: Field<'_>,
    limit: usize,
    too_large: impl Fn() -> ApiError,
) -> Result<Vec<u8>, ApiError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await? {
        if bytes.len() + chunk.len() > limit {
            return Err(too_large());
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

fn image_too_large(side: PhotoSide, limit: usize) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "image_too_large",
        format!("{}照片超过大小上限（{limit} 字节）", side.name_zh()),
    )
    .with("field", side.as_str())
}

async fn read_parts(mut multipart: Multipart, settings: &Settings) -> Result<Parts, ApiError> {
    let mut parts = Parts::default();
    while let Some(field) = multipart.next_field().await? {
        let name = field.name().unwrap_or_default().to_owned();
        let duplicate = || {
            ApiError::unprocessable("duplicate_part", format!("请求中 {name} 部分出现了不止一次"))
                .with("field", name.clone())
        };
        if name == "identity" {
            if parts.identity.is_some() {
                return Err(duplicate());
            }
            let bytes = read_limited(field, MAX_IDENTITY_BYTES, || {
                ApiError::unprocessable("invalid_identity", "identity 部分过大")
            })
            .await?;
            parts.identity = Some(bytes);
        } else if let Some(side) = PhotoSide::parse(&name) {
            let slot = side_index(side);
            if parts.photos[slot].is_some() {
                return Err(duplicate());
            }
            let limit = settings.max_image_bytes;
            let bytes = read_limited(field, limit, || image_too_large(side, limit)).await?;
            parts.photos[slot] = Some(bytes);
        } else {
            return Err(ApiError::unprocessable(
                "unknown_part",
                format!(
                    "请求中有无法识别的部分 {name}（应为 identity、portrait、emblem、handheld）"
                ),
            )
            .with("field", name));
        }
    }
    Ok(parts)
}

fn missing(part: &str, what: &str) -> ApiError {
    ApiError::unprocessable("missing_part", format!("缺少{what}（{part} 部分）"))
        .with("field", part)
}

/// Refuses a photo that is not a JPEG or declares too many pixels.
fn check_photo(side: PhotoSide, bytes: &[u8], settings: &Settings) -> Result<(), ApiError> {
    let refuse =
        |code, message: String| ApiError::unprocessable(code, message).with("field", side.as_str());
    let name = side.name_zh();
    let dimensions = read_dimensions(bytes).map_err(|error| match error {
        JpegError::NotJpeg => refuse("not_jpeg", format!("{name}照片不是 JPG 格式")),
        JpegError::NoFrameHeader | JpegError::EmptyImage => {
            refuse("image_unreadable", format!("{name}照片已损坏，无法读取"))
        }
    })?;
    let max_side = settings.max_image_side;
    if dimensions.width > max_side
        || dimensions.height > max_side
        || dimensions.pixels() > settings.max_image_pixels
    {
        return Err(refuse(
            "image_dimensions_too_large",
            format!(
                "{name}照片尺寸 {}×{} 超过上限（每边不超过 {max_side} 像素，且总像素不超过 {}）",
                dimensions.width, dimensions.height, settings.max_image_pixels
            ),
        ));
    }
    Ok(())
}

fn due_date_unknown() -> Finding {
    Finding::new(
        "due_date_unknown",
        Severity::Warning,
        None,
        "缺少所涉年份的官方工作日安排，无法计算答复期限，请留意处理时限",
        "No official working-day calendar for the year involved: the due date is unknown",
    )
}

/// Submits a request for manual review.
#[utoipa::path(post, path = "/api/v1/intake/submissions", tag = "intake",
    request_body(content_type = "multipart/form-data",
        description = "`identity` (JSON: applicant_id, province, id_type, id_number, name, sex, \
            birth_date, ethnicity, region, valid_from, valid_to or null for long-term) and the \
            JPEG files `portrait`, `emblem`, `handheld`"),
    responses(
        (status = 201, body = Object, description = "id, status, attempt, period_start, due_date"),
        (status = 409, description = "`quota_exhausted` or `already_pending`"),
        (status = 413, description = "`image_too_large` or `body_too_large`"),
        (status = 415, description = "`not_multipart`"),
        (status = 422, description = "`invalid_identity` (with `field`), `missing_part`, \
            `not_jpeg`, `image_unreadable`, `image_dimensions_too_large`"),
    ),
    security(("api_key" = [])))]
pub async fn submit(
    State(state): State<AppState>,
    client: IntakeClient,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<(StatusCode, Json<IntakeReceipt>), ApiError> {
    let settings = std::sync::Arc::clone(&state.settings);
    let parts = read_parts(multipart?, &settings).await?;
    let identity = parts.identity.ok_or_else(|| missing("identity", "申请人身份信息"))?;
    let IdentityPart { applicant_id, province, identity } = identity_part::read(&identity)?;
    let mut photos = Vec::with_capacity(3);
    for (side, bytes) in PhotoSide::ALL.into_iter().zip(parts.photos) {
        let bytes =
            bytes.ok_or_else(|| missing(side.as_str(), &format!("{}照片", side.name_zh())))?;
        check_photo(side, &bytes, &settings)?;
        photos.push(bytes);
    }

    let images = std::sync::Arc::clone(&state.images);
    let hashes = run(move || {
        photos
            .iter()
            .map(|bytes| images.put(bytes))
            .collect::<Result<Vec<_>, _>>()
            .map_err(ApiError::internal)
    })
    .await?;
    let [portrait, emblem, handheld] = <[String; 3]>::try_from(hashes)
        .map_err(|_| ApiError::internal("three photos in, not three hashes out"))?;

    let now = state.clock.now();
    let today = china_date(now);
    let mut findings = consistency::check(&identity, today).findings;
    let due_date = WorkCalendar::bundled().due_date(today, settings.due_working_days).ok();
    if due_date.is_none() {
        findings.push(due_date_unknown());
    }
    let submission = NewSubmission {
        id: uuid::Uuid::new_v4().to_string(),
        applicant_id,
        province,
        identity,
        images: SubmissionImages { portrait, emblem, handheld },
        findings,
        submitted_on: today,
        due_date,
    };
    let actor = client.key.actor();
    let receipt =
        with_store(&state.store, move |store| store.intake(&submission, &actor, now)).await?;
    Ok((StatusCode::CREATED, Json(receipt)))
}

/// What the applicant sees about a submission.
#[utoipa::path(get, path = "/api/v1/intake/submissions/{id}", tag = "intake",
    params(("id" = String, Path, description = "submission id")),
    responses((status = 200, body = Object, description = "id, status, status_text, reasons_text"),
        (status = 404, description = "`not_found`")),
    security(("api_key" = [])))]
pub async fn applicant_view(
    State(state): State<AppState>,
    _client: IntakeClient,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<ApplicantView>, ApiError> {
    let view = with_store(&state.store, move |store| store.applicant_view(&id)).await?;
    Ok(Json(view))
}
