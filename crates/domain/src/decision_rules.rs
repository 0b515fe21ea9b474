//! The checks a decision, a second-review verdict and the work around them must pass, and their
//! limits: written once, here, and applied by the desktop's client (before a decision reaches its
//! outbox) and by the server's store (before it is recorded), so both refuse the same things with
//! the same [`ErrorCode`]. Pure: no clock, no store.

use chrono::{Duration, NaiveDate};

use crate::error_code::ErrorCode;
use crate::id::IdType;
use crate::overrides::OverrideError;
use crate::reasons::{applicant_text, ReasonError};
use crate::review::Outcome;
use crate::wire::supervision::{DEFAULT_LOG_PAGE, MAX_LOG_PAGE, MAX_STATS_DAYS};

/// Longest staff note (a decision's or a verdict's), in characters.
pub const MAX_NOTE_CHARS: usize = 2000;
/// Longest decision id, in characters.
pub const MAX_DECISION_ID_CHARS: usize = 64;
/// Most submissions one claim (an offline checkout included) may lease.
pub const MAX_CLAIM: u32 = 100;
/// Longest lease, in hours: an offline checkout for a working day.
pub const MAX_LEASE_HOURS: i64 = 8;

/// Why a decision, a verdict or a request around them is refused. `Display` is Chinese.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    #[error("决定编号须为 1 到 {MAX_DECISION_ID_CHARS} 个字符")]
    BadDecisionId,
    #[error("通过的决定不能附带不通过原因")]
    ReasonsWithApproval,
    /// The reject reasons do not make a valid applicant text.
    #[error(transparent)]
    Reasons(#[from] ReasonError),
    /// The findings an approval overrode are not well formed.
    #[error(transparent)]
    Overrides(#[from] OverrideError),
    #[error("备注过长：{chars} 个字符，最多 {max} 个")]
    NoteTooLong { chars: usize, max: usize },
    #[error("复核须填写理由")]
    NoteRequired,
    #[error("每页条数须在 1 到 {max} 之间")]
    BadLimit { max: u32 },
    #[error("开始日期不能晚于结束日期")]
    BadDateRange,
    #[error("日期范围最长 {max_days} 天")]
    RangeTooLong { max_days: i64 },
    #[error("一次领取的数量须在 1 到 {max} 之间")]
    BadClaimSize { max: u32 },
    #[error("租约时长须大于 0 且不超过 {max_hours} 小时")]
    BadLeaseLength { max_hours: i64 },
}

impl RuleError {
    pub fn code(&self) -> ErrorCode {
        match self {
            RuleError::BadDecisionId => ErrorCode::BadDecisionId,
            RuleError::ReasonsWithApproval => ErrorCode::ReasonsWithApproval,
            RuleError::Reasons(error) => error.code(),
            RuleError::Overrides(error) => error.code(),
            RuleError::NoteTooLong { .. } => ErrorCode::NoteTooLong,
            RuleError::NoteRequired => ErrorCode::NoteRequired,
            RuleError::BadLimit { .. } => ErrorCode::BadLimit,
            RuleError::BadDateRange => ErrorCode::BadDateRange,
            RuleError::RangeTooLong { .. } => ErrorCode::RangeTooLong,
            RuleError::BadClaimSize { .. } => ErrorCode::BadClaimSize,
            RuleError::BadLeaseLength { .. } => ErrorCode::BadLeaseLength,
        }
    }

    /// The Chinese message (same as `Display`).
    pub fn message_zh(&self) -> String {
        self.to_string()
    }
}

/// A decision as the rules see it: what was chosen, without who or when.
#[derive(Debug, Clone, Copy)]
pub struct DecisionDraft<'a> {
    pub outcome: Outcome,
    pub reasons: &'a [String],
    pub other_text: Option<&'a str>,
    pub note: Option<&'a str>,
}

/// A decision id is 1 to [`MAX_DECISION_ID_CHARS`] characters.
pub fn check_decision_id(id: &str) -> Result<(), RuleError> {
    if id.is_empty() || id.chars().count() > MAX_DECISION_ID_CHARS {
        return Err(RuleError::BadDecisionId);
    }
    Ok(())
}

/// A note is at most [`MAX_NOTE_CHARS`] characters.
pub fn check_note(note: Option<&str>) -> Result<(), RuleError> {
    match note.map(|note| note.chars().count()) {
        Some(chars) if chars > MAX_NOTE_CHARS => {
            Err(RuleError::NoteTooLong { chars, max: MAX_NOTE_CHARS })
        }
        _ => Ok(()),
    }
}

/// A decision's content: its note fits, an approval carries no reasons, a rejection's reasons make
/// an applicant text (its wording for the applicant's document comes from [`applicant_text_of`]).
pub fn check_decision(draft: &DecisionDraft<'_>) -> Result<(), RuleError> {
    check_note(draft.note)?;
    match draft.outcome {
        Outcome::Approve if !draft.reasons.is_empty() || draft.other_text.is_some() => {
            Err(RuleError::ReasonsWithApproval)
        }
        Outcome::Approve => Ok(()),
        Outcome::Reject => applicant_text_of(draft, IdType::Resident).map(drop),
    }
}

/// A supervisor's verdict: a decision whose note is required.
pub fn check_verdict(draft: &DecisionDraft<'_>) -> Result<(), RuleError> {
    if draft.note.is_none_or(|note| note.trim().is_empty()) {
        return Err(RuleError::NoteRequired);
    }
    check_decision(draft)
}

/// What the applicant who submitted `id_type` reads for a rejection (`None` for an approval):
/// reasons about a photo name that document's parts, never another's.
pub fn applicant_text_of(
    draft: &DecisionDraft<'_>,
    id_type: IdType,
) -> Result<Option<String>, RuleError> {
    match draft.outcome {
        Outcome::Approve => Ok(None),
        Outcome::Reject => {
            let codes: Vec<&str> = draft.reasons.iter().map(String::as_str).collect();
            Ok(Some(applicant_text(id_type, &codes, draft.other_text)?))
        }
    }
}

/// The decision log's page size: [`DEFAULT_LOG_PAGE`] when absent, else 1 to [`MAX_LOG_PAGE`].
pub fn page_limit(limit: Option<u32>) -> Result<u32, RuleError> {
    match limit.unwrap_or(DEFAULT_LOG_PAGE) {
        n @ 1..=MAX_LOG_PAGE => Ok(n),
        _ => Err(RuleError::BadLimit { max: MAX_LOG_PAGE }),
    }
}

/// A date filter runs forwards (either end may be open).
pub fn check_date_range(from: Option<NaiveDate>, to: Option<NaiveDate>) -> Result<(), RuleError> {
    match (from, to) {
        (Some(from), Some(to)) if from > to => Err(RuleError::BadDateRange),
        _ => Ok(()),
    }
}

/// A statistics range runs forwards over at most [`MAX_STATS_DAYS`] days.
pub fn check_stats_range(from: NaiveDate, to: NaiveDate) -> Result<(), RuleError> {
    check_date_range(Some(from), Some(to))?;
    if (to - from).num_days() >= MAX_STATS_DAYS {
        return Err(RuleError::RangeTooLong { max_days: MAX_STATS_DAYS });
    }
    Ok(())
}

/// One claim leases 1 to [`MAX_CLAIM`] submissions.
pub fn check_claim_size(max: u32) -> Result<(), RuleError> {
    if max == 0 || max > MAX_CLAIM {
        return Err(RuleError::BadClaimSize { max: MAX_CLAIM });
    }
    Ok(())
}

/// A lease lasts more than nothing and at most [`MAX_LEASE_HOURS`].
pub fn check_lease_length(lease_for: Duration) -> Result<(), RuleError> {
    if lease_for <= Duration::zero() || lease_for > Duration::hours(MAX_LEASE_HOURS) {
        return Err(RuleError::BadLeaseLength { max_hours: MAX_LEASE_HOURS });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft<'a>(
        outcome: Outcome,
        reasons: &'a [String],
        note: Option<&'a str>,
    ) -> DecisionDraft<'a> {
        DecisionDraft { outcome, reasons, other_text: None, note }
    }

    fn code<T>(result: Result<T, RuleError>) -> Option<ErrorCode> {
        result.err().map(|error| error.code())
    }

    #[test]
    fn an_approval_carries_no_reasons() {
        let reasons = vec!["sex_incorrect".to_owned()];
        assert_eq!(check_decision(&draft(Outcome::Approve, &[], None)), Ok(()));
        assert_eq!(
            code(check_decision(&draft(Outcome::Approve, &reasons, None))),
            Some(ErrorCode::ReasonsWithApproval)
        );
        let with_text =
            DecisionDraft { other_text: Some("x"), ..draft(Outcome::Approve, &[], None) };
        assert_eq!(code(check_decision(&with_text)), Some(ErrorCode::ReasonsWithApproval));
    }

    #[test]
    fn a_rejection_needs_valid_reasons_and_yields_the_applicant_text() {
        let reasons = vec!["sex_incorrect".to_owned()];
        check_decision(&draft(Outcome::Reject, &reasons, None)).expect("valid");
        let text = applicant_text_of(&draft(Outcome::Reject, &reasons, None), IdType::Passport);
        assert_eq!(text, Ok(Some("不通过原因：性别填写错误".to_owned())));
        let photo = vec!["portrait_photo_unclear".to_owned()];
        let text = applicant_text_of(&draft(Outcome::Reject, &photo, None), IdType::TaiwanPermit);
        assert_eq!(text, Ok(Some("不通过原因：居住证人像面照片不清晰".to_owned())));
        assert_eq!(
            code(check_decision(&draft(Outcome::Reject, &[], None))),
            Some(ErrorCode::NoReason)
        );
    }

    #[test]
    fn notes_have_a_limit_and_verdicts_need_one() {
        let long = "备".repeat(MAX_NOTE_CHARS + 1);
        let fits = "备".repeat(MAX_NOTE_CHARS);
        assert_eq!(
            code(check_decision(&draft(Outcome::Approve, &[], Some(&long)))),
            Some(ErrorCode::NoteTooLong)
        );
        assert_eq!(check_decision(&draft(Outcome::Approve, &[], Some(&fits))), Ok(()));
        for note in [None, Some(""), Some("  ")] {
            assert_eq!(
                code(check_verdict(&draft(Outcome::Approve, &[], note))),
                Some(ErrorCode::NoteRequired)
            );
        }
        assert_eq!(check_verdict(&draft(Outcome::Approve, &[], Some("复核无误"))), Ok(()));
    }

    #[test]
    fn ids_pages_ranges_claims_and_leases_have_limits() {
        assert_eq!(code(check_decision_id("")), Some(ErrorCode::BadDecisionId));
        assert_eq!(code(check_decision_id(&"a".repeat(65))), Some(ErrorCode::BadDecisionId));
        assert!(check_decision_id(&"a".repeat(64)).is_ok());
        assert_eq!(page_limit(None), Ok(DEFAULT_LOG_PAGE));
        assert_eq!(page_limit(Some(MAX_LOG_PAGE)), Ok(MAX_LOG_PAGE));
        assert_eq!(code(page_limit(Some(0))), Some(ErrorCode::BadLimit));
        assert_eq!(code(page_limit(Some(MAX_LOG_PAGE + 1))), Some(ErrorCode::BadLimit));
        let day = NaiveDate::from_ymd_opt(2026, 3, 1).expect("a date");
        assert!(check_date_range(Some(day), None).is_ok());
        assert_eq!(
            code(check_date_range(Some(day + Duration::days(1)), Some(day))),
            Some(ErrorCode::BadDateRange)
        );
        assert!(check_stats_range(day, day + Duration::days(MAX_STATS_DAYS - 1)).is_ok());
        assert_eq!(
            code(check_stats_range(day, day + Duration::days(MAX_STATS_DAYS))),
            Some(ErrorCode::RangeTooLong)
        );
        assert_eq!(code(check_claim_size(0)), Some(ErrorCode::BadClaimSize));
        assert_eq!(code(check_claim_size(MAX_CLAIM + 1)), Some(ErrorCode::BadClaimSize));
        assert!(check_claim_size(MAX_CLAIM).is_ok());
        assert_eq!(code(check_lease_length(Duration::zero())), Some(ErrorCode::BadLeaseLength));
        assert!(check_lease_length(Duration::hours(MAX_LEASE_HOURS)).is_ok());
        assert_eq!(
            code(check_lease_length(Duration::hours(MAX_LEASE_HOURS) + Duration::seconds(1))),
            Some(ErrorCode::BadLeaseLength)
        );
    }
}
