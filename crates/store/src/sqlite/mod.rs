//! The embedded store: one SQLite file in WAL mode, one writer connection (writes run one at a
//! time, each in its own savepoint of an `IMMEDIATE` transaction, so no two claims can race; under
//! load several writes share one commit: see [`writer`]) and a small pool of reader connections.
//!
//! Durability is chosen per write ([`Durability`]; a shared commit takes the strongest). Intake, decisions and accounts commit
//! with `synchronous = FULL`: once the call returned, the write survives a crash or power loss.
//! Leases (claim, renew, release) commit with `NORMAL`: they survive a process crash, and a power
//! loss can at worst forget the last leases, which puts those items back in the queue (safe: a
//! decision names its lease, and the first decision to arrive wins). A later FULL commit makes
//! every earlier one durable too. A lone audit event commits with `NORMAL`, but one recording
//! someone seeing personal data (`rules::audit_commits_durably`) and an audit checkpoint with
//! `FULL`.

mod accounts;
mod audit_checkpoints;
mod audit_log;
mod calendar;
mod case_numbers;
mod decisions;
mod face_calibrations;
mod identity_boards;
mod intake;
mod migrations;
mod operations;
mod photo_checks;
mod queue;
mod queue_overview;
mod repeat_faces;
mod rows;
mod saved_views;
mod sessions;
mod supervision;
mod verdicts;
mod writer;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use reviewdesk_domain::audit::ChainedEntry;
use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use super::calendar::{
    self as store_calendar, CalendarImport, CalendarImportReport, StoredCalendar,
};
use super::lifecycle::Lifecycle;
use super::{
    AccountChange, ApplicantView, AuditCheckpoint, AuditNote, BoardRecord, Decision,
    DecisionReceipt, IntakeKey, IntakeReceipt, Lease, LogRecords, LoginFailure, NearPhoto,
    NewDecision, NewSubmission, NewUser, PhotoCheckBacklog, PhotoCheckRecord, PhotoCheckResult,
    PhotoCheckWork, PhotoHash, PurgeReport, QueueDepth, Readiness, RepeatFaces, Session,
    StatsRecords, Store, StoreError, StoredBoard, Submission, User,
};
use crate::face_calibrations::{CalibrationFace, NewCalibrationRun};
pub use migrations::latest_version;
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
use rows::timestamp;
use writer::{Durability, Writer};

/// Readers kept open for reuse.
const READER_POOL: usize = 4;

pub struct SqliteStore {
    path: PathBuf,
    writer: Writer,
    readers: Mutex<Vec<Connection>>,
}

fn configure(conn: &Connection) -> Result<(), StoreError> {
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    conn.pragma_update(None, "foreign_keys", true)?;
    // Room for every statement of a claim, a decision and the audit append (the default is 16).
    conn.set_prepared_statement_cache_capacity(64);
    conn.pragma_update(None, "synchronous", "FULL")?;
    Ok(())
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        let mut writer = Connection::open(path)?;
        let mode: String =
            writer.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Backend { message: format!("WAL mode refused ({mode})") });
        }
        configure(&writer)?;
        migrations::migrate(&mut writer, &timestamp(Utc::now()))?;
        let seeding = writer.transaction_with_behavior(TransactionBehavior::Immediate)?;
        store_calendar::seed(&mut calendar::Rows(&seeding), Utc::now())?;
        seeding.commit()?;
        Ok(SqliteStore {
            path: path.to_owned(),
            writer: Writer::new(writer),
            readers: Mutex::new(Vec::new()),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `work` atomically on the writer (group commit: see [`writer`]).
    fn write<T>(
        &self,
        durability: Durability,
        work: impl FnOnce(&Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.writer.write(durability, work)
    }

    /// Runs `work` on a reader connection (a consistent snapshot for its duration).
    fn read<T>(
        &self,
        work: impl FnOnce(&Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let pooled = self.readers.lock().unwrap_or_else(PoisonError::into_inner).pop();
        let mut conn = match pooled {
            Some(conn) => conn,
            None => {
                let conn = Connection::open_with_flags(
                    &self.path,
                    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )?;
                configure(&conn)?;
                conn
            }
        };
        let value = {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Deferred)?;
            work(&tx)
        };
        let mut readers = self.readers.lock().unwrap_or_else(PoisonError::into_inner);
        if readers.len() < READER_POOL {
            readers.push(conn);
        }
        value
    }
}

impl Store for SqliteStore {
    fn add_user(&self, user: &NewUser, now: DateTime<Utc>) -> Result<User, StoreError> {
        self.write(Durability::Full, |tx| accounts::add_user(tx, user, now))
    }

    fn user_for_login(&self, username: &str) -> Result<Option<(User, String)>, StoreError> {
        self.read(|tx| accounts::user_for_login(tx, username))
    }

    fn disable_user(
        &self,
        username: &str,
        now: DateTime<Utc>,
    ) -> Result<AccountChange, StoreError> {
        self.write(Durability::Full, |tx| {
            accounts::lifecycle(tx, username, Lifecycle::Disable, None, now)
        })
    }

    fn enable_user(&self, username: &str, now: DateTime<Utc>) -> Result<AccountChange, StoreError> {
        self.write(Durability::Full, |tx| {
            accounts::lifecycle(tx, username, Lifecycle::Enable, None, now)
        })
    }

    fn set_password(
        &self,
        username: &str,
        password_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<AccountChange, StoreError> {
        self.write(Durability::Full, |tx| {
            accounts::lifecycle(tx, username, Lifecycle::SetPassword, Some(password_hash), now)
        })
    }

    fn revoke_sessions(
        &self,
        username: &str,
        now: DateTime<Utc>,
    ) -> Result<AccountChange, StoreError> {
        self.write(Durability::Full, |tx| {
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
        self.write(Durability::Normal, |tx| {
            sessions::start_session(tx, user, token_hash, address, expires_at, now)
        })
    }

    fn session(&self, token_hash: &str) -> Result<Option<Session>, StoreError> {
        self.read(|tx| sessions::session(tx, token_hash))
    }

    fn end_session(&self, token_hash: &str, now: DateTime<Utc>) -> Result<(), StoreError> {
        self.write(Durability::Normal, |tx| sessions::end_session(tx, token_hash, now))
    }

    fn login_failed(
        &self,
        username: &str,
        address: &str,
        failure: LoginFailure,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.write(Durability::Normal, |tx| {
            sessions::login_failed(tx, username, address, failure, now)
        })
    }

    fn add_intake_key(
        &self,
        key_hash: &str,
        label: &str,
        now: DateTime<Utc>,
    ) -> Result<IntakeKey, StoreError> {
        self.write(Durability::Full, |tx| sessions::add_intake_key(tx, key_hash, label, now))
    }

    fn intake_key(&self, key_hash: &str) -> Result<Option<IntakeKey>, StoreError> {
        self.read(|tx| sessions::intake_key(tx, key_hash))
    }

    fn intake_keys(&self) -> Result<Vec<IntakeKey>, StoreError> {
        self.read(sessions::intake_keys)
    }

    fn revoke_intake_key(&self, id: i64, now: DateTime<Utc>) -> Result<IntakeKey, StoreError> {
        self.write(Durability::Full, |tx| sessions::revoke_intake_key(tx, id, now))
    }

    fn intake_allowed(
        &self,
        applicant_id: &str,
        submitted_on: NaiveDate,
    ) -> Result<u32, StoreError> {
        self.read(|tx| intake::next_attempt(tx, applicant_id, submitted_on).map(|(_, n)| n))
    }

    fn intake(
        &self,
        submission: &NewSubmission,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<IntakeReceipt, StoreError> {
        self.write(Durability::Full, |tx| intake::intake(tx, submission, actor, now))
    }

    fn applicant_view(&self, id: &str) -> Result<ApplicantView, StoreError> {
        self.read(|tx| intake::applicant_view(tx, id))
    }

    fn submission(
        &self,
        viewer: &User,
        id: &str,
        now: DateTime<Utc>,
    ) -> Result<Submission, StoreError> {
        self.read(|tx| intake::submission(tx, viewer, id, now))
    }

    fn submission_record(&self, id: &str, now: DateTime<Utc>) -> Result<Submission, StoreError> {
        self.read(|tx| intake::submission_record(tx, id, now))
    }

    fn claim(
        &self,
        reviewer: &User,
        max: u32,
        lease_for: Duration,
        now: DateTime<Utc>,
    ) -> Result<Vec<Lease>, StoreError> {
        self.write(Durability::Normal, |tx| queue::claim(tx, reviewer, max, lease_for, now))
    }

    fn renew(
        &self,
        reviewer: &User,
        submission_id: &str,
        lease_token: &str,
        lease_for: Duration,
        now: DateTime<Utc>,
    ) -> Result<Lease, StoreError> {
        self.write(Durability::Normal, |tx| {
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
        self.write(Durability::Normal, |tx| {
            queue::release(tx, reviewer, submission_id, lease_token, now)
        })
    }

    fn decide_sampled(
        &self,
        reviewer: &User,
        decision: &NewDecision,
        qa_sample: bool,
        now: DateTime<Utc>,
    ) -> Result<DecisionReceipt, StoreError> {
        self.write(Durability::Full, |tx| decisions::decide(tx, reviewer, decision, qa_sample, now))
    }

    fn decision_log(
        &self,
        viewer: &User,
        filter: &DecisionLogFilter,
        cursor: Option<&str>,
        limit: u32,
    ) -> Result<LogRecords, StoreError> {
        self.read(|tx| supervision::decision_log(tx, viewer, filter, cursor, limit))
    }

    fn find_cases(
        &self,
        viewer: &User,
        terms: &SearchTerms,
        now: DateTime<Utc>,
    ) -> Result<CaseSearchResult, StoreError> {
        self.write(Durability::Full, |tx| case_numbers::search(tx, viewer, terms, now))
    }

    fn queue_overview(
        &self,
        viewer: &User,
        today: NaiveDate,
        risk_until: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<QueueOverview, StoreError> {
        self.read(|tx| queue_overview::overview(tx, viewer, today, risk_until, now))
    }

    fn revoke_lease(
        &self,
        supervisor: &User,
        submission_id: &str,
        now: DateTime<Utc>,
    ) -> Result<RevokedLease, StoreError> {
        self.write(Durability::Full, |tx| {
            queue_overview::revoke(tx, supervisor, submission_id, now)
        })
    }

    fn own_decision(
        &self,
        reviewer: &User,
        case_number: &str,
        now: DateTime<Utc>,
    ) -> Result<(Submission, Decision), StoreError> {
        self.read(|tx| intake::own_decision(tx, reviewer, case_number, now))
    }

    fn saved_views(&self, owner: &User) -> Result<Vec<SavedView>, StoreError> {
        self.read(|tx| saved_views::list(tx, owner))
    }

    fn save_view(
        &self,
        owner: &User,
        name: &str,
        filter: &DecisionLogFilter,
        now: DateTime<Utc>,
    ) -> Result<SavedView, StoreError> {
        self.write(Durability::Full, |tx| saved_views::save(tx, owner, name, filter, now))
    }

    fn delete_view(&self, owner: &User, name: &str) -> Result<(), StoreError> {
        self.write(Durability::Full, |tx| saved_views::delete(tx, owner, name))
    }

    fn timeline(&self, viewer: &User, submission_id: &str) -> Result<Timeline, StoreError> {
        self.read(|tx| supervision::timeline(tx, viewer, submission_id))
    }

    fn second_reviews(&self, viewer: &User) -> Result<Vec<SecondReviewItem>, StoreError> {
        self.read(|tx| supervision::second_reviews(tx, viewer))
    }

    fn second_review(
        &self,
        supervisor: &User,
        request: &SecondReviewRequest,
        now: DateTime<Utc>,
    ) -> Result<SecondReviewReceipt, StoreError> {
        self.write(Durability::Full, |tx| verdicts::second_review(tx, supervisor, request, now))
    }

    fn plant_golden(
        &self,
        supervisor: &User,
        source_submission_id: &str,
        golden_id: &str,
        due_date: Option<reviewdesk_domain::calendar::DueDate>,
        now: DateTime<Utc>,
    ) -> Result<GoldenItem, StoreError> {
        self.write(Durability::Full, |tx| {
            verdicts::plant_golden(tx, supervisor, source_submission_id, golden_id, due_date, now)
        })
    }

    fn stats_records(
        &self,
        viewer: &User,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<StatsRecords, StoreError> {
        self.read(|tx| supervision::stats_records(tx, viewer, from, to))
    }

    fn audit(&self, note: &AuditNote<'_>, now: DateTime<Utc>) -> Result<(), StoreError> {
        self.write(Durability::for_audit(note.action), |tx| audit_log::append(tx, note, now))
    }

    fn audit_chain_after(&self, after: u64) -> Result<Vec<ChainedEntry>, StoreError> {
        self.read(|tx| audit_log::chain_after(tx, after))
    }

    fn record_audit_checkpoint(&self, checkpoint: &AuditCheckpoint) -> Result<(), StoreError> {
        self.write(Durability::Full, |tx| audit_checkpoints::record(tx, checkpoint))
    }

    fn audit_checkpoints(&self) -> Result<Vec<AuditCheckpoint>, StoreError> {
        self.read(audit_checkpoints::all)
    }

    fn claim_photo_check(
        &self,
        claim: &str,
        lease: Duration,
        now: DateTime<Utc>,
    ) -> Result<Option<PhotoCheckWork>, StoreError> {
        self.write(Durability::Normal, |tx| photo_checks::claim(tx, claim, lease, now))
    }

    fn finish_photo_check(
        &self,
        result: &PhotoCheckResult<'_>,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        self.write(Durability::Normal, |tx| photo_checks::finish(tx, result, now))
    }

    fn retry_photo_check(
        &self,
        submission_id: &str,
        claim: &str,
        not_before: DateTime<Utc>,
        error: &str,
    ) -> Result<bool, StoreError> {
        self.write(Durability::Normal, |tx| {
            photo_checks::retry(tx, submission_id, claim, not_before, error)
        })
    }

    fn release_photo_checks(&self, claims: &[String]) -> Result<u64, StoreError> {
        self.write(Durability::Normal, |tx| photo_checks::release(tx, claims))
    }

    fn photo_check_backlog(&self, now: DateTime<Utc>) -> Result<PhotoCheckBacklog, StoreError> {
        self.read(|tx| photo_checks::backlog(tx, now))
    }

    fn photo_checks(&self, submission_id: &str) -> Result<PhotoCheckRecord, StoreError> {
        self.read(|tx| photo_checks::read(tx, submission_id))
    }

    fn applicants_with_image(
        &self,
        sha256: &str,
        except_applicant: &str,
    ) -> Result<Vec<String>, StoreError> {
        self.read(|tx| photo_checks::applicants_with_image(tx, sha256, except_applicant))
    }

    fn record_photo_hashes(
        &self,
        submission_id: &str,
        hashes: &[PhotoHash],
    ) -> Result<(), StoreError> {
        self.write(Durability::Normal, |tx| photo_checks::record_hashes(tx, submission_id, hashes))
    }

    fn near_photos(
        &self,
        submission_id: &str,
        hashes: &[PhotoHash],
        max_distance: u32,
    ) -> Result<Vec<NearPhoto>, StoreError> {
        self.read(|tx| photo_checks::near_photos(tx, submission_id, hashes, max_distance))
    }

    fn calibration_faces(&self, province: &str) -> Result<Vec<CalibrationFace>, StoreError> {
        self.read(|tx| face_calibrations::faces(tx, province))
    }

    fn record_calibration_run(
        &self,
        supervisor: &User,
        run: &NewCalibrationRun,
        now: DateTime<Utc>,
    ) -> Result<CalibrationRun, StoreError> {
        self.write(Durability::Full, |tx| face_calibrations::record_run(tx, supervisor, run, now))
    }

    fn set_similarity_bands(
        &self,
        supervisor: &User,
        request: &SetBandsRequest,
        now: DateTime<Utc>,
    ) -> Result<SimilarityBands, StoreError> {
        self.write(Durability::Full, |tx| {
            face_calibrations::set_bands(tx, supervisor, request, now)
        })
    }

    fn calibration_status(&self, province: &str) -> Result<CalibrationStatus, StoreError> {
        self.read(|tx| face_calibrations::status(tx, province))
    }

    fn similarity_bands(&self, province: &str) -> Result<Option<SimilarityBands>, StoreError> {
        self.read(|tx| face_calibrations::bands(tx, province))
    }

    fn repeat_faces(
        &self,
        submission_id: &str,
        similar_below: f32,
        dissimilar_from: f32,
    ) -> Result<RepeatFaces, StoreError> {
        self.read(|tx| {
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
        self.write(Durability::Normal, |tx| {
            identity_boards::record(tx, submission_id, claim, board, now)
        })
    }

    fn identity_board(&self, submission_id: &str) -> Result<Option<StoredBoard>, StoreError> {
        self.read(|tx| identity_boards::read(tx, submission_id))
    }

    fn readiness(&self) -> Result<Readiness, StoreError> {
        self.read(operations::readiness)
    }

    fn queue_depths(&self, due_by: NaiveDate) -> Result<Vec<QueueDepth>, StoreError> {
        self.read(|conn| operations::queue_depths(conn, due_by))
    }

    fn purge_personal_data(
        &self,
        decided_before: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<PurgeReport, StoreError> {
        self.write(Durability::Full, |tx| operations::purge(tx, decided_before, now))
    }

    fn images_in_use(&self, sha256s: &[String]) -> Result<Vec<String>, StoreError> {
        self.read(|conn| operations::images_in_use(conn, sha256s))
    }

    fn calendar(&self) -> Result<StoredCalendar, StoreError> {
        self.read(|conn| store_calendar::load(&mut calendar::Rows(conn)))
    }

    fn calendar_version(&self) -> Result<i64, StoreError> {
        self.read(calendar::version)
    }

    fn import_calendar(
        &self,
        import: &CalendarImport<'_>,
        now: DateTime<Utc>,
    ) -> Result<CalendarImportReport, StoreError> {
        self.write(Durability::Full, |tx| {
            store_calendar::import(&mut calendar::Rows(tx), import, now)
        })
    }
}

#[cfg(test)]
mod tests {
    use reviewdesk_domain::audit::AuditAction;

    use super::*;

    fn note(action: AuditAction) -> AuditNote<'static> {
        AuditNote { actor: "alice", action, subject: Some("s-1"), detail: serde_json::json!({}) }
    }

    /// The level the writer's connection committed its last batch at.
    #[test]
    fn an_event_recording_personal_data_seen_commits_at_full_durability() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("reviewdesk.db")).unwrap();
        let now = Utc::now();
        store.audit(&note(AuditAction::Claim), now).unwrap();
        assert_eq!(store.writer.synchronous(), Durability::Normal);
        for action in [
            AuditAction::PiiReveal,
            AuditAction::ImageView,
            AuditAction::SubmissionView,
            AuditAction::Export,
        ] {
            store.audit(&note(AuditAction::Claim), now).unwrap();
            store.audit(&note(action), now).unwrap();
            assert_eq!(store.writer.synchronous(), Durability::Full, "{action:?}");
        }
    }
}
