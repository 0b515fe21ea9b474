//! The offline batch and what signing out gives back, against the real review server
//! (in-process over a real socket, SQLite file): the status line's own expiry for the batch,
//! releasing the batch (online only), and sign-out releasing every held submission.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::sync::Arc;

use chrono::Duration;
use reviewdesk_client::{Client, DecisionInput, MemorySecrets, Released};
use support::{client, TestServer, PASSWORD};

async fn signed_in(server: &TestServer, username: &str) -> (tempfile::TempDir, Client) {
    let dir = tempfile::tempdir().unwrap();
    let secrets = Arc::new(MemorySecrets::default());
    let client = client(dir.path(), &secrets, &server.clock);
    client.login(&server.url(), username, PASSWORD).await.unwrap();
    (dir, client)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_status_shows_the_offline_batchs_own_expiry_beside_the_short_leases() {
    let server = TestServer::start(&["wang"], 12).await;
    let (_dir, wang) = signed_in(&server, "wang").await;
    let status = wang.sync_once().await.unwrap();
    assert_eq!((status.held, status.offline_held, status.downloading), (5, 0, 0));
    assert_eq!(status.offline_expiry, None);

    let checkout = wang.checkout_offline(7, 8).await.unwrap();
    assert_eq!(checkout.claimed, 7);
    let status = wang.status().unwrap();
    assert_eq!((status.held, status.offline_held, status.downloading), (12, 7, 0));
    assert_eq!(status.offline_expiry, checkout.expires_at);
    assert_eq!(status.offline_expiry, Some(server.clock.get() + Duration::hours(8)));
    assert_eq!(
        status.earliest_lease_expiry,
        Some(server.clock.get() + Duration::minutes(15)),
        "the prefetch leases stay short; the batch has its own line"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn releasing_the_offline_batch_gives_it_to_colleagues_and_keeps_decisions() {
    let server = TestServer::start(&["wang", "li"], 10).await;
    let (_dir, wang) = signed_in(&server, "wang").await;
    wang.sync_once().await.unwrap();
    wang.checkout_offline(5, 8).await.unwrap();
    let offline: Vec<String> = wang
        .ready_submissions()
        .unwrap()
        .into_iter()
        .filter(|id| wang.submission(id).unwrap().is_some_and(|item| item.offline))
        .collect();
    assert_eq!(offline.len(), 5);
    wang.decide(&offline[0], DecisionInput::approve()).unwrap();

    let released = wang.release_offline().await.unwrap();
    assert_eq!(released, Released { released: 4, already_gone: 0 });
    let status = wang.status().unwrap();
    assert_eq!((status.offline_held, status.held, status.outbox_pending), (0, 5, 1));
    assert_eq!(status.offline_expiry, None);
    for id in &offline[1..] {
        assert!(wang.submission(id).unwrap().is_none(), "left the cache");
    }
    assert_eq!(wang.submission(&offline[0]).unwrap().map(|item| item.offline), Some(true));

    // The four are back in the server's queue: a colleague claims exactly those.
    let (_li_dir, li) = signed_in(&server, "li").await;
    li.sync_once().await.unwrap();
    let mut theirs = li.ready_submissions().unwrap();
    theirs.sort();
    let mut given_back = offline[1..].to_vec();
    given_back.sort();
    assert_eq!(theirs, given_back);

    // The decision made in the batch still reaches the server, once.
    server.clock.advance(Duration::seconds(5));
    assert_eq!(wang.sync_once().await.unwrap().outbox_pending, 0);
    assert_eq!(server.decision_count(), 1);
    assert_eq!(wang.release_offline().await.unwrap(), Released { released: 0, already_gone: 0 });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn releasing_needs_the_server_and_an_expired_lease_is_simply_forgotten() {
    let mut server = TestServer::start(&["wang"], 8).await;
    let (_dir, wang) = signed_in(&server, "wang").await;
    wang.checkout_offline(3, 1).await.unwrap();
    server.stop().await;
    let refused = wang.release_offline().await.unwrap_err();
    assert_eq!(refused.code(), "offline");
    assert_eq!(wang.status().unwrap().offline_held, 3, "the batch stays workable offline");
    assert!(wang.next_submission().unwrap().is_some());

    server.restart().await;
    // The server re-queued them all on its own clock; the client's copy of the expiry is later.
    server.clock.advance(Duration::minutes(61));
    let released = wang.release_offline().await;
    // Past expiry the cache no longer counts them as held: nothing to give back.
    assert_eq!(released.unwrap(), Released { released: 0, already_gone: 0 });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_out_gives_back_every_held_submission() {
    let server = TestServer::start(&["wang", "li"], 8).await;
    let (_dir, wang) = signed_in(&server, "wang").await;
    wang.sync_once().await.unwrap();
    wang.checkout_offline(3, 8).await.unwrap();
    assert_eq!(wang.status().unwrap().held, 8);
    wang.logout().await.unwrap();

    let (_li_dir, li) = signed_in(&server, "li").await;
    li.sync_once().await.unwrap();
    li.checkout_offline(3, 8).await.unwrap();
    assert_eq!(li.status().unwrap().held, 8, "all eight were given back at sign-out");
}
