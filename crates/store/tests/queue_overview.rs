//! The queue right now and 收回, against both stores: counts by state, the items due within a day
//! or late with their holders; a supervisor takes a live lease back (audited), after which the
//! holder's token cannot decide; nobody can take back what nobody holds, another province's case
//! or a closed one.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use reviewdesk_domain::audit::AuditAction;
use reviewdesk_domain::review::{Outcome, Role};
use reviewdesk_store::on_both_stores;
use reviewdesk_store::testing::place::{self, Place};
use reviewdesk_store::{NewDecision, NewUser, Store, StoreError, User};

/// 10:00 in Beijing on Monday 2026-03-02.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 2, 0, 0).unwrap()
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
}

fn user(store: &dyn Store, name: &str, role: Role, province: &str) -> User {
    let new = NewUser {
        username: name.to_owned(),
        password_hash: "$argon2id$test".to_owned(),
        role,
        province: Some(province.to_owned()),
    };
    store.add_user(&new, now()).unwrap()
}

fn submit_due(store: &dyn Store, id: &str, due: NaiveDate) {
    let mut new = place::submission(id, day(2));
    new.due_date = Some(due);
    store.intake(&new, "intake:test", now()).unwrap();
}

fn the_overview_counts_and_lists_what_is_at_risk(place: Place) {
    let store = place.open();
    let store = store.as_ref();
    let sup = user(store, "sup", Role::Supervisor, "11");
    let li = user(store, "li", Role::Reviewer, "11");
    submit_due(store, "late", day(1));
    submit_due(store, "today", day(2));
    submit_due(store, "tomorrow", day(3));
    submit_due(store, "later", day(9));
    // li takes the earliest due (the late one).
    let lease = store.claim(&li, 1, Duration::minutes(15), now()).unwrap().remove(0);
    assert_eq!(lease.submission_id, "late");

    let overview = store.queue_overview(&sup, day(2), day(3), now()).unwrap();
    assert_eq!((overview.waiting, overview.leased, overview.second_review), (3, 1, 0));
    let listed: Vec<_> =
        overview.at_risk.iter().map(|i| (i.submission_id.as_str(), i.late)).collect();
    assert_eq!(listed, [("late", true), ("today", false), ("tomorrow", false)]);
    let held = overview.at_risk[0].lease.as_ref().expect("li holds it");
    assert_eq!((held.username.as_str(), held.expires_at), ("li", lease.expires_at));
    assert!(overview.at_risk[1].lease.is_none());
    assert!(overview.at_risk[0].case_number.starts_with("11-20260302-"));

    // Once the lease ran out, the item counts as waiting again and shows no holder.
    let after = now() + Duration::minutes(16);
    let overview = store.queue_overview(&sup, day(2), day(3), after).unwrap();
    assert_eq!((overview.waiting, overview.leased), (4, 0));
    assert!(overview.at_risk[0].lease.is_none());

    // Another province's supervisor sees an empty queue.
    let shen = user(store, "shen", Role::Supervisor, "31");
    let theirs = store.queue_overview(&shen, day(2), day(3), now()).unwrap();
    assert_eq!((theirs.waiting, theirs.leased, theirs.at_risk.len()), (0, 0, 0));
}

fn a_revoked_lease_cannot_decide_and_is_audited(place: Place) {
    let store = place.open();
    let store = store.as_ref();
    let sup = user(store, "sup", Role::Supervisor, "11");
    let shen = user(store, "shen", Role::Supervisor, "31");
    let li = user(store, "li", Role::Reviewer, "11");
    submit_due(store, "s1", day(3));
    let lease = store.claim(&li, 1, Duration::minutes(15), now()).unwrap().remove(0);

    // Another province's supervisor: the case does not exist for them.
    assert!(matches!(store.revoke_lease(&shen, "s1", now()), Err(StoreError::NotFound { .. })));
    let revoked = store.revoke_lease(&sup, "s1", now()).unwrap();
    assert_eq!((revoked.holder.as_str(), revoked.expires_at), ("li", lease.expires_at));
    // Nothing left to take back.
    assert!(matches!(store.revoke_lease(&sup, "s1", now()), Err(StoreError::NotLeased)));

    let decision = NewDecision {
        id: "7c9e6679-7425-40de-944b-e07fc1f90ae7".to_owned(),
        submission_id: "s1".to_owned(),
        lease_token: lease.lease_token,
        outcome: Outcome::Approve,
        reasons: Vec::new(),
        other_text: None,
        note: None,
    };
    assert!(matches!(store.decide(&li, &decision, now()), Err(StoreError::LeaseReleased)));
    let event = store
        .audit_chain()
        .unwrap()
        .into_iter()
        .map(|c| c.entry)
        .find(|e| e.action == AuditAction::LeaseRevoked)
        .expect("the revocation is in the audit log");
    assert_eq!((event.actor.as_str(), event.subject.as_deref()), ("sup", Some("s1")));
    assert!(event.detail.contains("\"holder\":\"li\""), "{}", event.detail);

    // The item is back in the queue: someone claims it and decides; then it is closed.
    let again = store.claim(&li, 1, Duration::minutes(15), now()).unwrap().remove(0);
    let decision = NewDecision {
        id: "0d6f1a2e-7425-40de-944b-e07fc1f90ae8".to_owned(),
        lease_token: again.lease_token,
        ..decision
    };
    store.decide(&li, &decision, now()).unwrap();
    assert!(matches!(store.revoke_lease(&sup, "s1", now()), Err(StoreError::NotFound { .. })));
}

on_both_stores!(
    Place;
    the_overview_counts_and_lists_what_is_at_risk,
    a_revoked_lease_cannot_decide_and_is_audited,
);
