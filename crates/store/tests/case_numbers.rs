//! Case numbers and the case search, against both stores: numbers follow the province and the
//! Beijing day, are handed out once each under concurrent intake (a refused intake uses none),
//! stay what they were, and existing submissions get theirs from the migration; the search finds
//! a province's cases by each kind of query, masks what it answers, never crosses provinces,
//! leaves golden copies out, and is audited without the query's personal data.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashSet;
use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use reviewdesk_domain::audit::AuditAction;
use reviewdesk_domain::consistency::DeclaredIdentity;
use reviewdesk_domain::id::IdType;
use reviewdesk_domain::review::{Outcome, Role};
use reviewdesk_domain::wire::case_search::{CaseMatch, CaseSearchQuery, CaseSearchResult};
use reviewdesk_store::on_both_stores;
use reviewdesk_store::testing::place::{self, Place};
use reviewdesk_store::{NewDecision, NewSubmission, NewUser, Store, StoreError, User};

/// 10:00 in Beijing on 2026-03-02.
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

fn new_submission(id: &str, province: &str, number: &str, name: &str) -> NewSubmission {
    let mut identity = DeclaredIdentity::number_only(IdType::Resident, number);
    identity.name = Some(name.to_owned());
    NewSubmission {
        province: province.to_owned(),
        identity,
        ..place::submission(id, NaiveDate::from_ymd_opt(2026, 3, 2).unwrap())
    }
}

fn intake(store: &dyn Store, id: &str, province: &str, at: DateTime<Utc>) -> String {
    let new = new_submission(id, province, "11010519491231002X", "王小明");
    store.intake(&new, "intake:test", at).unwrap().case_number
}

fn numbers_follow_the_province_and_the_beijing_day(place: Place) {
    let store = place.open();
    let store = store.as_ref();
    assert_eq!(intake(store, "s1", "11", now()), "11-20260302-0001");
    assert_eq!(intake(store, "s2", "11", now()), "11-20260302-0002");
    assert_eq!(intake(store, "s3", "31", now()), "31-20260302-0001");
    // 16:00 UTC is midnight in Beijing: a new day, a new sequence.
    let midnight = Utc.with_ymd_and_hms(2026, 3, 2, 16, 0, 0).unwrap();
    assert_eq!(intake(store, "s4", "11", midnight - Duration::seconds(1)), "11-20260302-0003");
    assert_eq!(intake(store, "s5", "11", midnight), "11-20260303-0001");

    // A refused intake (the id is taken) uses no number.
    let again = new_submission("s5", "11", "11010519491231002X", "王小明");
    assert!(matches!(
        store.intake(&again, "intake:test", midnight),
        Err(StoreError::AlreadyExists { .. })
    ));
    assert_eq!(intake(store, "s6", "11", midnight), "11-20260303-0002");

    // The number stays: read back through every view, and after reopening the store.
    let reopened = place.open();
    assert_eq!(reopened.submission_record("s2", now()).unwrap().case_number, "11-20260302-0002");
    assert_eq!(reopened.applicant_view("s5").unwrap().case_number, "11-20260303-0001");
}

fn concurrent_intakes_get_distinct_numbers(place: Place) {
    const AT_ONCE: usize = 64;
    let store: Arc<dyn Store> = Arc::from(place.open());
    let start = Arc::new(std::sync::Barrier::new(AT_ONCE));
    let threads: Vec<_> = (0..AT_ONCE)
        .map(|i| {
            let (store, start) = (Arc::clone(&store), Arc::clone(&start));
            std::thread::spawn(move || {
                start.wait();
                intake(store.as_ref(), &format!("c{i}"), "11", now())
            })
        })
        .collect();
    let numbers: HashSet<String> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    let expected: HashSet<String> = (1..=AT_ONCE).map(|n| format!("11-20260302-{n:04}")).collect();
    assert_eq!(numbers, expected, "each of 1..={AT_ONCE} exactly once");
}

fn existing_submissions_are_numbered_by_the_migration(place: Place) {
    let store = place.open();
    // Arrived out of id order; one just before and one just after Beijing midnight.
    let arrivals = [
        ("b", Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap()),
        ("a", Utc.with_ymd_and_hms(2026, 3, 2, 15, 59, 59).unwrap()),
        ("c", Utc.with_ymd_and_hms(2026, 3, 2, 1, 0, 0).unwrap()),
        ("d", Utc.with_ymd_and_hms(2026, 3, 2, 16, 0, 0).unwrap()),
    ];
    for (id, at) in arrivals {
        intake(store.as_ref(), id, "11", at);
    }
    drop(store);
    // Back to the schema before case numbers (and the migrations after it), the data kept.
    let version = match &place {
        Place::Sqlite(_) => 12,
        Place::Postgres(_) => 14,
    };
    let undo = match &place {
        Place::Sqlite(_) => {
            "DROP TRIGGER submissions_have_case_numbers;
             DROP INDEX submissions_by_case_number;
             DROP INDEX submissions_by_id_number;
             DROP INDEX submissions_by_name;
             ALTER TABLE submissions DROP COLUMN case_number;"
        }
        Place::Postgres(_) => {
            "DROP INDEX submissions_by_id_number;
             DROP INDEX submissions_by_name;
             ALTER TABLE submissions DROP COLUMN case_number;"
        }
    };
    place.raw(&format!(
        "{undo} DROP TABLE case_number_counters; DROP TABLE saved_views; DROP TABLE photo_hashes;
             DROP TABLE board_faces; DROP TABLE identity_boards;
             DROP TABLE similarity_bands; DROP TABLE face_calibration_runs;
         DELETE FROM schema_migrations WHERE version >= {version};"
    ));
    let store = place.open();
    let number = |id: &str| store.submission_record(id, now()).unwrap().case_number;
    assert_eq!(number("c"), "11-20260302-0001");
    assert_eq!(number("b"), "11-20260302-0002");
    assert_eq!(number("a"), "11-20260302-0003");
    assert_eq!(number("d"), "11-20260303-0001");
    // The counters carry on from there.
    assert_eq!(intake(store.as_ref(), "e", "11", now()), "11-20260302-0004");
}

fn search(store: &dyn Store, viewer: &User, q: &str) -> CaseSearchResult {
    let terms = CaseSearchQuery { q: q.to_owned() }.terms().unwrap();
    store.find_cases(viewer, &terms, now()).unwrap()
}

fn the_search_finds_each_kind_masks_and_is_audited(place: Place) {
    let store = place.open();
    let store = store.as_ref();
    let sup = user(store, "sup", Role::Supervisor, "11");
    let shanghai = user(store, "shen", Role::Supervisor, "31");
    let reviewer = user(store, "li", Role::Reviewer, "11");
    let jia = new_submission("s1", "11", "22010219900307124x", "贾秀英");
    store.intake(&jia, "intake:test", now()).unwrap();
    store
        .intake(&new_submission("s2", "11", "11010519491231002X", "贾秀英"), "intake:test", now())
        .unwrap();
    store
        .intake(&new_submission("s3", "31", "31010519491231002X", "贾秀英"), "intake:test", now())
        .unwrap();

    let by_number = search(store, &sup, "11-20260302-0001");
    assert_eq!(by_number.hits.len(), 1);
    let hit = &by_number.hits[0];
    assert_eq!((hit.submission_id.as_str(), hit.matched_by), ("s1", CaseMatch::CaseNumber));
    assert_eq!(hit.name_masked.as_deref(), Some("贾**"));
    assert_eq!(hit.id_number_masked.as_deref(), Some("22**************4x"));

    let by_applicant = search(store, &sup, "app-s2");
    assert_eq!(by_applicant.hits.len(), 1);
    assert_eq!(by_applicant.hits[0].matched_by, CaseMatch::ApplicantId);

    // Typed with spaces and a capital X, as read off a card.
    let by_id_number = search(store, &sup, "220102 19900307 124X");
    let found: Vec<_> =
        by_id_number.hits.iter().map(|h| (h.submission_id.as_str(), h.matched_by)).collect();
    assert_eq!(found, [("s1", CaseMatch::IdNumber)]);

    let by_name = search(store, &sup, "贾秀英");
    let mut ids: Vec<_> = by_name.hits.iter().map(|h| h.submission_id.as_str()).collect();
    ids.sort_unstable();
    assert_eq!(ids, ["s1", "s2"], "province 31's namesake is not listed");
    assert!(by_name.hits.iter().all(|h| h.matched_by == CaseMatch::Name));

    // Another province finds only its own; nothing by another province's case number.
    assert!(search(store, &shanghai, "11-20260302-0001").hits.is_empty());
    assert_eq!(search(store, &shanghai, "贾秀英").hits.len(), 1);
    // The search is a supervisor's: a reviewer has no province-wide view (the store says so by
    // province too: only the HTTP layer decides roles, tested there).
    let _ = reviewer;

    // Audited: one event per case found, naming it and how; never the name or the number.
    let events: Vec<_> = store
        .audit_chain()
        .unwrap()
        .into_iter()
        .map(|c| c.entry)
        .filter(|e| e.action == AuditAction::CaseSearch)
        .collect();
    let of_id_number_search: Vec<_> = events
        .iter()
        .filter(|e| e.actor == "sup" && e.detail.contains("\"matched_by\":\"id_number\""))
        .collect();
    assert_eq!(of_id_number_search.len(), 1);
    assert_eq!(of_id_number_search[0].subject.as_deref(), Some("s1"));
    let nothing_found: Vec<_> = events.iter().filter(|e| e.subject.is_none()).collect();
    assert_eq!(nothing_found.len(), 1, "shen's case-number search found nothing");
    assert!(nothing_found[0].detail.contains("11-20260302-0001"), "{}", nothing_found[0].detail);
    for event in &events {
        for secret in ["贾", "220102", "124X", "124x"] {
            assert!(!event.detail.contains(secret), "{secret} in {}", event.detail);
        }
    }
}

fn golden_copies_get_a_fresh_number_and_stay_out_of_the_search(place: Place) {
    let store = place.open();
    let store = store.as_ref();
    let sup = user(store, "sup", Role::Supervisor, "11");
    let li = user(store, "li", Role::Reviewer, "11");
    store
        .intake(&new_submission("s1", "11", "11010519491231002X", "贾秀英"), "intake:test", now())
        .unwrap();
    let lease = store.claim(&li, 1, Duration::minutes(15), now()).unwrap().remove(0);
    let decision = NewDecision {
        id: "7c9e6679-7425-40de-944b-e07fc1f90ae7".to_owned(),
        submission_id: "s1".to_owned(),
        lease_token: lease.lease_token,
        outcome: Outcome::Approve,
        reasons: Vec::new(),
        other_text: None,
        note: None,
        overridden_findings: Vec::new(),
    };
    store.decide(&li, &decision, now()).unwrap();
    let next_day = now() + Duration::days(1);
    let golden = store
        .plant_golden(&sup, "s1", "0d6f1a2e-7425-40de-944b-e07fc1f90ae8", None, next_day)
        .unwrap();
    assert_eq!(golden.golden_case_number, "11-20260303-0001");
    let hits = search(store, &sup, "贾秀英").hits;
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].submission_id, "s1");
    assert!(search(store, &sup, "11-20260303-0001").hits.is_empty());
}

on_both_stores!(
    Place;
    numbers_follow_the_province_and_the_beijing_day,
    concurrent_intakes_get_distinct_numbers,
    existing_submissions_are_numbered_by_the_migration,
    the_search_finds_each_kind_masks_and_is_audited,
    golden_copies_get_a_fresh_number_and_stay_out_of_the_search,
);
