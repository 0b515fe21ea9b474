//! The store contract against the embedded SQLite store, on a real database file: quota, leases,
//! concurrency, idempotent decisions, four-eyes, province isolation and the audit chain.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashSet;
use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use reviewdesk_domain::audit::{verify, BrokenLink};
use reviewdesk_domain::consistency::DeclaredIdentity;
use reviewdesk_domain::id::IdType;
use reviewdesk_domain::review::{Outcome, Role, SubmissionStatus};
use reviewdesk_server::store::sqlite::SqliteStore;
use reviewdesk_server::store::{
    NewDecision, NewSubmission, NewUser, Store, StoreError, SubmissionImages, User,
};

struct Fixture {
    _dir: tempfile::TempDir,
    store: Arc<SqliteStore>,
}

fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

const NOW: fn() -> DateTime<Utc> = || at(2026, 3, 2, 2);
const LEASE: Duration = Duration::minutes(15);

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(SqliteStore::open(&dir.path().join("reviewdesk.db")).unwrap());
    Fixture { _dir: dir, store }
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
    ) -> Result<reviewdesk_server::store::IntakeReceipt, StoreError> {
        let submission = NewSubmission {
            id: id.to_owned(),
            applicant_id: applicant.to_owned(),
            province: province.to_owned(),
            identity: DeclaredIdentity::number_only(IdType::Resident, "11010519491231002X"),
            images: SubmissionImages {
                portrait: "a".repeat(64),
                emblem: "b".repeat(64),
                handheld: "c".repeat(64),
            },
            findings: Vec::new(),
            submitted_on: on,
            due_date: Some(due),
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
    ) -> Result<reviewdesk_server::store::DecisionReceipt, StoreError> {
        let decision = NewDecision {
            id: id.to_owned(),
            submission_id: submission.to_owned(),
            lease_token: token.to_owned(),
            outcome,
            reasons: reasons.iter().map(|r| (*r).to_owned()).collect(),
            other_text: None,
            note: None,
        };
        self.store.decide(who, &decision, now)
    }

    fn raw(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(self.store.path()).unwrap()
    }

    fn count(&self, sql: &str) -> i64 {
        self.raw().query_row(sql, [], |row| row.get(0)).unwrap()
    }
}

#[test]
fn claims_take_the_earliest_due_first_and_only_from_the_reviewers_province() {
    let f = fixture();
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
    let seen = f.store.submission(&shanghai, "s-31", NOW()).unwrap();
    assert_eq!((seen.attempt, seen.status), (1, SubmissionStatus::Pending));
    let held = f.store.submission(&alice, "s-early", NOW()).unwrap();
    assert_eq!(held.lease.unwrap().username, "alice");
}

#[test]
fn sixty_four_concurrent_claimers_never_share_a_submission() {
    let f = fixture();
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
}

#[test]
fn an_expired_lease_returns_the_item_and_the_first_decision_to_arrive_wins() {
    let f = fixture();
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

#[test]
fn an_expired_lease_nobody_took_still_decides_and_renews() {
    let f = fixture();
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

#[test]
fn a_replayed_decision_is_recorded_once() {
    let f = fixture();
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

#[test]
fn malformed_decisions_are_refused_and_write_nothing() {
    let f = fixture();
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

#[test]
fn quota_and_four_eyes_over_a_period() {
    let f = fixture();
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

    // The last attempt's rejection waits for a second person; the applicant still sees pending.
    assert_eq!(reject(&alice, 3).status, SubmissionStatus::PendingSecondReview);
    assert_eq!(f.store.applicant_view("s-3").unwrap().status, SubmissionStatus::Pending);
    assert!(f.store.claim(&alice, 5, LEASE, NOW()).unwrap().is_empty(), "not to its author");
    let second = f.store.claim(&bob, 5, LEASE, NOW()).unwrap().remove(0);
    assert!(second.second_review);
    let confirmed = f
        .decide(
            &bob,
            "d-4",
            "s-3",
            &second.lease_token,
            (Outcome::Reject, &["name_incorrect"]),
            NOW(),
        )
        .unwrap();
    assert_eq!(confirmed.status, SubmissionStatus::Rejected);
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

#[test]
fn a_second_reviewer_may_change_the_decision() {
    let f = fixture();
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
    let lease = f.store.claim(&sup, 1, LEASE, NOW()).unwrap().remove(0);
    let changed =
        f.decide(&sup, "d-sup", "s-3", &lease.lease_token, (Outcome::Approve, &[]), NOW()).unwrap();
    assert_eq!(changed.status, SubmissionStatus::Approved);
    assert_eq!(f.store.applicant_view("s-3").unwrap().status_text, "人工审核通过");
    assert_eq!(f.count("SELECT COUNT(*) FROM audit WHERE action = 'second_review_changed'"), 1);
}

#[test]
fn the_audit_chain_verifies_and_names_a_tampered_event() {
    let f = fixture();
    let alice = f.user("alice", Role::Reviewer, "11");
    f.submit("s-1", "app-1", "11", day(2026, 3, 10));
    let lease = f.store.claim(&alice, 1, LEASE, NOW()).unwrap().remove(0);
    f.decide(&alice, "d-1", "s-1", &lease.lease_token, (Outcome::Approve, &[]), NOW()).unwrap();
    let chain = f.store.audit_chain().unwrap();
    assert_eq!(verify(&chain), Ok(4), "user added, intake, claim, decision");

    // The log refuses edits through SQL; someone who drops the guard is still caught.
    let raw = f.raw();
    assert!(raw.execute("UPDATE audit SET actor = 'mallory' WHERE seq = 3", []).is_err());
    raw.execute_batch(
        "DROP TRIGGER audit_is_append_only_update;
         UPDATE audit SET actor = 'mallory' WHERE seq = 3;",
    )
    .unwrap();
    assert_eq!(verify(&f.store.audit_chain().unwrap()), Err(BrokenLink::Hash { seq: 3 }));
}

#[test]
fn data_survives_reopening_and_an_edited_migration_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("reviewdesk.db");
    {
        let store = SqliteStore::open(&path).unwrap();
        let user = NewUser {
            username: "alice".to_owned(),
            password_hash: "h".to_owned(),
            role: Role::Reviewer,
            province: Some("11".to_owned()),
        };
        store.add_user(&user, NOW()).unwrap();
    }
    let store = SqliteStore::open(&path).unwrap();
    assert!(store.user_for_login("alice").unwrap().is_some());
    drop(store);
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1", [])
        .unwrap();
    assert!(matches!(SqliteStore::open(&path), Err(StoreError::MigrationEdited { version: 1 })));
}
