//! Undo (撤回) and the day's count against the real review server, with the client's default
//! settings (a 10-second undo window): a decision waits its window in the outbox and goes out only
//! after it; a recalled one never reaches the server and its case is back in the queue; once the
//! window closed it cannot be recalled; the count of today's decisions survives a restart and
//! leaves out recalled ones. The clock is the test's, shared with the server.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::sync::Arc;

use chrono::Duration;
use reviewdesk_client::{DecisionInput, MemorySecrets, Settings, Today, DEFAULT_UNDO_SECONDS};
use support::{client_with, TestServer, PASSWORD};

#[test]
fn the_default_window_is_ten_seconds() {
    assert_eq!(Settings::default().undo_window, Duration::seconds(10));
    assert_eq!(DEFAULT_UNDO_SECONDS, 10);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_decision_waits_its_undo_window_and_a_recalled_one_never_reaches_the_server() {
    let server = TestServer::start(&["wang"], 4).await;
    let dir = tempfile::tempdir().unwrap();
    let secrets = Arc::new(MemorySecrets::default());
    let client = client_with(dir.path(), &secrets, &server.clock, Settings::default());
    client.login(&server.url(), "wang", PASSWORD).await.unwrap();
    client.sync_once().await.unwrap();

    // An approval waits in the outbox for its window, recallable.
    let first = client.next_submission().unwrap().unwrap().submission_id;
    let saved = client.decide(&first, DecisionInput::approve()).unwrap();
    let status = client.sync_once().await.unwrap();
    assert_eq!(status.outbox_pending, 1);
    assert_eq!(server.decision_count(), 0, "sent inside its undo window");
    let recallable = status.recallable.clone().expect("recallable");
    assert_eq!(recallable.decision_id, saved.decision_id);
    assert_eq!(recallable.until, saved.saved_at + Duration::seconds(10));
    assert_eq!(status.today, Today { approved: 1, rejected: 0 });

    // Recalled 9 s later: the case is back, undecided, and nothing reaches the server.
    server.clock.advance(Duration::seconds(9));
    assert_eq!(client.recall_decision(&saved.decision_id).unwrap(), first);
    let status = client.status().unwrap();
    assert_eq!((status.outbox_pending, status.recallable.clone()), (0, None));
    assert_eq!(status.today, Today::default());
    assert!(client.ready_submissions().unwrap().contains(&first));
    server.clock.advance(Duration::seconds(30));
    client.sync_once().await.unwrap();
    assert_eq!(server.decision_count(), 0, "a recalled decision reached the server");
    assert_eq!(client.recall_decision(&saved.decision_id).unwrap_err().code(), "recall_too_late");

    // Decided again (a rejection): sent once its window has passed, and then final.
    let again = client.decide(&first, DecisionInput::reject(&["sex_incorrect"])).unwrap();
    server.clock.advance(Duration::seconds(9));
    client.sync_once().await.unwrap();
    assert_eq!(server.decision_count(), 0);
    server.clock.advance(Duration::seconds(1));
    let status = client.sync_once().await.unwrap();
    assert_eq!(status.outbox_pending, 0);
    assert_eq!(status.recallable, None);
    let recorded = server.decisions_recorded(&first);
    assert_eq!(recorded.len(), 1);
    assert_eq!(
        (recorded[0].0.as_str(), recorded[0].2.as_str()),
        (again.decision_id.as_str(), "reject")
    );
    let late = client.recall_decision(&again.decision_id).unwrap_err();
    assert_eq!(late.code(), "recall_too_late");
    assert!(late.message().contains("审核主管"), "{}", late.message());
    assert_eq!(status.today, Today { approved: 0, rejected: 1 });

    // An approval over a finding carries the codes to the server.
    let second = client.next_submission().unwrap().unwrap().submission_id;
    let mut over = DecisionInput::approve();
    over.overridden_findings = vec!["photo_checks_not_done".to_owned()];
    client.decide(&second, over).unwrap();
    server.clock.advance(Duration::seconds(11));
    client.sync_once().await.unwrap();
    let stored = server.store_decision_overrides(&second);
    assert_eq!(stored, r#"["photo_checks_not_done"]"#);

    // A rejection naming overridden findings is refused before it reaches the outbox.
    let third = client.next_submission().unwrap().unwrap().submission_id;
    let mut wrong = DecisionInput::reject(&["sex_incorrect"]);
    wrong.overridden_findings = vec!["sex_mismatch".to_owned()];
    assert_eq!(client.decide(&third, wrong).unwrap_err().code(), "overrides_with_rejection");
    let mut unknown = DecisionInput::approve();
    unknown.overridden_findings = vec!["no_such_finding".to_owned()];
    assert_eq!(client.decide(&third, unknown).unwrap_err().code(), "unknown_finding_code");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn today_counts_survive_a_restart_and_turn_at_beijing_midnight() {
    let server = TestServer::start(&["wang"], 3).await;
    let dir = tempfile::tempdir().unwrap();
    let secrets = Arc::new(MemorySecrets::default());
    {
        let client = client_with(dir.path(), &secrets, &server.clock, Settings::default());
        client.login(&server.url(), "wang", PASSWORD).await.unwrap();
        client.sync_once().await.unwrap();
        let id = client.next_submission().unwrap().unwrap().submission_id;
        client.decide(&id, DecisionInput::approve()).unwrap();
        let id = client.next_submission().unwrap().unwrap().submission_id;
        client.decide(&id, DecisionInput::reject(&["sex_incorrect"])).unwrap();
    }
    // Restarted (a new client on the same files): the count and the outbox are still there.
    let client = client_with(dir.path(), &secrets, &server.clock, Settings::default());
    client.resume().unwrap().expect("resumed");
    let status = client.status().unwrap();
    assert_eq!(status.today, Today { approved: 1, rejected: 1 });
    assert_eq!(status.outbox_pending, 2);
    server.clock.advance(Duration::seconds(11));
    client.sync_once().await.unwrap();
    assert_eq!(server.decision_count(), 2, "both sent after the restart");
    assert_eq!(client.status().unwrap().today, Today { approved: 1, rejected: 1 });
    // The shared clock starts at 10:00 Beijing time: 14 hours later it is the next day.
    server.clock.advance(Duration::hours(14));
    assert_eq!(client.status().unwrap().today, Today::default());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_out_inside_the_window_sends_the_decision_first() {
    let server = TestServer::start(&["wang"], 2).await;
    let dir = tempfile::tempdir().unwrap();
    let secrets = Arc::new(MemorySecrets::default());
    let client = client_with(dir.path(), &secrets, &server.clock, Settings::default());
    client.login(&server.url(), "wang", PASSWORD).await.unwrap();
    client.sync_once().await.unwrap();
    let id = client.next_submission().unwrap().unwrap().submission_id;
    client.decide(&id, DecisionInput::approve()).unwrap();
    client.logout().await.unwrap();
    assert_eq!(server.decisions_recorded(&id).len(), 1, "the decision was sent before signing out");
}
