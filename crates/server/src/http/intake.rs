//! The applicant-facing system's endpoints (intake key required):
//! `POST /api/v1/intake/submissions` (multipart: `identity` JSON and the photos `portrait`,
//! `emblem`, `handheld`) and `GET /api/v1/intake/submissions/{id}` (what the applicant sees).
//!
//! This file reads the request (each part size-limited as it streams in) and maps refusals onto
//! `{code, message}`; the pipeline itself (photo checks, storage, findings, due date) is
//! [`crate::intake::accept`].

use axum::extract::multipart::{Field, Multipart, MultipartRejection};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use reviewdesk_domain::review::PhotoSide;
use reviewdesk_domain::wire::ErrorBody;
use reviewdesk_domain::ErrorCode;

use super::blocking::{run, with_store};
use super::error::ApiError;
use super::extract::ApiPath;
use super::identity_part::{self, IdentityPart};
use super::principal::IntakeClient;
use super::state::AppState;
use crate::intake::{self, IntakeError, IntakeRequest, PhotoProblem};
use crate::settings::Settings;
use crate::store::{ApplicantView, IntakeReceipt};

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

/// 413 for a photo past the byte limit; code and text are [`PhotoProblem::TooLarge`]'s, whether
/// the refusal comes while streaming the part or from the pipeline.
fn image_too_large(side: PhotoSide, limit: usize) -> ApiError {
    let problem = PhotoProblem::TooLarge { limit };
    ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, problem.code(), problem.message_zh(side))
        .with("field", side.as_str())
}

async fn read_parts(mut multipart: Multipart, settings: &Settings) -> Result<Parts, ApiError> {
    let mut parts = Parts::default();
    while let Some(field) = multipart.next_field().await? {
        let name = field.name().unwrap_or_default().to_owned();
        let duplicate = || {
            ApiError::unprocessable(
                ErrorCode::DuplicatePart,
                format!("请求中 {name} 部分出现了不止一次"),
            )
            .with("field", name.clone())
        };
        if name == "identity" {
            if parts.identity.is_some() {
                return Err(duplicate());
            }
            let bytes = read_limited(field, MAX_IDENTITY_BYTES, || {
                ApiError::unprocessable(ErrorCode::InvalidIdentity, "identity 部分过大")
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
                ErrorCode::UnknownPart,
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
    ApiError::unprocessable(ErrorCode::MissingPart, format!("缺少{what}（{part} 部分）"))
        .with("field", part)
}

impl From<IntakeError> for ApiError {
    fn from(error: IntakeError) -> ApiError {
        match error {
            IntakeError::Photo { side, problem: PhotoProblem::TooLarge { limit } } => {
                image_too_large(side, limit)
            }
            IntakeError::Photo { side, problem } => {
                ApiError::unprocessable(problem.code(), problem.message_zh(side))
                    .with("field", side.as_str())
            }
            IntakeError::Store(error) => ApiError::from(error),
            IntakeError::ImageFiles(error) => ApiError::internal(error),
        }
    }
}

/// The form of an intake request, for the OpenAPI document only: the parts are read one at a time,
/// each size-limited as it streams in ([`read_parts`]). Any other part is refused (422
/// `unknown_part`): `deny_unknown_fields` makes the document say so (`additionalProperties`).
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IntakeForm {
    /// JSON: applicant_id, province, id_type, id_number, name, sex, birth_date, ethnicity,
    /// region, valid_from, valid_to (null for long-term).
    #[schema(content_media_type = "application/json")]
    pub identity: String,
    /// The ID card's portrait side (人像面), a JPEG.
    #[schema(value_type = String, format = Binary, content_media_type = "image/jpeg")]
    pub portrait: Vec<u8>,
    /// The emblem side (国徽面), a JPEG.
    #[schema(value_type = String, format = Binary, content_media_type = "image/jpeg")]
    pub emblem: Vec<u8>,
    /// The applicant holding the card (手持照), a JPEG.
    #[schema(value_type = String, format = Binary, content_media_type = "image/jpeg")]
    pub handheld: Vec<u8>,
}

/// Submits a request for manual review.
#[utoipa::path(post, path = "/api/v1/intake/submissions", tag = "intake",
    request_body(content = IntakeForm, content_type = "multipart/form-data",
        description = "`identity` (JSON) and the JPEG files `portrait`, `emblem`, `handheld`"),
    responses(
        (status = 201, body = IntakeReceipt),
        (status = 409, body = ErrorBody, description = "`quota_exhausted` or `already_pending`"),
        (status = 413, body = ErrorBody, description = "`image_too_large` or `body_too_large`"),
        (status = 415, body = ErrorBody, description = "`not_multipart`"),
        (status = 422, body = ErrorBody, description = "`invalid_identity` (with `field`), `missing_part`, \
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
    let [portrait, emblem, handheld] = parts.photos;
    let photo = |bytes: Option<Vec<u8>>, side: PhotoSide| {
        bytes.ok_or_else(|| missing(side.as_str(), &format!("{}照片", side.name_zh())))
    };
    let request = IntakeRequest {
        applicant_id,
        province,
        identity,
        photos: [
            photo(portrait, PhotoSide::Portrait)?,
            photo(emblem, PhotoSide::Emblem)?,
            photo(handheld, PhotoSide::Handheld)?,
        ],
    };
    let actor = client.key.actor();
    let checks = state.image_checks.clone();
    let receipt = run(move || {
        let now = state.clock.now();
        intake::accept(
            state.store.as_ref(),
            state.images.as_ref(),
            &settings,
            &state.calendar,
            request,
            &actor,
            now,
        )
        .map_err(ApiError::from)
    })
    .await?;
    // Intake queued the photo checks in its transaction; an idle worker here starts at once.
    if let Some(checks) = checks {
        checks.notify();
    }
    Ok((StatusCode::CREATED, Json(receipt)))
}

/// What the applicant sees about a submission.
#[utoipa::path(get, path = "/api/v1/intake/submissions/{id}", tag = "intake",
    params(("id" = String, Path, description = "submission id")),
    responses((status = 200, body = ApplicantView),
        (status = 404, body = ErrorBody, description = "`not_found`")),
    security(("api_key" = [])))]
pub async fn applicant_view(
    State(state): State<AppState>,
    _client: IntakeClient,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<ApplicantView>, ApiError> {
    let view = with_store(&state.store, move |store| store.applicant_view(&id)).await?;
    Ok(Json(view))
}
