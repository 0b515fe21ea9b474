//! How each server answer changes local state: acknowledgements and replays, conflicts, final
//! and retried refusals, offline, an ended session, lost leases. Pure: no network, no IO.

use chrono::Duration;
use reviewdesk_domain::review::{PhotoSide, SubmissionStatus};
use reviewdesk_domain::wire::ErrorBody;

use super::*;
use crate::sync::fixtures::{body, decision, item, lease, now, outbox, receipt, state};
use crate::sync::state::Connection;

fn settings() -> Settings {
    Settings::default()
}

fn run(state: &LocalState, answer: Answer) -> Vec<CacheChange> {
    absorb(state, answer, now(), &settings())
}

fn offline() -> TransportError {
    TransportError::Offline { detail: "connection refused".into() }
}

fn send(decision: &str, submission: &str) -> Operation {
    Operation::Send { decision_id: decision.into(), submission_id: submission.into() }
}

fn failed(operation: Operation, error: TransportError) -> Answer {
    Answer::Failed { operation, error }
}

fn last_error(error: &TransportError) -> CacheChange {
    CacheChange::LastError { code: error.code().into(), message: error.to_string(), at: now() }
}

#[test]
fn claimed_leases_become_items_and_the_server_is_online() {
    let answer = Answer::Claimed {
        leases: vec![lease("a", 15), lease("b", 15)],
        lease_seconds: 900,
        offline: false,
    };
    assert_eq!(
        run(&state(vec![], vec![]), answer),
        [
            CacheChange::Online,
            CacheChange::AddItem { lease: lease("a", 15), lease_seconds: 900, offline: false },
            CacheChange::AddItem { lease: lease("b", 15), lease_seconds: 900, offline: false },
        ]
    );
}

#[test]
fn lease_expiry_is_kept_on_the_clients_clock_whatever_the_servers_says() {
    // The server's clock is 20 minutes ahead, then 20 minutes behind: its `expires_at` is 35 or
    // -5 minutes away on ours. Either way the lease ends 15 minutes from now here.
    for server_skew in [20, -20] {
        let answer = Answer::Claimed {
            leases: vec![lease("a", 15 + server_skew)],
            lease_seconds: 900,
            offline: false,
        };
        assert_eq!(
            run(&state(vec![], vec![]), answer),
            [
                CacheChange::Online,
                CacheChange::AddItem { lease: lease("a", 15), lease_seconds: 900, offline: false }
            ]
        );
        let renewed = Answer::Renewed { lease: lease("a", 15 + server_skew), lease_seconds: 900 };
        assert_eq!(
            run(&state(vec![item("a", 2)], vec![]), renewed)[1],
            CacheChange::ExtendLease {
                submission_id: "a".into(),
                expires_at: now() + Duration::minutes(15),
                lease_seconds: 900
            }
        );
    }
}

#[test]
fn a_claim_of_an_item_already_held_replaces_its_lease() {
    let answer =
        Answer::Claimed { leases: vec![lease("a", 480)], lease_seconds: 28_800, offline: true };
    assert_eq!(
        run(&state(vec![item("a", 2)], vec![]), answer),
        [
            CacheChange::Online,
            CacheChange::AddItem { lease: lease("a", 480), lease_seconds: 28_800, offline: true },
        ]
    );
}

#[test]
fn a_renewal_extends_a_held_item_and_is_ignored_for_a_forgotten_one() {
    let answer = Answer::Renewed { lease: lease("a", 15), lease_seconds: 900 };
    assert_eq!(
        run(&state(vec![item("a", 2)], vec![]), answer.clone()),
        [
            CacheChange::Online,
            CacheChange::ExtendLease {
                submission_id: "a".into(),
                expires_at: now() + Duration::minutes(15),
                lease_seconds: 900
            },
        ]
    );
    assert_eq!(run(&state(vec![], vec![]), answer), [CacheChange::Online]);
}

#[test]
fn an_open_submission_is_stored() {
    let open = Box::new(body("a", SubmissionStatus::Pending));
    let changes =
        run(&state(vec![item("a", 10)], vec![]), Answer::Submission { body: open.clone() });
    assert_eq!(changes, [CacheChange::Online, CacheChange::StoreSubmission { body: open }]);
}

#[test]
fn a_closed_submission_is_forgotten_unless_decided_here() {
    let closed = Box::new(body("a", SubmissionStatus::Approved));
    let changes =
        run(&state(vec![item("a", 10)], vec![]), Answer::Submission { body: closed.clone() });
    assert_eq!(
        changes,
        [
            CacheChange::Online,
            CacheChange::Forget { submission_id: "a".into(), why: ForgetReason::NotOpen }
        ]
    );
    let mut mine = item("a", 10);
    mine.decided = true;
    let changes = run(&state(vec![mine], vec![]), Answer::Submission { body: closed.clone() });
    assert_eq!(changes, [CacheChange::Online, CacheChange::StoreSubmission { body: closed }]);
}

#[test]
fn answers_about_items_no_longer_held_change_nothing_but_the_connection() {
    let empty = state(vec![], vec![]);
    let submission = Answer::Submission { body: Box::new(body("x", SubmissionStatus::Pending)) };
    assert_eq!(run(&empty, submission), [CacheChange::Online]);
    let image =
        Answer::Image { submission_id: "x".into(), side: PhotoSide::Emblem, bytes: vec![1] };
    assert_eq!(run(&empty, image), [CacheChange::Online]);
}

#[test]
fn a_photo_is_stored() {
    let image =
        Answer::Image { submission_id: "a".into(), side: PhotoSide::Emblem, bytes: vec![7] };
    assert_eq!(
        run(&state(vec![item("a", 10)], vec![]), image),
        [
            CacheChange::Online,
            CacheChange::StoreImage {
                submission_id: "a".into(),
                side: PhotoSide::Emblem,
                bytes: vec![7]
            }
        ]
    );
}

#[test]
fn a_recorded_decision_and_a_replay_are_both_acknowledged() {
    let st = state(vec![item("a", 10)], vec![outbox("d1", "a", 2)]);
    for replayed in [false, true] {
        let answer = Answer::Sent {
            decision_id: "d1".into(),
            receipt: Box::new(receipt("d1", "a", replayed)),
        };
        assert_eq!(
            run(&st, answer),
            [
                CacheChange::Online,
                CacheChange::Acknowledge {
                    decision_id: "d1".into(),
                    submission_id: "a".into(),
                    replayed
                }
            ]
        );
    }
}

#[test]
fn a_conflict_keeps_both_decisions() {
    let theirs = decision("other", "a", "li");
    let mut body = ErrorBody {
        code: "conflict".into(),
        message: "该申请已由 li 先行作出决定".into(),
        field: None,
        decision: Some(theirs.clone()),
        period_start: None,
        submission_id: None,
    };
    let error = TransportError::Refused { status: 409, body: Box::new(body.clone()) };
    let st = state(vec![item("a", -5)], vec![outbox("mine", "a", 0)]);
    assert_eq!(
        run(&st, failed(send("mine", "a"), error.clone())),
        [
            CacheChange::Online,
            CacheChange::Conflict {
                decision_id: "mine".into(),
                submission_id: "a".into(),
                theirs: Box::new(theirs)
            },
            last_error(&error),
        ]
    );

    // A conflict without the other decision is still never dropped: it is kept as refused.
    body.decision = None;
    let error = TransportError::Refused { status: 409, body: Box::new(body) };
    assert_eq!(
        run(&st, failed(send("mine", "a"), error.clone()))[1],
        CacheChange::Refuse {
            decision_id: "mine".into(),
            submission_id: "a".into(),
            code: "conflict".into(),
            message: "该申请已由 li 先行作出决定".into()
        }
    );
}

#[test]
fn final_refusals_of_a_decision_are_kept_with_the_servers_words() {
    let st = state(vec![], vec![outbox("d", "a", 0)]);
    for (status, code) in [
        (409, "lease_invalid"),
        (409, "not_open"),
        (409, "idempotency_mismatch"),
        (403, "own_decision"),
        (422, "unknown_reason_code"),
        (404, "not_found"),
    ] {
        let error = TransportError::refused(status, code, "不行");
        let changes = run(&st, failed(send("d", "a"), error.clone()));
        assert_eq!(
            changes,
            [
                CacheChange::Online,
                CacheChange::Refuse {
                    decision_id: "d".into(),
                    submission_id: "a".into(),
                    code: code.into(),
                    message: "不行".into()
                },
                last_error(&error),
            ],
            "{status} {code}"
        );
    }
}

#[test]
fn transient_failures_of_a_decision_are_retried_with_growing_capped_delays() {
    let transient = [
        TransportError::refused(500, "internal", "服务器内部错误"),
        TransportError::refused(503, "unavailable", "忙"),
        TransportError::refused(429, "too_many_requests", "慢一点"),
        TransportError::refused(408, "timeout", "超时"),
        TransportError::BadAnswer { detail: "not json".into() },
    ];
    for error in transient {
        let st = state(vec![], vec![outbox("d", "a", 0)]);
        let changes = run(&st, failed(send("d", "a"), error.clone()));
        assert_eq!(
            changes[1],
            CacheChange::Retry {
                decision_id: "d".into(),
                attempts: 1,
                next_attempt_at: now() + Duration::seconds(2)
            },
            "{error:?}"
        );
    }
    let error = TransportError::refused(500, "internal", "x");
    let next = |attempts| {
        let st = state(vec![], vec![outbox("d", "a", attempts)]);
        match &run(&st, failed(send("d", "a"), error.clone()))[1] {
            CacheChange::Retry { next_attempt_at, attempts, .. } => {
                (*attempts, (*next_attempt_at - now()).num_seconds())
            }
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(next(1), (2, 4));
    assert_eq!(next(4), (5, 32));
    assert_eq!(next(30), (31, 300));
}

#[test]
fn no_answer_backs_off_the_connection_not_the_decision() {
    let mut st = state(vec![], vec![outbox("d", "a", 3)]);
    st.connection = Connection { online: Some(false), failures: 2, next_probe_at: None };
    let error = offline();
    assert_eq!(
        run(&st, failed(send("d", "a"), error.clone())),
        [
            CacheChange::Offline { failures: 3, next_probe_at: now() + Duration::seconds(8) },
            last_error(&error),
        ]
    );
    st.connection.failures = 50;
    let claim = Operation::Claim { count: 5, lease_seconds: 900 };
    assert_eq!(
        run(&st, failed(claim, offline()))[0],
        CacheChange::Offline { failures: 51, next_probe_at: now() + Duration::minutes(1) }
    );
}

#[test]
fn a_401_ends_the_session_and_keeps_everything() {
    let error = TransportError::refused(401, "unauthorized", "登录已失效");
    let st = state(vec![item("a", 5)], vec![outbox("d", "a", 0)]);
    for operation in [
        send("d", "a"),
        Operation::Renew { submission_id: "a".into(), lease_seconds: 900 },
        Operation::Claim { count: 1, lease_seconds: 900 },
    ] {
        assert_eq!(
            run(&st, failed(operation, error.clone())),
            [CacheChange::Online, CacheChange::SessionEnded, last_error(&error)]
        );
    }
}

#[test]
fn a_renewal_refused_for_a_lost_lease_forgets_the_item() {
    let st = state(vec![item("a", 2)], vec![]);
    let renew = Operation::Renew { submission_id: "a".into(), lease_seconds: 900 };
    for (status, code, why) in [
        (409, "lease_invalid", ForgetReason::LeaseLost),
        (409, "lease_expired", ForgetReason::LeaseLost),
        (404, "not_found", ForgetReason::LeaseLost),
        (409, "not_open", ForgetReason::NotOpen),
    ] {
        let error = TransportError::refused(status, code, "x");
        assert_eq!(
            run(&st, failed(renew.clone(), error.clone())),
            [
                CacheChange::Online,
                CacheChange::Forget { submission_id: "a".into(), why },
                last_error(&error)
            ],
            "{code}"
        );
    }
    let error = TransportError::refused(500, "internal", "x");
    assert_eq!(run(&st, failed(renew, error.clone())), [CacheChange::Online, last_error(&error)]);
}

#[test]
fn a_decided_item_is_never_forgotten_by_a_failed_renewal() {
    let mut decided = item("a", 2);
    decided.decided = true;
    let st = state(vec![decided], vec![outbox("d", "a", 0)]);
    let renew = Operation::Renew { submission_id: "a".into(), lease_seconds: 900 };
    let error = TransportError::refused(409, "lease_invalid", "x");
    assert_eq!(run(&st, failed(renew, error.clone())), [CacheChange::Online, last_error(&error)]);
}

#[test]
fn a_missing_submission_or_photo_forgets_the_item_and_other_failures_wait() {
    let st = state(vec![item("a", 10)], vec![]);
    let fetches = [
        Operation::FetchSubmission { submission_id: "a".into() },
        Operation::FetchImage { submission_id: "a".into(), side: PhotoSide::Portrait },
    ];
    for fetch in fetches {
        let missing = TransportError::refused(404, "not_found", "该审核申请不存在");
        assert_eq!(
            run(&st, failed(fetch.clone(), missing.clone()))[1],
            CacheChange::Forget { submission_id: "a".into(), why: ForgetReason::LeaseLost }
        );
        let garbled = TransportError::BadAnswer { detail: "sha256 mismatch".into() };
        assert_eq!(
            run(&st, failed(fetch, garbled.clone())),
            [CacheChange::Online, last_error(&garbled)]
        );
    }
}

#[test]
fn a_refreshed_body_with_its_findings_is_stored() {
    use reviewdesk_domain::photo_findings::{photo_rotated, PhotoChecks};
    let mut done = body("a", SubmissionStatus::Pending);
    done.image_checks = PhotoChecks::Done;
    done.submission.findings.push(photo_rotated(PhotoSide::Portrait, 90));
    let mut held = item("a", 10);
    held.checks_settled = false;
    let answer = Answer::Submission { body: Box::new(done.clone()) };
    assert_eq!(
        run(&state(vec![held], vec![]), answer),
        [CacheChange::Online, CacheChange::StoreSubmission { body: Box::new(done) }]
    );
}

#[test]
fn a_refused_refresh_keeps_the_item_and_stays_off_the_status_line() {
    let mut held = item("a", 10);
    held.checks_settled = false;
    let st = state(vec![held], vec![]);
    let refresh = Operation::RefreshSubmission { submission_id: "a".into() };
    for error in [
        TransportError::refused(404, "not_found", "该审核申请不存在"),
        TransportError::refused(409, "not_open", "x"),
        TransportError::refused(410, "personal_data_purged", "x"),
        TransportError::refused(500, "internal", "x"),
        TransportError::refused(429, "rate_limited", "x"),
        TransportError::BadAnswer { detail: "not JSON".into() },
    ] {
        assert_eq!(
            run(&st, failed(refresh.clone(), error.clone())),
            [CacheChange::Online],
            "{error}"
        );
    }
    // No answer at all: the connection backs off as for any request; the item stays.
    let error = offline();
    assert_eq!(
        run(&st, failed(refresh.clone(), error.clone())),
        [
            CacheChange::Offline { failures: 1, next_probe_at: now() + Duration::seconds(2) },
            last_error(&error),
        ]
    );
    let ended = TransportError::refused(401, "unauthorized", "登录已失效");
    assert_eq!(
        run(&st, failed(refresh, ended.clone())),
        [CacheChange::Online, CacheChange::SessionEnded, last_error(&ended)]
    );
}

#[test]
fn a_refused_claim_only_records_the_error() {
    let error = TransportError::refused(403, "no_province", "没有省份");
    let claim = Operation::Claim { count: 5, lease_seconds: 900 };
    assert_eq!(
        run(&state(vec![], vec![]), failed(claim, error.clone())),
        [CacheChange::Online, last_error(&error)]
    );
}

fn calendar_update(version: u32, with_body: bool) -> Answer {
    use reviewdesk_domain::wire::calendar::{CalendarBody, CalendarUpdate};
    let calendar =
        with_body.then(|| CalendarBody { file: format!("v{version}"), sources: Vec::new() });
    Answer::Calendar { update: Box::new(CalendarUpdate { version, calendar }) }
}

#[test]
fn a_newer_calendar_is_kept_and_an_older_or_unchanged_one_only_counts_as_checked() {
    let mut held = state(vec![], vec![]);
    held.calendar.version = Some(2);
    let checked = CacheChange::CalendarChecked { at: now() };
    let changes = run(&held, calendar_update(3, true));
    assert_eq!(changes.len(), 3, "{changes:?}");
    assert_eq!(changes[1], checked);
    assert!(matches!(&changes[2], CacheChange::StoreCalendar { version: 3, .. }));
    // Unchanged: the version alone came back.
    assert_eq!(run(&held, calendar_update(2, false)), [CacheChange::Online, checked.clone()]);
    // Never back to an older version (a server restored from a backup).
    assert_eq!(run(&held, calendar_update(1, true)), [CacheChange::Online, checked.clone()]);
    // The first one is always kept.
    held.calendar.version = None;
    assert!(run(&held, calendar_update(1, true))
        .iter()
        .any(|c| matches!(c, CacheChange::StoreCalendar { .. })));
}

#[test]
fn a_refused_calendar_check_waits_for_the_interval_and_offline_backs_off() {
    let held = state(vec![], vec![]);
    let operation = Operation::SyncCalendar { known_version: Some(1) };
    let body = ErrorBody {
        code: "no_such_endpoint".into(),
        message: "没有这个接口".into(),
        field: None,
        decision: None,
        period_start: None,
        submission_id: None,
    };
    let refused = TransportError::Refused { status: 404, body: Box::new(body) };
    let changes = run(&held, failed(operation.clone(), refused.clone()));
    assert_eq!(
        changes,
        [CacheChange::Online, CacheChange::CalendarChecked { at: now() }, last_error(&refused)]
    );
    let changes = run(&held, failed(operation, offline()));
    assert!(matches!(changes[0], CacheChange::Offline { .. }), "{changes:?}");
}
