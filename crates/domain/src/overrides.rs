//! Approving over findings: which findings a reviewer may say they approved despite, and the rule
//! a decision's `overridden_findings` keeps. The review screen asks once more before approving a
//! case with an error-severity finding, or whose automatic photo checks are not done; the decision
//! then names what was overridden, so supervisors can find such approvals (the decision log's
//! `over_findings` filter, the export, the audit event).
//!
//! The codes are the findings' own codes ([`crate::finding_reasons::TABLE`], held against the
//! sources by `crates/domain/tests/finding_reasons.rs`) plus [`PHOTO_CHECKS_NOT_DONE`]: the photo checks were
//! pending, failed or unavailable when the reviewer approved. Pure.

use crate::error_code::ErrorCode;
use crate::finding_reasons::{is_finding_code, name_zh};
use crate::review::Outcome;

/// The pseudo-finding of an approval given while the automatic photo checks were not done
/// (pending, failed for good, or unavailable on the server).
pub const PHOTO_CHECKS_NOT_DONE: &str = "photo_checks_not_done";

/// Whether `code` may be named in `overridden_findings`.
pub fn is_overridable(code: &str) -> bool {
    code == PHOTO_CHECKS_NOT_DONE || is_finding_code(code)
}

/// The Chinese name of an overridable code; an unknown code as itself.
pub fn label_zh(code: &str) -> &str {
    if code == PHOTO_CHECKS_NOT_DONE {
        return "照片自动检查未完成";
    }
    name_zh(code).unwrap_or(code)
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
        let table = crate::finding_reasons::TABLE;
        for (index, (code, zh, _)) in table.iter().enumerate() {
            assert!(!table[..index].iter().any(|(seen, ..)| seen == code), "{code} twice");
            assert!(code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'));
            assert!(!zh.is_ascii(), "{code}: {zh}");
            assert_eq!(label_zh(code), *zh);
        }
        assert!(!is_finding_code(PHOTO_CHECKS_NOT_DONE));
        assert_eq!(label_zh(PHOTO_CHECKS_NOT_DONE), "照片自动检查未完成");
    }
}
