//! The store's operational methods, against both stores (SQLite on a temporary file, PostgreSQL
//! on the tests' throwaway server): readiness (schema current or not), queue depth per province
//! with the items due soon, and retention: decided submissions past the cut-off lose their
//! personal data (identity, findings, photo-check results), undecided and recent ones keep it,
//! photos still used by another submission are not reported for deletion, the decisions stay,
//! and the audit chain still verifies and names no personal data.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use reviewdesk_domain::audit::{verify, AuditAction};
use reviewdesk_domain::consistency::DeclaredIdentity;
use reviewdesk_domain::id::IdType;
use reviewdesk_domain::review::{Outcome, Role, SubmissionStatus};
use reviewdesk_store::on_both_stores;
use reviewdesk_store::testing::place::Place;
use reviewdesk_store::{
    Lease, NewDecision, NewSubmission, NewUser, Store, StoreError, SubmissionImages, User,
};

const NUMBER: &str = "11010519491231002X";

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 2, 0, 0).unwrap()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Every `identity` text stored, for the test to look behind the store's back.
fn identities(place: &Place) -> Vec<(String, String)> {
    let sql = "SELECT id, identity FROM submissions ORDER BY id";
    match place {
        Place::Sqlite(dir) => {
            let conn = rusqlite::Connection::open(dir.path().join("reviewdesk.db")).unwrap();
            let mut statement = conn.prepare(sql).unwrap();
            statement
                .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
                .unwrap()
                .map(Result::unwrap)
                .collect()
        }
        Place::Postgres(db) => db
            .client()
            .query(sql, &[])
            .unwrap()
            .iter()
            .map(|row| (row.get(0), row.get(1)))
            .collect(),
    }
}

fn user(store: &dyn Store, name: &str, province: &str) -> User {
    let new = NewUser {
        username: name.to_owned(),
        password_hash: "$argon2id$test".to_owned(),
        role: Role::Reviewer,
        province: Some(province.to_owned()),
    };
    store.add_user(&new, now()).unwrap()
}

fn hash(c: char) -> String {
    c.to_string().repeat(64)
}

fn submit(store: &dyn Store, id: &str, province: &str, due: NaiveDate, photos: [char; 3]) {
    let submission = NewSubmission {
        id: id.to_owned(),
        applicant_id: format!("app-{id}"),
        province: province.to_owned(),
        identity: DeclaredIdentity::number_only(IdType::Resident, NUMBER),
        images: SubmissionImages {
            portrait: hash(photos[0]),
            emblem: hash(photos[1]),
            handheld: hash(photos[2]),
        },
        findings: Vec::new(),
        submitted_on: day(2026, 3, 2),
        due_date: Some(due),
        due_provisional: false,
        calendar_version: None,
    };
    store.intake(&submission, "intake:test", now()).unwrap();
}

/// Decides one lease with `outcome`.
fn decide(store: &dyn Store, reviewer: &User, lease: Lease, outcome: Outcome, at: DateTime<Utc>) {
    let reasons = match outcome {
        Outcome::Approve => Vec::new(),
        Outcome::Reject => vec!["sex_incorrect".to_owned()],
    };
    let decision = NewDecision {
        id: uuid::Uuid::new_v4().to_string(),
        submission_id: lease.submission_id,
        lease_token: lease.lease_token,
        outcome,
        reasons,
        other_text: None,
        note: None,
        overridden_findings: Vec::new(),
    };
    store.decide(reviewer, &decision, at).unwrap();
}

/// Claims everything open for `reviewer` and decides it with `outcome`.
fn decide_all(store: &dyn Store, reviewer: &User, outcome: Outcome, at: DateTime<Utc>) {
    for lease in store.claim(reviewer, 10, Duration::minutes(15), at).unwrap() {
        decide(store, reviewer, lease, outcome, at);
    }
}

fn readiness_says_whether_the_schema_is_current(place: Place) {
    let store = place.open();
    let ready = store.readiness().unwrap();
    assert!(ready.is_current(), "{ready:?}");
    assert!(ready.expected >= 4);
    // A newer instance migrated further: this build is no longer current.
    place.raw(&format!(
        "INSERT INTO schema_migrations (version, checksum, applied_at) \
         VALUES ({}, 'x', '2026-03-02T00:00:00.000Z')",
        ready.expected + 1
    ));
    let after = store.readiness().unwrap();
    assert_eq!((after.applied, after.is_current()), (ready.expected + 1, false));
}

fn queue_depths_count_open_items_and_those_due_soon(place: Place) {
    let store = place.open();
    let reviewer = user(store.as_ref(), "li.na", "11");
    submit(store.as_ref(), "s1", "11", day(2026, 3, 3), ['a', 'b', 'c']);
    submit(store.as_ref(), "s2", "11", day(2026, 3, 10), ['d', 'e', 'f']);
    submit(store.as_ref(), "s3", "31", day(2026, 3, 2), ['g', 'h', 'i']);
    let depths = store.queue_depths(day(2026, 3, 3)).unwrap();
    let seen: Vec<(&str, u64, u64)> =
        depths.iter().map(|d| (d.province.as_str(), d.open, d.due_soon)).collect();
    assert_eq!(seen, [("11", 2, 1), ("31", 1, 1)]);
    // A leased item is still open; a decided one is not.
    let mut leases = store.claim(&reviewer, 1, Duration::minutes(15), now()).unwrap();
    assert_eq!(store.queue_depths(day(2026, 3, 3)).unwrap()[0].open, 2);
    decide(store.as_ref(), &reviewer, leases.remove(0), Outcome::Reject, now());
    let after = store.queue_depths(day(2026, 3, 3)).unwrap();
    let seen: Vec<(&str, u64, u64)> =
        after.iter().map(|d| (d.province.as_str(), d.open, d.due_soon)).collect();
    assert_eq!(seen, [("11", 1, 0), ("31", 1, 1)]);
}

fn retention_purges_decided_personal_data_and_keeps_the_record(place: Place) {
    let store = place.open();
    let reviewer = user(store.as_ref(), "li.na", "11");
    // s-old-1 and s-old-2 share photo 'a' with s-open (still open: keeps it in use).
    submit(store.as_ref(), "s-old-1", "11", day(2026, 3, 10), ['a', 'b', 'c']);
    submit(store.as_ref(), "s-old-2", "11", day(2026, 3, 11), ['a', 'd', 'e']);
    let decided_at = now() + Duration::hours(1);
    decide_all(store.as_ref(), &reviewer, Outcome::Approve, decided_at);
    submit(store.as_ref(), "s-open", "11", day(2026, 3, 12), ['a', 'f', 'g']);
    let before = store.audit_chain().unwrap().len();

    // Nothing decided before the cut-off yet: nothing happens, no event.
    let none = store.purge_personal_data(decided_at, decided_at).unwrap();
    assert_eq!(none.submissions, 0);
    assert_eq!(store.audit_chain().unwrap().len(), before);

    let later = decided_at + Duration::days(1096);
    let report = store.purge_personal_data(decided_at + Duration::seconds(1), later).unwrap();
    assert_eq!(report.submissions, 2);
    let expected: Vec<String> = ['b', 'c', 'd', 'e'].into_iter().map(hash).collect();
    assert_eq!(report.unreferenced_images, expected, "photo a is still used by s-open");
    // Idempotent: a second run finds nothing.
    assert_eq!(store.purge_personal_data(later, later).unwrap().submissions, 0);

    // The identity is gone from the rows themselves; the open one keeps it.
    for (id, identity) in identities(&place) {
        if id == "s-open" {
            assert!(identity.contains(NUMBER), "{id}: {identity}");
        } else {
            assert_eq!(identity, "null", "{id}");
        }
    }
    assert!(matches!(store.submission_record("s-old-1", later), Err(StoreError::Purged)));
    assert!(store.submission_record("s-open", later).is_ok());
    // The applicant still sees the outcome.
    assert_eq!(store.applicant_view("s-old-1").unwrap().status, SubmissionStatus::Approved);
    assert_eq!(
        store.images_in_use(&[hash('a'), hash('b'), hash('f')]).unwrap(),
        [hash('a'), hash('f')]
    );

    let chain = store.audit_chain().unwrap();
    verify(&chain).unwrap();
    let purges: Vec<_> =
        chain.iter().filter(|e| e.entry.action == AuditAction::RetentionPurge).collect();
    assert_eq!(purges.len(), 1);
    let detail: serde_json::Value = serde_json::from_str(&purges[0].entry.detail).unwrap();
    assert_eq!((detail["submissions"].as_u64(), detail["images"].as_u64()), (Some(2), Some(4)));
    assert!(chain.iter().all(|e| !e.entry.detail.contains(NUMBER)));
    // Reopening keeps the purge (the migration applied once).
    drop(store);
    let reopened = place.open();
    assert!(matches!(reopened.submission_record("s-old-2", later), Err(StoreError::Purged)));
}

fn undecided_and_pending_second_review_submissions_are_never_purged(place: Place) {
    let store = place.open();
    submit(store.as_ref(), "s-waiting", "11", day(2026, 3, 10), ['a', 'b', 'c']);
    let far = now() + Duration::days(5000);
    let report = store.purge_personal_data(far, far).unwrap();
    assert_eq!(report.submissions, 0);
    assert!(store.submission_record("s-waiting", far).is_ok());
}

// Every test above, once per store.
on_both_stores!(
    Place;
    readiness_says_whether_the_schema_is_current,
    queue_depths_count_open_items_and_those_due_soon,
    retention_purges_decided_personal_data_and_keeps_the_record,
    undecided_and_pending_second_review_submissions_are_never_purged,
);
