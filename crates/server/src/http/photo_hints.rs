//! `GET /api/v1/submissions/{id}/images/{side}/hints`: forensic hints about one photo (EXIF
//! provenance, the JPEG quality and encoder from its quantization tables, an error-level view),
//! computed on demand (`reviewdesk_imaging::forensics`). Hints for a person, never findings:
//! nothing here suggests a reason or reaches the sheet. Read like the photo itself: its lease
//! holder or, once decided, a supervisor of the province (the store's read rule; 404 to anyone
//! else), audited as `image_view` with `"hints": true`.

use axum::extract::State;
use axum::Json;
use reviewdesk_domain::review::PhotoSide;
use reviewdesk_domain::wire::photo_hints::PhotoHints;
use reviewdesk_domain::wire::ErrorBody;
use reviewdesk_domain::ErrorCode;
use serde_json::json;

use super::blocking::{run, with_store};
use super::error::ApiError;
use super::extract::ApiPath;
use super::photo_reads::{self, read_audited};
use super::principal::Staff;
use super::state::AppState;
use crate::image_checks::check_config;

/// The forensic hints of one of the three photos.
#[utoipa::path(get, path = "/api/v1/submissions/{id}/images/{side}/hints", tag = "submissions",
    params(("id" = String, Path, description = "submission id"),
        ("side" = PhotoSide, Path, description = "`portrait`, `emblem` or `handheld`")),
    responses((status = 200, body = PhotoHints),
        (status = 404, body = ErrorBody, description = "`not_found` (no such submission, or not the caller's to read), `unknown_image`"),
        (status = 410, body = ErrorBody, description = "`personal_data_purged`: deleted after the retention period"),
        (status = 422, body = ErrorBody, description = "`image_unreadable`: the stored photo does not decode")),
    security(("bearer" = [])))]
pub async fn photo_hints(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath((id, side)): ApiPath<(String, String)>,
) -> Result<Json<PhotoHints>, ApiError> {
    let side = photo_reads::side(&side)?;
    let now = state.clock.now();
    let submission = with_store(&state.store, move |store| {
        read_audited(
            store,
            &staff.user,
            &id,
            now,
            |_| json!({ "side": side.as_str(), "hints": true }),
        )
    })
    .await?;
    let sha256 = photo_reads::sha256_of(&submission, side).to_owned();
    let images = std::sync::Arc::clone(&state.images);
    let config = check_config(&state.settings);
    let hints = run(move || {
        let bytes = images.read(&sha256).map_err(ApiError::internal)?;
        reviewdesk_imaging::forensics::hints(side, &bytes, &config).map_err(|error| {
            ApiError::unprocessable(ErrorCode::ImageUnreadable, error.message_zh())
        })
    })
    .await?;
    Ok(Json(hints))
}
