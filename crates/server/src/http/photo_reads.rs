//! Reading what a submission's photos show — the photo itself, its forensic hints, the identity
//! board — by one rule: the store's read rule decides who may (the lease holder or, once
//! decided, a supervisor of the province; 404 to anyone else, 410 once purged), and each read
//! is audited as `image_view` in the same call, after the rule let it through (a refused reader
//! leaves no audit event).

use reviewdesk_domain::audit::AuditAction;
use reviewdesk_domain::review::PhotoSide;
use reviewdesk_domain::ErrorCode;
use serde_json::Value;

use super::error::ApiError;
use crate::store::{AuditNote, Store, StoreError, Submission, User};

/// A photo side named in a path; `unknown_image` (404) for anything else.
pub(super) fn side(text: &str) -> Result<PhotoSide, ApiError> {
    PhotoSide::parse(text).ok_or_else(|| {
        ApiError::not_found(
            ErrorCode::UnknownImage,
            "没有这种照片：应为 portrait、emblem 或 handheld",
        )
    })
}

/// The submission `id` if `viewer` may see its photos, recorded as `image_view` with the
/// `detail` made from it.
pub(super) fn read_audited(
    store: &dyn Store,
    viewer: &User,
    id: &str,
    now: chrono::DateTime<chrono::Utc>,
    detail: impl FnOnce(&Submission) -> Value,
) -> Result<Submission, StoreError> {
    let submission = store.submission(viewer, id, now)?;
    store.audit(
        &AuditNote {
            actor: &viewer.username,
            action: AuditAction::ImageView,
            subject: Some(id),
            detail: detail(&submission),
        },
        now,
    )?;
    Ok(submission)
}

/// The SHA-256 of one of the submission's photos.
pub(super) fn sha256_of(submission: &Submission, side: PhotoSide) -> &str {
    match side {
        PhotoSide::Portrait => &submission.images.portrait,
        PhotoSide::Emblem => &submission.images.emblem,
        PhotoSide::Handheld => &submission.images.handheld,
    }
}
