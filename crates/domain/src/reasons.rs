//! The catalogue of reject reasons and the exact text the applicant reads when a manual review
//! fails (e.g. `不通过原因：性别填写错误；手持身份证照片不清晰`).
//!
//! Reason codes are API: stable snake_case, never renamed or reused, only added. The Chinese
//! text of a reason is exactly what the applicant sees.

mod applicant_text;
mod by_document;
mod catalogue;

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::finding::{Field, Lang};
use crate::id::IdType;

pub use applicant_text::{
    applicant_text, ReasonError, APPLICANT_TEXT_PREFIX, OTHER_TEXT_MAX_CHARS, REASON_SEPARATOR,
};
pub use catalogue::OTHER;

/// The group a reject reason belongs to, for the reviewer's picker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ReasonCategory {
    /// A declared identity field is wrong.
    IdentityData,
    /// A photo is unclear, incomplete or does not show what it must.
    PhotoQuality,
    /// A photo is rotated or mirror-reversed.
    PhotoOrientation,
    /// The document itself or the uploaded files do not meet the requirements.
    Document,
    /// Anything else, explained in free text.
    Other,
}

impl ReasonCategory {
    /// Every category, in picker order.
    pub const ALL: [ReasonCategory; 5] = [
        ReasonCategory::IdentityData,
        ReasonCategory::PhotoQuality,
        ReasonCategory::PhotoOrientation,
        ReasonCategory::Document,
        ReasonCategory::Other,
    ];

    /// The Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            ReasonCategory::IdentityData => "身份信息",
            ReasonCategory::PhotoQuality => "照片质量",
            ReasonCategory::PhotoOrientation => "照片方向",
            ReasonCategory::Document => "证件与文件",
            ReasonCategory::Other => "其他",
        }
    }

    /// The English label.
    pub fn label_en(self) -> &'static str {
        match self {
            ReasonCategory::IdentityData => "Identity data",
            ReasonCategory::PhotoQuality => "Photo quality",
            ReasonCategory::PhotoOrientation => "Photo orientation",
            ReasonCategory::Document => "Document and files",
            ReasonCategory::Other => "Other",
        }
    }

    /// The label in the requested language.
    pub fn label(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.label_zh(),
            Lang::En => self.label_en(),
        }
    }
}

/// One reason a reviewer may give for rejecting a manual review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, specta::Type)]
pub struct RejectReason {
    /// Stable snake_case code, e.g. `sex_incorrect`.
    pub code: &'static str,
    pub category: ReasonCategory,
    /// Exactly what the applicant reads, e.g. `性别填写错误`. For [`OTHER`] this is only the
    /// picker label: the applicant reads the reviewer's free text instead.
    pub zh: &'static str,
    /// English rendering for the reviewer; applicants read the Chinese text.
    pub en: &'static str,
    /// The declared identity field the reason concerns, so the UI can highlight it.
    pub field: Option<Field>,
    /// Whether the applicant can put this right themselves (correct what they entered, take new
    /// photos) and request another review. `false` when a new request cannot succeed until
    /// something outside the system changes, e.g. an expired ID must first be renewed.
    pub retry_allowed: bool,
    /// Whether the reviewer must write a free-text explanation (only [`OTHER`]).
    pub needs_text: bool,
}

impl RejectReason {
    /// The reason's text in the requested language.
    pub fn text(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh,
            Lang::En => self.en,
        }
    }

    /// The reason's text for an applicant who submitted `id_type`: the reasons about a photo name
    /// that document's parts (`护照资料页照片不清晰`); the others read as in the catalogue.
    pub fn text_for(&self, id_type: IdType, lang: Lang) -> Cow<'static, str> {
        by_document::text_for(self, id_type, lang)
    }
}

/// Every reject reason, in picker order (grouped by category). The applicant text lists chosen
/// reasons in this order.
pub fn catalogue() -> &'static [RejectReason] {
    catalogue::REASONS
}

/// The reason with this code, if any.
pub fn find(code: &str) -> Option<&'static RejectReason> {
    catalogue::REASONS.iter().find(|reason| reason.code == code)
}
