//! Forensic hints about one photo, for a person to weigh: `GET
//! /api/v1/submissions/{id}/images/{side}/hints`. Hints, never findings: nothing here suggests a
//! reject reason or counts as a problem found (the UI says 提示，不作为退回依据).

use serde::{Deserialize, Serialize};

use crate::review::PhotoSide;

/// The EXIF fields a person reads for provenance; each absent when the file has none.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct ExifHints {
    /// The program that last wrote the file (an editor names itself here).
    pub software: Option<String>,
    pub make: Option<String>,
    pub model: Option<String>,
    /// When the file was last changed, as the camera or program wrote it (no time zone).
    pub date_time: Option<String>,
    /// When the picture was taken, as the camera wrote it (no time zone).
    pub date_time_original: Option<String>,
}

/// Whose quantization tables the JPEG carries.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum EncoderHint {
    /// The IJG standard tables scaled by a quality (libjpeg, libjpeg-turbo and the many programs
    /// built on them, the `image` crate, most web tools).
    IjgStandard,
    /// Tables that are not the IJG ones at any quality (a camera's or phone's own encoder,
    /// Photoshop, mozjpeg's tuned tables…).
    Other,
    /// No quantization table was readable.
    Unknown,
}

/// The hints of one photo.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct PhotoHints {
    pub side: PhotoSide,
    pub exif: ExifHints,
    /// The JPEG quality (1–100) whose IJG tables are nearest to the file's; `None` without tables.
    pub quality: Option<u8>,
    /// The file's tables are exactly the IJG tables at `quality`.
    pub quality_exact: bool,
    pub encoder: EncoderHint,
    /// An error-level view: the photo's brightness re-encoded at quality 90 and the difference
    /// amplified, as a PNG in base64 (regions pasted in from another picture often stand out).
    pub error_levels_png: String,
    /// The quality the error-level view re-encodes at.
    pub error_levels_quality: u8,
}
