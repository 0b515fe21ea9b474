//! The intake pipeline, independent of transport: a declared identity and three photos in, a
//! recorded submission out. The HTTP endpoint and `seed-demo` both come through here.
//!
//! In order: each photo must be a whole JPEG (up to its end-of-image marker; bytes appended after
//! it, a page or a script, are not kept) within the byte limit whose header declares dimensions
//! within the limits (read without decoding: no decompression bombs); a request the store would
//! refuse (one already pending, quota used up) is refused before any photo is written; the photos
//! are stored content-addressed; the domain consistency checks give the reviewer's findings; the due date is
//! the configured number of working days after the Beijing-time date of submission in the
//! deployment's calendar, marked provisional where no notice settles the days yet (a year the
//! calendar cannot compute at all gives no due date and a `due_date_unknown` warning, never a
//! refusal);
//! the store records it all in one transaction (quota, one open request per applicant).

use chrono::{DateTime, Utc};
use reviewdesk_domain::consistency::{self, DeclaredIdentity};
use reviewdesk_domain::review::PhotoSide;
use reviewdesk_domain::{ErrorCode, Finding, Severity};

use crate::calendar_cache::DeploymentCalendar;
use crate::clock::china_date;
use crate::images::{image_end, read_dimensions, Dimensions, ImageStore, JpegError};
use crate::settings::Settings;
use crate::store::{IntakeReceipt, NewSubmission, Store, StoreError, SubmissionImages};

/// One request for manual review as the applicant-facing system sends it.
#[derive(Debug, Clone)]
pub struct IntakeRequest {
    pub applicant_id: String,
    /// Two-digit code of the province whose staff review it.
    pub province: String,
    pub identity: DeclaredIdentity,
    /// The photos in [`PhotoSide::ALL`] order: portrait side, emblem side, hand-held.
    pub photos: [Vec<u8>; 3],
}

/// What is wrong with one photo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhotoProblem {
    TooLarge { limit: usize },
    NotJpeg,
    Unreadable,
    DimensionsTooLarge { dimensions: Dimensions, max_side: u32, max_pixels: u64 },
}

impl PhotoProblem {
    pub fn code(&self) -> ErrorCode {
        match self {
            PhotoProblem::TooLarge { .. } => ErrorCode::ImageTooLarge,
            PhotoProblem::NotJpeg => ErrorCode::NotJpeg,
            PhotoProblem::Unreadable => ErrorCode::ImageUnreadable,
            PhotoProblem::DimensionsTooLarge { .. } => ErrorCode::ImageDimensionsTooLarge,
        }
    }

    /// The message for the applicant-facing system, naming the photo.
    pub fn message_zh(&self, side: PhotoSide) -> String {
        let name = side.name_zh();
        match self {
            PhotoProblem::TooLarge { limit } => format!("{name}照片超过大小上限（{limit} 字节）"),
            PhotoProblem::NotJpeg => format!("{name}照片不是 JPG 格式"),
            PhotoProblem::Unreadable => format!("{name}照片已损坏，无法读取"),
            PhotoProblem::DimensionsTooLarge { dimensions, max_side, max_pixels } => format!(
                "{name}照片尺寸 {}×{} 超过上限（每边不超过 {max_side} 像素，且总像素不超过 {max_pixels}）",
                dimensions.width, dimensions.height
            ),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum IntakeError {
    #[error("{side:?} photo: {problem:?}")]
    Photo { side: PhotoSide, problem: PhotoProblem },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("could not store a photo: {0}")]
    ImageFiles(#[from] std::io::Error),
}

/// Refuses a photo that is too large, not a JPEG, declares too many pixels, or ends before its
/// end-of-image marker (truncated).
pub fn check_photo(bytes: &[u8], settings: &Settings) -> Result<Dimensions, PhotoProblem> {
    if bytes.len() > settings.max_image_bytes {
        return Err(PhotoProblem::TooLarge { limit: settings.max_image_bytes });
    }
    let dimensions = read_dimensions(bytes).map_err(|error| match error {
        JpegError::NotJpeg => PhotoProblem::NotJpeg,
        JpegError::NoFrameHeader | JpegError::EmptyImage => PhotoProblem::Unreadable,
    })?;
    if image_end(bytes).is_none() {
        return Err(PhotoProblem::Unreadable);
    }
    let max_side = settings.max_image_side;
    if dimensions.width > max_side
        || dimensions.height > max_side
        || dimensions.pixels() > settings.max_image_pixels
    {
        return Err(PhotoProblem::DimensionsTooLarge {
            dimensions,
            max_side,
            max_pixels: settings.max_image_pixels,
        });
    }
    Ok(dimensions)
}

const DUE_DATE_UNKNOWN: &str = "due_date_unknown";

fn due_date_unknown() -> Finding {
    Finding::new(
        DUE_DATE_UNKNOWN,
        Severity::Warning,
        None,
        "缺少所涉年份的官方工作日安排，无法计算答复期限，请留意处理时限",
        "No official working-day calendar for the year involved: the due date is unknown",
    )
}

/// Checks, stores and records one request, submitted at `now` by `actor`. Blocking (file and
/// database IO): call it off the async threads.
pub fn accept(
    store: &dyn Store,
    images: &dyn ImageStore,
    settings: &Settings,
    calendars: &DeploymentCalendar,
    mut request: IntakeRequest,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<IntakeReceipt, IntakeError> {
    for (side, bytes) in PhotoSide::ALL.into_iter().zip(request.photos.iter_mut()) {
        check_photo(bytes, settings).map_err(|problem| IntakeError::Photo { side, problem })?;
        // Whatever follows the image (an HTML page, a script) is not kept or served back.
        if let Some(end) = image_end(bytes) {
            bytes.truncate(end);
        }
    }
    let today = china_date(now);
    // Refuse a request that cannot be accepted before any photo reaches the disk.
    store.intake_allowed(&request.applicant_id, today)?;
    let [portrait, emblem, handheld] = &request.photos;
    let images = SubmissionImages {
        portrait: images.put(portrait)?,
        emblem: images.put(emblem)?,
        handheld: images.put(handheld)?,
    };
    let findings = consistency::check(&request.identity, today).findings;
    let mut submission = NewSubmission {
        id: uuid::Uuid::new_v4().to_string(),
        applicant_id: request.applicant_id,
        province: request.province,
        identity: request.identity,
        images,
        findings,
        submitted_on: today,
        due_date: None,
        due_provisional: false,
        calendar_version: None,
    };
    // The store refuses a due date counted in a calendar an import replaced meanwhile (the
    // import moved every open due date, but not this one yet): count again with the new one.
    let mut attempts = 0;
    loop {
        let calendar = calendars.current(store)?;
        let due = calendar.calendar.due(today, settings.due_working_days).ok();
        submission.due_date = due.map(|due| due.date);
        submission.due_provisional = due.is_some_and(|due| due.provisional);
        submission.calendar_version = Some(calendar.version);
        submission.findings.retain(|finding| finding.code != DUE_DATE_UNKNOWN);
        if due.is_none() {
            submission.findings.push(due_date_unknown());
        }
        attempts += 1;
        match store.intake(&submission, actor, now) {
            Err(StoreError::CalendarChanged) if attempts < CALENDAR_ATTEMPTS => continue,
            answer => return Ok(answer?),
        }
    }
}

/// How often intake counts a due date again when imports keep replacing the calendar under it.
const CALENDAR_ATTEMPTS: u32 = 3;
