//! The cache's retention rule against the real server: personal data older than
//! `Settings::retention` (submissions, photos, conflict records) is purged at start-up and on
//! every sync, but a decision still waiting in the outbox is kept (without its submission) and
//! reaches the server exactly once. Logout purging everything is in `against_server.rs`.

mod support;

use std::sync::Arc;

use chrono::Duration;
use reviewdesk_client::{Client, DecisionInput, MemorySecrets, SecretStore, Settings};
use support::{SharedClock, TestServer, PASSWORD};

fn client(dir: &std::path::Path, secrets: &Arc<MemorySecrets>, clock: &Arc<SharedClock>) -> Client {
    let secrets: Arc<dyn SecretStore> = secrets.clone();
    let settings = Settings {
        retention: Duration::hours(24),
        undo_window: Duration::zero(),
        ..Settings::default()
    };
    Client::new(dir, settings, secrets, clock.clone())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn personal_data_past_the_retention_is_purged_but_an_unsent_decision_is_not() {
    let mut server = TestServer::start(&["wang", "li"], 7).await;
    let dir = tempfile::tempdir().unwrap();
    let secrets = Arc::new(MemorySecrets::default());
    let wang = client(dir.path(), &secrets, &server.clock);
    wang.login(&server.url(), "wang", PASSWORD).await.unwrap();
    wang.sync_once().await.unwrap();

    // A conflict record: wang decides offline, li decides the same submission first.
    let contested = wang.next_submission().unwrap().unwrap().submission_id;
    wang.decide(&contested, DecisionInput::approve()).unwrap();
    server.clock.advance(Duration::minutes(16));
    let li_dir = tempfile::tempdir().unwrap();
    let li = client(li_dir.path(), &Arc::new(MemorySecrets::default()), &server.clock);
    li.login(&server.url(), "li", PASSWORD).await.unwrap();
    li.sync_once().await.unwrap();
    li.decide(&contested, DecisionInput::approve()).unwrap();
    li.sync_once().await.unwrap();
    let status = wang.sync_once().await.unwrap();
    assert_eq!(status.conflicts, 1);

    // A decision saved offline, the server gone for two days.
    let pending = wang.next_submission().unwrap().unwrap().submission_id;
    let saved = wang.decide(&pending, DecisionInput::approve()).unwrap();
    assert!(wang.submission(&pending).unwrap().is_some());
    server.stop().await;
    server.clock.advance(Duration::hours(12));
    let status = wang.sync_once().await.unwrap();
    assert_eq!((status.conflicts, status.outbox_pending), (1, 1), "inside the retention");

    // Past it: the app restarts and the rule runs before anything else.
    server.clock.advance(Duration::hours(13));
    drop(wang);
    let wang = client(dir.path(), &secrets, &server.clock);
    wang.resume().unwrap().expect("the account");
    let status = wang.status().unwrap();
    assert_eq!(status.conflicts, 0, "the conflict record (with its submission) is gone");
    assert_eq!(status.outbox_pending, 1, "the unsent decision stays");
    assert_eq!(status.ready, 0);
    assert!(wang.submission(&pending).unwrap().is_none(), "its submission and photos are gone");
    assert!(wang.review_entry(&pending).unwrap().is_none());

    server.restart().await;
    // The session ran out meanwhile (12 hours): signing in again sends the outbox.
    wang.login(&server.url(), "wang", PASSWORD).await.unwrap();
    let status = wang.sync_once().await.unwrap();
    assert_eq!(status.outbox_pending, 0, "{status:?}");
    let recorded = server.decisions_recorded(&pending);
    assert_eq!(recorded.len(), 1);
    assert_eq!(recorded[0].0, saved.decision_id);
}
