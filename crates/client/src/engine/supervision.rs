//! What a supervisor does, all online (nothing of it is cached): the decision log and its export
//! into a folder, a case's timeline, the case itself with its photos, the second-review list and
//! verdicts, golden items, statistics, saved views and the audit chain's verification. The server decides who
//! may (`403 supervisors_only` for a reviewer); the checks here only spare it requests that it
//! would refuse anyway.

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use reviewdesk_domain::decision_rules::{
    check_date_range, check_stats_range, check_verdict, page_limit, DecisionDraft, RuleError,
};
use reviewdesk_domain::review::{Outcome, PhotoSide, Role, SubmissionStatus};
use reviewdesk_domain::sheet::ReviewSheet;
use reviewdesk_domain::wire::case_search::CaseSearchResult;
use reviewdesk_domain::wire::queue_overview::{QueueOverview, RevokedLease};
use reviewdesk_domain::wire::saved_views::{SaveViewRequest, SavedView};
use reviewdesk_domain::wire::supervision::{
    AuditVerification, DecisionLogFilter, DecisionLogPage, DecisionLogQuery, ExportFormat,
    ExportQuery, GoldenItem, PlantGoldenRequest, ReportQuery, SecondReviewItem,
    SecondReviewReceipt, SecondReviewRequest, Stats, StatsQuery, Timeline,
};
use reviewdesk_domain::wire::SubmissionBody;

use super::Client;
use crate::error::ClientError;
use crate::transport::Transport;

/// A supervisor's verdict on a second-review item, before it gets its idempotency key (the
/// second-review screen sends it as it is).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, specta::Type)]
pub struct VerdictInput {
    pub submission_id: String,
    pub outcome: Outcome,
    pub reasons: Vec<String>,
    pub other_text: Option<String>,
    /// Why: required.
    pub note: String,
}

/// A submission in the supervisor's case view: its sheet (number masked) and its status.
#[derive(Debug, Clone, PartialEq, serde::Serialize, specta::Type)]
pub struct CaseSheet {
    pub sheet: ReviewSheet,
    pub status: SubmissionStatus,
}

/// Whether a role works the review queue (claims and prefetches); supervisors and admins do not.
pub fn claims_from_queue(role: Role) -> bool {
    role == Role::Reviewer
}

/// The export's file name: `审核记录-YYYY-MM-DD-HHMM.csv|xlsx`, Beijing time (the UI's date form; no
/// colon, which file names on Windows cannot hold).
pub fn export_file_name(format: ExportFormat, now: DateTime<Utc>) -> String {
    let beijing = FixedOffset::east_opt(8 * 3600).map(|offset| now.with_timezone(&offset));
    let stamp = beijing.map_or_else(
        || now.format("%Y-%m-%d-%H%M").to_string(),
        |time| time.format("%Y-%m-%d-%H%M").to_string(),
    );
    let extension = match format {
        ExportFormat::Csv => "csv",
        ExportFormat::Xlsx => "xlsx",
    };
    format!("审核记录-{stamp}.{extension}")
}

/// `dir/name`, or `dir/name (2)` and so on when taken: an export never overwrites a file.
fn free_path(dir: &Path, name: &str) -> PathBuf {
    let first = dir.join(name);
    if !first.exists() {
        return first;
    }
    let (stem, extension) = name.rsplit_once('.').unwrap_or((name, ""));
    (2..)
        .map(|n| dir.join(format!("{stem} ({n}).{extension}")))
        .find(|path| !path.exists())
        .unwrap_or(first)
}

/// The domain's verdict rules, as the server applies them.
fn validate_verdict(input: &VerdictInput) -> Result<(), ClientError> {
    check_verdict(&DecisionDraft {
        outcome: input.outcome,
        reasons: &input.reasons,
        other_text: input.other_text.as_deref(),
        note: Some(&input.note),
    })?;
    Ok(())
}

impl Client {
    /// The signed-in session's transport, for online-only work.
    pub(super) fn online(&self) -> Result<Transport, ClientError> {
        self.active()?.transport().ok_or(ClientError::NotSignedIn)
    }

    /// One page of the decision log (newest first); `limit` at most
    /// [`MAX_LOG_PAGE`](reviewdesk_domain::wire::supervision::MAX_LOG_PAGE).
    pub async fn decision_log(
        &self,
        query: &DecisionLogQuery,
    ) -> Result<DecisionLogPage, ClientError> {
        page_limit(query.limit)?;
        check_date_range(query.filter.from, query.filter.to)?;
        Ok(self.online()?.decision_log(query).await?)
    }

    /// Exports the filtered log (`full`: unmasked numbers, audited by the server) into `dir` as
    /// `审核记录-YYYY-MM-DD-HHMM.csv|xlsx` (never overwriting a file); returns the file's path.
    pub async fn export_decisions(
        &self,
        filter: DecisionLogFilter,
        format: ExportFormat,
        full: bool,
        dir: &Path,
    ) -> Result<PathBuf, ClientError> {
        check_date_range(filter.from, filter.to)?;
        let file = self.online()?.export_decisions(&ExportQuery { filter, format, full }).await?;
        let name = export_file_name(format, self.clock.now());
        let export_failed = |error: std::io::Error| ClientError::ExportFile(error.to_string());
        std::fs::create_dir_all(dir).map_err(export_failed)?;
        let path = free_path(dir, &name);
        std::fs::write(&path, &file.bytes).map_err(export_failed)?;
        Ok(path)
    }

    /// Saves the monthly report of `month` (`YYYY-MM`) into `dir` as `审核月报-YYYY-MM.xlsx`
    /// (a free name: an existing file is never overwritten); returns its path.
    pub async fn export_monthly_report(
        &self,
        month: &str,
        dir: &Path,
    ) -> Result<PathBuf, ClientError> {
        // A month, nothing else, becomes part of the file's name.
        if (ReportQuery { month: month.to_owned() }).days().is_none() {
            return Err(RuleError::BadDateRange.into());
        }
        let bytes = self.online()?.monthly_report(month).await?;
        let export_failed = |error: std::io::Error| ClientError::ExportFile(error.to_string());
        std::fs::create_dir_all(dir).map_err(export_failed)?;
        let path = free_path(dir, &format!("审核月报-{month}.xlsx"));
        std::fs::write(&path, &bytes).map_err(export_failed)?;
        Ok(path)
    }

    /// The cases a search finds (case number, applicant id, ID number or name; online only).
    pub async fn find_cases(&self, q: &str) -> Result<CaseSearchResult, ClientError> {
        Ok(self.online()?.find_cases(q).await?)
    }

    /// The supervisor's saved views of the decision log, by slot (online only: they live on the
    /// server, so a shared or replaced PC has them too).
    pub async fn saved_views(&self) -> Result<Vec<SavedView>, ClientError> {
        Ok(self.online()?.saved_views().await?)
    }

    /// Saves the filters as the view `name` (a new name takes the lowest free key).
    pub async fn save_view(
        &self,
        name: &str,
        filter: DecisionLogFilter,
    ) -> Result<SavedView, ClientError> {
        Ok(self.online()?.save_view(name, &SaveViewRequest { filter }).await?)
    }

    /// Deletes the view `name`.
    pub async fn delete_view(&self, name: &str) -> Result<(), ClientError> {
        Ok(self.online()?.delete_view(name).await?)
    }

    /// The province's queue right now (online only).
    pub async fn queue_overview(&self) -> Result<QueueOverview, ClientError> {
        Ok(self.online()?.queue_overview().await?)
    }

    /// Takes a reviewer's live lease back (收回; online only, audited by the server).
    pub async fn revoke_lease(&self, submission_id: &str) -> Result<RevokedLease, ClientError> {
        Ok(self.online()?.revoke_lease(submission_id).await?)
    }

    /// Every audit event of a submission.
    pub async fn timeline(&self, submission_id: &str) -> Result<Timeline, ClientError> {
        Ok(self.online()?.timeline(submission_id).await?)
    }

    /// A submission as the server sends it to a supervisor (the number masked, what it says
    /// beside it).
    pub async fn case(&self, submission_id: &str) -> Result<SubmissionBody, ClientError> {
        Ok(self.online()?.submission(submission_id).await?)
    }

    /// A submission as the supervisor's case view shows it (fetched online, the number masked):
    /// under the lease the server reports, counting working days from the client's clock.
    pub async fn case_sheet(&self, submission_id: &str) -> Result<CaseSheet, ClientError> {
        let body = self.case(submission_id).await?;
        let checks = body.photo_checks();
        let submission = body.submission;
        let calendar = self.calendar()?;
        let sheet = ReviewSheet::for_case(&submission, self.clock.now(), &calendar.calendar)
            .with_photo_checks(checks);
        Ok(CaseSheet { sheet, status: submission.status })
    }

    /// One photo of a submission, fetched from the server (not cached).
    pub async fn case_photo(
        &self,
        submission_id: &str,
        side: PhotoSide,
    ) -> Result<Vec<u8>, ClientError> {
        Ok(self.online()?.image(submission_id, side).await?)
    }

    /// The second-review list: four-eyes items and the QA sample (not the caller's own).
    pub async fn second_reviews(&self) -> Result<Vec<SecondReviewItem>, ClientError> {
        Ok(self.online()?.second_reviews().await?)
    }

    /// Sends a verdict under a new UUID v4 (the idempotency key); the note is required.
    pub async fn second_review(
        &self,
        input: VerdictInput,
    ) -> Result<SecondReviewReceipt, ClientError> {
        validate_verdict(&input)?;
        let request = SecondReviewRequest {
            id: uuid::Uuid::new_v4().to_string(),
            submission_id: input.submission_id,
            outcome: input.outcome,
            reasons: input.reasons,
            other_text: input.other_text,
            note: input.note.trim().to_owned(),
        };
        Ok(self.online()?.second_review(&request).await?)
    }

    /// Plants a copy of a decided case in the reviewers' queue as a golden item.
    pub async fn plant_golden(
        &self,
        source_submission_id: &str,
    ) -> Result<GoldenItem, ClientError> {
        let request = PlantGoldenRequest { source_submission_id: source_submission_id.to_owned() };
        Ok(self.online()?.plant_golden(&request).await?)
    }

    /// The province's statistics over `from..=to` (at most
    /// [`MAX_STATS_DAYS`](reviewdesk_domain::wire::supervision::MAX_STATS_DAYS) days).
    pub async fn stats(&self, from: NaiveDate, to: NaiveDate) -> Result<Stats, ClientError> {
        check_stats_range(from, to)?;
        Ok(self.online()?.stats(&StatsQuery { from, to }).await?)
    }

    /// Verifies the server's audit chain.
    pub async fn verify_audit(&self) -> Result<AuditVerification, ClientError> {
        Ok(self.online()?.verify_audit().await?)
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn verdict(outcome: Outcome, reasons: &[&str], note: &str) -> VerdictInput {
        VerdictInput {
            submission_id: "s".to_owned(),
            outcome,
            reasons: reasons.iter().map(|r| (*r).to_owned()).collect(),
            other_text: None,
            note: note.to_owned(),
        }
    }

    #[test]
    fn a_verdict_needs_a_note_and_valid_reasons() {
        let code = |input: &VerdictInput| validate_verdict(input).map_err(|e| e.code().to_owned());
        assert_eq!(code(&verdict(Outcome::Approve, &[], "照片清晰")), Ok(()));
        assert_eq!(code(&verdict(Outcome::Approve, &[], "  ")), Err("note_required".into()));
        assert_eq!(
            code(&verdict(Outcome::Approve, &["other"], "x")),
            Err("reasons_with_approval".into())
        );
        assert_eq!(code(&verdict(Outcome::Reject, &[], "x")), Err("no_reason".into()));
        assert_eq!(code(&verdict(Outcome::Reject, &["sex_incorrect"], "x")), Ok(()));
    }

    #[test]
    fn only_reviewers_claim_from_the_queue() {
        assert!(claims_from_queue(Role::Reviewer));
        assert!(!claims_from_queue(Role::Supervisor));
        assert!(!claims_from_queue(Role::Admin));
    }

    #[test]
    fn exports_are_named_in_beijing_time_and_never_overwrite() {
        let at = Utc.with_ymd_and_hms(2026, 12, 4, 15, 10, 0).unwrap();
        assert_eq!(export_file_name(ExportFormat::Xlsx, at), "审核记录-2026-12-04-2310.xlsx");
        assert_eq!(export_file_name(ExportFormat::Csv, at), "审核记录-2026-12-04-2310.csv");
        let dir = tempfile::tempdir().unwrap();
        let name = "审核记录-2026-12-04-2310.csv";
        assert_eq!(free_path(dir.path(), name), dir.path().join(name));
        std::fs::write(dir.path().join(name), b"x").unwrap();
        assert_eq!(
            free_path(dir.path(), name),
            dir.path().join("审核记录-2026-12-04-2310 (2).csv")
        );
    }
}
