//! The one table of finding codes (identity checks, ID-number errors and warnings, photo checks,
//! intake): each code's short Chinese name (the export's column, the overrides' label) and the
//! reject reasons of the catalogue ([`crate::reasons`]) it supports, so the reject panel opens
//! with them ticked. Codes are API: add, never rename.
//!
//! Every finding code any check can emit has an entry, either the reasons it supports or an
//! explicit [`Supports::Nothing`] with why (`tests/finding_reasons.rs` reads the sources of the
//! workspace for emitted codes and fails on a code without an entry). A suggestion is only a
//! starting point: the reviewer confirms, unticks or adds.

use crate::finding::Finding;
use crate::reasons;
use crate::review::PhotoSide;

/// What a finding supports in the reject-reason catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Supports {
    /// These reasons, whatever photo the finding concerns.
    Reasons(&'static [&'static str]),
    /// The reason for the photo the finding concerns (a finding without a photo suggests none).
    ByPhoto { portrait: &'static str, emblem: &'static str, handheld: &'static str },
    /// Deliberately no reason; the text says why (the finding asks the reviewer to look, or is
    /// only information).
    Nothing(&'static str),
}

const UNCLEAR: Supports = Supports::ByPhoto {
    portrait: "portrait_photo_unclear",
    emblem: "emblem_photo_unclear",
    handheld: "handheld_photo_unclear",
};
const NUMBER: Supports = Supports::Reasons(&["id_number_incorrect"]);
const NAME: Supports = Supports::Reasons(&["name_incorrect"]);
const VALID_FROM: Supports = Supports::Reasons(&["valid_from_incorrect"]);
const VALID_TO: Supports = Supports::Reasons(&["valid_to_incorrect"]);
const REGION: Supports = Supports::Reasons(&["region_incorrect"]);
const ETHNICITY: Supports = Supports::Reasons(&["ethnicity_incorrect"]);

/// Every finding code, its Chinese name and what it supports, grouped by the check that emits it.
pub const TABLE: &[(&str, &str, Supports)] = &[
    // The ID number does not parse (`id::IdError::code`).
    ("empty", "证件号码为空", NUMBER),
    ("bad_length", "证件号码位数不对", NUMBER),
    ("bad_charset", "证件号码含无效字符", NUMBER),
    ("checksum_mismatch", "证件号码校验位不符", NUMBER),
    ("impossible_date", "号码中的出生日期不存在", NUMBER),
    ("future_date", "号码中的出生日期晚于今天", NUMBER),
    ("unknown_province", "号码中的地区代码未知", NUMBER),
    ("unknown_nationality", "号码中的国籍代码未知", NUMBER),
    ("bad_format", "证件号码格式不对", NUMBER),
    ("wrong_id_type", "号码与证件类型不符", Supports::Reasons(&["id_type_incorrect"])),
    // Warnings about an accepted number (`id::warnings`).
    ("unknown_county", "号码中的县级代码未知", Supports::Nothing("old numbers keep county codes that no longer exist")),
    ("legacy_15_digit_upgraded", "15 位旧号码", Supports::Nothing("information: the old form was read")),
    ("old_travel_permit_format", "旧版通行证号码", Supports::Nothing("information: an older permit format")),
    ("foreign_permanent_2017_format", "2017 版永久居留证号码", Supports::Nothing("information: the 2017 card form")),
    // The declaration against its number (`consistency`).
    ("implausible_age", "年龄异常", Supports::Nothing("the reviewer checks the number against the card")),
    ("sex_mismatch", "性别与号码不符", Supports::Reasons(&["sex_incorrect"])),
    ("birth_date_mismatch", "出生日期与号码不符", Supports::Reasons(&["birth_date_incorrect"])),
    ("birth_date_future", "出生日期晚于今天", Supports::Reasons(&["birth_date_incorrect"])),
    ("ethnicity_missing", "未填写民族", ETHNICITY),
    ("ethnicity_special", "特殊民族填写", Supports::Nothing("a lawful special entry; the reviewer compares")),
    ("ethnicity_unknown", "民族未知", ETHNICITY),
    ("region_mismatch", "地区与号码不符", REGION),
    ("region_missing", "未填写地区", REGION),
    ("region_unknown", "地区未知", REGION),
    ("name_empty", "姓名为空", NAME),
    ("name_surrounding_space", "姓名首尾有空格", Supports::Nothing("spaces around a name are trimmed")),
    ("name_wrong_dot", "姓名间隔点不对", NAME),
    ("name_invalid_char", "姓名含无效字符", NAME),
    ("name_private_use_char", "姓名含自造字", Supports::Nothing("rare characters exist; the reviewer compares")),
    ("name_dot_position", "姓名间隔点位置不对", NAME),
    ("name_misplaced_space", "姓名空格位置不对", NAME),
    ("valid_from_future", "有效期起始日晚于今天", VALID_FROM),
    ("valid_from_before_birth", "有效期起始日早于出生", VALID_FROM),
    ("validity_age_boundary", "有效期处于年龄分界", Supports::Nothing("the issue date may follow the application")),
    ("validity_age_mismatch", "有效期与年龄不符", VALID_TO),
    ("validity_length_wrong", "有效期长度不对", VALID_TO),
    ("validity_end_before_start", "有效期截止早于起始", VALID_TO),
    ("id_expired", "证件已过期", Supports::Reasons(&["id_expired"])),
    ("id_expiring_soon", "证件即将过期", Supports::Nothing("still valid today")),
    // The automatic photo checks (`photo_findings`).
    ("photo_check_failed", "照片自动检查未完成", Supports::Nothing("the checks did not run; the reviewer looks")),
    ("photo_unreadable", "照片无法读取", Supports::Reasons(&["file_not_as_required"])),
    ("photo_blurred", "照片模糊", UNCLEAR),
    ("photo_rotated", "照片被旋转", Supports::Reasons(&["photo_rotated"])),
    ("photo_mirrored", "照片为镜像", Supports::Reasons(&["photo_mirrored"])),
    ("photo_orientation_unsure", "照片方向无法判断", Supports::Nothing("undecided; the reviewer looks")),
    ("photo_wrong_side", "照片面别不对", Supports::Reasons(&["wrong_side_uploaded"])),
    ("photo_id_number_mismatch", "照片上的号码与填写不符", NUMBER),
    ("photo_duplicate_side", "两面照片为同一文件", Supports::Reasons(&["wrong_side_uploaded"])),
    (
        "photo_reused",
        "照片与他人重复",
        Supports::Nothing(
            "a file other applicants uploaded is a fraud signal for the reviewer to judge; no \
             catalogue reason states it (the reviewer writes 其他原因)",
        ),
    ),
    (
        "photo_near_duplicate",
        "照片与他人高度相似",
        Supports::Nothing(
            "a likely copy of another applicant's photo is a fraud signal the reviewer confirms by \
             eye; no catalogue reason states it",
        ),
    ),
    // Repeat faces within the province (`face_findings`), made only once calibrated.
    (
        "face_seen_elsewhere",
        "人脸与其他申请人相似",
        Supports::Nothing(
            "the same face under another ID number is a fraud signal a person confirms by eye \
             (a calibrated band is a hint, never a verdict); no catalogue reason states it",
        ),
    ),
    (
        "face_differs_from_earlier_attempt",
        "人脸与此前提交不同",
        Supports::Nothing(
            "a different person on a re-attempt is for a person to confirm by eye (a calibrated \
             band is a hint, never a verdict); no catalogue reason states it",
        ),
    ),
    // Intake (`reviewdesk-server`).
    ("due_date_unknown", "答复期限未知", Supports::Nothing("about the answer's due date, not the applicant")),
];

/// What the finding with this code supports; `None` for a code the table does not know.
pub fn supports(code: &str) -> Option<Supports> {
    TABLE.iter().find(|(known, ..)| *known == code).map(|(_, _, supports)| *supports)
}

/// Whether `code` is a finding code.
pub fn is_finding_code(code: &str) -> bool {
    TABLE.iter().any(|(known, ..)| *known == code)
}

/// The short Chinese name of a finding code; `None` for a code the table does not know.
pub fn name_zh(code: &str) -> Option<&'static str> {
    TABLE.iter().find(|(known, ..)| *known == code).map(|(_, zh, _)| *zh)
}

/// The reasons one finding supports.
pub fn reasons_for(finding: &Finding) -> Vec<&'static str> {
    match supports(&finding.code) {
        Some(Supports::Reasons(codes)) => codes.to_vec(),
        Some(Supports::ByPhoto { portrait, emblem, handheld }) => match finding.photo {
            Some(PhotoSide::Portrait) => vec![portrait],
            Some(PhotoSide::Emblem) => vec![emblem],
            Some(PhotoSide::Handheld) => vec![handheld],
            None => Vec::new(),
        },
        Some(Supports::Nothing(_)) | None => Vec::new(),
    }
}

/// The reasons a set of findings supports, each once, in catalogue order.
pub fn suggested_reasons<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Vec<String> {
    let wanted: Vec<&str> = findings.into_iter().flat_map(reasons_for).collect();
    reasons::catalogue()
        .iter()
        .filter(|reason| wanted.contains(&reason.code))
        .map(|reason| reason.code.to_owned())
        .collect()
}
