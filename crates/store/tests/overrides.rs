//! Approvals over findings, against both stores: the decision keeps its `overridden_findings`
//! (read back, replayed, and a replay with other codes is `idempotency_mismatch`), the audit event
//! names them, the decision log's `over_findings` filter finds exactly those approvals, and
//! malformed overrides (on a rejection, an unknown code, a code twice) are refused with their codes
//! and write nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use reviewdesk_domain::review::{Outcome, Role};
use reviewdesk_domain::wire::supervision::DecisionLogFilter;
use reviewdesk_store::on_both_stores;
use reviewdesk_store::testing::place::{self, Place};
use reviewdesk_store::{DecisionReceipt, NewDecision, NewUser, Store, StoreError, User};

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

fn codes(list: &[&str]) -> Vec<String> {
    list.iter().map(|code| (*code).to_owned()).collect()
}

fn decide(
    store: &dyn Store,
    who: &User,
    id: &str,
    lease: &reviewdesk_store::Lease,
    outcome: Outcome,
    overridden: &[&str],
) -> Result<DecisionReceipt, StoreError> {
    let reasons = if outcome == Outcome::Reject { codes(&["sex_incorrect"]) } else { Vec::new() };
    let decision = NewDecision {
        id: id.to_owned(),
        submission_id: lease.submission_id.clone(),
        lease_token: lease.lease_token.clone(),
        outcome,
        reasons,
        other_text: None,
        note: None,
        overridden_findings: codes(overridden),
    };
    store.decide(who, &decision, now())
}

fn approvals_over_findings_are_kept_audited_and_filtered(place: Place) {
    let store = place.open();
    let store = store.as_ref();
    let alice = user(store, "alice", Role::Reviewer);
    let sup = user(store, "sup", Role::Supervisor);
    for n in 0..3 {
        let submission =
            place::submission(&format!("s{n}"), NaiveDate::from_ymd_opt(2026, 3, 2).unwrap());
        store.intake(&submission, "intake:test", now()).unwrap();
    }
    let leases = store.claim(&alice, 3, Duration::minutes(15), now()).unwrap();
    let [over, plain, rejected] = [&leases[0], &leases[1], &leases[2]];

    // Malformed overrides are refused and write nothing.
    let refused = [
        decide(store, &alice, "bad-1", over, Outcome::Reject, &["sex_mismatch"]),
        decide(store, &alice, "bad-2", over, Outcome::Approve, &["no_such_finding"]),
        decide(store, &alice, "bad-3", over, Outcome::Approve, &["id_expired", "id_expired"]),
    ]
    .map(|result| result.map(|_| ()).unwrap_err().code());
    assert_eq!(
        refused,
        ["overrides_with_rejection", "unknown_finding_code", "duplicate_finding_code"]
    );

    let overridden = ["birth_date_mismatch", "photo_checks_not_done"];
    let receipt = decide(store, &alice, "d-over", over, Outcome::Approve, &overridden).unwrap();
    assert_eq!(receipt.decision.overridden_findings, codes(&overridden));
    // A replay returns the same; the same id with other overrides is a different decision.
    let replay = decide(store, &alice, "d-over", over, Outcome::Approve, &overridden).unwrap();
    assert!(replay.replayed);
    assert_eq!(replay.decision, receipt.decision);
    assert!(matches!(
        decide(store, &alice, "d-over", over, Outcome::Approve, &["birth_date_mismatch"]),
        Err(StoreError::IdempotencyMismatch { .. })
    ));
    assert!(decide(store, &alice, "d-plain", plain, Outcome::Approve, &[])
        .unwrap()
        .decision
        .overridden_findings
        .is_empty());
    decide(store, &alice, "d-rej", rejected, Outcome::Reject, &[]).unwrap();

    // The log: the filter finds the approval over findings, and the entry names them.
    let log = |over_findings| {
        let filter = DecisionLogFilter { over_findings, ..DecisionLogFilter::default() };
        let page = store.decision_log(&sup, &filter, None, 50).unwrap();
        let mut ids: Vec<String> =
            page.records.iter().map(|r| r.entry.decision_id.clone()).collect();
        ids.sort();
        (ids, page.records)
    };
    let (ids, records) = log(Some(true));
    assert_eq!(ids, ["d-over"]);
    assert_eq!(records[0].entry.overridden_findings, codes(&overridden));
    assert_eq!(log(Some(false)).0, ["d-plain", "d-rej"]);
    assert_eq!(log(None).0.len(), 3);

    // The audit event of the decision names what was overridden; the others say nothing of it.
    let timeline = store.timeline(&sup, &over.submission_id).unwrap();
    let decided = timeline.events.iter().rfind(|e| e.detail.contains("d-over")).unwrap();
    let detail: serde_json::Value = serde_json::from_str(&decided.detail).unwrap();
    assert_eq!(detail["overridden_findings"], serde_json::json!(overridden));
    let plain_timeline = store.timeline(&sup, &plain.submission_id).unwrap();
    assert!(plain_timeline.events.iter().all(|e| !e.detail.contains("overridden_findings")));
}

on_both_stores!(
    Place;
    approvals_over_findings_are_kept_audited_and_filtered,
);
