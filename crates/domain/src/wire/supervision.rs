//! What supervisors see and send (`/api/v1/supervision/...`): the decision log and its filters,
//! a case's timeline, the second-review list (four-eyes and QA sample) and its verdicts, golden
//! items, statistics, and the audit chain's verification. Supervisors only, their own province.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::decision::{Decision, Stage};
use crate::audit::AuditAction;
use crate::id::IdType;
use crate::review::{Outcome, SubmissionStatus};

/// Most entries one page of the decision log holds.
pub const MAX_LOG_PAGE: u32 = 500;
/// Entries in a page when the request names no `limit`.
pub const DEFAULT_LOG_PAGE: u32 = 50;
/// Longest date range of the statistics, in days.
pub const MAX_STATS_DAYS: i64 = 366;

/// The decision log's filters (`GET /api/v1/supervision/decisions`), all optional and combined
/// with AND. Dates are Beijing dates, both ends included.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct DecisionLogFilter {
    /// A reviewer's username.
    #[serde(default)]
    pub reviewer: Option<String>,
    #[serde(default)]
    pub from: Option<NaiveDate>,
    #[serde(default)]
    pub to: Option<NaiveDate>,
    #[serde(default)]
    pub outcome: Option<Outcome>,
    /// A reject-reason code: rejections that name it.
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub id_type: Option<IdType>,
    /// Decided after the submission's due date.
    #[serde(default)]
    pub sla_breached: Option<bool>,
    /// Overturned by a supervisor's second review.
    #[serde(default)]
    pub overturned: Option<bool>,
    /// `true`: approvals given over findings (`overridden_findings` not empty); `false`: the
    /// other decisions.
    #[serde(default)]
    pub over_findings: Option<bool>,
    /// `true`: decisions on cases with automatic findings (the intake's consistency findings or
    /// the photo checks'); `false`: cases without any. A case whose personal data the retention
    /// period removed has lost its findings and reads as without.
    #[serde(default)]
    pub has_findings: Option<bool>,
}

/// One page request of the decision log: the filters, where to continue, how many.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct DecisionLogQuery {
    #[serde(flatten)]
    pub filter: DecisionLogFilter,
    /// `next_cursor` of the previous page; none for the first (newest) page.
    #[serde(default)]
    pub cursor: Option<String>,
    /// 1 to [`MAX_LOG_PAGE`]; [`DEFAULT_LOG_PAGE`] when absent.
    #[serde(default)]
    pub limit: Option<u32>,
}

/// One decision in the log. The ID number is always masked here.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct DecisionLogEntry {
    pub decision_id: String,
    pub submission_id: String,
    pub case_number: String,
    pub reviewer: String,
    pub stage: Stage,
    pub outcome: Outcome,
    pub reasons: Vec<String>,
    pub decided_at: DateTime<Utc>,
    /// Seconds from the claim to the decision; `None` without a lease (a supervisor's verdict).
    #[specta(type = Option<f64>)]
    pub handling_seconds: Option<i64>,
    pub due_date: Option<NaiveDate>,
    /// The due date rests on days no imported notice settles (see `Submission::due_provisional`).
    #[serde(default)]
    pub due_provisional: bool,
    pub sla_breached: bool,
    pub id_type: IdType,
    pub id_number_masked: String,
    pub attempt: u32,
    /// The submission's status now.
    pub status: SubmissionStatus,
    /// A supervisor's second review changed the outcome of this (first) decision.
    pub overturned: bool,
    /// Routed to the QA sample.
    pub qa_sampled: bool,
    /// The findings an approval was given over (empty when none).
    #[serde(default)]
    pub overridden_findings: Vec<String>,
}

/// A page of the decision log, newest first.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct DecisionLogPage {
    pub entries: Vec<DecisionLogEntry>,
    /// Pass as `cursor` for the next (older) page; `None` on the last page.
    pub next_cursor: Option<String>,
}

/// The export of a filtered log (`GET /api/v1/supervision/decisions/export`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct ExportQuery {
    #[serde(flatten)]
    pub filter: DecisionLogFilter,
    pub format: ExportFormat,
    /// Full ID numbers instead of masked ones; audited (`export` with `full: true`).
    #[serde(default)]
    pub full: bool,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// UTF-8 with a byte-order mark, so Excel reads the Chinese right.
    #[default]
    Csv,
    Xlsx,
}

/// One audit event of a submission.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct TimelineEvent {
    #[specta(type = f64)]
    pub seq: u64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: AuditAction,
    /// The event's detail as logged: canonical JSON text (never an ID number or a name).
    pub detail: String,
    /// For a decision or a verdict: its note, in full, read from the decision itself. Never
    /// copied into the audit chain: a note is free text (it may name a person), and the chain
    /// can forget nothing.
    #[serde(default)]
    pub note: Option<String>,
}

/// Every event of a submission from intake to now (`GET .../submissions/{id}/timeline`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Timeline {
    pub submission_id: String,
    pub case_number: String,
    pub status: SubmissionStatus,
    /// The declared document type, so the events name its photos as it does (资料页, 正面 …);
    /// `None` once retention purged the declaration.
    #[serde(default)]
    pub id_type: Option<IdType>,
    pub events: Vec<TimelineEvent>,
}

/// Why an item waits for a supervisor.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum SecondReviewKind {
    /// A rejection on the applicant's last attempt: not final until a second person agrees.
    FourEyes,
    /// A final decision drawn into the QA sample.
    QaSample,
}

/// An item of the second-review list (`GET /api/v1/supervision/second-reviews`). Items whose
/// first decision is the caller's own are not listed.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct SecondReviewItem {
    pub submission_id: String,
    pub case_number: String,
    pub kind: SecondReviewKind,
    pub first: Decision,
    pub due_date: Option<NaiveDate>,
    /// The due date rests on days no imported notice settles.
    #[serde(default)]
    pub due_provisional: bool,
    pub status: SubmissionStatus,
}

/// A supervisor's verdict on a second-review item (`POST /api/v1/supervision/second-reviews`).
/// The same outcome and reasons as the first decision confirm it; anything else changes it.
/// `id` is a client-made UUID, the idempotency key.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct SecondReviewRequest {
    #[cfg_attr(feature = "openapi", schema(format = "uuid"))]
    pub id: String,
    pub submission_id: String,
    pub outcome: Outcome,
    #[serde(default)]
    pub reasons: Vec<String>,
    /// As in a decision: at most 200 characters.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub other_text: Option<String>,
    /// Why: required (not only spaces, at most 2000 characters), for staff and the audit, never
    /// shown to the applicant.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 2000, pattern = r"\S"))]
    pub note: String,
}

/// What a verdict did to the first decision.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Same outcome and reasons.
    Confirmed,
    /// Same outcome, other reasons.
    Changed,
    /// The other outcome: the applicant-visible status changed.
    Overturned,
}

/// The answer to a verdict: 201 when new, 200 for a replay.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct SecondReviewReceipt {
    pub decision: Decision,
    pub verdict: Verdict,
    pub status: SubmissionStatus,
    pub replayed: bool,
}

/// Plant a copy of a decided case in the reviewers' queue (`POST /api/v1/supervision/golden`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct PlantGoldenRequest {
    pub source_submission_id: String,
}

/// A planted golden item: its expected answer is the source's final decision.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct GoldenItem {
    pub golden_submission_id: String,
    /// The copy's own case number (a fresh one: reviewers cannot tell it from a new case).
    pub golden_case_number: String,
    pub source_submission_id: String,
    pub expected_outcome: Outcome,
    pub expected_reasons: Vec<String>,
    pub planted_by: String,
    pub planted_at: DateTime<Utc>,
}

/// The statistics' date range (`GET /api/v1/supervision/stats`), Beijing dates, both included,
/// at most [`MAX_STATS_DAYS`] days.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct StatsQuery {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// Decisions of one day.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct DayCount {
    pub date: NaiveDate,
    pub approved: u32,
    pub rejected: u32,
}

/// How often a check agreed with the reviewer: QA verdicts (confirmed / reviewed) or golden
/// items (same outcome / answered).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Agreement {
    pub checked: u32,
    pub agreed: u32,
}

/// One reviewer over the range.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct ReviewerStats {
    pub reviewer: String,
    pub decisions: u32,
    pub approved: u32,
    /// Decisions per working day of the range on which the reviewer decided anything.
    pub per_active_day: f64,
    /// Median seconds from claim to decision.
    pub median_handling_seconds: Option<f64>,
    pub sla_breaches: u32,
    pub qa: Agreement,
    pub golden: Agreement,
}

/// How often a reason was given, and how golden items that expected it were answered.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct ReasonStats {
    pub code: String,
    /// Rejections naming it.
    pub count: u32,
    /// Golden items expecting it: answered, and answered naming it.
    pub golden: Agreement,
}

/// The statistics of a province over a date range (golden items excluded, except where named).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct Stats {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub per_day: Vec<DayCount>,
    pub reviewers: Vec<ReviewerStats>,
    pub reasons: Vec<ReasonStats>,
    pub decisions: u32,
    pub approved: u32,
    /// Decisions made after their due date.
    pub sla_breaches: u32,
    /// Open items now, and those of them due within one working day (or late).
    pub open: u32,
    pub at_risk: u32,
    /// Open items whose working days left rest on days no imported notice settles (their due
    /// dates and the at-risk count among them are provisional).
    #[serde(default)]
    pub open_provisional: u32,
    pub qa: Agreement,
    pub golden: Agreement,
}

/// The audit chain's verification (`GET /api/v1/supervision/audit/verify`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct AuditVerification {
    pub intact: bool,
    /// Events checked.
    #[specta(type = f64)]
    pub events: u64,
    /// The first broken event's sequence number.
    #[specta(type = Option<f64>)]
    pub first_broken: Option<u64>,
    /// What was found, in Chinese.
    pub message: String,
    pub checked_at: DateTime<Utc>,
}

/// The monthly report (`GET /api/v1/supervision/report?month=YYYY-MM`): an XLSX workbook of the
/// month's statistics, one sheet per table, Chinese headers.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct ReportQuery {
    /// `YYYY-MM`, a Beijing calendar month.
    #[cfg_attr(feature = "openapi", param(pattern = r"^[0-9]{4}-(0[1-9]|1[0-2])$"))]
    pub month: String,
}

impl ReportQuery {
    /// The month's first and last day; `None` when `month` is not `YYYY-MM`.
    pub fn days(&self) -> Option<(NaiveDate, NaiveDate)> {
        let (year, month) = self.month.split_once('-')?;
        if year.len() != 4 || month.len() != 2 {
            return None;
        }
        let first = NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, 1)?;
        let last = first.checked_add_months(chrono::Months::new(1))?.pred_opt()?;
        Some((first, last))
    }
}

#[cfg(test)]
mod report_query_tests {
    use super::*;

    #[test]
    fn a_month_is_its_first_to_its_last_day() {
        let days = |month: &str| ReportQuery { month: month.to_owned() }.days();
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(days("2026-02"), Some((day(2026, 2, 1), day(2026, 2, 28))));
        assert_eq!(days("2028-02"), Some((day(2028, 2, 1), day(2028, 2, 29))));
        assert_eq!(days("2026-12"), Some((day(2026, 12, 1), day(2026, 12, 31))));
        for bad in ["2026-13", "2026-1", "26-01", "2026/01", "2026-01-01", "", "abcd-ef"] {
            assert_eq!(days(bad), None, "{bad}");
        }
    }
}
