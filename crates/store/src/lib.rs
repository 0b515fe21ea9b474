//! `reviewdesk-store`: the store contract, every durable operation of the review server, each one
//! atomic. The embedded default is `sqlite::SqliteStore` (feature `sqlite`, on by default);
//! `postgres::PgStore` (feature `postgres`; scale-out: several server instances on one PostgreSQL)
//! implements the same trait and runs the same contract tests. The rules that need no database live
//! in [`rules`], shared by both. The crate depends on the domain and on no crate above it: no HTTP,
//! no imaging. Feature `test-support` adds `testing`: a throwaway PostgreSQL server and a store
//! test's data on either store, for this crate's tests and the server's.
//!
//! Rules every implementation keeps:
//! - Each method is one transaction: it happens entirely or not at all, audit event included.
//! - Time comes in as `now`; stores never read a clock, so tests can move time.
//! - No submission is leased to two reviewers at once; no decision is recorded twice (decision ids
//!   are idempotency keys, and each submission has at most one decision per stage).
//! - The applicant-visible status changes in the same transaction as the decision that changes it.
//! - The audit log is append-only and hash-chained (`reviewdesk_domain::audit`); signed
//!   checkpoints of its head are kept append-only beside it (`reviewdesk_domain::audit_checkpoint`).

pub mod audit_checkpoints;
pub mod calendar;
pub mod credentials;
pub mod error;
pub mod face_calibrations;
pub mod identity_boards;
pub mod lifecycle;
pub mod migration_sums;
pub mod model;
pub mod operations;
pub mod photo_checks;
pub mod photo_hashes;
#[cfg(feature = "postgres")]
pub mod postgres;
pub mod repeat_faces;
pub mod rules;
#[cfg(feature = "sqlite")]
pub mod sqlite;
pub mod supervision_rules;
#[cfg(feature = "test-support")]
pub mod testing;
pub mod text_values;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use reviewdesk_domain::audit::{AuditAction, ChainedEntry};
pub use reviewdesk_domain::audit_checkpoint::AuditCheckpoint;
use reviewdesk_domain::wire::case_search::{CaseSearchResult, SearchTerms};
use reviewdesk_domain::wire::face_calibration::{
    CalibrationRun, CalibrationStatus, SetBandsRequest, SimilarityBands,
};
use reviewdesk_domain::wire::queue_overview::{QueueOverview, RevokedLease};
use reviewdesk_domain::wire::saved_views::SavedView;
use reviewdesk_domain::wire::supervision::{
    DecisionLogFilter, GoldenItem, SecondReviewItem, SecondReviewReceipt, SecondReviewRequest,
    Timeline,
};

pub use credentials::{AccountChange, IntakeKey, LoginFailure, Session};
pub use error::StoreError;
pub use face_calibrations::{CalibrationFace, NewCalibrationRun};
pub use identity_boards::{
    BoardFaceRecord, BoardOutcome, BoardRecord, HeldCardRecord, StoredBoard,
};
pub use model::*;
pub use operations::{PurgeReport, QueueDepth, Readiness, PURGED_IDENTITY, PURGE_BATCH};
pub use photo_checks::{
    PhotoCheckBacklog, PhotoCheckOutcome, PhotoCheckRecord, PhotoCheckResult, PhotoCheckWork,
};
pub use photo_hashes::{NearPhoto, PhotoHash};
pub use repeat_faces::{FaceMatch, RepeatFaces};
pub use supervision_rules::{LogRecord, LogRecords, StatsDecision, StatsRecords};

/// Connections one PostgreSQL store (one server instance) keeps open at most, unless told
/// otherwise.
pub const DEFAULT_PG_POOL_SIZE: usize = 16;

/// An event to append to the audit log.
#[derive(Debug, Clone)]
pub struct AuditNote<'a> {
    pub actor: &'a str,
    pub action: AuditAction,
    pub subject: Option<&'a str>,
    /// Canonical JSON; never an ID number or a name.
    pub detail: serde_json::Value,
}

pub trait Store: Send + Sync + 'static {
    /// Creates a staff account.
    fn add_user(&self, user: &NewUser, now: DateTime<Utc>) -> Result<User, StoreError>;
    /// An enabled account and its password hash, for login; `None` for an unknown or a disabled
    /// name.
    fn user_for_login(&self, username: &str) -> Result<Option<(User, String)>, StoreError>;
    /// Disables an account: it cannot log in, and its live sessions are revoked, with
    /// `user_disabled` appended, in one transaction. Disabling a disabled account changes and
    /// records nothing. `NotFound` (`user`) for an unknown name.
    fn disable_user(&self, username: &str, now: DateTime<Utc>)
        -> Result<AccountChange, StoreError>;
    /// Enables a disabled account again and appends `user_enabled`; enabling an enabled account
    /// changes and records nothing. `NotFound` (`user`) for an unknown name.
    fn enable_user(&self, username: &str, now: DateTime<Utc>) -> Result<AccountChange, StoreError>;
    /// Replaces an account's password hash, revokes its live sessions (whoever held the old
    /// password is signed out) and appends `password_changed`, in one transaction.
    fn set_password(
        &self,
        username: &str,
        password_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<AccountChange, StoreError>;
    /// Revokes every live session of an account and appends `sessions_revoked` (also when there
    /// was none: the action itself is recorded).
    fn revoke_sessions(
        &self,
        username: &str,
        now: DateTime<Utc>,
    ) -> Result<AccountChange, StoreError>;

    /// Starts a session for a user whose password was checked: stores the token's hash and
    /// appends `login` (with the client's address).
    fn start_session(
        &self,
        user: &User,
        token_hash: &str,
        address: &str,
        expires_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError>;
    /// A session by its token's hash, whether live, expired or revoked. A disabled account's
    /// sessions read as revoked (they were revoked when it was disabled). Starting a session for
    /// a disabled account is `NotFound` (`user`): a login racing the disabling loses.
    fn session(&self, token_hash: &str) -> Result<Option<Session>, StoreError>;
    /// Revokes a session and appends `logout`; `NotFound` when there is no such unrevoked session.
    fn end_session(&self, token_hash: &str, now: DateTime<Utc>) -> Result<(), StoreError>;
    /// Appends `login_failed` naming the account when it exists, else a fixed marker (never what
    /// was typed for an unknown name, never the password; see `rules::login_failed_actor`). An
    /// `UnknownUser` failure for a name that is a disabled account is recorded as
    /// `AccountDisabled`, naming it.
    fn login_failed(
        &self,
        username: &str,
        address: &str,
        failure: LoginFailure,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError>;
    /// Registers an intake key by its hash and appends `intake_key_created`.
    fn add_intake_key(
        &self,
        key_hash: &str,
        label: &str,
        now: DateTime<Utc>,
    ) -> Result<IntakeKey, StoreError>;
    /// An intake key by its hash, revoked ones included.
    fn intake_key(&self, key_hash: &str) -> Result<Option<IntakeKey>, StoreError>;
    /// Every intake key, revoked ones included, oldest first.
    fn intake_keys(&self) -> Result<Vec<IntakeKey>, StoreError>;
    /// Revokes an intake key (by id) and appends `intake_key_revoked`; idempotent.
    fn revoke_intake_key(&self, id: i64, now: DateTime<Utc>) -> Result<IntakeKey, StoreError>;

    /// Whether `applicant_id` may make a request on `submitted_on` (none pending, quota left),
    /// and the attempt number it would get. Intake asks before writing any photo, so a refused
    /// request leaves no personal data behind; [`Store::intake`] checks again atomically.
    fn intake_allowed(
        &self,
        applicant_id: &str,
        submitted_on: NaiveDate,
    ) -> Result<u32, StoreError>;
    /// Records a submission: checks the period quota and that none is pending, numbers the
    /// attempt, queues it.
    fn intake(
        &self,
        submission: &NewSubmission,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<IntakeReceipt, StoreError>;
    /// What the applicant-facing system may show.
    fn applicant_view(&self, id: &str) -> Result<ApplicantView, StoreError>;
    /// A submission with everything a reviewer sees (the number in full: the caller masks it),
    /// for a viewer the read rule lets read it ([`rules::may_read`]: the lease holder, or a
    /// supervisor of its province once it is decided); `NotFound` for anyone else.
    fn submission(
        &self,
        viewer: &User,
        id: &str,
        now: DateTime<Utc>,
    ) -> Result<Submission, StoreError>;
    /// The same record without a viewer: for the server's own work (demo, tests, checks), never
    /// for answering a caller.
    fn submission_record(&self, id: &str, now: DateTime<Utc>) -> Result<Submission, StoreError>;

    /// Leases up to `max` open submissions of the reviewer's province, earliest due first.
    fn claim(
        &self,
        reviewer: &User,
        max: u32,
        lease_for: Duration,
        now: DateTime<Utc>,
    ) -> Result<Vec<Lease>, StoreError>;
    /// Extends a lease the reviewer holds.
    fn renew(
        &self,
        reviewer: &User,
        submission_id: &str,
        lease_token: &str,
        lease_for: Duration,
        now: DateTime<Utc>,
    ) -> Result<Lease, StoreError>;
    /// Gives a leased submission back to the queue.
    fn release(
        &self,
        reviewer: &User,
        submission_id: &str,
        lease_token: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError>;

    /// Records a decision (idempotent on its id), never drawn into the QA sample.
    fn decide(
        &self,
        reviewer: &User,
        decision: &NewDecision,
        now: DateTime<Utc>,
    ) -> Result<DecisionReceipt, StoreError> {
        self.decide_sampled(reviewer, decision, false, now)
    }
    /// Records a decision (idempotent on its id). See the SQLite implementation for the rules.
    /// When `qa_sample` (the caller's draw) and the decision is final, it joins the QA sample in
    /// the same transaction.
    fn decide_sampled(
        &self,
        reviewer: &User,
        decision: &NewDecision,
        qa_sample: bool,
        now: DateTime<Utc>,
    ) -> Result<DecisionReceipt, StoreError>;

    /// A case the reviewer decided (first stage), found by its case number, with their decision,
    /// while the read rule lets them read it (`rules::OWN_DECISIONS_READABLE_DAYS` after it);
    /// `NotFound` for any other case number, as for an unknown one.
    fn own_decision(
        &self,
        reviewer: &User,
        case_number: &str,
        now: DateTime<Utc>,
    ) -> Result<(Submission, Decision), StoreError>;

    /// A page of the decision log of the viewer's province, newest first (golden items left out).
    fn decision_log(
        &self,
        viewer: &User,
        filter: &DecisionLogFilter,
        cursor: Option<&str>,
        limit: u32,
    ) -> Result<LogRecords, StoreError>;
    /// The cases of the viewer's province (a supervisor's) the terms find — by case number, or
    /// by applicant id, exact ID number or exact name — newest first, golden copies left out; the
    /// search is audited durably in the same transaction (`case_search`, one event per case found).
    fn find_cases(
        &self,
        viewer: &User,
        terms: &SearchTerms,
        now: DateTime<Utc>,
    ) -> Result<CaseSearchResult, StoreError>;
    /// The queue of the viewer's (a supervisor's) province right now: counts, and the open items
    /// due on or before `risk_until` (or late: before `today`) with who holds each.
    fn queue_overview(
        &self,
        viewer: &User,
        today: NaiveDate,
        risk_until: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<QueueOverview, StoreError>;
    /// A supervisor takes a live lease of their province back: the item returns to the queue,
    /// the holder's token can no longer decide it (`LeaseReleased`), audited `lease_revoked`.
    /// `NotFound` for another province's or a closed case; `NotLeased` when nobody holds it.
    fn revoke_lease(
        &self,
        supervisor: &User,
        submission_id: &str,
        now: DateTime<Utc>,
    ) -> Result<RevokedLease, StoreError>;
    /// The owner's saved views of the decision log, by slot.
    fn saved_views(&self, owner: &User) -> Result<Vec<SavedView>, StoreError>;
    /// Saves the owner's view `name` (trimmed): a new one takes the lowest free slot, an existing
    /// one keeps its slot and gets `filter`. Checked by `saved_views::check_view`
    /// (`bad_view_name`, `bad_view_filter`, `unknown_reason_code`, `bad_date_range`);
    /// `too_many_views` when a new one finds every slot taken.
    fn save_view(
        &self,
        owner: &User,
        name: &str,
        filter: &DecisionLogFilter,
        now: DateTime<Utc>,
    ) -> Result<SavedView, StoreError>;
    /// Deletes the owner's view `name` (trimmed); `NotFound` (`view`) when they have none by it.
    fn delete_view(&self, owner: &User, name: &str) -> Result<(), StoreError>;
    /// Every audit event of a submission of the viewer's province, in order.
    fn timeline(&self, viewer: &User, submission_id: &str) -> Result<Timeline, StoreError>;
    /// Four-eyes items and unreviewed QA samples of the viewer's province, but not the viewer's
    /// own decisions.
    fn second_reviews(&self, viewer: &User) -> Result<Vec<SecondReviewItem>, StoreError>;
    /// A supervisor's verdict on a second-review item. See the SQLite `verdicts` module.
    fn second_review(
        &self,
        supervisor: &User,
        request: &SecondReviewRequest,
        now: DateTime<Utc>,
    ) -> Result<SecondReviewReceipt, StoreError>;
    /// Plants a copy of a decided case of the supervisor's province as golden item `golden_id`.
    fn plant_golden(
        &self,
        supervisor: &User,
        source_submission_id: &str,
        golden_id: &str,
        due_date: Option<reviewdesk_domain::calendar::DueDate>,
        now: DateTime<Utc>,
    ) -> Result<GoldenItem, StoreError>;
    /// The rows the statistics of the viewer's province over `from..=to` are computed from.
    fn stats_records(
        &self,
        viewer: &User,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<StatsRecords, StoreError>;

    /// Appends one event to the audit log. An event recording someone seeing personal data
    /// commits durably ([`rules::audit_commits_durably`]); others at the relaxed level.
    fn audit(&self, note: &AuditNote<'_>, now: DateTime<Utc>) -> Result<(), StoreError>;
    /// The whole audit chain, in order (for verification).
    fn audit_chain(&self) -> Result<Vec<ChainedEntry>, StoreError> {
        self.audit_chain_after(0)
    }
    /// The audit events after sequence number `after`, in order (`0`: the whole chain): the part
    /// a new checkpoint covers that the previous one did not.
    fn audit_chain_after(&self, after: u64) -> Result<Vec<ChainedEntry>, StoreError>;
    /// Records a signed checkpoint of the audit chain (durably). Refuses, writing nothing, one
    /// whose sequence number names no event (`NotFound`) or whose hash is not that event's
    /// (`Invalid`, `invalid_request`). The signature is the signer's business: the store keeps no
    /// key. Checkpoints are append-only, like the log.
    fn record_audit_checkpoint(&self, checkpoint: &AuditCheckpoint) -> Result<(), StoreError>;
    /// Every recorded checkpoint, in the order recorded.
    fn audit_checkpoints(&self) -> Result<Vec<AuditCheckpoint>, StoreError>;

    /// Claims photo-check work that is due and not held under a live claim — a submission a
    /// reviewer holds (is looking at) first, then the oldest — for `lease`, under the worker's
    /// fresh `claim` token; counts the attempt. `None`: nothing to do.
    /// On PostgreSQL, workers of several instances never get the same work while a claim lives.
    fn claim_photo_check(
        &self,
        claim: &str,
        lease: Duration,
        now: DateTime<Utc>,
    ) -> Result<Option<PhotoCheckWork>, StoreError>;
    /// Records the outcome of claimed work and removes the work, in one transaction — only if
    /// `result.claim` still holds it (`false`: the claim was lost, nothing written). Replaces
    /// any earlier findings. `Normal` durability: a lost recording leaves the work queued.
    fn finish_photo_check(
        &self,
        result: &PhotoCheckResult<'_>,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError>;
    /// Puts claimed work back to be tried again from `not_before`, noting `error` — only if
    /// `claim` still holds it (`false` otherwise).
    fn retry_photo_check(
        &self,
        submission_id: &str,
        claim: &str,
        not_before: DateTime<Utc>,
        error: &str,
    ) -> Result<bool, StoreError>;
    /// Gives up these claims unfinished (a stopping worker): the work is claimable at once and
    /// the abandoned attempt does not count. How many were released.
    fn release_photo_checks(&self, claims: &[String]) -> Result<u64, StoreError>;
    /// The work queue's size and age at `now`.
    fn photo_check_backlog(&self, now: DateTime<Utc>) -> Result<PhotoCheckBacklog, StoreError>;
    /// A submission's photo checks: `Pending` until an outcome is recorded, then it and its
    /// findings, in order.
    fn photo_checks(&self, submission_id: &str) -> Result<PhotoCheckRecord, StoreError>;
    /// The other applicants (not `except_applicant`) whose submissions include a photo with this
    /// SHA-256, sorted.
    fn applicants_with_image(
        &self,
        sha256: &str,
        except_applicant: &str,
    ) -> Result<Vec<String>, StoreError>;
    /// Records (replaces) perceptual hashes of a submission's photos (see [`photo_hashes`]).
    fn record_photo_hashes(
        &self,
        submission_id: &str,
        hashes: &[PhotoHash],
    ) -> Result<(), StoreError>;
    /// Photos of other applicants in the submission's province whose hash of the same region is
    /// at most `max_distance` bits from one of `hashes` (not byte-identical files), the least
    /// distance per (side, other submission). Purged submissions are left out.
    fn near_photos(
        &self,
        submission_id: &str,
        hashes: &[PhotoHash],
        max_distance: u32,
    ) -> Result<Vec<NearPhoto>, StoreError>;
    /// Repeat faces (see [`repeat_faces`]): the faces of the submission's province within the
    /// calibrated bands of its hand-held person — other applicants' faces under another ID
    /// number closer than `similar_below`, the same applicant's earlier persons at least
    /// `dissimilar_from` away — with their case numbers. Nothing is compared when the submission
    /// has no hand-held person recorded (`compared: false`). Purged submissions are left out; a
    /// malformed stored embedding is `Corrupt`; an unknown submission `NotFound`.
    fn repeat_faces(
        &self,
        submission_id: &str,
        similar_below: f32,
        dissimilar_from: f32,
    ) -> Result<RepeatFaces, StoreError>;
    /// Records (replaces) a submission's identity board and its faces in one transaction — only
    /// if `claim` still holds its photo-check work (`false`: the claim was lost, nothing
    /// written), so a board is never half written and a retried check rewrites it. A board that
    /// cannot be is refused with `invalid_request` ([`BoardRecord::validate`]). The faces carry
    /// the submission's province (the repeat-face scan and the calibration read them by it).
    fn record_identity_board(
        &self,
        submission_id: &str,
        claim: &str,
        board: &BoardRecord,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError>;
    /// A submission's recorded identity board; `None` until one is recorded (and after a purge).
    fn identity_board(&self, submission_id: &str) -> Result<Option<StoredBoard>, StoreError>;

    /// The faces a face-similarity calibration of `province` reads: the card portraits and
    /// hand-held persons of its approved submissions (final status approved, after any second
    /// review), golden copies and purged ones left out, with each one's applicant, by submission.
    fn calibration_faces(&self, province: &str) -> Result<Vec<CalibrationFace>, StoreError>;
    /// Records a calibration run of the supervisor's province and appends `face_calibration_run`
    /// (counts only), in one transaction. `no_province` for staff without one.
    fn record_calibration_run(
        &self,
        supervisor: &User,
        run: &NewCalibrationRun,
        now: DateTime<Utc>,
    ) -> Result<CalibrationRun, StoreError>;
    /// Sets the similarity bands of the supervisor's province from one of its runs and appends
    /// `similarity_bands_set`, in one transaction. Refused (422, nothing written):
    /// `bad_similarity_bands` (not finite, or not 0 < similar_below ≤ dissimilar_from < 2),
    /// `unknown_calibration_run` (no such run in the province: another province's is unknown
    /// too), `calibration_too_thin` (the run had too few pairs).
    fn set_similarity_bands(
        &self,
        supervisor: &User,
        request: &SetBandsRequest,
        now: DateTime<Utc>,
    ) -> Result<SimilarityBands, StoreError>;
    /// The latest run of `province` and the bands in force (each `None` until there is one).
    fn calibration_status(&self, province: &str) -> Result<CalibrationStatus, StoreError>;
    /// The similarity bands in force in `province` (the latest set); `None`: not calibrated, no
    /// band may be shown.
    fn similarity_bands(&self, province: &str) -> Result<Option<SimilarityBands>, StoreError>;

    /// Whether the database answers and has the schema this build expects (`GET /readyz`).
    fn readiness(&self) -> Result<Readiness, StoreError>;
    /// Open submissions per province (sorted), and how many are due on or before `due_by`.
    fn queue_depths(&self, due_by: NaiveDate) -> Result<Vec<QueueDepth>, StoreError>;
    /// Retention: deletes the personal data (declared identity, findings, photo-check results)
    /// of up to [`PURGE_BATCH`] submissions decided (approved or rejected) before
    /// `decided_before`, oldest first, marks them purged and appends one `retention_purge` event
    /// (counts only). Decisions and the audit chain stay. A purged submission answers
    /// [`StoreError::Purged`] to [`Store::submission`].
    fn purge_personal_data(
        &self,
        decided_before: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<PurgeReport, StoreError>;
    /// Which of `sha256s` a submission that still has its personal data references.
    fn images_in_use(&self, sha256s: &[String]) -> Result<Vec<String>, StoreError>;

    /// The deployment's working-day calendar with every import's record (see [`calendar`]).
    fn calendar(&self) -> Result<calendar::StoredCalendar, StoreError>;
    /// The calendar's version alone (one indexed read): whether a cached copy is current.
    fn calendar_version(&self) -> Result<i64, StoreError>;
    /// Imports a calendar file: refuses it changing nothing, or replaces the years it declares,
    /// moves open submissions' due dates and appends `calendar_imported`, in one transaction.
    fn import_calendar(
        &self,
        import: &calendar::CalendarImport<'_>,
        now: DateTime<Utc>,
    ) -> Result<calendar::CalendarImportReport, StoreError>;
}
