//! Approving over findings: which findings a reviewer may say they approved despite, and the rule
//! a decision's `overridden_findings` keeps. The review screen asks once more before approving a
//! case with an error-severity finding, or whose automatic photo checks are not done; the decision
//! then names what was overridden, so supervisors can find such approvals (the decision log's
//! `over_findings` filter, the export, the audit event).
//!
//! The codes are the findings' own codes ([`FINDINGS`], held against the sources by
//! `crates/domain/tests/finding_codes.rs`) plus [`PHOTO_CHECKS_NOT_DONE`]: the photo checks were
//! pending, failed or unavailable when the reviewer approved. Pure.

use crate::error_code::ErrorCode;
use crate::review::Outcome;

/// The pseudo-finding of an approval given while the automatic photo checks were not done
/// (pending, failed for good, or unavailable on the server).
pub const PHOTO_CHECKS_NOT_DONE: &str = "photo_checks_not_done";

/// Every finding code the rules, the intake and the photo checks produce, with a short Chinese
/// name (the export's column; the screen shows each finding's own message). Codes are API: add,
/// never rename.
pub const FINDINGS: &[(&str, &str)] = &[
    // The ID number (`IdError::code`) and its warnings.
    ("empty", "证件号码为空"),
    ("bad_length", "证件号码位数不对"),
    ("bad_charset", "证件号码含无效字符"),
    ("checksum_mismatch", "证件号码校验位不符"),
    ("impossible_date", "号码中的出生日期不存在"),
    ("future_date", "号码中的出生日期晚于今天"),
    ("unknown_province", "号码中的地区代码未知"),
    ("unknown_nationality", "号码中的国籍代码未知"),
    ("bad_format", "证件号码格式不对"),
    ("wrong_id_type", "号码与证件类型不符"),
    ("unknown_county", "号码中的县级代码未知"),
    ("legacy_15_digit_upgraded", "15 位旧号码"),
    ("old_travel_permit_format", "旧版通行证号码"),
    ("foreign_permanent_2017_format", "2017 版永久居留证号码"),
    // The declared identity against the number and itself.
    ("implausible_age", "年龄异常"),
    ("sex_mismatch", "性别与号码不符"),
    ("birth_date_mismatch", "出生日期与号码不符"),
    ("birth_date_future", "出生日期晚于今天"),
    ("name_empty", "姓名为空"),
    ("name_invalid_char", "姓名含无效字符"),
    ("name_wrong_dot", "姓名间隔点不对"),
    ("name_dot_position", "姓名间隔点位置不对"),
    ("name_misplaced_space", "姓名空格位置不对"),
    ("name_surrounding_space", "姓名首尾有空格"),
    ("name_private_use_char", "姓名含自造字"),
    ("ethnicity_unknown", "民族未知"),
    ("ethnicity_special", "特殊民族填写"),
    ("ethnicity_missing", "未填写民族"),
    ("region_unknown", "地区未知"),
    ("region_mismatch", "地区与号码不符"),
    ("region_missing", "未填写地区"),
    ("valid_from_future", "有效期起始日晚于今天"),
    ("valid_from_before_birth", "有效期起始日早于出生"),
    ("validity_end_before_start", "有效期截止早于起始"),
    ("validity_length_wrong", "有效期长度不对"),
    ("validity_age_mismatch", "有效期与年龄不符"),
    ("validity_age_boundary", "有效期处于年龄分界"),
    ("id_expired", "证件已过期"),
    ("id_expiring_soon", "证件即将过期"),
    // Intake.
    ("due_date_unknown", "答复期限未知"),
    // The automatic photo checks.
    ("photo_check_failed", "照片自动检查未完成"),
    ("photo_unreadable", "照片无法读取"),
    ("photo_blurred", "照片模糊"),
    ("photo_rotated", "照片被旋转"),
    ("photo_mirrored", "照片为镜像"),
    ("photo_orientation_unsure", "照片方向无法判断"),
    ("photo_wrong_side", "照片面别不对"),
    ("photo_id_number_mismatch", "照片上的号码与填写不符"),
    ("photo_duplicate_side", "两面照片为同一文件"),
    ("photo_reused", "照片与他人重复"),
    ("photo_near_duplicate", "照片与他人高度相似"),
];

/// Whether `code` is a finding code.
pub fn is_finding_code(code: &str) -> bool {
    FINDINGS.iter().any(|(known, _)| *known == code)
}

/// Whether `code` may be named in `overridden_findings`.
pub fn is_overridable(code: &str) -> bool {
    code == PHOTO_CHECKS_NOT_DONE || is_finding_code(code)
}

/// The Chinese name of an overridable code; an unknown code as itself.
pub fn label_zh(code: &str) -> &str {
    if code == PHOTO_CHECKS_NOT_DONE {
        return "照片自动检查未完成";
    }
    FINDINGS.iter().find(|(known, _)| *known == code).map_or(code, |(_, zh)| zh)
}

/// Why a decision's `overridden_findings` is refused. `Display` is Chinese.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OverrideError {
    #[error("只有“通过”的决定才能记录被忽略的提示")]
    NotAnApproval,
    #[error("未知的提示代码：{code}")]
    UnknownCode { code: String },
    #[error("提示代码重复：{code}")]
    Duplicate { code: String },
}

impl OverrideError {
    pub fn code(&self) -> ErrorCode {
        match self {
            OverrideError::NotAnApproval => ErrorCode::OverridesWithRejection,
            OverrideError::UnknownCode { .. } => ErrorCode::UnknownFindingCode,
            OverrideError::Duplicate { .. } => ErrorCode::DuplicateFindingCode,
        }
    }
}

/// An approval may name the findings it overrode, each a known code, once; a rejection names none.
pub fn check_overrides(outcome: Outcome, codes: &[String]) -> Result<(), OverrideError> {
    if codes.is_empty() {
        return Ok(());
    }
    if outcome != Outcome::Approve {
        return Err(OverrideError::NotAnApproval);
    }
    for (index, code) in codes.iter().enumerate() {
        if !is_overridable(code) {
            return Err(OverrideError::UnknownCode { code: code.clone() });
        }
        if codes[..index].contains(code) {
            return Err(OverrideError::Duplicate { code: code.clone() });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(list: &[&str]) -> Vec<String> {
        list.iter().map(|code| (*code).to_owned()).collect()
    }

    #[test]
    fn an_approval_names_known_findings_once() {
        let overridden = codes(&["sex_mismatch", PHOTO_CHECKS_NOT_DONE]);
        assert_eq!(check_overrides(Outcome::Approve, &overridden), Ok(()));
        assert_eq!(check_overrides(Outcome::Approve, &[]), Ok(()));
        assert_eq!(check_overrides(Outcome::Reject, &[]), Ok(()));
        let refused = |outcome, list: &[&str]| {
            check_overrides(outcome, &codes(list)).err().map(|error| error.code())
        };
        assert_eq!(
            refused(Outcome::Reject, &["sex_mismatch"]),
            Some(ErrorCode::OverridesWithRejection)
        );
        assert_eq!(
            refused(Outcome::Approve, &["no_such_code"]),
            Some(ErrorCode::UnknownFindingCode)
        );
        assert_eq!(
            refused(Outcome::Approve, &["id_expired", "id_expired"]),
            Some(ErrorCode::DuplicateFindingCode)
        );
    }

    #[test]
    fn the_codes_are_distinct_snake_case_with_chinese_names() {
        for (index, (code, zh)) in FINDINGS.iter().enumerate() {
            assert!(!FINDINGS[..index].iter().any(|(seen, _)| seen == code), "{code} twice");
            assert!(code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'));
            assert!(!zh.is_ascii(), "{code}: {zh}");
            assert_eq!(label_zh(code), *zh);
        }
        assert!(!is_finding_code(PHOTO_CHECKS_NOT_DONE));
        assert_eq!(label_zh(PHOTO_CHECKS_NOT_DONE), "照片自动检查未完成");
    }
}
