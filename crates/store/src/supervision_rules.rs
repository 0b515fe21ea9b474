//! The supervision contract's rules that need no database, shared by both stores: the decision
//! log's page size, cursor and date bounds; how a supervisor's verdict is validated and named;
//! what a golden item's decision leads to; a timeline's notes; and the records the supervision
//! methods return.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use reviewdesk_domain::audit::AuditAction;
use reviewdesk_domain::decision_rules::{self, check_decision_id, check_verdict};
use reviewdesk_domain::error_code::ErrorCode;
use reviewdesk_domain::review::{Outcome, SubmissionStatus};
use reviewdesk_domain::wire::supervision::{
    DecisionLogEntry, DecisionLogFilter, SecondReviewKind, SecondReviewRequest, TimelineEvent,
    Verdict,
};

use super::rules::draft;
use super::text_values::timestamp;
use super::{Decision, NewDecision, StoreError};

/// What the log shows for an ID number the retention period removed.
pub const PURGED_NUMBER: &str = "（已按保存期限清除）";

/// A decision log entry and the full ID number behind its masked one (for a full export only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogRecord {
    pub entry: DecisionLogEntry,
    pub id_number: String,
}

/// One page of the log as the store reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogRecords {
    pub records: Vec<LogRecord>,
    pub next_cursor: Option<String>,
}

/// One decision of a statistics range, as little as the statistics need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatsDecision {
    pub reviewer: String,
    pub outcome: Outcome,
    pub reasons: Vec<String>,
    pub decided_at: DateTime<Utc>,
    pub claimed_at: Option<DateTime<Utc>>,
    pub sla_breached: bool,
    /// For a decision drawn into the QA sample and reviewed: whether the supervisor kept its
    /// outcome.
    pub qa_agreed: Option<bool>,
    /// For a decision on a golden item: the expected outcome and reasons.
    pub golden_expected: Option<(Outcome, Vec<String>)>,
}

/// What the statistics of a province read from the store.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StatsRecords {
    /// First-stage decisions of reviewers in the range, golden ones included (marked).
    pub decisions: Vec<StatsDecision>,
    /// The due dates of the open (non-golden) submissions now.
    pub open_due_dates: Vec<Option<NaiveDate>>,
}

/// A verdict on something that is not waiting for one.
pub fn not_for_review() -> StoreError {
    StoreError::invalid(ErrorCode::NotForReview, "该申请没有等待复核")
}

/// The page size asked for, checked.
pub fn page_limit(limit: Option<u32>) -> Result<u32, StoreError> {
    Ok(decision_rules::page_limit(limit)?)
}

/// The cursor after an entry: its decision time and id.
pub fn cursor_after(decided_at: &str, id: &str) -> String {
    format!("{decided_at}~{id}")
}

/// A cursor taken apart into (decision time as stored, decision id).
pub fn parse_cursor(cursor: &str) -> Result<(String, String), StoreError> {
    let bad = || StoreError::invalid(ErrorCode::BadCursor, "翻页位置无效，请从第一页重新查询");
    let (at, id) = cursor.split_once('~').ok_or_else(bad)?;
    let parsed = DateTime::parse_from_rfc3339(at).map_err(|_| bad())?;
    if timestamp(parsed.with_timezone(&Utc)) != at || id.is_empty() || id.len() > 64 {
        return Err(bad());
    }
    Ok((at.to_owned(), id.to_owned()))
}

/// The first instant of a Beijing date, as stored text.
pub fn beijing_day_start(day: NaiveDate) -> String {
    // Beijing keeps UTC+8 all year.
    let midnight = Utc.from_utc_datetime(&day.and_hms_opt(0, 0, 0).unwrap_or_default());
    timestamp(midnight - Duration::hours(8))
}

/// The log filter's time bounds as stored text: from (inclusive) and until (exclusive).
pub fn time_bounds(
    filter: &DecisionLogFilter,
) -> Result<(Option<String>, Option<String>), StoreError> {
    decision_rules::check_date_range(filter.from, filter.to)?;
    let from = filter.from.map(beijing_day_start);
    let until = filter.to.map(|to| beijing_day_start(to + Duration::days(1)));
    Ok((from, until))
}

/// A verdict request checked like a decision, plus its required note (its applicant text from
/// [`crate::rules::applicant_text`] once the submission's document type is read).
pub fn validate_verdict(request: &SecondReviewRequest) -> Result<(), StoreError> {
    let decision = as_decision(request);
    check_decision_id(&decision.id)?;
    Ok(check_verdict(&draft(&decision))?)
}

/// The verdict request as a decision (no lease: a supervisor's verdict needs none).
pub fn as_decision(request: &SecondReviewRequest) -> NewDecision {
    NewDecision {
        id: request.id.clone(),
        submission_id: request.submission_id.clone(),
        lease_token: String::new(),
        outcome: request.outcome,
        reasons: request.reasons.clone(),
        other_text: request.other_text.clone(),
        note: Some(request.note.clone()),
        overridden_findings: Vec::new(),
    }
}

/// The decision log's "approved over findings" condition (the same SQL on both stores: the column
/// holds `[]` when nothing was overridden).
pub fn over_findings_condition(over: bool) -> &'static str {
    if over {
        "d.overridden_findings <> '[]'"
    } else {
        "d.overridden_findings = '[]'"
    }
}

/// The decision log's "has automatic findings" condition (the same SQL on both stores): the
/// intake's consistency findings (`submissions.findings`, `[]` when none) or a photo check's
/// (`image_findings`, which also holds `photo_check_failed`). A purged case has neither left.
pub fn has_findings_condition(has: bool) -> &'static str {
    if has {
        "(s.findings <> '[]' OR EXISTS (SELECT 1 FROM image_findings f
                                         WHERE f.submission_id = d.submission_id))"
    } else {
        "(s.findings = '[]' AND NOT EXISTS (SELECT 1 FROM image_findings f
                                             WHERE f.submission_id = d.submission_id))"
    }
}

/// Gives each decision and verdict event of a timeline the note of the decision it records
/// (`notes`: decision id → note, the case's decisions with a note).
pub fn attach_notes(events: &mut [TimelineEvent], notes: &HashMap<String, String>) {
    for event in events {
        let records_a_decision = matches!(
            event.action,
            AuditAction::Decision
                | AuditAction::SecondReviewConfirmed
                | AuditAction::SecondReviewChanged
        );
        if !records_a_decision {
            continue;
        }
        let detail: serde_json::Value = serde_json::from_str(&event.detail).unwrap_or_default();
        event.note = detail["decision_id"].as_str().and_then(|id| notes.get(id)).cloned();
    }
}

/// What a second decision does to the first.
pub fn verdict(first: &Decision, second: &Decision) -> Verdict {
    if first.outcome != second.outcome {
        Verdict::Overturned
    } else if first.reasons != second.reasons || first.other_text != second.other_text {
        Verdict::Changed
    } else {
        Verdict::Confirmed
    }
}

/// The status a verdict leads to: its outcome, final.
pub fn verdict_status(outcome: Outcome) -> SubmissionStatus {
    match outcome {
        Outcome::Approve => SubmissionStatus::Approved,
        Outcome::Reject => SubmissionStatus::Rejected,
    }
}

/// What a golden item's source looks like to the store, read in the planting transaction.
pub struct GoldenSource {
    pub province: String,
    /// The status as stored (`approved`, `rejected`, …).
    pub status: String,
    pub golden: bool,
    /// The decision that settled it, if any.
    pub final_id: Option<String>,
    pub purged: bool,
}

/// Which decision a golden copy of `source` repeats: only a decided case of the supervisor's own
/// `province` (anything else is not found to them), with its personal data still there.
pub fn golden_decision(source: GoldenSource, province: &str) -> Result<String, StoreError> {
    if source.province != province || source.golden {
        return Err(StoreError::NotFound { what: "submission" });
    }
    if source.purged {
        return Err(StoreError::Purged);
    }
    source
        .final_id
        .filter(|_| source.status == "approved" || source.status == "rejected")
        .ok_or_else(|| {
            StoreError::invalid(ErrorCode::NotDecided, "只有已作出最终决定的申请可以设为金标")
        })
}

/// A golden item never waits for a second review: its first decision is final.
pub fn golden_status(next: SubmissionStatus, golden: bool) -> SubmissionStatus {
    match next {
        SubmissionStatus::PendingSecondReview if golden => SubmissionStatus::Rejected,
        other => other,
    }
}

/// Whether a decision made on `decided_on` (Beijing date) missed `due`.
pub fn sla_breached(due: Option<NaiveDate>, decided_on: NaiveDate) -> bool {
    due.is_some_and(|due| decided_on > due)
}

pub fn verdict_action(verdict: Verdict) -> AuditAction {
    match verdict {
        Verdict::Confirmed => AuditAction::SecondReviewConfirmed,
        Verdict::Changed | Verdict::Overturned => AuditAction::SecondReviewChanged,
    }
}

pub fn kind_name(kind: SecondReviewKind) -> &'static str {
    match kind {
        SecondReviewKind::FourEyes => "four_eyes",
        SecondReviewKind::QaSample => "qa_sample",
    }
}

pub fn verdict_name(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Confirmed => "confirmed",
        Verdict::Changed => "changed",
        Verdict::Overturned => "overturned",
    }
}

/// What the audit log says of a case search: one `case_search` event per case found, naming
/// it (so its timeline shows who found it, and how), or one without a subject when nothing was
/// found. The query itself is recorded only when it was a case number (a name or an ID number
/// never enters the log).
pub fn case_search_events(
    terms: &reviewdesk_domain::wire::case_search::SearchTerms,
    hits: &[reviewdesk_domain::wire::case_search::CaseHit],
) -> Vec<(Option<String>, serde_json::Value)> {
    use reviewdesk_domain::wire::case_search::SearchTerms;
    let query = match terms {
        SearchTerms::CaseNumber(number) => serde_json::json!({ "case_number": number }),
        SearchTerms::Text { .. } => serde_json::json!("applicant_id, id_number or name"),
    };
    if hits.is_empty() {
        return vec![(None, serde_json::json!({ "query": query, "hits": 0 }))];
    }
    hits.iter()
        .map(|hit| {
            let detail = serde_json::json!({
                "query": query,
                "hits": hits.len(),
                "matched_by": hit.matched_by.as_str(),
            });
            (Some(hit.submission_id.clone()), detail)
        })
        .collect()
}

/// A stored match kind read back.
pub fn case_match(
    text: &str,
) -> Result<reviewdesk_domain::wire::case_search::CaseMatch, StoreError> {
    use reviewdesk_domain::wire::case_search::CaseMatch;
    [CaseMatch::CaseNumber, CaseMatch::ApplicantId, CaseMatch::IdNumber, CaseMatch::Name]
        .into_iter()
        .find(|kind| kind.as_str() == text)
        .ok_or_else(|| super::text_values::corrupt("case match", text))
}

#[cfg(test)]
mod tests {
    use reviewdesk_domain::wire::supervision::{DEFAULT_LOG_PAGE, MAX_LOG_PAGE};

    use super::*;

    #[test]
    fn a_beijing_day_starts_at_sixteen_utc_the_day_before() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        assert_eq!(beijing_day_start(day), "2026-12-03T16:00:00.000Z");
    }

    #[test]
    fn cursors_round_trip_and_garbage_is_refused() {
        let cursor = cursor_after("2026-12-03T16:00:00.000Z", "abc");
        assert_eq!(
            parse_cursor(&cursor).unwrap(),
            ("2026-12-03T16:00:00.000Z".into(), "abc".into())
        );
        for bad in
            ["", "abc", "2026-12-03~x", "2026-12-03T16:00:00Z~x", "2026-12-03T16:00:00.000Z~"]
        {
            assert!(
                matches!(
                    parse_cursor(bad),
                    Err(StoreError::Invalid { code: ErrorCode::BadCursor, .. })
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn page_limits() {
        assert_eq!(page_limit(None).unwrap(), DEFAULT_LOG_PAGE);
        assert_eq!(page_limit(Some(MAX_LOG_PAGE)).unwrap(), MAX_LOG_PAGE);
        assert!(page_limit(Some(0)).is_err());
        assert!(page_limit(Some(MAX_LOG_PAGE + 1)).is_err());
    }

    #[test]
    fn date_bounds_cover_whole_beijing_days_and_refuse_reversed_ranges() {
        let filter = DecisionLogFilter {
            from: NaiveDate::from_ymd_opt(2026, 12, 1),
            to: NaiveDate::from_ymd_opt(2026, 12, 4),
            ..DecisionLogFilter::default()
        };
        let (from, until) = time_bounds(&filter).unwrap();
        assert_eq!(from.as_deref(), Some("2026-11-30T16:00:00.000Z"));
        assert_eq!(until.as_deref(), Some("2026-12-04T16:00:00.000Z"));
        let reversed = DecisionLogFilter { from: filter.to, to: filter.from, ..filter };
        assert!(time_bounds(&reversed).is_err());
    }

    #[test]
    fn golden_rejections_on_a_last_attempt_are_final() {
        assert_eq!(
            golden_status(SubmissionStatus::PendingSecondReview, true),
            SubmissionStatus::Rejected
        );
        assert_eq!(
            golden_status(SubmissionStatus::PendingSecondReview, false),
            SubmissionStatus::PendingSecondReview
        );
    }
}
