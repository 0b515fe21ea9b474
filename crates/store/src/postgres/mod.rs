//! The scale-out store: PostgreSQL, shared by any number of `reviewdesk-server` instances (issue
//! 7). Same contract, rules, error codes and audit chain as [`super::sqlite`]; what differs is how
//! concurrency is made safe when several processes write at once:
//!
//! - **Claims** take rows of the small ready set (`queue`: open submissions only) with
//!   `FOR UPDATE SKIP LOCKED`, a batch in one statement ([`queue`]): concurrent claimers skip each
//!   other's rows instead of waiting, and decided history is never scanned. The claim's lease
//!   records and audit events are written by the same statement (one round trip). Concurrent
//!   claims of one instance share one transaction and one statement ([`group`]).
//! - **The audit chain** stays linear across instances by serialising appends on a one-row
//!   `audit_head`, locked `FOR UPDATE` as the last step of the action's own transaction (chosen
//!   over an advisory lock because the head row also carries the last sequence number and hash,
//!   so an append reads nothing else). An append is one call of the database function
//!   `audit_append_events` (migration 0007), which computes the links in SQL. See [`audit_log`].
//! - **Decisions** lock their id (advisory) and their submission row; **intake** locks its
//!   applicant (advisory); uniqueness (usernames, token hashes, key hashes, one decision per
//!   stage, one open submission per applicant) is the database's. Transactions run at READ
//!   COMMITTED; one that PostgreSQL aborts as a deadlock or serialization failure is run again
//!   (it had no effect).
//!
//! Durability mirrors SQLite's: intake, decisions, accounts and intake keys commit with
//! `synchronous_commit = on` (the server default: once the call returned, the write is on disk);
//! leases (claim, renew, release), sessions, single audit events and photo-check results commit
//! with `SET LOCAL synchronous_commit = off`, as SQLite uses `NORMAL` for them. A lone audit event
//! recording someone seeing personal data (`rules::audit_commits_durably`) and audit checkpoints
//! commit with `synchronous_commit = on`. A crash can then
//! forget the last of those for a fraction of a second (an item goes back to the queue, a login
//! must be repeated); WAL order means it never forgets one that a later durable commit depended
//! on, so the audit chain only ever loses a tail, never a middle link.
//!
//! Reads run in READ ONLY REPEATABLE READ transactions (one snapshot per call). Times are stored
//! as the same text as in SQLite ([`crate::text_values`]).

mod accounts;
mod audit_checkpoints;
mod audit_log;
mod calendar;
mod case_numbers;
mod decisions;
mod face_calibrations;
mod group;
mod identity_boards;
mod intake;
mod migrations;
mod operations;
mod photo_checks;
mod pool;
mod queue;
mod queue_overview;
mod repeat_faces;
mod saved_views;
mod supervision;
mod tx;
mod verdicts;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use reviewdesk_domain::audit::ChainedEntry;

use super::calendar::{
    self as store_calendar, CalendarImport, CalendarImportReport, StoredCalendar,
};
use super::lifecycle::Lifecycle;
use super::text_values::timestamp;
use super::{
    AccountChange, ApplicantView, AuditCheckpoint, AuditNote, BoardRecord, Decision,
    DecisionReceipt, IntakeKey, IntakeReceipt, Lease, LogRecords, LoginFailure, NearPhoto,
    NewDecision, NewSubmission, NewUser, PhotoCheckBacklog, PhotoCheckRecord, PhotoCheckResult,
    PhotoCheckWork, PhotoHash, PurgeReport, QueueDepth, Readiness, RepeatFaces, Session,
    StatsRecords, Store, StoreError, StoredBoard, Submission, User,
};
use crate::face_calibrations::{CalibrationFace, NewCalibrationRun};
pub use migrations::latest_version;
use pool::Pool;
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
use tx::Tx;

pub use crate::DEFAULT_PG_POOL_SIZE as DEFAULT_POOL_SIZE;
/// How many times a transaction PostgreSQL aborted as a deadlock or serialization failure runs.
const ATTEMPTS: u32 = 5;

/// How a transaction commits (see the module doc).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// `synchronous_commit = on`: intake, decisions, accounts, intake keys.
    Durable,
    /// `synchronous_commit = off`: leases, sessions, single audit events (but those recording
    /// someone seeing personal data), photo-check results.
    Relaxed,
    /// A read-only snapshot.
    Read,
}

impl Mode {
    /// What a lone audit event of `action` commits at ([`crate::rules::audit_commits_durably`]).
    fn for_audit(action: reviewdesk_domain::audit::AuditAction) -> Mode {
        if crate::rules::audit_commits_durably(action) {
            Mode::Durable
        } else {
            Mode::Relaxed
        }
    }

    fn begin(self) -> &'static str {
        match self {
            Mode::Durable => "BEGIN",
            Mode::Relaxed => "BEGIN; SET LOCAL synchronous_commit = off",
            Mode::Read => "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
        }
    }
}

pub struct PgStore {
    pool: Pool,
    claims: group::ClaimGroups,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStore").finish_non_exhaustive()
    }
}

impl PgStore {
    /// Connects to `url` (`postgres://user:password@host:port/database`, or the key=value form),
    /// brings the schema up to date and keeps up to [`DEFAULT_POOL_SIZE`] connections.
    pub fn connect(url: &str) -> Result<PgStore, StoreError> {
        PgStore::connect_with_pool(url, DEFAULT_POOL_SIZE)
    }

    /// As [`PgStore::connect`], with at most `pool_size` connections.
    pub fn connect_with_pool(url: &str, pool_size: usize) -> Result<PgStore, StoreError> {
        let config: postgres::Config =
            url.parse().map_err(|e: postgres::Error| StoreError::Invalid {
                code: reviewdesk_domain::error_code::ErrorCode::BadDatabaseUrl,
                message: format!("数据库地址无效：{e}"),
            })?;
        let pool = Pool::new(config, pool_size);
        let mut conn = pool.connect()?;
        migrations::migrate(&mut conn.client, &timestamp(Utc::now()))?;
        pool.put_new(conn);
        let store = PgStore { pool, claims: group::ClaimGroups::default() };
        let now = Utc::now();
        store.run(Mode::Durable, |tx| store_calendar::seed(&mut calendar::Rows(tx), now))?;
        Ok(store)
    }

    /// Runs `work` in one transaction on a pooled connection, again (up to [`ATTEMPTS`] times) when
    /// PostgreSQL aborted it as a deadlock or serialization failure. The result is returned only
    /// once the commit succeeded.
    fn run<T>(
        &self,
        mode: Mode,
        work: impl Fn(&mut Tx<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut conn = self.pool.get()?;
        let mut attempt = 1;
        let outcome = loop {
            match once(&mut conn, mode, &work) {
                Ok(Ok(value)) => break Ok(value),
                Ok(Err((_, true))) if attempt < ATTEMPTS => attempt += 1,
                Ok(Err((error, _))) => break Err(error),
                // BEGIN or ROLLBACK failed: the connection is no longer usable.
                Err(error) => {
                    drop(conn);
                    self.pool.forget();
                    return Err(error.into());
                }
            }
        };
        self.pool.put(conn);
        outcome
    }
}

/// What one attempt at a transaction gave: `Err` when the connection itself failed; otherwise the
/// work's value once committed, or its error and whether a retry may cure it.
type Attempt<T> = Result<Result<T, (StoreError, bool)>, postgres::Error>;

fn once<T>(
    conn: &mut pool::Conn,
    mode: Mode,
    work: &impl Fn(&mut Tx<'_>) -> Result<T, StoreError>,
) -> Attempt<T> {
    conn.client.batch_execute(mode.begin())?;
    let mut tx = Tx::new(&mut conn.client, &mut conn.statements);
    let value = work(&mut tx);
    let retryable = tx.retryable();
    match value {
        Ok(value) => match conn.client.batch_execute("COMMIT") {
            Ok(()) => Ok(Ok(value)),
            Err(error) => {
                let again = is_retryable(&error);
                Ok(Err((StoreError::from(error), again)))
            }
        },
        Err(error) => {
            conn.client.batch_execute("ROLLBACK")?;
            Ok(Err((error, retryable)))
        }
    }
}

fn is_retryable(error: &postgres::Error) -> bool {
    use postgres::error::SqlState;
    matches!(
        error.code(),
        Some(&SqlState::T_R_SERIALIZATION_FAILURE) | Some(&SqlState::T_R_DEADLOCK_DETECTED)
    )
}

impl Store for PgStore {
    fn add_user(&self, user: &NewUser, now: DateTime<Utc>) -> Result<User, StoreError> {
        self.run(Mode::Durable, |tx| accounts::add_user(tx, user, now))
    }

    fn user_for_login(&self, username: &str) -> Result<Option<(User, String)>, StoreError> {
        self.run(Mode::Read, |tx| accounts::user_for_login(tx, username))
    }

    fn disable_user(
        &self,
        username: &str,
        now: DateTime<Utc>,
    ) -> Result<AccountChange, StoreError> {
        self.run(Mode::Durable, |tx| {
            accounts::lifecycle(tx, username, Lifecycle::Disable, None, now)
        })
    }

    fn enable_user(&self, username: &str, now: DateTime<Utc>) -> Result<AccountChange, StoreError> {
        self.run(Mode::Durable, |tx| {
            accounts::lifecycle(tx, username, Lifecycle::Enable, None, now)
        })
    }

    fn set_password(
        &self,
        username: &str,
        password_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<AccountChange, StoreError> {
        self.run(Mode::Durable, |tx| {
            accounts::lifecycle(tx, username, Lifecycle::SetPassword, Some(password_hash), now)
        })
    }

    fn revoke_sessions(
        &self,
        username: &str,
        now: DateTime<Utc>,
    ) -> Result<AccountChange, StoreError> {
        self.run(Mode::Durable, |tx| {
            accounts::lifecycle(tx, username, Lifecycle::RevokeSessions, None, now)
        })
    }

    fn start_session(
        &self,
        user: &User,
        token_hash: &str,
        address: &str,
        expires_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.run(Mode::Relaxed, |tx| {
            accounts::start_session(tx, user, token_hash, address, expires_at, now)
        })
    }

    fn session(&self, token_hash: &str) -> Result<Option<Session>, StoreError> {
        self.run(Mode::Read, |tx| accounts::session(tx, token_hash))
    }

    fn end_session(&self, token_hash: &str, now: DateTime<Utc>) -> Result<(), StoreError> {
        self.run(Mode::Relaxed, |tx| accounts::end_session(tx, token_hash, now))
    }

    fn login_failed(
        &self,
        username: &str,
        address: &str,
        failure: LoginFailure,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.run(Mode::Relaxed, |tx| accounts::login_failed(tx, username, address, failure, now))
    }

    fn add_intake_key(
        &self,
        key_hash: &str,
        label: &str,
        now: DateTime<Utc>,
    ) -> Result<IntakeKey, StoreError> {
        self.run(Mode::Durable, |tx| accounts::add_intake_key(tx, key_hash, label, now))
    }

    fn intake_key(&self, key_hash: &str) -> Result<Option<IntakeKey>, StoreError> {
        self.run(Mode::Read, |tx| accounts::intake_key(tx, key_hash))
    }

    fn intake_keys(&self) -> Result<Vec<IntakeKey>, StoreError> {
        self.run(Mode::Read, accounts::intake_keys)
    }

    fn revoke_intake_key(&self, id: i64, now: DateTime<Utc>) -> Result<IntakeKey, StoreError> {
        self.run(Mode::Durable, |tx| accounts::revoke_intake_key(tx, id, now))
    }

    fn intake_allowed(
        &self,
        applicant_id: &str,
        submitted_on: NaiveDate,
    ) -> Result<u32, StoreError> {
        self.run(Mode::Read, |tx| {
            intake::next_attempt(tx, applicant_id, submitted_on).map(|(_, n)| n)
        })
    }

    fn intake(
        &self,
        submission: &NewSubmission,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<IntakeReceipt, StoreError> {
        self.run(Mode::Durable, |tx| intake::intake(tx, submission, actor, now))
    }

    fn applicant_view(&self, id: &str) -> Result<ApplicantView, StoreError> {
        self.run(Mode::Read, |tx| intake::applicant_view(tx, id))
    }

    fn submission(
        &self,
        viewer: &User,
        id: &str,
        now: DateTime<Utc>,
    ) -> Result<Submission, StoreError> {
        self.run(Mode::Read, |tx| intake::submission(tx, viewer, id, now))
    }

    fn submission_record(&self, id: &str, now: DateTime<Utc>) -> Result<Submission, StoreError> {
        self.run(Mode::Read, |tx| intake::submission_record(tx, id, now))
    }

    fn claim(
        &self,
        reviewer: &User,
        max: u32,
        lease_for: Duration,
        now: DateTime<Utc>,
    ) -> Result<Vec<Lease>, StoreError> {
        self.claims.claim(self, reviewer, max, lease_for, now)
    }

    fn renew(
        &self,
        reviewer: &User,
        submission_id: &str,
        lease_token: &str,
        lease_for: Duration,
        now: DateTime<Utc>,
    ) -> Result<Lease, StoreError> {
        self.run(Mode::Relaxed, |tx| {
            queue::renew(tx, reviewer, submission_id, lease_token, lease_for, now)
        })
    }

    fn release(
        &self,
        reviewer: &User,
        submission_id: &str,
        lease_token: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.run(Mode::Relaxed, |tx| queue::release(tx, reviewer, submission_id, lease_token, now))
    }

    fn decide_sampled(
        &self,
        reviewer: &User,
        decision: &NewDecision,
        qa_sample: bool,
        now: DateTime<Utc>,
    ) -> Result<DecisionReceipt, StoreError> {
        self.run(Mode::Durable, |tx| decisions::decide(tx, reviewer, decision, qa_sample, now))
    }

    fn decision_log(
        &self,
        viewer: &User,
        filter: &DecisionLogFilter,
        cursor: Option<&str>,
        limit: u32,
    ) -> Result<LogRecords, StoreError> {
        self.run(Mode::Read, |tx| supervision::decision_log(tx, viewer, filter, cursor, limit))
    }

    fn find_cases(
        &self,
        viewer: &User,
        terms: &SearchTerms,
        now: DateTime<Utc>,
    ) -> Result<CaseSearchResult, StoreError> {
        self.run(Mode::Durable, |tx| case_numbers::search(tx, viewer, terms, now))
    }

    fn queue_overview(
        &self,
        viewer: &User,
        today: NaiveDate,
        risk_until: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<QueueOverview, StoreError> {
        self.run(Mode::Read, |tx| queue_overview::overview(tx, viewer, today, risk_until, now))
    }

    fn revoke_lease(
        &self,
        supervisor: &User,
        submission_id: &str,
        now: DateTime<Utc>,
    ) -> Result<RevokedLease, StoreError> {
        self.run(Mode::Durable, |tx| queue_overview::revoke(tx, supervisor, submission_id, now))
    }

    fn own_decision(
        &self,
        reviewer: &User,
        case_number: &str,
        now: DateTime<Utc>,
    ) -> Result<(Submission, Decision), StoreError> {
        self.run(Mode::Read, |tx| intake::own_decision(tx, reviewer, case_number, now))
    }

    fn saved_views(&self, owner: &User) -> Result<Vec<SavedView>, StoreError> {
        self.run(Mode::Read, |tx| saved_views::list(tx, owner))
    }

    fn save_view(
        &self,
        owner: &User,
        name: &str,
        filter: &DecisionLogFilter,
        now: DateTime<Utc>,
    ) -> Result<SavedView, StoreError> {
        self.run(Mode::Durable, |tx| saved_views::save(tx, owner, name, filter, now))
    }

    fn delete_view(&self, owner: &User, name: &str) -> Result<(), StoreError> {
        self.run(Mode::Durable, |tx| saved_views::delete(tx, owner, name))
    }

    fn timeline(&self, viewer: &User, submission_id: &str) -> Result<Timeline, StoreError> {
        self.run(Mode::Read, |tx| supervision::timeline(tx, viewer, submission_id))
    }

    fn second_reviews(&self, viewer: &User) -> Result<Vec<SecondReviewItem>, StoreError> {
        self.run(Mode::Read, |tx| supervision::second_reviews(tx, viewer))
    }

    fn second_review(
        &self,
        supervisor: &User,
        request: &SecondReviewRequest,
        now: DateTime<Utc>,
    ) -> Result<SecondReviewReceipt, StoreError> {
        self.run(Mode::Durable, |tx| verdicts::second_review(tx, supervisor, request, now))
    }

    fn plant_golden(
        &self,
        supervisor: &User,
        source_submission_id: &str,
        golden_id: &str,
        due_date: Option<reviewdesk_domain::calendar::DueDate>,
        now: DateTime<Utc>,
    ) -> Result<GoldenItem, StoreError> {
        self.run(Mode::Durable, |tx| {
            verdicts::plant_golden(tx, supervisor, source_submission_id, golden_id, due_date, now)
        })
    }

    fn stats_records(
        &self,
        viewer: &User,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<StatsRecords, StoreError> {
        self.run(Mode::Read, |tx| supervision::stats_records(tx, viewer, from, to))
    }

    fn audit(&self, note: &AuditNote<'_>, now: DateTime<Utc>) -> Result<(), StoreError> {
        self.run(Mode::for_audit(note.action), |tx| audit_log::append(tx, note, now))
    }

    fn audit_chain_after(&self, after: u64) -> Result<Vec<ChainedEntry>, StoreError> {
        self.run(Mode::Read, |tx| audit_log::chain_after(tx, after))
    }

    fn record_audit_checkpoint(&self, checkpoint: &AuditCheckpoint) -> Result<(), StoreError> {
        self.run(Mode::Durable, |tx| audit_checkpoints::record(tx, checkpoint))
    }

    fn audit_checkpoints(&self) -> Result<Vec<AuditCheckpoint>, StoreError> {
        self.run(Mode::Read, audit_checkpoints::all)
    }

    fn claim_photo_check(
        &self,
        claim: &str,
        lease: Duration,
        now: DateTime<Utc>,
    ) -> Result<Option<PhotoCheckWork>, StoreError> {
        self.run(Mode::Relaxed, |tx| photo_checks::claim(tx, claim, lease, now))
    }

    fn finish_photo_check(
        &self,
        result: &PhotoCheckResult<'_>,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        self.run(Mode::Relaxed, |tx| photo_checks::finish(tx, result, now))
    }

    fn retry_photo_check(
        &self,
        submission_id: &str,
        claim: &str,
        not_before: DateTime<Utc>,
        error: &str,
    ) -> Result<bool, StoreError> {
        self.run(Mode::Relaxed, |tx| {
            photo_checks::retry(tx, submission_id, claim, not_before, error)
        })
    }

    fn release_photo_checks(&self, claims: &[String]) -> Result<u64, StoreError> {
        self.run(Mode::Relaxed, |tx| photo_checks::release(tx, claims))
    }

    fn photo_check_backlog(&self, now: DateTime<Utc>) -> Result<PhotoCheckBacklog, StoreError> {
        self.run(Mode::Read, |tx| photo_checks::backlog(tx, now))
    }

    fn photo_checks(&self, submission_id: &str) -> Result<PhotoCheckRecord, StoreError> {
        self.run(Mode::Read, |tx| photo_checks::read(tx, submission_id))
    }

    fn applicants_with_image(
        &self,
        sha256: &str,
        except_applicant: &str,
    ) -> Result<Vec<String>, StoreError> {
        self.run(Mode::Read, |tx| photo_checks::applicants_with_image(tx, sha256, except_applicant))
    }

    fn record_photo_hashes(
        &self,
        submission_id: &str,
        hashes: &[PhotoHash],
    ) -> Result<(), StoreError> {
        self.run(Mode::Relaxed, |tx| photo_checks::record_hashes(tx, submission_id, hashes))
    }

    fn near_photos(
        &self,
        submission_id: &str,
        hashes: &[PhotoHash],
        max_distance: u32,
    ) -> Result<Vec<NearPhoto>, StoreError> {
        self.run(Mode::Read, |tx| {
            photo_checks::near_photos(tx, submission_id, hashes, max_distance)
        })
    }

    fn calibration_faces(&self, province: &str) -> Result<Vec<CalibrationFace>, StoreError> {
        self.run(Mode::Read, |tx| face_calibrations::faces(tx, province))
    }

    fn record_calibration_run(
        &self,
        supervisor: &User,
        run: &NewCalibrationRun,
        now: DateTime<Utc>,
    ) -> Result<CalibrationRun, StoreError> {
        self.run(Mode::Durable, |tx| face_calibrations::record_run(tx, supervisor, run, now))
    }

    fn set_similarity_bands(
        &self,
        supervisor: &User,
        request: &SetBandsRequest,
        now: DateTime<Utc>,
    ) -> Result<SimilarityBands, StoreError> {
        self.run(Mode::Durable, |tx| face_calibrations::set_bands(tx, supervisor, request, now))
    }

    fn calibration_status(&self, province: &str) -> Result<CalibrationStatus, StoreError> {
        self.run(Mode::Read, |tx| face_calibrations::status(tx, province))
    }

    fn similarity_bands(&self, province: &str) -> Result<Option<SimilarityBands>, StoreError> {
        self.run(Mode::Read, |tx| face_calibrations::bands(tx, province))
    }

    fn repeat_faces(
        &self,
        submission_id: &str,
        similar_below: f32,
        dissimilar_from: f32,
    ) -> Result<RepeatFaces, StoreError> {
        self.run(Mode::Read, |tx| {
            repeat_faces::repeat_faces(tx, submission_id, similar_below, dissimilar_from)
        })
    }

    fn record_identity_board(
        &self,
        submission_id: &str,
        claim: &str,
        board: &BoardRecord,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        self.run(Mode::Relaxed, |tx| identity_boards::record(tx, submission_id, claim, board, now))
    }

    fn identity_board(&self, submission_id: &str) -> Result<Option<StoredBoard>, StoreError> {
        self.run(Mode::Read, |tx| identity_boards::read(tx, submission_id))
    }

    fn readiness(&self) -> Result<Readiness, StoreError> {
        self.run(Mode::Read, operations::readiness)
    }

    fn queue_depths(&self, due_by: NaiveDate) -> Result<Vec<QueueDepth>, StoreError> {
        self.run(Mode::Read, |tx| operations::queue_depths(tx, due_by))
    }

    fn purge_personal_data(
        &self,
        decided_before: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<PurgeReport, StoreError> {
        self.run(Mode::Durable, |tx| operations::purge(tx, decided_before, now))
    }

    fn images_in_use(&self, sha256s: &[String]) -> Result<Vec<String>, StoreError> {
        self.run(Mode::Read, |tx| operations::images_in_use(tx, sha256s))
    }

    fn calendar(&self) -> Result<StoredCalendar, StoreError> {
        self.run(Mode::Read, |tx| store_calendar::load(&mut calendar::Rows(tx)))
    }

    fn calendar_version(&self) -> Result<i64, StoreError> {
        self.run(Mode::Read, calendar::version)
    }

    fn import_calendar(
        &self,
        import: &CalendarImport<'_>,
        now: DateTime<Utc>,
    ) -> Result<CalendarImportReport, StoreError> {
        self.run(Mode::Durable, |tx| store_calendar::import(&mut calendar::Rows(tx), import, now))
    }
}

#[cfg(test)]
mod tests {
    use reviewdesk_domain::audit::AuditAction;

    use super::Mode;

    #[test]
    fn an_event_recording_personal_data_seen_commits_with_synchronous_commit_on() {
        assert_eq!(Mode::for_audit(AuditAction::Claim), Mode::Relaxed);
        assert_eq!(Mode::for_audit(AuditAction::PiiReveal), Mode::Durable);
        assert_eq!(Mode::for_audit(AuditAction::ImageView), Mode::Durable);
        assert_eq!(Mode::for_audit(AuditAction::SubmissionView), Mode::Durable);
        assert_eq!(Mode::Durable.begin(), "BEGIN", "the server's default: synchronous_commit = on");
    }
}
