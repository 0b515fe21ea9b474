//! The store contract's rules that do not depend on a database: argument limits (claim size,
//! lease length, note length), who may claim, how a decision is validated and compared with a
//! replay, which status a decision leads to and which audit action records it. Both stores call
//! these, so SQLite and PostgreSQL refuse and decide exactly alike.

use chrono::Duration;
use reviewdesk_domain::audit::AuditAction;
use reviewdesk_domain::quota::is_last_attempt;
use reviewdesk_domain::reasons;
use reviewdesk_domain::review::{Outcome, SubmissionStatus};

use super::{Decision, NewDecision, Stage, StoreError, User};

/// Most submissions one claim may lease.
pub const MAX_CLAIM: u32 = 100;
/// Longest lease: an offline checkout for a working day.
pub const MAX_LEASE_HOURS: i64 = 8;
/// Longest staff note, in characters.
pub const MAX_NOTE_CHARS: usize = 2000;
/// Longest username kept in a `login_failed` event: whatever was typed is cut to this.
pub const MAX_LOGGED_USERNAME_CHARS: usize = 64;
/// The claim order of a submission whose due date could not be computed: after every dated one.
pub const UNDATED_CLAIM_ORDER: &str = "9999-12-31";

fn invalid(code: &'static str, message: impl Into<String>) -> StoreError {
    StoreError::Invalid { code, message: message.into() }
}

/// The province a reviewer claims from; staff without one may not claim.
pub fn province_of(reviewer: &User) -> Result<&str, StoreError> {
    reviewer
        .province
        .as_deref()
        .ok_or_else(|| invalid("no_province", "只有所属省份的审核人员可以领取审核任务"))
}

pub fn check_lease_length(lease_for: Duration) -> Result<(), StoreError> {
    if lease_for <= Duration::zero() || lease_for > Duration::hours(MAX_LEASE_HOURS) {
        return Err(invalid(
            "bad_lease_length",
            format!("租约时长须大于 0 且不超过 {MAX_LEASE_HOURS} 小时"),
        ));
    }
    Ok(())
}

pub fn check_claim_size(max: u32) -> Result<(), StoreError> {
    if max == 0 || max > MAX_CLAIM {
        return Err(invalid("bad_claim_size", format!("一次领取的数量须在 1 到 {MAX_CLAIM} 之间")));
    }
    Ok(())
}

/// Decision rule 1: well formed. Returns the applicant text of a rejection.
pub fn validate_decision(new: &NewDecision) -> Result<Option<String>, StoreError> {
    if new.id.is_empty() || new.id.chars().count() > 64 {
        return Err(invalid("bad_decision_id", "决定编号须为 1 到 64 个字符"));
    }
    if new.note.as_deref().is_some_and(|note| note.chars().count() > MAX_NOTE_CHARS) {
        return Err(invalid("note_too_long", format!("备注不能超过 {MAX_NOTE_CHARS} 个字符")));
    }
    match new.outcome {
        Outcome::Approve if !new.reasons.is_empty() || new.other_text.is_some() => {
            Err(invalid("reasons_with_approval", "通过的决定不能附带不通过原因"))
        }
        Outcome::Approve => Ok(None),
        Outcome::Reject => {
            let codes: Vec<&str> = new.reasons.iter().map(String::as_str).collect();
            reasons::applicant_text(&codes, new.other_text.as_deref())
                .map(Some)
                .map_err(|error| invalid(error.code(), error.message_zh()))
        }
    }
}

/// Decision rule 2: whether a stored decision is the same as a new one carrying its id.
pub fn same_decision(stored: &Decision, new: &NewDecision, reviewer: &User) -> bool {
    stored.submission_id == new.submission_id
        && stored.username == reviewer.username
        && stored.outcome == new.outcome
        && stored.reasons == new.reasons
        && stored.other_text == new.other_text
        && stored.note == new.note
}

/// Decision rule 5: the status a decision at `stage` leads to on attempt `attempt`.
pub fn next_status(stage: Stage, outcome: Outcome, attempt: u32) -> SubmissionStatus {
    match (stage, outcome) {
        (_, Outcome::Approve) => SubmissionStatus::Approved,
        (Stage::First, Outcome::Reject) if is_last_attempt(attempt) => {
            SubmissionStatus::PendingSecondReview
        }
        (_, Outcome::Reject) => SubmissionStatus::Rejected,
    }
}

/// The audit action of a decision: a first decision, or a second review confirming or changing
/// the first one.
pub fn decision_action(first: Option<&Decision>, new: &NewDecision) -> AuditAction {
    match first {
        None => AuditAction::Decision,
        Some(first)
            if first.outcome == new.outcome
                && first.reasons == new.reasons
                && first.other_text == new.other_text =>
        {
            AuditAction::SecondReviewConfirmed
        }
        Some(_) => AuditAction::SecondReviewChanged,
    }
}
