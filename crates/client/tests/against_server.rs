//! The client against the real review server, in-process over a real socket: login and prefetch,
//! the outbox draining exactly once, working offline across an app restart, conflicts, a lost
//! reply replayed, offline checkout, logout. No mocks: the server is the real library over a
//! SQLite file; the only stand-in is the keyring (in memory here; `keyring.rs` tests the real one).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::sync::Arc;

use chrono::{Duration, NaiveDate};
use reviewdesk_client::{Client, ClientError, ConflictKind, DecisionInput, MemorySecrets};
use reviewdesk_domain::review::{Outcome, PhotoSide};
use support::proxy::Proxy;
use support::{all_bytes_under, client, contains, photos, TestServer, ID_NUMBER, NAME, PASSWORD};

async fn signed_in(
    server: &TestServer,
    url: &str,
    username: &str,
) -> (tempfile::TempDir, Arc<MemorySecrets>, Client) {
    let dir = tempfile::tempdir().unwrap();
    let secrets = Arc::new(MemorySecrets::default());
    let client = client(dir.path(), &secrets, &server.clock);
    let account = client.login(url, username, PASSWORD).await.unwrap();
    assert_eq!(account.username, username);
    (dir, secrets, client)
}

fn assert_send<T: Send>(_: &T) {}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_prefetches_five_and_a_decision_drains_exactly_once() {
    let server = TestServer::start(&["wang"], 8).await;
    let (_dir, _secrets, client) = signed_in(&server, &server.url(), "wang").await;
    let sync = client.sync_once();
    assert_send(&sync);
    let status = sync.await.unwrap();
    assert_eq!(status.online, Some(true));
    assert_eq!(status.ready, 5, "{status:?}");
    assert!(status.last_sync.is_some());
    assert_eq!(status.earliest_lease_expiry, Some(server.clock.get() + Duration::minutes(15)));

    let item = client.next_submission().unwrap().expect("a prefetched submission");
    assert_eq!(item.submission.submission.identity.name.as_deref(), Some(NAME));
    let [portrait, emblem, handheld] = photos();
    assert_eq!(item.photos.get(PhotoSide::Portrait), portrait);
    assert_eq!(item.photos.get(PhotoSide::Emblem), emblem);
    assert_eq!(item.photos.get(PhotoSide::Handheld), handheld);

    let saved = client.decide(&item.submission_id, DecisionInput::approve()).unwrap();
    assert!(uuid::Uuid::parse_str(&saved.decision_id).is_ok());
    assert_eq!(client.status().unwrap().outbox_pending, 1);
    assert_ne!(client.next_submission().unwrap().unwrap().submission_id, item.submission_id);
    let again = client.decide(&item.submission_id, DecisionInput::approve()).unwrap_err();
    assert_eq!(again.code(), "already_decided");

    let status = client.sync_once().await.unwrap();
    assert_eq!(status.outbox_pending, 0);
    assert_eq!(status.acknowledged, 1);
    assert_eq!(status.ready, 5, "the prefetch is topped up again");
    let recorded = server.decisions_recorded(&item.submission_id);
    assert_eq!(recorded.len(), 1);
    assert_eq!(recorded[0].0, saved.decision_id);
    assert_eq!(recorded[0].2, "approve");

    // Nothing is sent twice however often the timer fires.
    client.sync_once().await.unwrap();
    client.sync_once().await.unwrap();
    assert_eq!(server.decision_count(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cache_holds_no_personal_data_or_secret_in_clear() {
    let server = TestServer::start(&["wang"], 5).await;
    let (dir, secrets, client) = signed_in(&server, &server.url(), "wang").await;
    client.sync_once().await.unwrap();
    let item = client.next_submission().unwrap().unwrap();
    let mut reject = DecisionInput::reject(&["sex_incorrect"]);
    reject.note = Some("性别与号码不符".to_owned());
    client.decide(&item.submission_id, reject).unwrap();
    assert_eq!(client.status().unwrap().ready, 4);

    let raw = all_bytes_under(dir.path());
    assert!(
        contains(&raw, item.submission_id.as_bytes()),
        "ids are in clear: the scan sees the file"
    );
    assert!(!contains(&raw, NAME.as_bytes()));
    assert!(!contains(&raw, ID_NUMBER.as_bytes()));
    assert!(!contains(&raw, "性别与号码不符".as_bytes()));
    for photo in photos() {
        assert!(!contains(&raw, &photo[..64]), "a JPEG's first bytes");
        assert!(!contains(&raw, &photo[photo.len() / 2..photo.len() / 2 + 64]));
    }
    let token = secrets.get_named("session").unwrap();
    let key = secrets.get_named("cache-key").unwrap();
    assert!(!contains(&raw, token.as_bytes()), "the session token lives in the keyring only");
    assert!(!contains(&raw, key.as_bytes()), "the cache key lives in the keyring only");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offline_decisions_survive_a_restart_and_reach_the_server_exactly_once() {
    let mut server = TestServer::start(&["wang"], 6).await;
    let (dir, secrets, client) = signed_in(&server, &server.url(), "wang").await;
    client.sync_once().await.unwrap();

    server.stop().await;
    let mut decided = Vec::new();
    for _ in 0..2 {
        let item = client.next_submission().unwrap().unwrap();
        client.decide(&item.submission_id, DecisionInput::approve()).unwrap();
        decided.push(item.submission_id);
    }
    let status = client.sync_once().await.unwrap();
    assert_eq!(status.online, Some(false));
    assert_eq!(status.outbox_pending, 2);
    assert_eq!(status.last_error.as_ref().map(|e| e.code.as_str()), Some("offline"));
    assert_eq!(server.decision_count(), 0);

    // The app quits and starts again, still offline: the cache and outbox are all there.
    drop(client);
    let client = support::client(dir.path(), &secrets, &server.clock);
    let account = client.resume().unwrap().expect("the last account");
    assert_eq!(account.username, "wang");
    let status = client.status().unwrap();
    assert_eq!((status.outbox_pending, status.ready, status.signed_in), (2, 3, true));
    let third = client.next_submission().unwrap().unwrap();
    assert!(!decided.contains(&third.submission_id));

    server.restart().await;
    server.clock.advance(Duration::seconds(5));
    let status = client.sync_once().await.unwrap();
    assert_eq!(status.online, Some(true));
    assert_eq!(status.outbox_pending, 0);
    assert_eq!(status.acknowledged, 2);
    for id in &decided {
        assert_eq!(server.decisions_recorded(id).len(), 1, "{id}");
    }
    client.sync_once().await.unwrap();
    assert_eq!(server.decision_count(), 2);

    // The delivering round told the server how long the decisions had waited (at least the 5 s
    // the clock moved); once the outbox is empty nothing more is reported.
    let metrics = reqwest::get(format!("{}/metrics", server.url())).await.unwrap();
    let text = metrics.text().await.unwrap();
    let value = |name: &str| -> f64 {
        text.lines()
            .find_map(|line| line.strip_prefix(name)?.trim().parse().ok())
            .unwrap_or_else(|| panic!("{name} missing from:\n{text}"))
    };
    let reported = value("reviewdesk_outbox_lag_seconds_count");
    assert!(reported >= 1.0, "{text}");
    assert!(value("reviewdesk_outbox_lag_seconds_sum") >= 5.0 * reported, "{text}");
    client.sync_once().await.unwrap();
    let again = reqwest::get(format!("{}/metrics", server.url())).await.unwrap();
    let after = again.text().await.unwrap();
    assert!(after.contains(&format!("reviewdesk_outbox_lag_seconds_count {reported}")), "{after}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_conflict_is_kept_with_both_decisions() {
    let server = TestServer::start(&["wang", "li"], 1).await;
    let (_wang_dir, _s, wang) = signed_in(&server, &server.url(), "wang").await;
    wang.sync_once().await.unwrap();
    let item = wang.next_submission().unwrap().unwrap();
    // Decided while offline (never synced), and the lease runs out meanwhile.
    let ours = wang.decide(&item.submission_id, DecisionInput::approve()).unwrap();
    server.clock.advance(Duration::minutes(16));

    let (_li_dir, _s2, li) = signed_in(&server, &server.url(), "li").await;
    li.sync_once().await.unwrap();
    let theirs_item = li.next_submission().unwrap().expect("the re-queued submission");
    assert_eq!(theirs_item.submission_id, item.submission_id);
    let theirs =
        li.decide(&item.submission_id, DecisionInput::reject(&["name_incorrect"])).unwrap();
    assert_eq!(li.sync_once().await.unwrap().acknowledged, 1);

    let status = wang.sync_once().await.unwrap();
    assert_eq!(status.outbox_pending, 0);
    assert_eq!(status.conflicts, 1);
    let records = wang.conflicts().unwrap();
    assert_eq!(records.len(), 1);
    let record = &records[0];
    assert_eq!(record.kind, ConflictKind::Conflict);
    assert_eq!(record.ours.id, ours.decision_id);
    assert_eq!(record.ours.outcome, Outcome::Approve);
    let other = record.theirs.as_ref().expect("their decision");
    assert_eq!((other.id.as_str(), other.username.as_str()), (theirs.decision_id.as_str(), "li"));
    assert_eq!(other.outcome, Outcome::Reject);
    assert_eq!(record.submission.as_ref().unwrap().submission.id, item.submission_id);

    let recorded = server.decisions_recorded(&item.submission_id);
    assert_eq!(recorded, [(theirs.decision_id.clone(), "li".to_owned(), "reject".to_owned())]);
    // It stays until dismissed, across syncs.
    wang.sync_once().await.unwrap();
    assert_eq!(wang.conflicts().unwrap().len(), 1);
    assert!(wang.dismiss_conflict(&ours.decision_id).unwrap());
    assert_eq!(wang.status().unwrap().conflicts, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lost_reply_is_replayed_and_not_duplicated() {
    let server = TestServer::start(&["wang"], 5).await;
    let proxy = Proxy::start(server.addr).await;
    let (_dir, _secrets, client) = signed_in(&server, &proxy.url(), "wang").await;
    client.sync_once().await.unwrap();
    let item = client.next_submission().unwrap().unwrap();
    let saved = client.decide(&item.submission_id, DecisionInput::approve()).unwrap();

    proxy.swallow_replies(true);
    let status = client.sync_once().await.unwrap();
    assert_eq!(status.online, Some(false), "no reply reads as offline");
    assert_eq!(status.outbox_pending, 1);
    assert_eq!(server.decisions_recorded(&item.submission_id).len(), 1, "the server got it");

    proxy.swallow_replies(false);
    server.clock.advance(Duration::seconds(5));
    let status = client.sync_once().await.unwrap();
    assert_eq!(status.outbox_pending, 0);
    assert_eq!(status.acknowledged, 1);
    let recorded = server.decisions_recorded(&item.submission_id);
    assert_eq!(recorded.len(), 1);
    assert_eq!(recorded[0].0, saved.decision_id);
    assert_eq!(server.decision_count(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offline_checkout_claims_a_long_lease_and_downloads_everything() {
    let mut server = TestServer::start(&["wang"], 12).await;
    let (_dir, _secrets, client) = signed_in(&server, &server.url(), "wang").await;
    let checkout = client.checkout_offline(10, 8).await.unwrap();
    assert_eq!((checkout.claimed, checkout.ready), (10, 10));
    assert_eq!(checkout.expires_at, Some(server.clock.get() + Duration::hours(8)));
    assert_eq!(client.status().unwrap().ready, 10, "no prefetch on top: 10 ≥ 5");

    server.stop().await;
    server.clock.advance(Duration::hours(2));
    for _ in 0..10 {
        let item = client.next_submission().unwrap().expect("worked offline");
        assert!(item.offline);
        client.decide(&item.submission_id, DecisionInput::approve()).unwrap();
    }
    assert!(client.next_submission().unwrap().is_none());
    assert_eq!(client.sync_once().await.unwrap().outbox_pending, 10);
    server.restart().await;
    server.clock.advance(Duration::minutes(1));
    let status = client.sync_once().await.unwrap();
    assert_eq!((status.outbox_pending, status.acknowledged), (0, 10));
    assert_eq!(server.decision_count(), 10);

    let refused = client.checkout_offline(5, 9).await.unwrap_err();
    assert_eq!(refused.code(), "bad_lease_length");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_undecided_lease_is_dropped_and_replaced() {
    let server = TestServer::start(&["wang"], 7).await;
    let (_dir, _secrets, client) = signed_in(&server, &server.url(), "wang").await;
    client.sync_once().await.unwrap();
    let first = client.next_submission().unwrap().unwrap();
    server.clock.advance(Duration::minutes(16));
    let late = client.decide(&first.submission_id, DecisionInput::approve()).unwrap_err();
    assert!(matches!(late, ClientError::LeaseExpired | ClientError::UnknownSubmission), "{late:?}");
    let status = client.sync_once().await.unwrap();
    assert_eq!(status.ready, 5, "expired items forgotten, five fresh ones claimed");
    assert_eq!(status.earliest_lease_expiry, Some(server.clock.get() + Duration::minutes(15)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_review_sheet_is_built_under_the_held_lease_on_the_clients_clock() {
    let server = TestServer::start(&["wang"], 2).await;
    let (_dir, _secrets, client) = signed_in(&server, &server.url(), "wang").await;
    client.sync_once().await.unwrap();
    let item = client.next_submission().unwrap().unwrap();
    let sheet = client.review_sheet(&item.submission_id).unwrap();
    assert_eq!(sheet.submission_id, item.submission_id);
    assert_eq!(sheet.lease_expires_at, item.lease_expires_at);
    assert_eq!(sheet.second_review, item.second_review);
    assert!(!sheet.identity.id_number.contains(&ID_NUMBER[4..14]), "the number is masked");
    assert_eq!(
        sheet.number_says.as_ref().map(|says| says.birth_date),
        Some(NaiveDate::from_ymd_opt(1949, 12, 31))
    );
    // The server never sent the number: the cached body holds it masked, before and after a
    // reveal, whose answer goes to the caller only.
    let cached = |client: &Client| {
        client.review_entry(&item.submission_id).unwrap().unwrap().submission.submission
    };
    assert_eq!(cached(&client).identity.id_number, "11**************2X");
    assert_eq!(client.reveal_id_number(&item.submission_id).await.unwrap(), ID_NUMBER);
    assert_eq!(cached(&client).identity.id_number, "11**************2X");
    // Working days are counted from the client's clock: a week later, fewer are left.
    let left = sheet.due.working_days_left.expect("a due date inside the calendar");
    server.clock.advance(Duration::days(7));
    let later = client.review_sheet(&item.submission_id).unwrap();
    assert!(later.due.working_days_left.unwrap() < left, "{left} then {:?}", later.due);
    assert_eq!(client.review_sheet("not-cached").unwrap_err().code(), "unknown_submission");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logout_refuses_to_lose_unsent_decisions_then_removes_everything() {
    let mut server = TestServer::start(&["wang"], 5).await;
    let (dir, secrets, client) = signed_in(&server, &server.url(), "wang").await;
    client.sync_once().await.unwrap();
    assert_eq!(secrets.len(), 2, "the session token and the cache key");
    let item = client.next_submission().unwrap().unwrap();
    client.decide(&item.submission_id, DecisionInput::approve()).unwrap();

    server.stop().await;
    let refused = client.logout().await.unwrap_err();
    assert_eq!(refused.code(), "unsent_decisions");
    assert!(refused.message().contains("1 项决定"));

    server.restart().await;
    server.clock.advance(Duration::seconds(5));
    client.logout().await.unwrap();
    assert_eq!(server.decision_count(), 1, "logout delivered the outbox first");
    assert!(secrets.is_empty(), "both secrets removed");
    let status = client.status().unwrap();
    assert!(!status.signed_in && status.account.is_none());
    assert_eq!(client.next_submission().unwrap_err().code(), "not_signed_in");
    let left = all_bytes_under(dir.path());
    assert!(left.is_empty(), "no cache or account file left");
    assert!(client.resume().unwrap().is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_password_is_the_servers_refusal_and_an_absent_server_is_offline() {
    let mut server = TestServer::start(&["wang"], 0).await;
    let dir = tempfile::tempdir().unwrap();
    let secrets = Arc::new(MemorySecrets::default());
    let client = client(dir.path(), &secrets, &server.clock);
    let wrong = client.login(&server.url(), "wang", "nope").await.unwrap_err();
    assert_eq!(wrong.code(), "invalid_credentials");
    assert_eq!(wrong.message(), "用户名或密码错误");
    server.stop().await;
    let offline = client.login(&server.url(), "wang", PASSWORD).await.unwrap_err();
    assert_eq!(offline.code(), "offline");
    assert!(secrets.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_ended_session_keeps_the_outbox_until_the_reviewer_signs_in_again() {
    use reviewdesk_server::store::Store;
    let server = TestServer::start(&["wang"], 5).await;
    let (_dir, secrets, client) = signed_in(&server, &server.url(), "wang").await;
    client.sync_once().await.unwrap();
    let item = client.next_submission().unwrap().unwrap();
    client.decide(&item.submission_id, DecisionInput::approve()).unwrap();

    let token = secrets.get_named("session").unwrap();
    let hash = reviewdesk_server::auth::secret_hash(&token);
    server.store.end_session(&hash, server.clock.get()).unwrap();
    let status = client.sync_once().await.unwrap();
    assert!(!status.signed_in, "a 401 ends the session");
    assert_eq!(status.outbox_pending, 1, "nothing local is lost");
    assert_eq!(secrets.get_named("session"), None, "the dead token left the keyring");
    assert!(client.next_submission().unwrap().is_some(), "work goes on from the cache");

    client.login(&server.url(), "wang", PASSWORD).await.unwrap();
    let status = client.sync_once().await.unwrap();
    assert!(status.signed_in);
    assert_eq!((status.outbox_pending, status.acknowledged), (0, 1));
    assert_eq!(server.decision_count(), 1);
}
