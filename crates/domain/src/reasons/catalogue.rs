//! The reject-reason table itself: every code with its category, applicant-facing Chinese text
//! and English rendering. Order is picker order and the order reasons appear in the applicant
//! text. Codes are never renamed or reused; new reasons are added, never removed.

use super::{ReasonCategory, RejectReason};
use crate::finding::Field;

/// The code of the free-text reason.
pub const OTHER: &str = "other";

/// A reason for a wrongly entered identity field.
const fn identity(
    code: &'static str,
    field: Field,
    zh: &'static str,
    en: &'static str,
) -> RejectReason {
    RejectReason {
        code,
        category: ReasonCategory::IdentityData,
        zh,
        en,
        field: Some(field),
        retry_allowed: true,
        needs_text: false,
    }
}

/// A reason the applicant can put right with new photos or files.
const fn fixable(
    code: &'static str,
    category: ReasonCategory,
    zh: &'static str,
    en: &'static str,
) -> RejectReason {
    RejectReason { code, category, zh, en, field: None, retry_allowed: true, needs_text: false }
}

pub(super) const REASONS: &[RejectReason] = &[
    identity("id_type_incorrect", Field::IdType, "证件类型填写错误", "ID type entered incorrectly"),
    identity(
        "id_number_incorrect",
        Field::IdNumber,
        "证件号码填写错误",
        "ID number entered incorrectly",
    ),
    identity("name_incorrect", Field::Name, "姓名填写错误", "Name entered incorrectly"),
    identity("sex_incorrect", Field::Sex, "性别填写错误", "Sex entered incorrectly"),
    identity(
        "birth_date_incorrect",
        Field::BirthDate,
        "出生日期填写错误",
        "Date of birth entered incorrectly",
    ),
    identity(
        "ethnicity_incorrect",
        Field::Ethnicity,
        "民族填写错误",
        "Ethnicity entered incorrectly",
    ),
    identity("region_incorrect", Field::Region, "地区填写错误", "Region entered incorrectly"),
    identity(
        "valid_from_incorrect",
        Field::ValidFrom,
        "证件有效开始日期填写错误",
        "ID validity start date entered incorrectly",
    ),
    identity(
        "valid_to_incorrect",
        Field::ValidTo,
        "证件有效截止日期填写错误",
        "ID validity end date entered incorrectly",
    ),
    fixable(
        "portrait_photo_unclear",
        ReasonCategory::PhotoQuality,
        "身份证人像面照片不清晰",
        "Photo of the ID portrait side is not clear",
    ),
    fixable(
        "emblem_photo_unclear",
        ReasonCategory::PhotoQuality,
        "身份证国徽面照片不清晰",
        "Photo of the ID national-emblem side is not clear",
    ),
    fixable(
        "handheld_photo_unclear",
        ReasonCategory::PhotoQuality,
        "手持身份证照片不清晰",
        "Photo of the applicant holding the ID is not clear",
    ),
    fixable(
        "face_not_visible",
        ReasonCategory::PhotoQuality,
        "手持身份证照片未露出本人完整面部",
        "The applicant's face is not fully visible in the hand-held ID photo",
    ),
    fixable(
        "document_incomplete",
        ReasonCategory::PhotoQuality,
        "照片中的证件显示不完整",
        "The ID is not shown completely in the photo",
    ),
    fixable(
        "photo_rotated",
        ReasonCategory::PhotoOrientation,
        "照片存在旋转",
        "A photo is rotated",
    ),
    fixable(
        "photo_mirrored",
        ReasonCategory::PhotoOrientation,
        "照片存在镜像反转",
        "A photo is mirror-reversed",
    ),
    fixable(
        "wrong_side_uploaded",
        ReasonCategory::Document,
        "身份证人像面与国徽面照片上传错误",
        "The portrait-side and emblem-side photos were uploaded in the wrong places",
    ),
    fixable(
        "document_type_mismatch",
        ReasonCategory::Document,
        "上传的证件与所选证件类型不一致",
        "The uploaded document does not match the selected ID type",
    ),
    fixable(
        "holder_mismatch",
        ReasonCategory::Document,
        "手持身份证照片中的人与证件照片不符",
        "The person in the hand-held photo does not match the ID photo",
    ),
    RejectReason {
        code: "id_expired",
        category: ReasonCategory::Document,
        zh: "证件已过期",
        en: "The ID has expired",
        field: Some(Field::ValidTo),
        retry_allowed: false,
        needs_text: false,
    },
    fixable(
        "file_not_as_required",
        ReasonCategory::Document,
        "上传的照片文件不符合要求（须为JPG格式，每张小于190KB）",
        "An uploaded file does not meet the requirements (JPG, each under 190 KB)",
    ),
    RejectReason {
        code: OTHER,
        category: ReasonCategory::Other,
        zh: "其他原因",
        en: "Other reason",
        field: None,
        retry_allowed: true,
        needs_text: true,
    },
];
