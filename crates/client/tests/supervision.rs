//! A supervisor's client against the real review server, in-process over a real socket: the
//! session claims nothing from the queue, the four-eyes item is listed, its case and photos come
//! online, an overturn is sent (a missing note refused before sending, a second verdict refused
//! by the server), and the log, exports, timeline, statistics, audit verification and golden
//! items answer; a reviewer is refused every supervision call with `supervisors_only`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::sync::Arc;

use chrono::NaiveDate;
use reviewdesk_client::{Client, DecisionInput, MemorySecrets, VerdictInput};
use reviewdesk_domain::audit::AuditAction;
use reviewdesk_domain::review::{Outcome, PhotoSide, Role, SubmissionStatus};
use reviewdesk_domain::wire::supervision::{
    DecisionLogFilter, DecisionLogQuery, ExportFormat, SecondReviewKind, Verdict,
};
use reviewdesk_domain::wire::Stage;
use reviewdesk_server::store::{NewUser, Store};
use support::{client, photos, TestServer, PASSWORD, PROVINCE};

async fn signed_in(server: &TestServer, username: &str) -> (tempfile::TempDir, Client) {
    let dir = tempfile::tempdir().unwrap();
    let client = client(dir.path(), &Arc::new(MemorySecrets::default()), &server.clock);
    client.login(&server.url(), username, PASSWORD).await.unwrap();
    (dir, client)
}

/// The reviewer claims the applicant's open request and rejects it; the rejection is delivered.
async fn reject(reviewer: &Client, id: &str) {
    reviewer.sync_once().await.unwrap();
    assert!(reviewer.ready_submissions().unwrap().contains(&id.to_owned()));
    reviewer.decide(id, DecisionInput::reject(&["portrait_photo_unclear"])).unwrap();
    assert_eq!(reviewer.sync_once().await.unwrap().outbox_pending, 0);
}

fn all() -> DecisionLogQuery {
    DecisionLogQuery { filter: DecisionLogFilter::default(), cursor: None, limit: None }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_supervisor_overturns_a_four_eyes_rejection_and_reads_the_record() {
    let server = TestServer::start(&["wang"], 0).await;
    let supervisor = NewUser {
        username: "zhao".to_owned(),
        password_hash: server.state.passwords.hash(PASSWORD).unwrap(),
        role: Role::Supervisor,
        province: Some(PROVINCE.to_owned()),
    };
    server.store.add_user(&supervisor, server.clock.get()).unwrap();

    let (_wang_dir, wang) = signed_in(&server, "wang").await;
    let mut ids = Vec::new();
    for _ in 0..3 {
        let id = server.submit("A-four-eyes").await;
        reject(&wang, &id).await;
        ids.push(id);
    }
    let third = ids[2].clone();
    // One more open request: a reviewer would claim it, the supervisor must not.
    server.submit("A-open").await;

    let (_zhao_dir, zhao) = signed_in(&server, "zhao").await;
    assert_eq!(zhao.sync_once().await.unwrap().ready, 0, "a supervisor claims nothing");
    assert_eq!(zhao.checkout_offline(5, 1).await.unwrap_err().code(), "reviewers_only");

    let items = zhao.second_reviews().await.unwrap();
    let item = items
        .iter()
        .find(|item| item.submission_id == third && item.kind == SecondReviewKind::FourEyes)
        .expect("the last-attempt rejection waits for a second person");
    assert_eq!(item.first.username, "wang");
    assert_eq!(item.status, SubmissionStatus::PendingSecondReview);

    let case = zhao.case(&third).await.unwrap();
    assert_eq!(case.submission.attempt, 3);
    let sheet = zhao.case_sheet(&third).await.unwrap();
    assert_eq!(sheet.status, SubmissionStatus::PendingSecondReview);
    assert!(sheet.sheet.second_review, "a four-eyes case reads as a second review");
    assert_eq!(sheet.sheet.attempt, 3);
    assert!(sheet.sheet.identity.id_number.contains('*'), "the number is masked");
    assert_eq!(zhao.case_photo(&third, PhotoSide::Portrait).await.unwrap(), photos()[0]);

    let verdict = |note: &str| VerdictInput {
        submission_id: third.clone(),
        outcome: Outcome::Approve,
        reasons: Vec::new(),
        other_text: None,
        note: note.to_owned(),
    };
    assert_eq!(zhao.second_review(verdict(" ")).await.unwrap_err().code(), "note_required");
    let receipt = zhao.second_review(verdict("照片清晰，驳回理由不成立")).await.unwrap();
    assert_eq!(receipt.verdict, Verdict::Overturned);
    assert_eq!(receipt.status, SubmissionStatus::Approved);
    assert_eq!(receipt.decision.stage, Stage::Second);
    let again = zhao.second_review(verdict("再次提交")).await.unwrap_err();
    assert_eq!(again.code(), "conflict", "{again}");

    let page = zhao.decision_log(&all()).await.unwrap();
    let first = page
        .entries
        .iter()
        .find(|entry| entry.submission_id == third && entry.stage == Stage::First)
        .unwrap();
    assert!(first.overturned);
    assert!(first.id_number_masked.contains('*'));
    let overturned = DecisionLogQuery {
        filter: DecisionLogFilter { overturned: Some(true), ..DecisionLogFilter::default() },
        ..all()
    };
    let page = zhao.decision_log(&overturned).await.unwrap();
    assert!(page.entries.iter().all(|entry| entry.overturned) && !page.entries.is_empty());
    let bad = DecisionLogQuery { limit: Some(0), ..all() };
    assert_eq!(zhao.decision_log(&bad).await.unwrap_err().code(), "bad_limit");

    let downloads = tempfile::tempdir().unwrap();
    let csv = zhao
        .export_decisions(DecisionLogFilter::default(), ExportFormat::Csv, false, downloads.path())
        .await
        .unwrap();
    let name = csv.file_name().unwrap().to_str().unwrap().to_owned();
    assert!(name.starts_with("审核记录-") && name.ends_with(".csv"), "{name}");
    assert!(std::fs::read(&csv).unwrap().starts_with(b"\xEF\xBB\xBF"), "CSV with a BOM");
    let xlsx = zhao
        .export_decisions(DecisionLogFilter::default(), ExportFormat::Xlsx, true, downloads.path())
        .await
        .unwrap();
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"), "an XLSX is a zip");

    let timeline = zhao.timeline(&third).await.unwrap();
    assert_eq!(timeline.status, SubmissionStatus::Approved);
    let actions: Vec<AuditAction> = timeline.events.iter().map(|event| event.action).collect();
    assert!(actions.contains(&AuditAction::Intake), "{actions:?}");
    assert!(actions.contains(&AuditAction::SecondReviewChanged), "{actions:?}");

    let today = server.clock.get().date_naive();
    let month = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
    let stats = zhao.stats(month, today + chrono::Duration::days(20)).await.unwrap();
    assert!(stats.decisions >= 3, "{stats:?}");
    assert_eq!(stats.open, 1, "the open request: {stats:?}");
    assert_eq!(zhao.stats(today, month).await.unwrap_err().code(), "bad_date_range");

    let verification = zhao.verify_audit().await.unwrap();
    assert!(verification.intact, "{verification:?}");

    let golden = zhao.plant_golden(&ids[0]).await.unwrap();
    assert_eq!(golden.expected_outcome, Outcome::Reject);
    assert_eq!(golden.planted_by, "zhao");

    // The reviewer is refused every supervision call by the server.
    assert_eq!(wang.decision_log(&all()).await.unwrap_err().code(), "supervisors_only");
    assert_eq!(wang.second_reviews().await.unwrap_err().code(), "supervisors_only");
    assert_eq!(wang.verify_audit().await.unwrap_err().code(), "supervisors_only");
}
