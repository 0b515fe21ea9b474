//! A case's timeline carries the notes of its decisions in full, against both stores: the
//! reviewer's decision event and the supervisor's overturn event each have their decision's note
//! (a long one whole), every other event none, and no note is ever copied into the audit chain;
//! the timeline names the declared document type.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use reviewdesk_domain::audit::AuditAction;
use reviewdesk_domain::consistency::DeclaredIdentity;
use reviewdesk_domain::id::IdType;
use reviewdesk_domain::review::{Outcome, Role};
use reviewdesk_domain::wire::supervision::SecondReviewRequest;
use reviewdesk_store::on_both_stores;
use reviewdesk_store::testing::place::{self, Place};
use reviewdesk_store::{NewDecision, NewUser, Store, User};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 2, 0, 0).unwrap()
}

fn user(store: &dyn Store, name: &str, role: Role) -> User {
    let new = NewUser {
        username: name.to_owned(),
        password_hash: "$argon2id$test".to_owned(),
        role,
        province: Some("11".to_owned()),
    };
    store.add_user(&new, now()).unwrap()
}

fn the_timeline_shows_each_decisions_note_in_full(place: Place) {
    let store = place.open();
    let store = store.as_ref();
    let alice = user(store, "alice", Role::Reviewer);
    let sup = user(store, "sup", Role::Supervisor);
    let mut submission = place::submission("s1", NaiveDate::from_ymd_opt(2026, 3, 2).unwrap());
    submission.identity = DeclaredIdentity::number_only(IdType::Passport, "E12345678");
    store.intake(&submission, "intake:test", now()).unwrap();
    let lease = store.claim(&alice, 1, Duration::minutes(15), now()).unwrap().remove(0);
    let first_note = "手持照光线偏暗，但可辨认";
    let decision = NewDecision {
        id: "d-1".to_owned(),
        submission_id: "s1".to_owned(),
        lease_token: lease.lease_token,
        outcome: Outcome::Approve,
        reasons: Vec::new(),
        other_text: None,
        note: Some(first_note.to_owned()),
        overridden_findings: Vec::new(),
    };
    store.decide_sampled(&alice, &decision, true, now()).unwrap();
    let long_note = format!("人像面照片与手持照不是同一人。{}", "复核理由很长。".repeat(150));
    let verdict = SecondReviewRequest {
        id: "v-1".to_owned(),
        submission_id: "s1".to_owned(),
        outcome: Outcome::Reject,
        reasons: vec!["sex_incorrect".to_owned()],
        other_text: None,
        note: long_note.clone(),
    };
    store.second_review(&sup, &verdict, now()).unwrap();

    let timeline = store.timeline(&sup, "s1").unwrap();
    // The declared document, so the events name its photos (a passport's 资料页, not 人像面).
    assert_eq!(timeline.id_type, Some(IdType::Passport));
    let note_of = |action: AuditAction| {
        timeline.events.iter().find(|e| e.action == action).and_then(|e| e.note.clone())
    };
    assert_eq!(note_of(AuditAction::Decision).as_deref(), Some(first_note));
    assert_eq!(note_of(AuditAction::SecondReviewChanged), Some(long_note.clone()));
    let others = timeline
        .events
        .iter()
        .filter(|e| !matches!(e.action, AuditAction::Decision | AuditAction::SecondReviewChanged));
    assert!(others.clone().count() >= 2, "{timeline:?}");
    assert!(others.clone().all(|e| e.note.is_none()), "{timeline:?}");
    // The chain holds none of it.
    for entry in store.audit_chain().unwrap() {
        assert!(!entry.entry.detail.contains("手持照光线"), "{}", entry.entry.detail);
        assert!(!entry.entry.detail.contains("复核理由"), "{}", entry.entry.detail);
    }
}

on_both_stores!(
    Place;
    the_timeline_shows_each_decisions_note_in_full,
);
