//! The photo checks' findings reaching a desktop that already holds the submission: against the
//! real review server in-process, whose checks are stood in for by recording their findings in
//! its store (the tests' server runs no OCR). A held body whose checks are not settled is asked
//! for again, alone, until they are; a settled one never again; a refresh that fails loses nothing
//! and is tried again later. Requests are counted from the server's own `/metrics`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::sync::Arc;

use chrono::Duration;
use reviewdesk_client::{Client, MemorySecrets};
use reviewdesk_domain::photo_findings::{photo_mirrored, ImageFinding, PhotoChecks};
use reviewdesk_domain::review::PhotoSide;
use reviewdesk_server::store::{PhotoCheckOutcome, PhotoCheckResult, Store};
use support::{client, TestServer, PASSWORD, PROVINCE};

const BODY: &str = "/api/v1/submissions/{id}";
const PHOTO: &str = "/api/v1/submissions/{id}/images/{side}";

async fn signed_in(server: &TestServer) -> (tempfile::TempDir, Client) {
    let dir = tempfile::tempdir().unwrap();
    let secrets = Arc::new(MemorySecrets::default());
    let client = client(dir.path(), &secrets, &server.clock);
    client.login(&server.url(), "wang", PASSWORD).await.unwrap();
    (dir, client)
}

/// How many `GET` requests to `route` (a route template) the server has answered.
async fn requests(server: &TestServer, route: &str) -> u64 {
    let metrics = reqwest::get(format!("{}/metrics", server.url())).await.unwrap();
    let text = metrics.text().await.unwrap();
    let prefix = format!(
        "reviewdesk_http_request_duration_seconds_count{{route=\"{route}\",method=\"GET\"}} "
    );
    text.lines().find_map(|line| line.strip_prefix(&prefix)?.trim().parse().ok()).unwrap_or(0)
}

/// The server's photo checks of `id` are done with `findings`.
fn checked(server: &TestServer, id: &str, findings: &[ImageFinding]) {
    let now = server.clock.get();
    // Claimed as a worker would, passing over (and then giving back) other submissions' work.
    let mut others = Vec::new();
    loop {
        let claim = format!("test-{}", others.len());
        let work = server
            .store
            .claim_photo_check(&claim, Duration::minutes(1), now)
            .unwrap()
            .expect("the submission's checks are queued");
        if work.submission_id == id {
            let result = PhotoCheckResult {
                submission_id: id,
                claim: &claim,
                outcome: PhotoCheckOutcome::Done,
                findings,
            };
            assert!(server.store.finish_photo_check(&result, now).unwrap());
            break;
        }
        others.push(claim);
    }
    server.store.release_photo_checks(&others).unwrap();
}

fn mirrored() -> Vec<ImageFinding> {
    let side = PhotoSide::Handheld;
    vec![ImageFinding { side, finding: photo_mirrored(side).about_photo(side) }]
}

/// The codes of the findings the review sheet shows beside the hand-held photo.
fn beside_handheld(client: &Client, id: &str) -> Vec<String> {
    let sheet = client.review_sheet(id).unwrap();
    let notes = sheet.photos.iter().filter(|notes| notes.side == PhotoSide::Handheld);
    notes.flat_map(|notes| notes.findings.iter().map(|f| f.code.clone())).collect()
}

/// Moves a submission to another province in the server's database: its reviewer is answered
/// 404 for it from then on.
fn move_to_province(server: &TestServer, id: &str, province: &str) {
    let conn = rusqlite::Connection::open(server.dir.path().join("reviewdesk.db")).unwrap();
    conn.busy_timeout(std::time::Duration::from_secs(5)).unwrap();
    let moved =
        conn.execute("UPDATE submissions SET province = ?2 WHERE id = ?1", [id, province]).unwrap();
    assert_eq!(moved, 1);
}

fn checks_of(client: &Client, id: &str) -> PhotoChecks {
    client.review_sheet(id).unwrap().photo_checks
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pending_checks_are_asked_for_again_until_settled_then_never() {
    let server = TestServer::start(&["wang"], 5).await;
    let (_dir, client) = signed_in(&server).await;
    assert_eq!(client.sync_once().await.unwrap().ready, 5);
    let ids = client.ready_submissions().unwrap();
    assert_eq!(requests(&server, BODY).await, 5);
    let photos = requests(&server, PHOTO).await;
    assert_eq!(photos, 15);
    assert!(ids.iter().all(|id| checks_of(&client, id) == PhotoChecks::Pending));

    // The checks of two submissions finish: one finds the hand-held photo mirrored, one nothing.
    checked(&server, &ids[0], &mirrored());
    checked(&server, &ids[1], &[]);
    // A body is not asked for again before it is `checks_refresh_every` old.
    client.sync_once().await.unwrap();
    assert_eq!(requests(&server, BODY).await, 5);

    server.clock.advance(Duration::seconds(15));
    let status = client.sync_once().await.unwrap();
    assert_eq!(requests(&server, BODY).await, 10, "each held body once");
    assert_eq!(status.submissions_updated, 2, "the two whose checks finished");
    assert_eq!(checks_of(&client, &ids[0]), PhotoChecks::Done);
    assert_eq!(beside_handheld(&client, &ids[0]), ["photo_mirrored"]);
    assert_eq!(checks_of(&client, &ids[1]), PhotoChecks::Done);
    assert!(beside_handheld(&client, &ids[1]).is_empty());
    assert_eq!(checks_of(&client, &ids[2]), PhotoChecks::Pending);

    server.clock.advance(Duration::seconds(15));
    let status = client.sync_once().await.unwrap();
    assert_eq!(requests(&server, BODY).await, 13, "only the three still pending");
    assert_eq!(status.submissions_updated, 2, "a body that reads the same is no update");
    assert_eq!(requests(&server, PHOTO).await, photos, "a refresh never downloads photos");
    assert_eq!((status.ready, &status.last_error), (5, &None));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_refresh_loses_nothing_and_is_tried_again() {
    let mut server = TestServer::start(&["wang"], 5).await;
    let (_dir, client) = signed_in(&server).await;
    client.sync_once().await.unwrap();
    let ids = client.ready_submissions().unwrap();

    // The first held submission answers 404 when asked again; the next one's checks are done.
    move_to_province(&server, &ids[0], "12");
    checked(&server, &ids[1], &[]);
    server.clock.advance(Duration::seconds(15));
    let status = client.sync_once().await.unwrap();
    assert_eq!(requests(&server, BODY).await, 10, "the 404 stopped no other refresh");
    assert_eq!((status.online, status.ready, &status.last_error), (Some(true), 5, &None));
    assert!(client.submission(&ids[0]).unwrap().is_some(), "body and photos still held");
    assert_eq!(checks_of(&client, &ids[0]), PhotoChecks::Pending);
    assert_eq!(checks_of(&client, &ids[1]), PhotoChecks::Done);

    // The server cannot be reached: the round stops, nothing held is lost.
    server.stop().await;
    server.clock.advance(Duration::seconds(15));
    let status = client.sync_once().await.unwrap();
    assert_eq!((status.online, status.ready), (Some(false), 5));
    for id in &ids {
        assert!(client.submission(id).unwrap().is_some(), "{id}");
    }
    assert_eq!(checks_of(&client, &ids[0]), PhotoChecks::Pending);

    // Back, the submission in the reviewer's province again and its checks done: a later round
    // brings the findings.
    server.restart().await;
    move_to_province(&server, &ids[0], PROVINCE);
    checked(&server, &ids[0], &mirrored());
    server.clock.advance(Duration::seconds(15));
    let status = client.sync_once().await.unwrap();
    assert_eq!(status.online, Some(true));
    assert_eq!(checks_of(&client, &ids[0]), PhotoChecks::Done);
    assert_eq!(beside_handheld(&client, &ids[0]), ["photo_mirrored"]);
}
