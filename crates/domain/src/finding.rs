//! The one shape every check result takes: a stable machine code, a severity, the field it concerns
//! and a message in Chinese and English. Codes are API: never rename one, only add.

use serde::{Deserialize, Serialize};

use crate::review::PhotoSide;

/// Display language. Chinese is the default everywhere.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, specta::Type,
)]
#[serde(rename_all = "kebab-case")]
pub enum Lang {
    #[default]
    #[serde(rename = "zh-CN")]
    Zh,
    #[serde(rename = "en")]
    En,
}

/// An error fails the check; a warning asks the reviewer to look.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
}

/// The declared identity field a finding concerns, so a UI can highlight it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    IdType,
    IdNumber,
    Name,
    Sex,
    BirthDate,
    Ethnicity,
    Region,
    ValidFrom,
    ValidTo,
}

/// One check result.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Finding {
    /// Stable snake_case code, e.g. `checksum_mismatch`, `sex_mismatch`.
    pub code: String,
    pub severity: Severity,
    /// The field to highlight, when the finding concerns one.
    pub field: Option<Field>,
    pub message_zh: String,
    pub message_en: String,
    /// The photo a finding of the automatic photo checks concerns, so the UI shows it there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub photo: Option<PhotoSide>,
    /// For an orientation finding: what makes the photo read upright (one key applies it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correction: Option<Correction>,
}

/// How to turn a stored photo upright: rotate it clockwise by `rotate_cw` degrees (0, 90, 180 or
/// 270), then flip it horizontally if `mirrored`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
pub struct Correction {
    pub rotate_cw: u16,
    pub mirrored: bool,
}

impl Finding {
    pub fn new(
        code: &str,
        severity: Severity,
        field: Option<Field>,
        message_zh: impl Into<String>,
        message_en: impl Into<String>,
    ) -> Self {
        Finding {
            code: code.to_owned(),
            severity,
            field,
            message_zh: message_zh.into(),
            message_en: message_en.into(),
            photo: None,
            correction: None,
        }
    }

    /// The same finding, about one photo.
    pub fn about_photo(self, side: PhotoSide) -> Self {
        Finding { photo: Some(side), ..self }
    }

    /// The same finding, with the correction that makes its photo read upright.
    pub fn with_correction(self, correction: Correction) -> Self {
        Finding { correction: Some(correction), ..self }
    }

    pub fn error(
        code: &str,
        field: Option<Field>,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) -> Self {
        Self::new(code, Severity::Error, field, zh, en)
    }

    pub fn warning(
        code: &str,
        field: Option<Field>,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) -> Self {
        Self::new(code, Severity::Warning, field, zh, en)
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.message_zh,
            Lang::En => &self.message_en,
        }
    }
}
