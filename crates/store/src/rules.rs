//! The store contract's rules that do not depend on a database: argument limits (claim size,
//! lease length, note length), who may claim, how a decision is validated and compared with a
//! replay, which status a decision leads to and which audit action records it. Both stores call
//! these, so SQLite and PostgreSQL refuse and decide exactly alike.

use chrono::{DateTime, Duration, Utc};
use reviewdesk_domain::audit::AuditAction;
use reviewdesk_domain::decision_rules::{
    self, applicant_text_of, check_decision, check_decision_id, DecisionDraft, RuleError,
};
use reviewdesk_domain::error_code::ErrorCode;
use reviewdesk_domain::id::IdType;
use reviewdesk_domain::overrides::check_overrides;
use reviewdesk_domain::quota::is_last_attempt;
use reviewdesk_domain::review::{Outcome, Role, SubmissionStatus};

use super::{Decision, NewDecision, Stage, StoreError, User};
use crate::text_values::corrupt;

pub use reviewdesk_domain::decision_rules::{MAX_CLAIM, MAX_LEASE_HOURS, MAX_NOTE_CHARS};
/// Longest username kept in a `login_failed` event: whatever was typed is cut to this.
pub const MAX_LOGGED_USERNAME_CHARS: usize = 64;
/// The actor of a `login_failed` event for a username no account has: what was typed is not
/// kept (it may be a password typed into the wrong field).
pub const UNKNOWN_USER_ACTOR: &str = "(unknown user)";

/// The actor a `login_failed` event names: the account's username (cut to
/// [`MAX_LOGGED_USERNAME_CHARS`]) when it exists, else [`UNKNOWN_USER_ACTOR`].
pub fn login_failed_actor(username: &str, failure: super::LoginFailure) -> String {
    match failure {
        super::LoginFailure::UnknownUser => UNKNOWN_USER_ACTOR.to_owned(),
        super::LoginFailure::WrongPassword | super::LoginFailure::AccountDisabled => {
            username.chars().take(MAX_LOGGED_USERNAME_CHARS).collect()
        }
    }
}

/// What decides whether a staff member may read a submission: its province, who its queue row
/// names as lease holder (expired or not: until someone else claims it, the lease is still that
/// reviewer's), and whether a decision on it exists.
#[derive(Debug, Clone, Copy)]
pub struct ReadFacts<'a> {
    pub province: &'a str,
    pub lease_holder: Option<i64>,
    pub decided: bool,
    /// When the viewer last decided it themselves (first stage), if ever.
    pub viewers_decision_at: Option<DateTime<Utc>>,
    pub now: DateTime<Utc>,
}

/// How long a reviewer may look up a case they decided: 30 days. Long enough to answer the
/// applicant's or a supervisor's question about the decision (the answer is promised within 7
/// working days, the monthly report looks back a month), short enough that a reviewer's past
/// work does not become a way to browse personal data.
pub const OWN_DECISIONS_READABLE_DAYS: i64 = 30;

/// Reads follow the work: the holder of a submission's lease (expired but not taken over
/// included, which offline work relies on), or a supervisor of its province once it is decided
/// (the decision log, second review, QA). Nobody else — not another reviewer, not an
/// administrator, not another province — may read it; to them it does not exist. (The reviewer
/// who decided it has only the narrower [`may_look_up_own_decision`].)
pub fn may_read(viewer: &User, facts: &ReadFacts<'_>) -> bool {
    if viewer.role == Role::Admin || viewer.province.as_deref() != Some(facts.province) {
        return false;
    }
    facts.lease_holder == Some(viewer.id) || (viewer.role == Role::Supervisor && facts.decided)
}

/// A reviewer of the province may look up a case they decided (first stage) for
/// [`OWN_DECISIONS_READABLE_DAYS`] after: the masked sheet and their decision, by case number
/// (`Store::own_decision`). Not its photos, not its full number: those stay with the work.
pub fn may_look_up_own_decision(viewer: &User, facts: &ReadFacts<'_>) -> bool {
    viewer.role == Role::Reviewer
        && viewer.province.as_deref() == Some(facts.province)
        && facts
            .viewers_decision_at
            .is_some_and(|at| facts.now - at <= Duration::days(OWN_DECISIONS_READABLE_DAYS))
}

/// The claim order of a submission whose due date could not be computed: after every dated one.
pub const UNDATED_CLAIM_ORDER: &str = "9999-12-31";

/// The province a reviewer claims from; staff without one may not claim.
pub fn province_of(reviewer: &User) -> Result<&str, StoreError> {
    reviewer.province.as_deref().ok_or_else(|| {
        StoreError::invalid(ErrorCode::NoProvince, "只有所属省份的审核人员可以领取审核任务")
    })
}

pub fn check_lease_length(lease_for: Duration) -> Result<(), StoreError> {
    Ok(decision_rules::check_lease_length(lease_for)?)
}

pub fn check_claim_size(max: u32) -> Result<(), StoreError> {
    Ok(decision_rules::check_claim_size(max)?)
}

/// The domain's view of a decision.
pub fn draft(new: &NewDecision) -> DecisionDraft<'_> {
    DecisionDraft {
        outcome: new.outcome,
        reasons: &new.reasons,
        other_text: new.other_text.as_deref(),
        note: new.note.as_deref(),
    }
}

/// Decision rule 1: well formed (the domain's decision rules).
pub fn validate_decision(new: &NewDecision) -> Result<(), StoreError> {
    check_decision_id(&new.id)?;
    check_overrides(new.outcome, &new.overridden_findings).map_err(RuleError::from)?;
    Ok(check_decision(&draft(new))?)
}

/// What the applicant reads for a checked decision on a submission of `id_type` (as stored):
/// the text of a rejection, naming that document's photos; `None` for an approval.
pub fn applicant_text(new: &NewDecision, id_type: &str) -> Result<Option<String>, StoreError> {
    let id_type: IdType = id_type.parse().map_err(|_| corrupt("id_type", id_type))?;
    Ok(applicant_text_of(&draft(new), id_type)?)
}

/// Decision rule 2: whether a stored decision is the same as a new one carrying its id.
pub fn same_decision(stored: &Decision, new: &NewDecision, reviewer: &User) -> bool {
    stored.submission_id == new.submission_id
        && stored.username == reviewer.username
        && stored.outcome == new.outcome
        && stored.reasons == new.reasons
        && stored.other_text == new.other_text
        && stored.note == new.note
        && stored.overridden_findings == new.overridden_findings
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

/// Whether an audit event alone commits durably (SQLite `synchronous = FULL`, PostgreSQL
/// `synchronous_commit = on`) instead of at the relaxed level other lone events use: an event that
/// records someone seeing personal data must not be lost to a power cut after its request was
/// answered (the domain says which: `AuditAction::records_personal_data_access`).
pub fn audit_commits_durably(action: AuditAction) -> bool {
    action.records_personal_data_access()
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
