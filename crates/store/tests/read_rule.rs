//! Who may read a submission, against both stores: reads follow the work. The lease holder reads
//! it (also once the lease ran out, until someone else claims it); a released, taken-over or
//! decided item is no longer the reviewer's; a supervisor of the province reads it once decided
//! (the log, second review), not while it waits; an administrator and another province never.
//! The reviewer who decided it may look it up by its case number, with their decision, for 30
//! days after (and read it no other way). To everyone else it does not exist (`NotFound`, as for an unknown id).
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
    // Out of bob's hands (he may only look his decision up by case number, below).
    assert!(!reads(store, &bob, "s1", later), "a decided item is no longer the reviewer's");
    assert!(!reads(store, &alice, "s1", later), "a former holder");
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

/// A reviewer's own decisions by case number: theirs for 30 days, with the decision; another
/// reviewer's, an undecided one they hold, an unknown number, or an old one: not found.
fn a_reviewer_finds_their_own_recent_decision_by_case_number(place: Place) {
    let store = place.open();
    let store = store.as_ref();
    let alice = user(store, "alice", Role::Reviewer, Some("11"));
    let bob = user(store, "bob", Role::Reviewer, Some("11"));
    let sup = user(store, "sup", Role::Supervisor, Some("11"));
    let shanghai = user(store, "shen", Role::Reviewer, Some("31"));
    submit(store, "s1");
    submit(store, "s2");
    let leases = store.claim(&alice, 2, Duration::minutes(15), now()).unwrap();
    let decided = &leases[0];
    let number = store.submission_record(&decided.submission_id, now()).unwrap().case_number;
    let held = store.submission_record(&leases[1].submission_id, now()).unwrap().case_number;
    let decision = NewDecision {
        id: "d-alice".to_owned(),
        submission_id: decided.submission_id.clone(),
        lease_token: decided.lease_token.clone(),
        outcome: Outcome::Reject,
        reasons: vec!["sex_incorrect".to_owned()],
        other_text: None,
        note: Some("性别与号码不符".to_owned()),
        overridden_findings: Vec::new(),
    };
    store.decide(&alice, &decision, now()).unwrap();

    let (submission, found) = store.own_decision(&alice, &number, now()).unwrap();
    assert_eq!(submission.id, decided.submission_id);
    assert_eq!((found.id.as_str(), found.outcome), ("d-alice", Outcome::Reject));
    assert_eq!(found.note.as_deref(), Some("性别与号码不符"));
    let day_30 = now() + Duration::days(30);
    assert!(store.own_decision(&alice, &number, day_30).is_ok());
    assert!(!reads(store, &alice, &decided.submission_id, now()), "the lookup is all she gets");
    let not_found = |who: &User, number: &str, at| {
        matches!(store.own_decision(who, number, at), Err(StoreError::NotFound { .. }))
    };
    assert!(not_found(&alice, &number, day_30 + Duration::minutes(1)), "older than 30 days");
    assert!(not_found(&bob, &number, now()), "another reviewer's decision");
    assert!(not_found(&sup, &number, now()), "a supervisor has the log, not this");
    assert!(not_found(&shanghai, &number, now()), "another province");
    assert!(not_found(&alice, &held, now()), "held, not decided");
    assert!(not_found(&alice, "11-20990101-0001", now()), "unknown number");
}

on_both_stores!(
    Place;
    reads_follow_the_lease,
    a_reviewer_finds_their_own_recent_decision_by_case_number,
    a_taken_over_lease_is_read_by_its_new_holder_only,
);
