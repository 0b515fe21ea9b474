//! The store contract, one body of tests run against both stores: the embedded SQLite store on a
//! real database file, and the PostgreSQL store on a throwaway PostgreSQL server the tests start
//! themselves (`reviewdesk_store::testing::postgres`; missing server binaries fail the tests, never skip them).
//! Quota, leases, concurrency, idempotent decisions, four-eyes, province isolation, the audit
//! chain, reopening and edited migrations. Each test is `sqlite::<name>` and `postgres::<name>`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Barrier};

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use reviewdesk_domain::audit::{link_hash, verify, AuditAction, AuditEntry, BrokenLink, GENESIS};
use reviewdesk_domain::consistency::DeclaredIdentity;
use reviewdesk_domain::id::IdType;
use reviewdesk_domain::review::{Outcome, Role, SubmissionStatus};
use reviewdesk_domain::wire::supervision::{
    DecisionLogFilter, SecondReviewKind, SecondReviewRequest, Verdict,
};
use reviewdesk_store::on_both_stores;
use reviewdesk_store::postgres::PgStore;
use reviewdesk_store::sqlite::SqliteStore;
use reviewdesk_store::testing::postgres::TestDatabase;
use reviewdesk_store::{
    AuditNote, NewDecision, NewSubmission, NewUser, Store, StoreError, SubmissionImages, User,
};

/// Where a fixture's store keeps its data, for reopening it and for looking behind its back.
enum Backend {
    Sqlite(tempfile::TempDir),
    Postgres(TestDatabase),
}

struct Fixture {
    backend: Backend,
    store: Arc<dyn Store>,
}

fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
}

/// A settled (not provisional) due date.
fn due(date: NaiveDate) -> reviewdesk_domain::calendar::DueDate {
    reviewdesk_domain::calendar::DueDate { date, provisional: false }
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

const NOW: fn() -> DateTime<Utc> = || at(2026, 3, 2, 2);
const LEASE: Duration = Duration::minutes(15);

impl Fixture {
    fn sqlite() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(SqliteStore::open(&dir.path().join("reviewdesk.db")).unwrap());
        Fixture { backend: Backend::Sqlite(dir), store }
    }

    fn postgres() -> Fixture {
        let db = reviewdesk_store::testing::postgres::database();
        let store = Arc::new(PgStore::connect(&db.url()).unwrap());
        Fixture { backend: Backend::Postgres(db), store }
    }

    /// The same data opened again by a new store (migrations checked again).
    fn reopen(&self) -> Result<Arc<dyn Store>, StoreError> {
        Ok(match &self.backend {
            Backend::Sqlite(dir) => Arc::new(SqliteStore::open(&dir.path().join("reviewdesk.db"))?),
            Backend::Postgres(db) => Arc::new(PgStore::connect(&db.url())?),
        })
    }

    /// Runs SQL statements behind the store's back; the error text when the database refuses.
    fn raw(&self, sql: &str) -> Result<(), String> {
        match &self.backend {
            Backend::Sqlite(dir) => rusqlite::Connection::open(dir.path().join("reviewdesk.db"))
                .unwrap()
                .execute_batch(sql)
                .map_err(|e| e.to_string()),
            Backend::Postgres(db) => db.client().batch_execute(sql).map_err(|e| {
                e.as_db_error().map_or_else(|| e.to_string(), |db| db.message().to_owned())
            }),
        }
    }

    fn count(&self, sql: &str) -> i64 {
        match &self.backend {
            Backend::Sqlite(dir) => rusqlite::Connection::open(dir.path().join("reviewdesk.db"))
                .unwrap()
                .query_row(sql, [], |row| row.get(0))
                .unwrap(),
            Backend::Postgres(db) => db.client().query_one(sql, &[]).unwrap().get(0),
        }
    }
}

impl Fixture {
    fn user(&self, name: &str, role: Role, province: &str) -> User {
        let new = NewUser {
            username: name.to_owned(),
            password_hash: "$argon2id$test".to_owned(),
            role,
            province: Some(province.to_owned()),
        };
        self.store.add_user(&new, NOW()).unwrap()
    }

    fn submit(
        &self,
        id: &str,
        applicant: &str,
        province: &str,
        due: NaiveDate,
    ) -> SubmissionStatus {
        self.submit_on(id, applicant, province, due, day(2026, 3, 2)).map(|r| r.status).unwrap()
    }

    fn submit_on(
        &self,
        id: &str,
        applicant: &str,
        province: &str,
        due: NaiveDate,
        on: NaiveDate,
    ) -> Result<reviewdesk_store::IntakeReceipt, StoreError> {
        let identity = DeclaredIdentity::number_only(IdType::Resident, "11010519491231002X");
        self.submit_identity(id, applicant, province, due, on, identity)
    }

    fn submit_identity(
        &self,
        id: &str,
        applicant: &str,
        province: &str,
        due: NaiveDate,
        on: NaiveDate,
        identity: DeclaredIdentity,
    ) -> Result<reviewdesk_store::IntakeReceipt, StoreError> {
        let submission = NewSubmission {
            id: id.to_owned(),
            applicant_id: applicant.to_owned(),
            province: province.to_owned(),
            identity,
            images: SubmissionImages {
                portrait: "a".repeat(64),
                emblem: "b".repeat(64),
                handheld: "c".repeat(64),
            },
            findings: Vec::new(),
            submitted_on: on,
            due_date: Some(due),
            due_provisional: false,
            calendar_version: None,
        };
        self.store.intake(&submission, "intake:test", NOW())
    }

    fn decide(
        &self,
        who: &User,
        id: &str,
        submission: &str,
        token: &str,
        (outcome, reasons): (Outcome, &[&str]),
        now: DateTime<Utc>,
    ) -> Result<reviewdesk_store::DecisionReceipt, StoreError> {
        let decision = NewDecision {
            id: id.to_owned(),
            submission_id: submission.to_owned(),
            lease_token: token.to_owned(),
            outcome,
            reasons: reasons.iter().map(|r| (*r).to_owned()).collect(),
            other_text: None,
            note: None,
            overridden_findings: Vec::new(),
        };
        self.store.decide(who, &decision, now)
    }
}

fn claims_take_the_earliest_due_first_and_only_from_the_reviewers_province(f: Fixture) {
    let alice = f.user("alice", Role::Reviewer, "11");
    let shanghai = f.user("shen", Role::Reviewer, "31");
    f.submit("s-late", "app-1", "11", day(2026, 3, 12));
    f.submit("s-early", "app-2", "11", day(2026, 3, 10));
    f.submit("s-31", "app-3", "31", day(2026, 3, 9));

    let leases = f.store.claim(&alice, 5, LEASE, NOW()).unwrap();
    let order: Vec<&str> = leases.iter().map(|l| l.submission_id.as_str()).collect();
    assert_eq!(order, ["s-early", "s-late"]);
    assert!(leases.iter().all(|l| l.expires_at == NOW() + LEASE && !l.second_review));

    // Another province's submission does not exist for this reviewer.
    assert!(matches!(f.store.submission(&alice, "s-31", NOW()), Err(StoreError::NotFound { .. })));
    f.store.claim(&shanghai, 5, LEASE, NOW()).unwrap();
    let seen = f.store.submission(&shanghai, "s-31", NOW()).unwrap();
    assert_eq!((seen.attempt, seen.status), (1, SubmissionStatus::Pending));
    let held = f.store.submission(&alice, "s-early", NOW()).unwrap();
    assert_eq!(held.lease.unwrap().username, "alice");
}

fn sixty_four_concurrent_claimers_never_share_a_submission(f: Fixture) {
    const ITEMS: usize = 300;
    for i in 0..ITEMS {
        f.submit(&format!("s-{i:03}"), &format!("app-{i}"), "44", day(2026, 3, 10));
    }
    let reviewers: Vec<User> =
        (0..64).map(|i| f.user(&format!("r{i:02}"), Role::Reviewer, "44")).collect();
    let handles: Vec<_> = reviewers
        .into_iter()
        .map(|reviewer| {
            let store = Arc::clone(&f.store);
            std::thread::spawn(move || {
                let mut mine = Vec::new();
                loop {
                    let leases = store.claim(&reviewer, 3, LEASE, NOW()).unwrap();
                    if leases.is_empty() {
                        return mine;
                    }
                    mine.extend(leases.into_iter().map(|l| l.submission_id));
                }
            })
        })
        .collect();
    let all: Vec<String> = handles.into_iter().flat_map(|h| h.join().unwrap()).collect();
    let unique: HashSet<&String> = all.iter().collect();
    assert_eq!(all.len(), ITEMS, "every submission leased exactly once");
    assert_eq!(unique.len(), ITEMS, "no submission leased twice");
    assert_eq!(f.count("SELECT COUNT(*) FROM leases"), ITEMS as i64);
    // 300 intakes, 64 accounts, 300 claims: one linear chain, whoever appended when.
    assert_eq!(verify(&f.store.audit_chain().unwrap()), Ok(2 * ITEMS as u64 + 64));
}

/// Claims made at the same moment (the PostgreSQL store answers a group of them with one
/// statement, which leaves out every row kept from any caller of the group): nobody gets a golden
/// copy of their own case, no row goes to two reviewers, and a reviewer comes back empty-handed
/// only when every free row is one they may not take.
fn claims_made_together_leave_nobody_without_a_row_they_may_take(f: Fixture) {
    const REVIEWERS: usize = 8;
    const ROUNDS: u32 = 6;
    let reviewers: Vec<User> =
        (0..REVIEWERS).map(|i| f.user(&format!("r{i}"), Role::Reviewer, "11")).collect();
    let sup = f.user("sup", Role::Supervisor, "11");
    for reviewer in &reviewers {
        decide_many(&f, reviewer, ROUNDS, 0, false, NOW());
    }
    // Free golden rows, each with the reviewer it is kept from.
    let mut free: HashMap<String, String> = HashMap::new();
    for round in 0..ROUNDS {
        for reviewer in &reviewers {
            let source = format!("{}-{round}", reviewer.username);
            let golden = format!("g-{source}");
            f.store
                .plant_golden(&sup, &source, &golden, Some(due(day(2026, 3, 10))), NOW())
                .unwrap();
            free.insert(golden, reviewer.username.clone());
        }
        let start = Arc::new(Barrier::new(REVIEWERS));
        let claims: Vec<_> = reviewers
            .iter()
            .cloned()
            .map(|reviewer| {
                let (store, start) = (Arc::clone(&f.store), Arc::clone(&start));
                std::thread::spawn(move || {
                    start.wait();
                    (store.claim(&reviewer, 1, LEASE, NOW()).unwrap(), reviewer.username)
                })
            })
            .collect();
        let answers: Vec<_> = claims.into_iter().map(|claim| claim.join().unwrap()).collect();
        for (leases, name) in &answers {
            assert!(leases.len() <= 1);
            for lease in leases {
                let kept_from = free.remove(&lease.submission_id);
                assert!(kept_from.is_some(), "{} leased twice", lease.submission_id);
                assert_ne!(kept_from.as_ref(), Some(name), "{name} got their own case back");
            }
        }
        for (leases, name) in &answers {
            if leases.is_empty() {
                assert!(
                    free.values().all(|kept_from| kept_from == name),
                    "round {round}: {name} came back empty while {free:?} was free"
                );
            }
        }
    }
    assert!(verify(&f.store.audit_chain().unwrap()).is_ok());
}

fn an_expired_lease_returns_the_item_and_the_first_decision_to_arrive_wins(f: Fixture) {
    let alice = f.user("alice", Role::Reviewer, "11");
    let bob = f.user("bob", Role::Reviewer, "11");
    f.submit("s-1", "app-1", "11", day(2026, 3, 10));
    let alices = f.store.claim(&alice, 1, LEASE, NOW()).unwrap().remove(0);
    assert!(f.store.claim(&bob, 1, LEASE, NOW()).unwrap().is_empty(), "held by alice");

    // Alice's lease runs out while she works offline; Bob takes the item.
    let later = NOW() + Duration::minutes(16);
    let bobs = f.store.claim(&bob, 1, LEASE, later).unwrap().remove(0);
    assert_eq!(bobs.submission_id, "s-1");
    assert!(matches!(
        f.store.renew(&alice, "s-1", &alices.lease_token, LEASE, later),
        Err(StoreError::LeaseInvalid)
    ));

    // Alice's offline decision arrives first: accepted. Bob's then conflicts, carrying hers.
    let receipt = f
        .decide(&alice, "d-alice", "s-1", &alices.lease_token, (Outcome::Approve, &[]), later)
        .unwrap();
    assert_eq!(receipt.status, SubmissionStatus::Approved);
    match f.decide(
        &bob,
        "d-bob",
        "s-1",
        &bobs.lease_token,
        (Outcome::Reject, &["sex_incorrect"]),
        later,
    ) {
        Err(StoreError::Conflict { decision }) => {
            assert_eq!((decision.id.as_str(), decision.username.as_str()), ("d-alice", "alice"));
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(f.count("SELECT COUNT(*) FROM decisions"), 1);
}

fn an_expired_lease_nobody_took_still_decides_and_renews(f: Fixture) {
    let alice = f.user("alice", Role::Reviewer, "11");
    f.submit("s-1", "app-1", "11", day(2026, 3, 10));
    let lease = f.store.claim(&alice, 1, LEASE, NOW()).unwrap().remove(0);
    let later = NOW() + Duration::hours(2);
    let renewed = f.store.renew(&alice, "s-1", &lease.lease_token, LEASE, later).unwrap();
    assert_eq!(renewed.expires_at, later + LEASE);
    let much_later = later + Duration::hours(3);
    let receipt = f
        .decide(
            &alice,
            "d-1",
            "s-1",
            &lease.lease_token,
            (Outcome::Reject, &["photo_mirrored"]),
            much_later,
        )
        .unwrap();
    assert_eq!(receipt.status, SubmissionStatus::Rejected);
    let view = f.store.applicant_view("s-1").unwrap();
    assert_eq!(view.status, SubmissionStatus::Rejected);
    assert_eq!(view.status_text, "人工审核不通过");
    assert_eq!(view.reasons_text.as_deref(), Some("不通过原因：照片存在镜像反转"));
}

fn a_replayed_decision_is_recorded_once(f: Fixture) {
    let alice = f.user("alice", Role::Reviewer, "11");
    f.submit("s-1", "app-1", "11", day(2026, 3, 10));
    let lease = f.store.claim(&alice, 1, LEASE, NOW()).unwrap().remove(0);
    let first = f
        .decide(
            &alice,
            "d-1",
            "s-1",
            &lease.lease_token,
            (Outcome::Reject, &["sex_incorrect"]),
            NOW(),
        )
        .unwrap();
    assert!(!first.replayed);
    for _ in 0..3 {
        let again = f
            .decide(
                &alice,
                "d-1",
                "s-1",
                &lease.lease_token,
                (Outcome::Reject, &["sex_incorrect"]),
                NOW(),
            )
            .unwrap();
        assert!(again.replayed);
        assert_eq!(again.decision, first.decision);
    }
    assert_eq!(f.count("SELECT COUNT(*) FROM decisions"), 1);
    assert_eq!(f.count("SELECT COUNT(*) FROM audit WHERE action = 'decision'"), 1);
    // The same id for a different decision is refused, not silently merged.
    assert!(matches!(
        f.decide(&alice, "d-1", "s-1", &lease.lease_token, (Outcome::Approve, &[]), NOW()),
        Err(StoreError::IdempotencyMismatch { .. })
    ));
}

fn malformed_decisions_are_refused_and_write_nothing(f: Fixture) {
    let alice = f.user("alice", Role::Reviewer, "11");
    let bob = f.user("bob", Role::Reviewer, "11");
    f.submit("s-1", "app-1", "11", day(2026, 3, 10));
    let lease = f.store.claim(&alice, 1, LEASE, NOW()).unwrap().remove(0);
    let audit_before = f.count("SELECT COUNT(*) FROM audit");
    let token = lease.lease_token.as_str();
    let codes = [
        f.decide(&alice, "d", "s-1", token, (Outcome::Reject, &[]), NOW()),
        f.decide(&alice, "d", "s-1", token, (Outcome::Reject, &["no_such_reason"]), NOW()),
        f.decide(&alice, "d", "s-1", token, (Outcome::Reject, &["other"]), NOW()),
        f.decide(&alice, "d", "s-1", token, (Outcome::Approve, &["sex_incorrect"]), NOW()),
        f.decide(&bob, "d", "s-1", token, (Outcome::Approve, &[]), NOW()),
        f.decide(&alice, "d", "s-1", "forged", (Outcome::Approve, &[]), NOW()),
    ]
    .map(|result| result.map(|_| ()).unwrap_err().code());
    assert_eq!(
        codes,
        [
            "no_reason",
            "unknown_reason_code",
            "other_text_missing",
            "reasons_with_approval",
            "lease_invalid",
            "lease_invalid"
        ]
    );
    assert_eq!(f.count("SELECT COUNT(*) FROM decisions"), 0);
    assert_eq!(f.count("SELECT COUNT(*) FROM audit"), audit_before);
}

fn quota_and_four_eyes_over_a_period(f: Fixture) {
    let alice = f.user("alice", Role::Reviewer, "11");
    let bob = f.user("bob", Role::Reviewer, "11");
    let reject = |who: &User, n: u32| {
        let lease = f.store.claim(who, 1, LEASE, NOW()).unwrap().remove(0);
        f.decide(
            who,
            &format!("d-{n}"),
            &lease.submission_id,
            &lease.lease_token,
            (Outcome::Reject, &["name_incorrect"]),
            NOW(),
        )
        .unwrap()
    };
    let due = day(2026, 3, 11);
    let on = day(2026, 3, 2);
    assert_eq!(f.submit_on("s-1", "app", "11", due, on).unwrap().attempt, 1);
    assert!(matches!(
        f.submit_on("s-x", "app", "11", due, on),
        Err(StoreError::AlreadyPending { .. })
    ));
    assert_eq!(reject(&alice, 1).status, SubmissionStatus::Rejected);
    assert_eq!(f.submit_on("s-2", "app", "11", due, on).unwrap().attempt, 2);
    assert_eq!(reject(&alice, 2).status, SubmissionStatus::Rejected);
    assert_eq!(f.submit_on("s-3", "app", "11", due, on).unwrap().attempt, 3);

    // The last attempt's rejection waits for a supervisor; the applicant still sees pending.
    assert_eq!(reject(&alice, 3).status, SubmissionStatus::PendingSecondReview);
    assert_eq!(f.store.applicant_view("s-3").unwrap().status, SubmissionStatus::Pending);
    assert!(f.store.claim(&alice, 5, LEASE, NOW()).unwrap().is_empty(), "not to its author");
    assert!(f.store.claim(&bob, 5, LEASE, NOW()).unwrap().is_empty(), "nor to another reviewer");
    let sup = f.user("sup", Role::Supervisor, "11");
    let items = f.store.second_reviews(&sup).unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(
        (items[0].submission_id.as_str(), items[0].kind),
        ("s-3", SecondReviewKind::FourEyes)
    );
    let confirmed = f
        .store
        .second_review(&sup, &verdict("v-1", "s-3", Outcome::Reject, &["name_incorrect"]), NOW())
        .unwrap();
    assert_eq!(
        (confirmed.status, confirmed.verdict),
        (SubmissionStatus::Rejected, Verdict::Confirmed)
    );
    assert_eq!(f.count("SELECT COUNT(*) FROM audit WHERE action = 'second_review_confirmed'"), 1);

    // A fourth request in the period is refused; the next period starts afresh.
    assert!(matches!(
        f.submit_on("s-4", "app", "11", due, on),
        Err(StoreError::QuotaExhausted { used: 3, .. })
    ));
    assert_eq!(
        f.submit_on("s-5", "app", "11", day(2026, 9, 10), day(2026, 9, 1)).unwrap().attempt,
        1
    );
}

fn a_supervisor_may_overturn_a_four_eyes_item(f: Fixture) {
    let alice = f.user("alice", Role::Reviewer, "11");
    let sup = f.user("sup", Role::Supervisor, "11");
    let due = day(2026, 3, 11);
    for n in 1..=3 {
        f.submit(&format!("s-{n}"), "app", "11", due);
        let lease = f.store.claim(&alice, 1, LEASE, NOW()).unwrap().remove(0);
        f.decide(
            &alice,
            &format!("d-{n}"),
            &lease.submission_id,
            &lease.lease_token,
            (Outcome::Reject, &["photo_rotated"]),
            NOW(),
        )
        .unwrap();
    }
    // Nobody reviews their own decision; the supervisor's overturn is final and audited.
    let alice_as_sup = User { role: Role::Supervisor, ..alice.clone() };
    assert!(matches!(
        f.store.second_review(&alice_as_sup, &verdict("v-0", "s-3", Outcome::Approve, &[]), NOW()),
        Err(StoreError::OwnDecision)
    ));
    let changed =
        f.store.second_review(&sup, &verdict("v-1", "s-3", Outcome::Approve, &[]), NOW()).unwrap();
    assert_eq!(
        (changed.status, changed.verdict),
        (SubmissionStatus::Approved, Verdict::Overturned)
    );
    assert_eq!(f.store.applicant_view("s-3").unwrap().status_text, "人工审核通过");
    assert_eq!(f.count("SELECT COUNT(*) FROM audit WHERE action = 'second_review_changed'"), 1);
    // A replay answers the same; a second verdict conflicts.
    let replay =
        f.store.second_review(&sup, &verdict("v-1", "s-3", Outcome::Approve, &[]), NOW()).unwrap();
    assert!(replay.replayed);
    assert!(matches!(
        f.store.second_review(
            &sup,
            &verdict("v-2", "s-3", Outcome::Reject, &["photo_rotated"]),
            NOW()
        ),
        Err(StoreError::Conflict { .. })
    ));
    let log = f
        .store
        .decision_log(
            &sup,
            &DecisionLogFilter { overturned: Some(true), ..Default::default() },
            None,
            50,
        )
        .unwrap();
    let ids: Vec<&str> = log.records.iter().map(|r| r.entry.decision_id.as_str()).collect();
    assert_eq!(ids, ["d-3"]);
}

fn the_applicant_text_names_the_document_the_applicant_submitted(f: Fixture) {
    let alice = f.user("alice", Role::Reviewer, "11");
    let sup = f.user("sup", Role::Supervisor, "11");
    let due = day(2026, 3, 11);
    // Three attempts with a passport, each rejected for an unclear data page: the third waits for
    // the four-eyes verdict, which rejects for an unclear cover.
    for n in 1..=3 {
        let passport = DeclaredIdentity::number_only(IdType::Passport, "EE8574642");
        f.submit_identity(&format!("p-{n}"), "traveller", "11", due, day(2026, 3, 2), passport)
            .unwrap();
        let lease = f.store.claim(&alice, 1, LEASE, NOW()).unwrap().remove(0);
        f.decide(
            &alice,
            &format!("pd-{n}"),
            &lease.submission_id,
            &lease.lease_token,
            (Outcome::Reject, &["portrait_photo_unclear", "sex_incorrect"]),
            NOW(),
        )
        .unwrap();
    }
    let first = f.store.applicant_view("p-1").unwrap().reasons_text.unwrap();
    assert!(first.contains("性别填写错误；护照资料页照片不清晰"), "{first}");
    assert!(!first.contains("身份证"), "{first}");
    f.store
        .second_review(
            &sup,
            &verdict("pv-1", "p-3", Outcome::Reject, &["emblem_photo_unclear"]),
            NOW(),
        )
        .unwrap();
    let last = f.store.applicant_view("p-3").unwrap().reasons_text.unwrap();
    assert!(last.contains("护照封面照片不清晰") && !last.contains("身份证"), "{last}");
    // The same reason for a resident ID reads as the catalogue has it.
    f.submit("r-1", "resident", "11", due);
    let lease = f.store.claim(&alice, 1, LEASE, NOW()).unwrap().remove(0);
    assert_eq!(lease.submission_id, "r-1");
    f.decide(
        &alice,
        "rd-1",
        "r-1",
        &lease.lease_token,
        (Outcome::Reject, &["portrait_photo_unclear"]),
        NOW(),
    )
    .unwrap();
    let resident = f.store.applicant_view("r-1").unwrap().reasons_text.unwrap();
    assert!(resident.contains("身份证人像面照片不清晰"), "{resident}");
}

fn verdict(id: &str, submission: &str, outcome: Outcome, reasons: &[&str]) -> SecondReviewRequest {
    SecondReviewRequest {
        id: id.to_owned(),
        submission_id: submission.to_owned(),
        outcome,
        reasons: reasons.iter().map(|r| (*r).to_owned()).collect(),
        other_text: None,
        note: "复核意见".to_owned(),
    }
}

/// Decides `n` submissions of province 11 as `who`: approvals, then rejections naming
/// `photo_rotated`; `sample` draws every final one into the QA sample.
fn decide_many(
    f: &Fixture,
    who: &User,
    approvals: u32,
    rejections: u32,
    sample: bool,
    now: DateTime<Utc>,
) {
    for n in 0..approvals + rejections {
        let id = format!("{}-{n}", who.username);
        f.submit(&id, &format!("app-{id}"), "11", day(2026, 3, 11));
        let lease = f.store.claim(who, 1, LEASE, now).unwrap().remove(0);
        let (outcome, reasons): (Outcome, Vec<String>) = if n < approvals {
            (Outcome::Approve, vec![])
        } else {
            (Outcome::Reject, vec!["photo_rotated".into()])
        };
        let decision = NewDecision {
            id: format!("d-{id}"),
            submission_id: lease.submission_id,
            lease_token: lease.lease_token,
            outcome,
            reasons,
            other_text: None,
            note: None,
            overridden_findings: Vec::new(),
        };
        f.store.decide_sampled(who, &decision, sample, now).unwrap();
    }
}

fn purged_cases_stay_in_the_log_without_their_number_and_cannot_become_golden(f: Fixture) {
    let alice = f.user("alice", Role::Reviewer, "11");
    let sup = f.user("sup", Role::Supervisor, "11");
    decide_many(&f, &alice, 1, 0, false, NOW());
    f.store.purge_personal_data(NOW() + Duration::days(1), NOW() + Duration::days(1)).unwrap();
    let log = f.store.decision_log(&sup, &DecisionLogFilter::default(), None, 50).unwrap();
    assert_eq!(log.records.len(), 1);
    assert_eq!(log.records[0].entry.id_number_masked, "（已按保存期限清除）");
    assert!(matches!(
        f.store.plant_golden(&sup, "alice-0", "g-1", Some(due(day(2026, 3, 11))), NOW()),
        Err(StoreError::Purged)
    ));
}

fn the_decision_log_filters_pages_and_stays_in_its_province(f: Fixture) {
    let alice = f.user("alice", Role::Reviewer, "11");
    let bob = f.user("bob", Role::Reviewer, "11");
    let sup = f.user("sup", Role::Supervisor, "11");
    let shanghai = f.user("shen", Role::Supervisor, "31");
    decide_many(&f, &alice, 3, 2, false, NOW());
    // Bob decides after the due date (Beijing 2026-03-12 > due 03-11): SLA breached.
    decide_many(&f, &bob, 1, 1, false, at(2026, 3, 12, 2));

    let all = |filter: DecisionLogFilter| {
        let mut ids = Vec::new();
        let mut cursor = None;
        loop {
            let page = f.store.decision_log(&sup, &filter, cursor.as_deref(), 2).unwrap();
            assert!(page.records.len() <= 2);
            ids.extend(page.records.into_iter().map(|r| r.entry));
            match page.next_cursor {
                Some(next) => cursor = Some(next),
                None => break,
            }
        }
        ids
    };
    let everything = all(DecisionLogFilter::default());
    assert_eq!(everything.len(), 7);
    assert!(everything
        .windows(2)
        .all(|w| (w[0].decided_at, &w[0].decision_id) >= (w[1].decided_at, &w[1].decision_id)));
    assert_eq!(everything[0].reviewer, "bob", "newest first");
    let first = &everything[0];
    assert!(first.id_number_masked.contains('*') && !first.id_number_masked.contains("19491231"));
    let by = |filter: DecisionLogFilter| all(filter).len();
    assert_eq!(by(DecisionLogFilter { reviewer: Some("alice".into()), ..Default::default() }), 5);
    assert_eq!(by(DecisionLogFilter { outcome: Some(Outcome::Reject), ..Default::default() }), 3);
    assert_eq!(
        by(DecisionLogFilter { reason: Some("photo_rotated".into()), ..Default::default() }),
        3
    );
    assert_eq!(
        by(DecisionLogFilter {
            reason: Some("photo_rotated".into()),
            reviewer: Some("bob".into()),
            ..Default::default()
        }),
        1
    );
    assert_eq!(by(DecisionLogFilter { sla_breached: Some(true), ..Default::default() }), 2);
    assert_eq!(by(DecisionLogFilter { id_type: Some(IdType::Passport), ..Default::default() }), 0);
    assert_eq!(
        by(DecisionLogFilter {
            from: Some(day(2026, 3, 12)),
            to: Some(day(2026, 3, 12)),
            ..Default::default()
        }),
        2
    );
    assert_eq!(by(DecisionLogFilter { to: Some(day(2026, 3, 2)), ..Default::default() }), 5);
    assert!(matches!(
        f.store.decision_log(&sup, &DecisionLogFilter::default(), Some("garbage"), 2),
        Err(StoreError::Invalid { code: reviewdesk_domain::ErrorCode::BadCursor, .. })
    ));
    // Another province sees none of it, and no timeline of it.
    assert!(f
        .store
        .decision_log(&shanghai, &DecisionLogFilter::default(), None, 50)
        .unwrap()
        .records
        .is_empty());
    assert!(matches!(f.store.timeline(&shanghai, "alice-0"), Err(StoreError::NotFound { .. })));
    // The timeline: intake, claim, decision, in order.
    let timeline = f.store.timeline(&sup, "alice-0").unwrap();
    let actions: Vec<AuditAction> = timeline.events.iter().map(|e| e.action).collect();
    assert_eq!(actions, [AuditAction::Intake, AuditAction::Claim, AuditAction::Decision]);
}

fn qa_samples_reach_supervisors_and_their_verdicts_count_as_agreement(f: Fixture) {
    let alice = f.user("alice", Role::Reviewer, "11");
    let sup = f.user("sup", Role::Supervisor, "11");
    decide_many(&f, &alice, 2, 1, true, NOW());
    decide_many(
        &f,
        &User { username: "alice2".into(), ..f.user("alice2", Role::Reviewer, "11") },
        1,
        0,
        false,
        NOW(),
    );
    let items = f.store.second_reviews(&sup).unwrap();
    assert_eq!(items.len(), 3, "only the sampled ones");
    assert!(items
        .iter()
        .all(|i| i.kind == SecondReviewKind::QaSample && i.first.username == "alice"));
    assert_eq!(f.count("SELECT COUNT(*) FROM audit WHERE detail LIKE '%qa_sample%'"), 3);
    // Confirm one approval, overturn the other; the rejection stays waiting.
    f.store.second_review(&sup, &verdict("v-a", "alice-0", Outcome::Approve, &[]), NOW()).unwrap();
    let overturn = f
        .store
        .second_review(&sup, &verdict("v-b", "alice-1", Outcome::Reject, &["photo_rotated"]), NOW())
        .unwrap();
    assert_eq!(overturn.verdict, Verdict::Overturned);
    assert_eq!(f.store.applicant_view("alice-1").unwrap().status, SubmissionStatus::Rejected);
    assert_eq!(f.store.second_reviews(&sup).unwrap().len(), 1);
    // An unsampled final decision is not for review.
    assert!(matches!(
        f.store.second_review(
            &sup,
            &verdict("v-c", "alice2-0", Outcome::Reject, &["photo_rotated"]),
            NOW()
        ),
        Err(StoreError::Invalid { code: reviewdesk_domain::ErrorCode::NotForReview, .. })
    ));
    let empty_note = SecondReviewRequest {
        note: "  ".into(),
        ..verdict("v-d", "alice-2", Outcome::Reject, &["photo_rotated"])
    };
    assert!(matches!(
        f.store.second_review(&sup, &empty_note, NOW()),
        Err(StoreError::Invalid { code: reviewdesk_domain::ErrorCode::NoteRequired, .. })
    ));
    let records = f.store.stats_records(&sup, day(2026, 3, 1), day(2026, 3, 3)).unwrap();
    let alice_qa: Vec<Option<bool>> =
        records.decisions.iter().filter(|d| d.reviewer == "alice").map(|d| d.qa_agreed).collect();
    assert_eq!(alice_qa.iter().filter(|a| **a == Some(true)).count(), 1);
    assert_eq!(alice_qa.iter().filter(|a| **a == Some(false)).count(), 1);
    assert_eq!(alice_qa.iter().filter(|a| a.is_none()).count(), 1);
}

fn golden_items_look_like_any_other_and_never_reach_an_applicant(f: Fixture) {
    let alice = f.user("alice", Role::Reviewer, "11");
    let bob = f.user("bob", Role::Reviewer, "11");
    let sup = f.user("sup", Role::Supervisor, "11");
    decide_many(&f, &alice, 0, 1, false, NOW());
    assert!(matches!(
        f.store.plant_golden(&sup, "nope", "g-0", Some(due(day(2026, 3, 11))), NOW()),
        Err(StoreError::NotFound { .. })
    ));
    let item =
        f.store.plant_golden(&sup, "alice-0", "g-1", Some(due(day(2026, 3, 11))), NOW()).unwrap();
    assert_eq!(
        (item.expected_outcome, item.expected_reasons.as_slice()),
        (Outcome::Reject, ["photo_rotated".to_owned()].as_slice())
    );
    // Not for the applicant; not counted against the applicant's quota; not for the first reviewer.
    assert!(matches!(f.store.applicant_view("g-1"), Err(StoreError::NotFound { .. })));
    assert_eq!(f.store.intake_allowed("app-alice-0", day(2026, 3, 2)).unwrap(), 2);
    assert!(f.store.claim(&alice, 5, LEASE, NOW()).unwrap().is_empty());
    let lease = f.store.claim(&bob, 5, LEASE, NOW()).unwrap().remove(0);
    assert_eq!(lease.submission_id, "g-1");
    let seen = f.store.submission(&bob, "g-1", NOW()).unwrap();
    let original = f.store.submission(&sup, "alice-0", NOW()).unwrap();
    assert_eq!(
        (seen.applicant_id, seen.identity, seen.attempt),
        (original.applicant_id, original.identity, original.attempt)
    );
    assert_eq!(seen.status, SubmissionStatus::Pending);
    let answer =
        f.decide(&bob, "d-g", "g-1", &lease.lease_token, (Outcome::Approve, &[]), NOW()).unwrap();
    assert_eq!(answer.status, SubmissionStatus::Approved);
    // Out of the log; in the agreement.
    assert_eq!(
        f.store.decision_log(&sup, &DecisionLogFilter::default(), None, 50).unwrap().records.len(),
        1
    );
    let records = f.store.stats_records(&sup, day(2026, 3, 1), day(2026, 3, 3)).unwrap();
    let golden: Vec<_> = records.decisions.iter().filter(|d| d.golden_expected.is_some()).collect();
    assert_eq!(golden.len(), 1);
    assert_eq!((golden[0].reviewer.as_str(), golden[0].outcome), ("bob", Outcome::Approve));
    assert_eq!(f.count("SELECT COUNT(*) FROM audit WHERE action = 'golden_planted'"), 1);
    assert!(verify(&f.store.audit_chain().unwrap()).is_ok());
}

fn the_audit_chain_verifies_and_names_a_tampered_event(f: Fixture) {
    let alice = f.user("alice", Role::Reviewer, "11");
    f.submit("s-1", "app-1", "11", day(2026, 3, 10));
    let lease = f.store.claim(&alice, 1, LEASE, NOW()).unwrap().remove(0);
    f.decide(&alice, "d-1", "s-1", &lease.lease_token, (Outcome::Approve, &[]), NOW()).unwrap();
    let chain = f.store.audit_chain().unwrap();
    assert_eq!(verify(&chain), Ok(4), "user added, intake, claim, decision");

    // The log refuses edits and deletions through SQL; someone who drops the guard is still
    // caught.
    let refused = f.raw("UPDATE audit SET actor = 'mallory' WHERE seq = 3").unwrap_err();
    assert!(refused.contains("append-only"), "{refused}");
    let refused = f.raw("DELETE FROM audit WHERE seq = 4").unwrap_err();
    assert!(refused.contains("append-only"), "{refused}");
    let drop_guard = match f.backend {
        Backend::Sqlite(_) => "DROP TRIGGER audit_is_append_only_update;",
        Backend::Postgres(_) => "DROP TRIGGER audit_is_append_only_update ON audit;",
    };
    f.raw(&format!("{drop_guard} UPDATE audit SET actor = 'mallory' WHERE seq = 3;")).unwrap();
    assert_eq!(verify(&f.store.audit_chain().unwrap()), Err(BrokenLink::Hash { seq: 3 }));
}

fn data_survives_reopening_and_an_edited_migration_is_refused(f: Fixture) {
    let user = NewUser {
        username: "alice".to_owned(),
        password_hash: "h".to_owned(),
        role: Role::Reviewer,
        province: Some("11".to_owned()),
    };
    f.store.add_user(&user, NOW()).unwrap();
    let store = f.reopen().unwrap();
    assert!(store.user_for_login("alice").unwrap().is_some());
    drop(store);
    f.raw("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1").unwrap();
    assert!(matches!(f.reopen(), Err(StoreError::MigrationEdited { version: 1 })));
}

/// Awkward events (Chinese text, no subject, an empty subject, a long detail) written through the
/// store, in one call and in a batch claim, make a chain the domain's `verify` accepts.
fn awkward_audit_events_chain_and_verify(f: Fixture) {
    let long = "审核".repeat(5_000);
    let notes = [
        AuditNote {
            actor: "审核员甲",
            action: AuditAction::PiiReveal,
            subject: Some("申请-001"),
            detail: serde_json::json!({ "原因": "核对身份", "n": 1 }),
        },
        AuditNote {
            actor: "system",
            action: AuditAction::Export,
            subject: None,
            detail: serde_json::json!({}),
        },
        AuditNote {
            actor: "",
            action: AuditAction::ImageView,
            subject: Some(""),
            detail: serde_json::json!({ "long": long, "quote": "'\\\"\u{0007}" }),
        },
    ];
    for note in &notes {
        f.store.audit(note, NOW()).unwrap();
    }
    let reviewer = f.user("王审核", Role::Reviewer, "11");
    for n in 0..3 {
        f.submit(&format!("申请-{n}"), &format!("申请人-{n}"), "11", day(2026, 3, 10));
    }
    assert_eq!(f.store.claim(&reviewer, 3, LEASE, NOW()).unwrap().len(), 3);
    let chain = f.store.audit_chain().unwrap();
    assert_eq!(verify(&chain), Ok(chain.len() as u64));
    let found: Vec<_> = chain.iter().filter(|e| e.entry.action == AuditAction::Claim).collect();
    assert_eq!(found.len(), 3);
    assert_eq!(chain.iter().filter(|e| e.entry.subject.is_none()).count(), 1);
}

/// `audit_link_hash` (migration 0002) is a second definition of the domain's `link_hash`: both
/// must give the same hash on every input, awkward ones included.
#[test]
fn postgres_audit_hash_in_sql_matches_the_domain() {
    let db = reviewdesk_store::testing::postgres::database();
    drop(PgStore::connect(&db.url()).unwrap());
    let mut client = db.client();
    let long = format!("{{\"detail\":\"{}\"}}", "长".repeat(100_000));
    let cases: Vec<(String, AuditEntry)> = vec![
        (GENESIS.to_owned(), entry(1, "2026-03-02T02:00:00.000Z", "alice", Some("s1"), "{}")),
        ("ab".repeat(32), entry(u64::from(u32::MAX) + 7, "", "", None, "")),
        ("ab".repeat(32), entry(2, "时间", "审核员", Some(""), "")),
        ("x".to_owned(), entry(300, "at", "审核员甲", Some("申请\u{1F600}"), &long)),
        ("'\\".to_owned(), entry(i64::MAX as u64, "\\x30", "'; --", Some("0"), "{\"a\":\"中文\"}")),
    ];
    for action in AuditAction::ALL {
        for (prev, mut e) in cases.clone() {
            e.action = action;
            let seq = i64::try_from(e.seq).unwrap();
            let row = client
                .query_one(
                    "SELECT audit_link_hash($1, $2, $3, $4, $5, $6, $7)",
                    &[&prev, &seq, &e.at, &e.actor, &action.as_str(), &e.subject, &e.detail],
                )
                .unwrap();
            let in_sql: String = row.get(0);
            assert_eq!(in_sql, link_hash(&prev, &e), "{action:?} seq {}", e.seq);
        }
    }
}

/// An instance of the previous version, still running during a rolling upgrade, appends through
/// `audit_append` (one time for all events); since migration 0007 that calls the one
/// implementation, and its events chain onto the new version's.
#[test]
fn postgres_audit_append_of_the_previous_version_still_chains() {
    let db = reviewdesk_store::testing::postgres::database();
    let store = PgStore::connect(&db.url()).unwrap();
    let at = "2026-03-02T02:00:00.000Z";
    let note = AuditNote {
        actor: "admin",
        action: AuditAction::Export,
        subject: None,
        detail: serde_json::json!({}),
    };
    store.audit(&note, NOW()).unwrap();
    let mut client = db.client();
    let none: Option<i64> =
        client.query_one("SELECT audit_append($1, '{}', '{}', '{}', '{}')", &[&at]).unwrap().get(0);
    assert_eq!(none, None);
    let head: i64 = client
        .query_one(
            "SELECT audit_append($1, '{alice,bob}', '{claim,decision}', '{s1,NULL}', ARRAY['{}', '{}'])",
            &[&at],
        )
        .unwrap()
        .get(0);
    assert_eq!(head, 3);
    let chain = store.audit_chain().unwrap();
    assert_eq!(verify(&chain), Ok(3));
    assert_eq!(chain[2].entry.at, at);
    assert_eq!(chain[2].entry.subject, None);
}

fn entry(seq: u64, at: &str, actor: &str, subject: Option<&str>, detail: &str) -> AuditEntry {
    AuditEntry {
        seq,
        at: at.to_owned(),
        actor: actor.to_owned(),
        action: AuditAction::Claim,
        subject: subject.map(str::to_owned),
        detail: detail.to_owned(),
    }
}

// Every test above, once per store.
on_both_stores!(
    Fixture;
    claims_take_the_earliest_due_first_and_only_from_the_reviewers_province,
    sixty_four_concurrent_claimers_never_share_a_submission,
    claims_made_together_leave_nobody_without_a_row_they_may_take,
    an_expired_lease_returns_the_item_and_the_first_decision_to_arrive_wins,
    an_expired_lease_nobody_took_still_decides_and_renews,
    a_replayed_decision_is_recorded_once,
    malformed_decisions_are_refused_and_write_nothing,
    quota_and_four_eyes_over_a_period,
    a_supervisor_may_overturn_a_four_eyes_item,
    the_applicant_text_names_the_document_the_applicant_submitted,
    the_decision_log_filters_pages_and_stays_in_its_province,
    purged_cases_stay_in_the_log_without_their_number_and_cannot_become_golden,
    qa_samples_reach_supervisors_and_their_verdicts_count_as_agreement,
    golden_items_look_like_any_other_and_never_reach_an_applicant,
    the_audit_chain_verifies_and_names_a_tampered_event,
    data_survives_reopening_and_an_edited_migration_is_refused,
    awkward_audit_events_chain_and_verify,
);
