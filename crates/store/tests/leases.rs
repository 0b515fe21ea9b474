//! Leases, against both stores: giving an item back ends its token. After reviewer B releases an
//! item and A claims it, B's released token cannot decide (`lease_released`), and A's decision is
//! recorded; an expired (not released) lease still decides, as offline work relies on.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use reviewdesk_domain::review::Outcome;
use reviewdesk_store::on_both_stores;
use reviewdesk_store::testing::place::{self, Place};
use reviewdesk_store::{Lease, NewDecision, NewSubmission, Store, User};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 2, 0, 0).unwrap()
}

fn submit(store: &dyn Store, id: &str) {
    let submission = NewSubmission {
        due_date: NaiveDate::from_ymd_opt(2026, 3, 11),
        ..place::submission(id, NaiveDate::from_ymd_opt(2026, 3, 2).unwrap())
    };
    store.intake(&submission, "intake:test", now()).unwrap();
}

fn reviewer(store: &dyn Store, name: &str) -> User {
    place::reviewer(store, name, now())
}

fn approval(lease: &Lease) -> NewDecision {
    NewDecision {
        id: uuid::Uuid::new_v4().to_string(),
        submission_id: lease.submission_id.clone(),
        lease_token: lease.lease_token.clone(),
        outcome: Outcome::Approve,
        reasons: Vec::new(),
        other_text: None,
        note: None,
        overridden_findings: Vec::new(),
    }
}

fn a_released_token_cannot_decide(place: Place) {
    let store = place.open();
    let (a, b) = (reviewer(store.as_ref(), "a.li"), reviewer(store.as_ref(), "b.wang"));
    submit(store.as_ref(), "s1");
    let released = store.claim(&b, 1, Duration::minutes(15), now()).unwrap().remove(0);
    store.release(&b, "s1", &released.lease_token, now()).unwrap();
    let held = store.claim(&a, 1, Duration::minutes(15), now()).unwrap().remove(0);
    assert_eq!(held.submission_id, "s1");

    let refused = store.decide(&b, &approval(&released), now()).unwrap_err();
    assert_eq!(refused.code(), "lease_released");
    let receipt = store.decide(&a, &approval(&held), now()).unwrap();
    assert!(!receipt.replayed);
    assert_eq!(receipt.decision.username, "a.li");
}

fn an_expired_or_renewed_lease_still_decides(place: Place) {
    let store = place.open();
    let b = reviewer(store.as_ref(), "b.wang");
    submit(store.as_ref(), "s1");
    submit(store.as_ref(), "s2");
    let leases = store.claim(&b, 2, Duration::minutes(15), now()).unwrap();
    let renewed = &leases[1];
    store
        .renew(&b, &renewed.submission_id, &renewed.lease_token, Duration::minutes(15), now())
        .unwrap();
    store.decide(&b, &approval(renewed), now()).unwrap();
    let lease = leases[0].clone();
    let later = now() + Duration::hours(2);
    let receipt = store.decide(&b, &approval(&lease), later).unwrap();
    assert_eq!(receipt.decision.username, "b.wang");
}

on_both_stores!(Place; a_released_token_cannot_decide, an_expired_or_renewed_lease_still_decides);
