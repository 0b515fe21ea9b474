//! [`plan`]: from the cache's state and the time, the operations of one sync round, in the order
//! they should run. Pure: no IO, no clock; every rule is a unit test below.
//!
//! The rules, in order:
//! 1. An undecided item whose lease ran out is forgotten (the server re-queued it). Local, so it
//!    happens signed in or not, online or not. A decided one stays: its decision is in the outbox.
//! 2. Nothing else is planned without a session, or while waiting to contact an unreachable server.
//! 3. Outbox decisions whose retry time has come are sent, oldest first (decisions first: they are
//!    what the reviewer is waiting to see acknowledged).
//! 4. The working-day calendar is checked when it never was, or `calendar_check_every` ago
//!    (sending the version held: an unchanged calendar costs one small request). Before claims and
//!    fetches, so bodies fetched in the same round carry the new version.
//! 5. Live undecided leases with less than `renew_before` left are renewed for their own length.
//! 6. If fewer than `prefetch` live undecided items are held, the difference is claimed.
//! 7. Every live undecided item missing its submission or a photo has it fetched, and so is a
//!    body fetched under an older calendar than the one held (an import moved due dates).
//! 8. Last, every other live undecided item whose body says its photo checks are not settled
//!    (pending, or the server could not run them) has its body asked for again once it is
//!    `checks_refresh_every` old (or its age is unknown): the findings may have come. Only the
//!    body; a settled item (done, or given up) is never asked for again. Last, so these
//!    best-effort requests never hold up a decision or a download.

use chrono::{DateTime, Utc};

use super::operation::{ForgetReason, Operation};
use super::state::LocalState;
use crate::settings::Settings;

pub fn plan(state: &LocalState, now: DateTime<Utc>, settings: &Settings) -> Vec<Operation> {
    let mut operations: Vec<Operation> = state
        .items
        .iter()
        .filter(|item| !item.decided && item.lease_expires_at <= now)
        .map(|item| Operation::Forget {
            submission_id: item.submission_id.clone(),
            why: ForgetReason::LeaseExpired,
        })
        .collect();

    let waiting = state.connection.next_probe_at.is_some_and(|at| at > now);
    if !state.signed_in || waiting {
        return operations;
    }

    operations.extend(state.outbox.iter().filter(|entry| entry.next_attempt_at <= now).map(
        |entry| Operation::Send {
            decision_id: entry.decision_id.clone(),
            submission_id: entry.submission_id.clone(),
        },
    ));

    let checked = state.calendar.checked_at;
    if checked.is_none_or(|at| now - at >= settings.calendar_check_every || at > now) {
        operations.push(Operation::SyncCalendar { known_version: state.calendar.version });
    }

    let live: Vec<_> = state.items.iter().filter(|item| item.is_live(now)).collect();
    operations.extend(
        live.iter().filter(|item| item.lease_expires_at - now < settings.renew_before).map(
            |item| Operation::Renew {
                submission_id: item.submission_id.clone(),
                lease_seconds: item.lease_seconds,
            },
        ),
    );

    let held = u32::try_from(live.len()).unwrap_or(u32::MAX);
    if held < settings.prefetch {
        operations.push(Operation::Claim {
            count: settings.prefetch - held,
            lease_seconds: settings.lease_seconds,
        });
    }

    let mut refreshes = Vec::new();
    for item in &live {
        let stale = item.has_body
            && state.calendar.version.is_some_and(|held| {
                item.body_calendar_version.is_none_or(|fetched| fetched < held)
            });
        if !item.has_body || stale {
            operations
                .push(Operation::FetchSubmission { submission_id: item.submission_id.clone() });
        } else if !item.checks_settled && refresh_due(item.body_fetched_at, now, settings) {
            refreshes
                .push(Operation::RefreshSubmission { submission_id: item.submission_id.clone() });
        }
        operations.extend(item.missing_images.iter().map(|side| Operation::FetchImage {
            submission_id: item.submission_id.clone(),
            side: *side,
        }));
    }
    operations.extend(refreshes);
    operations
}

/// A body fetched at `fetched` is `checks_refresh_every` old (or of unknown age, or "from the
/// future": the clock went back).
fn refresh_due(fetched: Option<DateTime<Utc>>, now: DateTime<Utc>, settings: &Settings) -> bool {
    fetched.is_none_or(|at| now - at >= settings.checks_refresh_every || at > now)
}

#[cfg(test)]
mod tests {
    use chrono::Duration;
    use reviewdesk_domain::review::PhotoSide;

    use super::*;
    use crate::sync::fixtures::{self, item, now};
    use crate::sync::state::{Connection, ItemState, OutboxState};

    fn decided(id: &str, minutes: i64) -> ItemState {
        ItemState { decided: true, ..item(id, minutes) }
    }

    fn outbox(decision: &str, submission: &str, due_in_seconds: i64) -> OutboxState {
        OutboxState {
            decision_id: decision.to_owned(),
            submission_id: submission.to_owned(),
            attempts: 0,
            next_attempt_at: now() + Duration::seconds(due_in_seconds),
        }
    }

    fn signed_in(items: Vec<ItemState>, outbox: Vec<OutboxState>) -> LocalState {
        LocalState { signed_in: true, items, outbox, ..fixtures::state(vec![], vec![]) }
    }

    fn full_prefetch() -> Vec<ItemState> {
        (0..5).map(|n| item(&format!("s{n}"), 14)).collect()
    }

    fn settings() -> Settings {
        Settings::default()
    }

    fn claim(count: u32) -> Operation {
        Operation::Claim { count, lease_seconds: 900 }
    }

    #[test]
    fn an_empty_cache_claims_the_whole_prefetch() {
        let ops = plan(&signed_in(vec![], vec![]), now(), &settings());
        assert_eq!(ops, [claim(5)]);
    }

    #[test]
    fn a_full_prefetch_of_complete_fresh_items_needs_nothing() {
        assert_eq!(plan(&signed_in(full_prefetch(), vec![]), now(), &settings()), []);
    }

    #[test]
    fn claims_only_the_shortfall_and_decided_items_do_not_count() {
        let items = vec![item("a", 14), item("b", 14), decided("c", 14), decided("d", 14)];
        let ops = plan(&signed_in(items, vec![]), now(), &settings());
        assert_eq!(ops, [claim(3)]);
    }

    #[test]
    fn the_prefetch_size_is_a_setting() {
        let settings = Settings { prefetch: 2, ..settings() };
        assert_eq!(plan(&signed_in(vec![item("a", 14)], vec![]), now(), &settings), [claim(1)]);
        let none = Settings { prefetch: 0, ..Settings::default() };
        assert_eq!(plan(&signed_in(vec![], vec![]), now(), &none), []);
    }

    #[test]
    fn offline_checkouts_count_towards_the_prefetch() {
        let mut items: Vec<_> = (0..8).map(|n| item(&format!("o{n}"), 400)).collect();
        items.iter_mut().for_each(|item| item.offline = true);
        assert_eq!(plan(&signed_in(items, vec![]), now(), &settings()), []);
    }

    #[test]
    fn renews_live_leases_close_to_expiry_for_their_own_length() {
        let mut long = item("long", 3);
        long.lease_seconds = 8 * 3600;
        let mut items = full_prefetch();
        items[0] = item("soon", 4);
        items[1] = long;
        let ops = plan(&signed_in(items, vec![]), now(), &settings());
        assert_eq!(
            ops,
            [
                Operation::Renew { submission_id: "soon".into(), lease_seconds: 900 },
                Operation::Renew { submission_id: "long".into(), lease_seconds: 8 * 3600 },
            ]
        );
    }

    #[test]
    fn a_lease_just_outside_the_renewal_window_is_left_alone() {
        let mut items = full_prefetch();
        items[0] = item("edge", 5);
        assert_eq!(plan(&signed_in(items, vec![]), now(), &settings()), []);
    }

    #[test]
    fn decided_items_are_never_renewed_or_fetched() {
        let mut d = decided("d", 1);
        d.has_body = false;
        d.missing_images = PhotoSide::ALL.to_vec();
        let mut items = full_prefetch();
        items.push(d);
        assert_eq!(plan(&signed_in(items, vec![]), now(), &settings()), []);
    }

    #[test]
    fn expired_undecided_items_are_forgotten_and_replaced() {
        let mut items = full_prefetch();
        items[2] = item("gone", 0);
        items[3] = item("long gone", -60);
        let ops = plan(&signed_in(items, vec![]), now(), &settings());
        assert_eq!(
            ops,
            [
                Operation::Forget { submission_id: "gone".into(), why: ForgetReason::LeaseExpired },
                Operation::Forget {
                    submission_id: "long gone".into(),
                    why: ForgetReason::LeaseExpired
                },
                claim(2),
            ]
        );
    }

    #[test]
    fn an_expired_item_with_a_decision_waits_for_its_outbox_entry() {
        let state = signed_in(vec![decided("d", -30)], vec![outbox("x", "d", 60)]);
        assert_eq!(plan(&state, now(), &Settings { prefetch: 0, ..settings() }), []);
    }

    #[test]
    fn sends_due_outbox_entries_oldest_first_and_skips_those_backing_off() {
        let state = signed_in(
            full_prefetch(),
            vec![outbox("1", "a", -10), outbox("2", "b", 30), outbox("3", "c", 0)],
        );
        let ops = plan(&state, now(), &settings());
        assert_eq!(
            ops,
            [
                Operation::Send { decision_id: "1".into(), submission_id: "a".into() },
                Operation::Send { decision_id: "3".into(), submission_id: "c".into() },
            ]
        );
    }

    #[test]
    fn fetches_missing_submissions_and_photos_of_live_items() {
        let mut bare = item("bare", 14);
        bare.has_body = false;
        bare.missing_images = PhotoSide::ALL.to_vec();
        let mut partial = item("partial", 14);
        partial.missing_images = vec![PhotoSide::Handheld];
        let mut items = full_prefetch();
        items[0] = bare;
        items[1] = partial;
        let ops = plan(&signed_in(items, vec![]), now(), &settings());
        let image = |id: &str, side| Operation::FetchImage { submission_id: id.into(), side };
        assert_eq!(
            ops,
            [
                Operation::FetchSubmission { submission_id: "bare".into() },
                image("bare", PhotoSide::Portrait),
                image("bare", PhotoSide::Emblem),
                image("bare", PhotoSide::Handheld),
                image("partial", PhotoSide::Handheld),
            ]
        );
    }

    #[test]
    fn the_order_is_forget_send_renew_claim_fetch() {
        let mut bare = item("bare", 2);
        bare.has_body = false;
        let items = vec![item("old", -1), bare, decided("d", 10)];
        let ops = plan(&signed_in(items, vec![outbox("x", "d", 0)]), now(), &settings());
        assert_eq!(
            ops,
            [
                Operation::Forget { submission_id: "old".into(), why: ForgetReason::LeaseExpired },
                Operation::Send { decision_id: "x".into(), submission_id: "d".into() },
                Operation::Renew { submission_id: "bare".into(), lease_seconds: 900 },
                claim(4),
                Operation::FetchSubmission { submission_id: "bare".into() },
            ]
        );
    }

    #[test]
    fn signed_out_plans_only_local_work() {
        let mut state = signed_in(vec![item("old", -1), item("a", 1)], vec![outbox("x", "a", 0)]);
        state.signed_in = false;
        assert_eq!(
            plan(&state, now(), &settings()),
            [Operation::Forget { submission_id: "old".into(), why: ForgetReason::LeaseExpired }]
        );
    }

    #[test]
    fn an_unreachable_server_is_not_contacted_before_its_probe_time() {
        let mut state = signed_in(vec![item("old", -1)], vec![outbox("x", "a", -100)]);
        state.connection = Connection {
            online: Some(false),
            failures: 3,
            next_probe_at: Some(now() + Duration::seconds(8)),
        };
        let local =
            [Operation::Forget { submission_id: "old".into(), why: ForgetReason::LeaseExpired }];
        assert_eq!(plan(&state, now(), &settings()), local);

        let later = now() + Duration::seconds(8);
        let ops = plan(&state, later, &settings());
        assert_eq!(ops[1], Operation::Send { decision_id: "x".into(), submission_id: "a".into() });
        assert_eq!(ops.last(), Some(&claim(5)));
    }

    #[test]
    fn the_calendar_is_checked_first_then_every_interval_with_the_version_held() {
        let mut state = signed_in(full_prefetch(), vec![]);
        state.calendar = crate::sync::CalendarState { version: None, checked_at: None };
        let ops = plan(&state, now(), &settings());
        assert_eq!(ops, [Operation::SyncCalendar { known_version: None }]);

        state.calendar.version = Some(1);
        state.calendar.checked_at = Some(now() - Duration::minutes(9));
        assert_eq!(plan(&state, now(), &settings()), []);
        state.calendar.checked_at = Some(now() - Duration::minutes(10));
        assert_eq!(
            plan(&state, now(), &settings()),
            [Operation::SyncCalendar { known_version: Some(1) }]
        );
        // A check "in the future" (the clock went back) does not silence it.
        state.calendar.checked_at = Some(now() + Duration::hours(1));
        assert_eq!(plan(&state, now(), &settings()).len(), 1);
    }

    #[test]
    fn bodies_fetched_under_an_older_calendar_are_fetched_again() {
        let mut state = signed_in(full_prefetch(), vec![]);
        state.calendar.version = Some(2);
        state.items[1].body_calendar_version = None;
        state.items[3].decided = true;
        state.items[3].body_calendar_version = Some(1);
        let ops = plan(&state, now(), &settings());
        let fetched: Vec<&Operation> =
            ops.iter().filter(|op| matches!(op, Operation::FetchSubmission { .. })).collect();
        assert_eq!(fetched.len(), 4, "every live item fetched under version 1 or unknown: {ops:?}");
        assert!(!fetched.contains(&&Operation::FetchSubmission { submission_id: "s3".into() }));
    }

    /// A live item holding a body whose photo checks are not settled, fetched `seconds` ago.
    fn unsettled(id: &str, seconds: Option<i64>) -> ItemState {
        ItemState {
            checks_settled: false,
            body_fetched_at: seconds.map(|seconds| now() - Duration::seconds(seconds)),
            ..item(id, 14)
        }
    }

    fn refresh(id: &str) -> Operation {
        Operation::RefreshSubmission { submission_id: id.into() }
    }

    #[test]
    fn unsettled_photo_checks_are_asked_for_again_last_and_settled_ones_never() {
        let mut partial = unsettled("partial", Some(15));
        partial.missing_images = vec![PhotoSide::Emblem];
        let mut long_settled = item("settled", 14);
        long_settled.body_fetched_at = Some(now() - Duration::hours(1));
        let items = vec![
            unsettled("due", Some(15)),
            unsettled("recent", Some(14)),
            long_settled,
            partial,
            unsettled("unknown age", None),
        ];
        let ops = plan(&signed_in(items, vec![]), now(), &settings());
        assert_eq!(
            ops,
            [
                Operation::FetchImage { submission_id: "partial".into(), side: PhotoSide::Emblem },
                refresh("due"),
                refresh("partial"),
                refresh("unknown age"),
            ]
        );
        let slower = Settings { checks_refresh_every: Duration::seconds(30), ..settings() };
        let items = vec![unsettled("due", Some(15)), unsettled("unknown age", None)];
        assert_eq!(
            plan(&signed_in(items, vec![]), now(), &slower),
            [claim(3), refresh("unknown age")]
        );
    }

    #[test]
    fn decided_expired_or_unreachable_items_are_not_refreshed() {
        let decided = ItemState { decided: true, ..unsettled("decided", Some(60)) };
        let expired = ItemState { lease_expires_at: now(), ..unsettled("expired", Some(60)) };
        let state = signed_in(vec![decided, expired], vec![]);
        let none = Settings { prefetch: 0, ..settings() };
        assert_eq!(
            plan(&state, now(), &none),
            [Operation::Forget {
                submission_id: "expired".into(),
                why: ForgetReason::LeaseExpired
            }]
        );

        let mut state = signed_in(vec![unsettled("a", Some(60))], vec![]);
        state.connection.next_probe_at = Some(now() + Duration::seconds(1));
        assert_eq!(plan(&state, now(), &none), []);
        state.connection.next_probe_at = None;
        state.signed_in = false;
        assert_eq!(plan(&state, now(), &none), []);
        state.signed_in = true;
        assert_eq!(plan(&state, now(), &none), [refresh("a")]);
    }

    #[test]
    fn a_body_fetched_anyway_is_not_also_refreshed() {
        let mut bare = unsettled("bare", None);
        bare.has_body = false;
        let mut stale = unsettled("stale", Some(60));
        stale.body_calendar_version = None;
        let state = signed_in(vec![bare, stale], vec![]);
        let none = Settings { prefetch: 0, ..settings() };
        assert_eq!(
            plan(&state, now(), &none),
            [
                Operation::FetchSubmission { submission_id: "bare".into() },
                Operation::FetchSubmission { submission_id: "stale".into() },
            ]
        );
    }

    #[test]
    fn a_body_fetched_in_the_future_is_refreshed_the_clock_went_back() {
        let ahead = unsettled("ahead", Some(-3600));
        let none = Settings { prefetch: 0, ..settings() };
        assert_eq!(plan(&signed_in(vec![ahead], vec![]), now(), &none), [refresh("ahead")]);
    }

    #[test]
    fn only_forget_is_local() {
        assert!(!Operation::Forget { submission_id: "a".into(), why: ForgetReason::NotOpen }
            .is_network());
        assert!(claim(1).is_network());
    }
}
