//! Saved views and the "has automatic findings" filter, against both stores: a view is kept per
//! supervisor in the lowest free slot, saving it again keeps its slot, another supervisor never
//! sees it, bad names, unknown reasons, reversed dates and a tenth view are refused with their
//! codes and write nothing, and deleting frees the slot; the decision log's `has_findings` finds
//! exactly the decisions on cases with consistency or photo-check findings.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use reviewdesk_domain::finding::Finding;
use reviewdesk_domain::photo_findings::{photo_rotated, ImageFinding};
use reviewdesk_domain::review::{Outcome, PhotoSide, Role};
use reviewdesk_domain::wire::saved_views::MAX_SAVED_VIEWS;
use reviewdesk_domain::wire::supervision::DecisionLogFilter;
use reviewdesk_store::on_both_stores;
use reviewdesk_store::testing::place::{self, Place};
use reviewdesk_store::{
    NewDecision, NewUser, PhotoCheckOutcome, PhotoCheckResult, Store, StoreError, User,
};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 2, 0, 0).unwrap()
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

fn late_rejections() -> DecisionLogFilter {
    DecisionLogFilter {
        outcome: Some(Outcome::Reject),
        sla_breached: Some(true),
        reason: Some("sex_incorrect".into()),
        ..DecisionLogFilter::default()
    }
}

fn code(result: Result<impl std::fmt::Debug, StoreError>) -> String {
    result.unwrap_err().code().to_string()
}

fn views_are_kept_per_supervisor_in_slots(place: Place) {
    let store = place.open();
    let store = store.as_ref();
    let sup = user(store, "sup", Role::Supervisor, "11");
    let other = user(store, "sup2", Role::Supervisor, "11");
    let far = user(store, "sup44", Role::Supervisor, "44");

    let first = store.save_view(&sup, "  逾期驳回 ", &late_rejections(), now()).unwrap();
    assert_eq!((first.name.as_str(), first.slot), ("逾期驳回", 1));
    let findings = DecisionLogFilter { has_findings: Some(true), ..DecisionLogFilter::default() };
    let second = store.save_view(&sup, "有发现", &findings, now()).unwrap();
    assert_eq!(second.slot, 2);

    // Saved again: the same slot, the new filters, the new time.
    let later = now() + Duration::minutes(5);
    let changed = DecisionLogFilter { overturned: Some(true), ..late_rejections() };
    let again = store.save_view(&sup, "逾期驳回", &changed, later).unwrap();
    assert_eq!(again.slot, 1);
    let listed = store.saved_views(&sup).unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!((listed[0].name.as_str(), listed[0].slot), ("逾期驳回", 1));
    assert_eq!(listed[0].filter, changed);
    assert_eq!(listed[0].updated_at, later);
    assert_eq!(listed[1].filter, findings);

    // Another supervisor, of the province or not, sees none of them and numbers their own.
    assert!(store.saved_views(&other).unwrap().is_empty());
    assert!(store.saved_views(&far).unwrap().is_empty());
    assert_eq!(store.save_view(&far, "逾期驳回", &findings, now()).unwrap().slot, 1);
    assert!(matches!(store.delete_view(&other, "有发现"), Err(StoreError::NotFound { .. })));
    assert_eq!(store.saved_views(&sup).unwrap().len(), 2);

    // Refusals, each with its code, writing nothing.
    assert_eq!(code(store.save_view(&sup, "   ", &findings, now())), "bad_view_name");
    assert_eq!(code(store.save_view(&sup, &"长".repeat(21), &findings, now())), "bad_view_name");
    assert_eq!(code(store.save_view(&sup, "a\nb", &findings, now())), "bad_view_name");
    let unknown = DecisionLogFilter { reason: Some("no_such_reason".into()), ..findings.clone() };
    assert_eq!(code(store.save_view(&sup, "坏", &unknown, now())), "unknown_reason_code");
    let long = DecisionLogFilter { reviewer: Some("r".repeat(65)), ..findings.clone() };
    assert_eq!(code(store.save_view(&sup, "坏", &long, now())), "bad_view_filter");
    let day = |d| NaiveDate::from_ymd_opt(2026, 3, d).unwrap();
    let reversed = DecisionLogFilter { from: Some(day(9)), to: Some(day(1)), ..findings.clone() };
    assert_eq!(code(store.save_view(&sup, "坏", &reversed, now())), "bad_date_range");
    assert_eq!(store.saved_views(&sup).unwrap().len(), 2);

    // Nine at most; the tenth is refused, re-saving one of the nine is not.
    for n in 3..=MAX_SAVED_VIEWS {
        let view = store.save_view(&sup, &format!("视图{n}"), &findings, now()).unwrap();
        assert_eq!(usize::from(view.slot), n);
    }
    assert_eq!(code(store.save_view(&sup, "第十个", &findings, now())), "too_many_views");
    assert_eq!(store.save_view(&sup, "视图5", &late_rejections(), now()).unwrap().slot, 5);

    // Deleting frees the slot; the next new view takes it.
    store.delete_view(&sup, " 有发现").unwrap();
    assert!(matches!(store.delete_view(&sup, "有发现"), Err(StoreError::NotFound { .. })));
    assert_eq!(store.save_view(&sup, "第十个", &findings, now()).unwrap().slot, 2);
    let slots: Vec<u8> = store.saved_views(&sup).unwrap().iter().map(|v| v.slot).collect();
    assert_eq!(slots, (1..=9).collect::<Vec<u8>>());
}

fn the_log_filters_cases_with_automatic_findings(place: Place) {
    let store = place.open();
    let store = store.as_ref();
    let alice = user(store, "alice", Role::Reviewer, "11");
    let sup = user(store, "sup", Role::Supervisor, "11");
    let day = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    for id in ["s-intake", "s-photo", "s-clean"] {
        let mut submission = place::submission(id, day);
        if id == "s-intake" {
            submission.findings =
                vec![Finding::warning("county_unknown", None, "县级代码未知", "Unknown county")];
        }
        store.intake(&submission, "intake:test", now()).unwrap();
    }
    // The photo checks run: only s-photo's find something.
    while let Some(work) = store.claim_photo_check("worker", Duration::minutes(2), now()).unwrap() {
        let found = if work.submission_id == "s-photo" {
            vec![ImageFinding {
                side: PhotoSide::Emblem,
                finding: photo_rotated(PhotoSide::Emblem, 90),
            }]
        } else {
            Vec::new()
        };
        let result = PhotoCheckResult {
            submission_id: &work.submission_id,
            claim: "worker",
            outcome: PhotoCheckOutcome::Done,
            findings: &found,
        };
        assert!(store.finish_photo_check(&result, now()).unwrap());
    }
    for lease in store.claim(&alice, 3, Duration::minutes(15), now()).unwrap() {
        let decision = NewDecision {
            id: format!("d-{}", lease.submission_id),
            submission_id: lease.submission_id.clone(),
            lease_token: lease.lease_token.clone(),
            outcome: Outcome::Approve,
            reasons: Vec::new(),
            other_text: None,
            note: None,
            overridden_findings: Vec::new(),
        };
        store.decide(&alice, &decision, now()).unwrap();
    }
    let log = |has_findings| {
        let filter = DecisionLogFilter { has_findings, ..DecisionLogFilter::default() };
        let page = store.decision_log(&sup, &filter, None, 50).unwrap();
        let mut ids: Vec<String> =
            page.records.into_iter().map(|r| r.entry.submission_id).collect();
        ids.sort();
        ids
    };
    assert_eq!(log(Some(true)), ["s-intake", "s-photo"]);
    assert_eq!(log(Some(false)), ["s-clean"]);
    assert_eq!(log(None).len(), 3);
}

on_both_stores!(
    Place;
    views_are_kept_per_supervisor_in_slots,
    the_log_filters_cases_with_automatic_findings,
);
