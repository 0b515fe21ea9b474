//! Network faults and clock skew between the client engine and the real server (in-process, real
//! sockets): a chaos proxy on loopback refuses connections, swallows replies, cuts them off
//! midway and delays them past the client's timeout, and the outbox still delivers every saved
//! decision exactly once; a client whose clock is 20 minutes ahead of or behind the server's
//! keeps its leases (no claim-and-drop churn, renewals in time) and delivers exactly once.

mod support;

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use reviewdesk_client::{Client, DecisionInput, MemorySecrets, SecretStore, Settings};
use support::proxy::{Proxy, FAULTS};
use support::{SharedClock, TestServer, PASSWORD};

/// The test's shared clock seen from a client whose clock is `skew` off.
/// The client's settings without an undo window: these tests expect each decision to go out at
/// the next sync (`tests/undo.rs` and `fault_kill.rs` run the default window).
fn immediate() -> Settings {
    Settings { undo_window: Duration::zero(), ..Settings::default() }
}

struct SkewedClock {
    base: Arc<SharedClock>,
    skew: Duration,
}

impl reviewdesk_client::Clock for SkewedClock {
    fn now(&self) -> DateTime<Utc> {
        self.base.get() + self.skew
    }
}

fn client_with(
    dir: &std::path::Path,
    clock: Arc<dyn reviewdesk_client::Clock>,
    settings: Settings,
) -> Client {
    let secrets: Arc<dyn SecretStore> = Arc::new(MemorySecrets::default());
    Client::new(dir, settings, secrets, clock)
}

/// Every saved decision on the server exactly once, and nothing else there.
fn assert_exactly_once(server: &TestServer, saved: &[(String, String)]) {
    for (decision, submission) in saved {
        let recorded = server.decisions_recorded(submission);
        assert_eq!(recorded.len(), 1, "{submission}: {recorded:?}");
        assert_eq!(&recorded[0].0, decision);
    }
    assert_eq!(server.decision_count(), saved.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn through_dropped_cut_and_delayed_connections_the_outbox_delivers_exactly_once() {
    let server = TestServer::start(&["wang"], 40).await;
    let proxy = Proxy::start_chaos(server.addr, 0x5EED_C4A0, StdDuration::from_millis(900)).await;
    let dir = tempfile::tempdir().unwrap();
    let settings = Settings {
        connect_timeout: StdDuration::from_millis(500),
        request_timeout: StdDuration::from_millis(500),
        ..immediate()
    };
    let client = client_with(dir.path(), server.clock.clone(), settings);
    // Sign-in is retried like a person would.
    let mut attempts = 0;
    while client.login(&proxy.url(), "wang", PASSWORD).await.is_err() {
        attempts += 1;
        assert!(attempts < 50, "no sign-in through the proxy");
    }

    let mut saved = Vec::new();
    let mut offline_rounds = 0;
    for _ in 0..400 {
        let status = client.sync_once().await.unwrap();
        offline_rounds += usize::from(status.online == Some(false));
        if saved.len() < 25 {
            if let Some(item) = client.next_submission().unwrap() {
                let decision =
                    client.decide(&item.submission_id, DecisionInput::approve()).unwrap();
                saved.push((decision.decision_id, item.submission_id));
            }
        } else if status.outbox_pending == 0 {
            break;
        }
        // Past any backoff, short of a lease's end.
        server.clock.advance(Duration::seconds(70));
    }
    let status = client.status().unwrap();
    assert_eq!(saved.len(), 25, "decisions made through the chaos");
    assert_eq!(status.outbox_pending, 0, "{status:?}");
    assert_eq!(status.conflicts, 0, "{:?}", client.conflicts().unwrap());
    assert_eq!(status.acknowledged, 25);
    assert!(offline_rounds > 0, "the faults were felt");
    assert_exactly_once(&server, &saved);
    let faults: Vec<u64> = FAULTS.iter().map(|count| count.load(Ordering::SeqCst)).collect();
    eprintln!(
        "connections refused/swallowed/cut/delayed/clean: {faults:?}, offline rounds: \
         {offline_rounds}"
    );
    assert!(faults[..4].iter().all(|&count| count > 0), "every fault happened: {faults:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clocks_minutes_apart_keep_leases_and_deliver_exactly_once() {
    for skew_minutes in [20, -20] {
        let server = TestServer::start(&["wang", "li"], 8).await;
        let dir = tempfile::tempdir().unwrap();
        let skew = Duration::minutes(skew_minutes);
        let clock = Arc::new(SkewedClock { base: server.clock.clone(), skew });
        let client = client_with(dir.path(), clock, immediate());
        client.login(&server.url(), "wang", PASSWORD).await.unwrap();

        let status = client.sync_once().await.unwrap();
        assert_eq!(status.ready, 5, "skew {skew_minutes}: the prefetch is kept: {status:?}");
        let expected = server.clock.get() + skew + Duration::minutes(15);
        assert_eq!(status.earliest_lease_expiry, Some(expected), "on the client's clock");

        let mut saved = Vec::new();
        for _ in 0..2 {
            let item = client.next_submission().unwrap().unwrap();
            saved.push((
                client.decide(&item.submission_id, DecisionInput::approve()).unwrap().decision_id,
                item.submission_id,
            ));
        }
        let status = client.sync_once().await.unwrap();
        assert_eq!(status.outbox_pending, 0);

        // Eleven minutes on, both clocks: the leases are renewed in time on the server, so
        // another reviewer cannot take them at minute 15.
        server.clock.advance(Duration::minutes(11));
        let status = client.sync_once().await.unwrap();
        assert_eq!(status.ready, 5, "{status:?}");
        server.clock.advance(Duration::minutes(5));
        let other = tempfile::tempdir().unwrap();
        let li = client_with(other.path(), server.clock.clone(), immediate());
        li.login(&server.url(), "li", PASSWORD).await.unwrap();
        li.sync_once().await.unwrap();
        let theirs = li.ready_submissions().unwrap();
        let ours = client.ready_submissions().unwrap();
        assert!(theirs.iter().all(|id| !ours.contains(id)), "a renewed lease was taken");

        for id in ours {
            let decision = client.decide(&id, DecisionInput::approve()).unwrap();
            saved.push((decision.decision_id, id));
        }
        let status = client.sync_once().await.unwrap();
        assert_eq!(status.outbox_pending, 0, "{status:?}");
        assert_eq!(status.conflicts, 0);
        assert_exactly_once(&server, &saved);
    }
}
