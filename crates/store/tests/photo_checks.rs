//! The photo checks' durable work queue, against both stores: intake queues the checks in its
//! own transaction; a claim holds work under a lease and counts the attempt; only the current
//! claim records an outcome (once, with its findings, removing the work); an expired claim is
//! claimed again; a retry waits; a release does not count; workers on separate connections never
//! share work; retention removes the work of purged submissions; the migration queues
//! submissions whose checks never ran.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use reviewdesk_domain::photo_findings::{
    photo_check_failed, photo_rotated, ImageFinding, PhotoChecks,
};
use reviewdesk_domain::review::{Outcome, PhotoSide};
use reviewdesk_store::on_both_stores;
use reviewdesk_store::testing::place::{self, Place};
use reviewdesk_store::{NewDecision, PhotoCheckOutcome, PhotoCheckResult, Store};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 2, 0, 0).unwrap()
}

fn submit(store: &dyn Store, id: &str) {
    let submission = place::submission(id, NaiveDate::from_ymd_opt(2026, 3, 2).unwrap());
    store.intake(&submission, "intake:test", now()).unwrap();
}

fn rotated() -> Vec<ImageFinding> {
    vec![ImageFinding { side: PhotoSide::Emblem, finding: photo_rotated(PhotoSide::Emblem, 90) }]
}

fn finish(
    store: &dyn Store,
    id: &str,
    claim: &str,
    outcome: PhotoCheckOutcome,
    findings: &[ImageFinding],
    at: DateTime<Utc>,
) -> bool {
    let result = PhotoCheckResult { submission_id: id, claim, outcome, findings };
    store.finish_photo_check(&result, at).unwrap()
}

fn lease() -> Duration {
    Duration::minutes(2)
}

fn intake_queues_the_checks_and_the_claim_holder_records_them_once(place: Place) {
    let store = place.open();
    submit(store.as_ref(), "s1");
    let pending = store.photo_checks("s1").unwrap();
    assert_eq!((pending.state, pending.findings.len()), (PhotoChecks::Pending, 0));
    let backlog = store.photo_check_backlog(now()).unwrap();
    assert_eq!((backlog.queued, backlog.claimed), (1, 0));
    assert_eq!(backlog.oldest_enqueued_at, Some(now()));

    let work = store.claim_photo_check("c1", lease(), now()).unwrap().unwrap();
    assert_eq!(work.submission_id, "s1");
    assert_eq!(work.applicant_id, "app-s1");
    assert_eq!(work.declared_number, "11010519491231002X");
    assert_eq!(work.images.emblem, "b".repeat(64));
    assert_eq!((work.claim.as_str(), work.attempts), ("c1", 1));
    assert_eq!(store.photo_check_backlog(now()).unwrap().claimed, 1);
    // Held: nobody else gets it while the claim lives.
    assert_eq!(store.claim_photo_check("c2", lease(), now()).unwrap(), None);

    assert!(finish(store.as_ref(), "s1", "c1", PhotoCheckOutcome::Done, &rotated(), now()));
    let done = store.photo_checks("s1").unwrap();
    assert_eq!(done.state, PhotoChecks::Done);
    assert_eq!(
        done.findings,
        rotated()
            .into_iter()
            .map(|f| ImageFinding { finding: f.finding.about_photo(f.side), ..f })
            .collect::<Vec<_>>()
    );
    assert_eq!(store.photo_check_backlog(now()).unwrap().queued, 0);
    // A second recording under the same claim finds no work: nothing written twice.
    assert!(!finish(store.as_ref(), "s1", "c1", PhotoCheckOutcome::Done, &[], now()));
    assert_eq!(store.photo_checks("s1").unwrap().findings.len(), 1);
    assert_eq!(store.claim_photo_check("c3", lease(), now()).unwrap(), None);
}

fn an_expired_claim_is_taken_again_and_the_old_holder_cannot_record(place: Place) {
    let store = place.open();
    submit(store.as_ref(), "s1");
    store.claim_photo_check("dead", lease(), now()).unwrap().unwrap();
    let later = now() + lease() + Duration::seconds(1);
    let again = store.claim_photo_check("alive", lease(), later).unwrap().unwrap();
    assert_eq!(again.attempts, 2);

    assert!(!finish(store.as_ref(), "s1", "dead", PhotoCheckOutcome::Done, &rotated(), later));
    assert_eq!(store.photo_checks("s1").unwrap().state, PhotoChecks::Pending);
    assert!(finish(store.as_ref(), "s1", "alive", PhotoCheckOutcome::Done, &[], later));
    let done = store.photo_checks("s1").unwrap();
    assert_eq!((done.state, done.findings.len()), (PhotoChecks::Done, 0));
}

fn a_retry_waits_a_release_does_not_count_and_giving_up_is_recorded(place: Place) {
    let store = place.open();
    submit(store.as_ref(), "s1");
    store.claim_photo_check("c1", lease(), now()).unwrap().unwrap();
    let retry_at = now() + Duration::minutes(10);
    assert!(store.retry_photo_check("s1", "c1", retry_at, "photo file unreadable").unwrap());
    assert!(!store.retry_photo_check("s1", "c1", retry_at, "again").unwrap(), "claim ended");
    assert_eq!(store.claim_photo_check("c2", lease(), now()).unwrap(), None, "not yet due");

    let second = store.claim_photo_check("c2", lease(), retry_at).unwrap().unwrap();
    assert_eq!(second.attempts, 2);
    assert_eq!(store.release_photo_checks(&["c2".to_owned(), "other".to_owned()]).unwrap(), 1);
    let third = store.claim_photo_check("c3", lease(), retry_at).unwrap().unwrap();
    assert_eq!(third.attempts, 2, "a released claim is not an attempt");

    let gave_up =
        [ImageFinding { side: PhotoSide::Portrait, finding: photo_check_failed(third.attempts) }];
    assert!(finish(store.as_ref(), "s1", "c3", PhotoCheckOutcome::Failed, &gave_up, retry_at));
    let failed = store.photo_checks("s1").unwrap();
    assert_eq!(failed.state, PhotoChecks::Failed);
    assert_eq!(failed.findings[0].finding.code, "photo_check_failed");
}

fn the_checks_of_a_submission_a_reviewer_holds_come_first(place: Place) {
    let store = place.open();
    let reviewer = place::reviewer(store.as_ref(), "li.na", now());
    submit(store.as_ref(), "older");
    let later = place::submission("held", NaiveDate::from_ymd_opt(2026, 3, 2).unwrap());
    store.intake(&later, "intake:test", now() + Duration::minutes(1)).unwrap();
    let held = store.claim(&reviewer, 2, Duration::minutes(15), now()).unwrap();
    store.release(&reviewer, "older", &held[0].lease_token, now()).unwrap();
    let at = now() + Duration::minutes(2);
    let first = store.claim_photo_check("c1", lease(), at).unwrap().unwrap();
    assert_eq!(first.submission_id, "held");
    let next = store.claim_photo_check("c2", lease(), at).unwrap().unwrap();
    assert_eq!(next.submission_id, "older");
}

fn workers_on_separate_connections_never_share_work(place: Place) {
    const SUBMISSIONS: usize = 24;
    let store = place.open();
    for n in 0..SUBMISSIONS {
        submit(store.as_ref(), &format!("s{n:02}"));
    }
    let claimed: Arc<Mutex<BTreeMap<String, Vec<String>>>> = Arc::default();
    let place = Arc::new(place);
    let workers: Vec<_> = (0..4)
        .map(|worker| {
            let (place, claimed) = (Arc::clone(&place), Arc::clone(&claimed));
            std::thread::spawn(move || {
                let store = place.open();
                for turn in 0.. {
                    let claim = format!("w{worker}-{turn}");
                    let Some(work) = store.claim_photo_check(&claim, lease(), now()).unwrap()
                    else {
                        break;
                    };
                    claimed
                        .lock()
                        .unwrap()
                        .entry(work.submission_id.clone())
                        .or_default()
                        .push(claim.clone());
                    let result = PhotoCheckResult {
                        submission_id: &work.submission_id,
                        claim: &claim,
                        outcome: PhotoCheckOutcome::Done,
                        findings: &[],
                    };
                    assert!(store.finish_photo_check(&result, now()).unwrap());
                }
            })
        })
        .collect();
    for worker in workers {
        worker.join().unwrap();
    }
    let claimed = claimed.lock().unwrap();
    assert_eq!(claimed.len(), SUBMISSIONS);
    assert!(claimed.values().all(|claims| claims.len() == 1), "{claimed:?}");
    assert_eq!(store.photo_check_backlog(now()).unwrap().queued, 0);
}

fn retention_removes_the_work_of_purged_submissions(place: Place) {
    let store = place.open();
    let reviewer = place::reviewer(store.as_ref(), "li.na", now());
    submit(store.as_ref(), "s1");
    let held = store.claim(&reviewer, 1, Duration::minutes(15), now()).unwrap().remove(0);
    let decision = NewDecision {
        id: uuid::Uuid::new_v4().to_string(),
        submission_id: held.submission_id,
        lease_token: held.lease_token,
        outcome: Outcome::Approve,
        reasons: Vec::new(),
        other_text: None,
        note: None,
        overridden_findings: Vec::new(),
    };
    store.decide(&reviewer, &decision, now()).unwrap();
    let later = now() + Duration::days(1096);
    assert_eq!(store.purge_personal_data(later, later).unwrap().submissions, 1);
    assert_eq!(store.photo_check_backlog(later).unwrap().queued, 0);
    assert_eq!(store.claim_photo_check("c1", lease(), later).unwrap(), None);
}

fn the_migration_queues_submissions_whose_checks_never_ran(place: Place) {
    {
        let store = place.open();
        submit(store.as_ref(), "checked");
        submit(store.as_ref(), "never");
        let work = store.claim_photo_check("c1", lease(), now()).unwrap().unwrap();
        assert!(finish(
            store.as_ref(),
            &work.submission_id,
            "c1",
            PhotoCheckOutcome::Done,
            &[],
            now()
        ));
    }
    // Back to the schema before the work queue, as a database of the earlier release is: the
    // work queue's migration and every later one undone.
    let (version, undo_later) = match place {
        Place::Sqlite(_) => (
            8,
            "DROP TABLE audit_checkpoints; ALTER TABLE decisions DROP COLUMN overridden_findings;
             DROP TRIGGER submissions_have_case_numbers; DROP INDEX submissions_by_case_number;
             DROP INDEX submissions_by_id_number; DROP INDEX submissions_by_name;
             ALTER TABLE submissions DROP COLUMN case_number; DROP TABLE case_number_counters;
             DROP TABLE saved_views; DROP TABLE photo_hashes;
             DROP TABLE board_faces; DROP TABLE identity_boards;
             DROP TABLE similarity_bands; DROP TABLE face_calibration_runs;",
        ),
        Place::Postgres(_) => (
            10,
            "DROP TABLE audit_checkpoints; DROP FUNCTION audit_checkpoints_are_append_only;
             ALTER TABLE decisions DROP COLUMN overridden_findings;
             DROP INDEX submissions_by_case_number; DROP INDEX submissions_by_id_number;
             DROP INDEX submissions_by_name; ALTER TABLE submissions DROP COLUMN case_number;
             DROP TABLE case_number_counters; DROP TABLE saved_views; DROP TABLE photo_hashes;
             DROP TABLE board_faces; DROP TABLE identity_boards;
             DROP TABLE similarity_bands; DROP TABLE face_calibration_runs;",
        ),
    };
    place.raw(&format!(
        "{undo_later}
         ALTER TABLE users DROP COLUMN disabled_at;
         DROP TABLE photo_check_work;
         ALTER TABLE image_checks DROP COLUMN outcome;
         ALTER TABLE image_checks DROP COLUMN attempts;
         DELETE FROM schema_migrations WHERE version >= {version};"
    ));
    let store = place.open();
    let work = store.claim_photo_check("c2", lease(), now()).unwrap().unwrap();
    assert_eq!(work.submission_id, "never");
    assert_eq!(store.claim_photo_check("c3", lease(), now()).unwrap(), None);
    assert_eq!(store.photo_checks("checked").unwrap().state, PhotoChecks::Done);
}

on_both_stores!(Place;
    intake_queues_the_checks_and_the_claim_holder_records_them_once,
    an_expired_claim_is_taken_again_and_the_old_holder_cannot_record,
    a_retry_waits_a_release_does_not_count_and_giving_up_is_recorded,
    the_checks_of_a_submission_a_reviewer_holds_come_first,
    workers_on_separate_connections_never_share_work,
    retention_removes_the_work_of_purged_submissions,
    the_migration_queues_submissions_whose_checks_never_ran,
);
