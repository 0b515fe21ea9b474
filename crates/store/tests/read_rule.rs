//! Who may read a submission, against both stores: reads follow the work. The lease holder reads
//! it (also once the lease ran out, until someone else claims it); a released, taken-over or
//! decided item is no longer the reviewer's; a supervisor of the province reads it once decided
//! (the log, second review), not while it waits; an administrator and another province never.
//! To everyone else it does not exist (`NotFound`, as for an unknown id).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use reviewdesk_domain::review::{Outcome, Role};
use reviewdesk_store::on_both_stores;
use reviewdesk_store::testing::place::{self, Place};
use reviewdesk_store::{NewDecision, NewUser, Store, StoreError, User};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 2, 0, 0).unwrap()
}

fn user(store: &dyn Store, name: &str, role: Role, province: Option<&str>) -> User {
    let new = NewUser {
        username: name.to_owned(),
        password_hash: "$argon2id$test".to_owned(),
        role,
        province: province.map(str::to_owned),
    };
    store.add_user(&new, now()).unwrap()
}

fn submit(store: &dyn Store, id: &str) {
    let submission = place::submission(id, NaiveDate::from_ymd_opt(2026, 3, 2).unwrap());
    store.intake(&submission, "intake:test", now()).unwrap();
}

fn reads(store: &dyn Store, viewer: &User, id: &str, at: DateTime<Utc>) -> bool {
    match store.submission(viewer, id, at) {
        Ok(submission) => {
            assert_eq!(submission.id, id);
            true
        }
        Err(StoreError::NotFound { .. }) => false,
        Err(other) => panic!("{} reading {id}: {other}", viewer.username),
    }
}

fn reads_follow_the_lease(place: Place) {
    let store = place.open();
    let store = store.as_ref();
    let alice = user(store, "alice", Role::Reviewer, Some("11"));
    let bob = user(store, "bob", Role::Reviewer, Some("11"));
    let sup = user(store, "sup", Role::Supervisor, Some("11"));
    let admin = user(store, "root", Role::Admin, None);
    let shanghai = user(store, "shen", Role::Supervisor, Some("31"));
    submit(store, "s1");

    // Waiting in the queue: nobody's to read, not even a supervisor's or an administrator's.
    for viewer in [&alice, &bob, &sup, &admin, &shanghai] {
        assert!(!reads(store, viewer, "s1", now()), "{} read a waiting item", viewer.username);
    }
    let lease = store.claim(&alice, 1, Duration::minutes(15), now()).unwrap().remove(0);
    assert!(reads(store, &alice, "s1", now()));
    for viewer in [&bob, &sup, &admin, &shanghai] {
        assert!(!reads(store, viewer, "s1", now()), "{} read alice's item", viewer.username);
    }
    // Expired, nobody else took it: still alice's (offline work relies on it).
    let later = now() + Duration::hours(2);
    assert!(reads(store, &alice, "s1", later));
    assert!(!reads(store, &bob, "s1", later));
    // Released: no longer hers.
    store.release(&alice, "s1", &lease.lease_token, later).unwrap();
    assert!(!reads(store, &alice, "s1", later));
    // Taken over after expiry by bob: his, not hers.
    let bobs = store.claim(&bob, 1, Duration::minutes(15), later).unwrap().remove(0);
    assert!(reads(store, &bob, "s1", later));
    assert!(!reads(store, &alice, "s1", later));
    // Decided: out of bob's hands, into the supervisor's log.
    let decision = NewDecision {
        id: "7c9e6679-7425-40de-944b-e07fc1f90ae7".to_owned(),
        submission_id: "s1".to_owned(),
        lease_token: bobs.lease_token,
        outcome: Outcome::Approve,
        reasons: Vec::new(),
        other_text: None,
        note: None,
        overridden_findings: Vec::new(),
    };
    store.decide(&bob, &decision, later).unwrap();
    assert!(!reads(store, &bob, "s1", later), "a decided item is no longer the reviewer's");
    assert!(reads(store, &sup, "s1", later), "the supervisor reads what the log shows");
    assert!(!reads(store, &shanghai, "s1", later), "another province's supervisor");
    assert!(!reads(store, &admin, "s1", later), "administrators read no applicant data");
    // An unknown id answers exactly the same.
    assert!(!reads(store, &sup, "nope", later));
    // The record without a viewer, for the server's own work.
    assert_eq!(store.submission_record("s1", later).unwrap().id, "s1");
}

fn a_taken_over_lease_is_read_by_its_new_holder_only(place: Place) {
    let store = place.open();
    let store = store.as_ref();
    let alice = place::reviewer(store, "alice", now());
    let bob = place::reviewer(store, "bob", now());
    submit(store, "s1");
    store.claim(&alice, 1, Duration::minutes(15), now()).unwrap();
    // Alice's lease runs out without a release; bob claims the item.
    let later = now() + Duration::minutes(20);
    assert_eq!(store.claim(&bob, 1, Duration::minutes(15), later).unwrap().len(), 1);
    assert!(reads(store, &bob, "s1", later));
    assert!(!reads(store, &alice, "s1", later), "the lease is bob's now");
}

on_both_stores!(
    Place;
    reads_follow_the_lease,
    a_taken_over_lease_is_read_by_its_new_holder_only,
);
