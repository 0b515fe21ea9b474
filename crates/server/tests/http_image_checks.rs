//! The automatic photo checks at intake: intake answers at once and queues the checks; the
//! background workers (real Tesseract) record findings that `GET /api/v1/submissions/{id}` shows
//! with `image_checks: done`, each naming its photo: a wrong side, the same file as two sides, a
//! number on the card that is not the declared one, and the same file uploaded by another
//! applicant. Without workers the checks stay `pending` and no photo finding is claimed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::time::Duration;

use axum::http::StatusCode;
use chrono::NaiveDate;
use reviewdesk_domain::review::Role;
use reviewdesk_server::clock::Clock;
use reviewdesk_server::image_checks::CheckWorkers;
use reviewdesk_server::store::Store;
use reviewdesk_synthetic::{DefectMix, Generator, GeneratorConfig};
use serde_json::{json, Value};
use support::{identity, server};

/// The photo findings among a submission's findings: (photo, code).
fn findings(body: &Value) -> Vec<(String, String)> {
    photo_findings(body)
        .iter()
        .map(|f| (f["photo"].as_str().unwrap().to_owned(), f["code"].as_str().unwrap().to_owned()))
        .collect()
}

fn photo_findings(body: &Value) -> Vec<Value> {
    body["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f.get("photo").is_some())
        .cloned()
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn findings_appear_after_intake_each_naming_its_photo() {
    let mut server = server();
    server.state = server.state.clone().with_image_checks(CheckWorkers::server(1));
    server.app = reviewdesk_server::http::app(server.state.clone());
    let key = server.intake_key();
    server.add_user("li", Role::Reviewer, Some("11"));
    let token = server.login("li").await;

    let today = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let generator =
        Generator::new(GeneratorConfig::new(9, today).with_defects(0.0, DefectMix::NONE)).unwrap();
    let specimen = (0..20)
        .map(|index| generator.specimen(index).unwrap())
        .find(|s| s.applicant.card.id_type == reviewdesk_domain::id::IdType::Resident)
        .unwrap();
    // The portrait side uploaded as both sides; the declared number is not the card's.
    let parts = vec![
        ("identity", identity("A-1", "11").to_string().into_bytes()),
        ("portrait", specimen.portrait.jpeg.clone()),
        ("emblem", specimen.portrait.jpeg.clone()),
        ("handheld", specimen.handheld.jpeg.clone()),
    ];
    let first = server.intake(&key, &parts).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.json());
    let first = first.json()["id"].as_str().unwrap().to_owned();
    // Another applicant reuses the hand-held photo.
    let parts = vec![
        ("identity", identity("A-2", "11").to_string().into_bytes()),
        ("portrait", specimen.portrait.jpeg.clone()),
        ("emblem", specimen.emblem.jpeg.clone()),
        ("handheld", specimen.handheld.jpeg.clone()),
    ];
    let second = server.intake(&key, &parts).await;
    assert_eq!(second.status, StatusCode::CREATED, "{}", second.json());
    let second = second.json()["id"].as_str().unwrap().to_owned();

    support::checks_done(&server.state, Duration::from_secs(300)).await;
    assert_eq!(server.claim(&token, 2).await.len(), 2, "reads follow the lease");

    let body = server.get(&format!("/api/v1/submissions/{first}"), Some(&token)).await.json();
    assert_eq!((&body["image_checks"], &body["image_checks_done"]), (&json!("done"), &json!(true)));
    let found = findings(&body);
    let has = |side: &str, code: &str| found.iter().any(|(s, c)| s == side && c == code);
    assert!(has("emblem", "photo_wrong_side"), "{found:?}");
    assert!(has("portrait", "photo_duplicate_side") && has("emblem", "photo_duplicate_side"));
    assert!(has("portrait", "photo_id_number_mismatch"), "{found:?}");
    assert!(!has("portrait", "photo_wrong_side"), "{found:?}");
    let message = photo_findings(&body)[0]["message_zh"].as_str().unwrap().to_owned();
    assert!(message.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{message}");

    let body = server.get(&format!("/api/v1/submissions/{second}"), Some(&token)).await.json();
    let found = findings(&body);
    let has = |side: &str, code: &str| found.iter().any(|(s, c)| s == side && c == code);
    assert!(has("handheld", "photo_reused") && has("portrait", "photo_reused"), "{found:?}");
    assert!(!has("emblem", "photo_reused"), "{found:?}");
    assert!(!has("emblem", "photo_wrong_side"), "{found:?}");
}

#[tokio::test]
async fn without_the_pool_a_submission_says_its_checks_have_not_run() {
    let server = server();
    let key = server.intake_key();
    server.add_user("li", Role::Reviewer, Some("11"));
    let token = server.login("li").await;
    let id = server.submit(&key, "A-3", "11").await;
    server.claim(&token, 1).await;
    let body = server.get(&format!("/api/v1/submissions/{id}"), Some(&token)).await.json();
    assert_eq!(
        (&body["image_checks"], &body["image_checks_done"]),
        (&json!("pending"), &json!(false))
    );
    assert!(photo_findings(&body).is_empty(), "{body}");
}

/// `reviewdesk_image_checks_total{outcome}` of this server.
fn checks_total(server: &support::Server, outcome: &str) -> u64 {
    let text = server.state.metrics.render(&[], &Default::default(), 0.0);
    let line = format!("reviewdesk_image_checks_total{{outcome=\"{outcome}\"}} ");
    text.lines().find_map(|l| l.strip_prefix(&line)).unwrap().parse().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_photo_that_cannot_be_read_is_tried_again_then_reported_on_its_photo() {
    let mut server = server();
    let key = server.intake_key();
    server.add_user("li", Role::Reviewer, Some("11"));
    let token = server.login("li").await;
    let parts = support::valid_parts("A-4", "11");
    let reply = server.intake(&key, &parts).await;
    assert_eq!(reply.status, StatusCode::CREATED);
    let id = reply.json()["id"].as_str().unwrap().to_owned();
    server.claim(&token, 1).await;
    // The emblem's file goes missing (a shared volume unmounted, say) before the checks run.
    let emblem = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&parts[2].1));
    let file = server.dir.path().join("images").join(&emblem[..2]).join(format!("{emblem}.jpg"));
    std::fs::remove_file(file).unwrap();

    let workers = CheckWorkers {
        attempts: 2,
        first_backoff: Duration::from_secs(60),
        ..CheckWorkers::server(1)
    };
    server.state = server.state.clone().with_image_checks(workers);
    server.app = reviewdesk_server::http::app(server.state.clone());
    let until = std::time::Instant::now() + Duration::from_secs(120);
    while checks_total(&server, "retried") == 0 {
        assert!(std::time::Instant::now() < until, "the first attempt did not end");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let body = server.get(&format!("/api/v1/submissions/{id}"), Some(&token)).await.json();
    assert_eq!(body["image_checks"], "pending", "tried again later, not given up: {body}");

    // The retry is due a minute later; the last attempt reports the photo it could not read.
    server.clock.advance(chrono::Duration::seconds(61));
    server.state.image_checks.as_ref().unwrap().notify();
    support::checks_done(&server.state, Duration::from_secs(300)).await;
    let body = server.get(&format!("/api/v1/submissions/{id}"), Some(&token)).await.json();
    assert_eq!(body["image_checks"], "done", "{body}");
    assert!(findings(&body).contains(&("emblem".to_owned(), "photo_unreadable".to_owned())));
    assert_eq!((checks_total(&server, "retried"), checks_total(&server, "done")), (1, 1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn checks_that_keep_dying_are_given_up_and_the_reviewer_is_told() {
    let mut server = server();
    let key = server.intake_key();
    server.add_user("li", Role::Reviewer, Some("11"));
    let token = server.login("li").await;
    let id = server.submit(&key, "A-5", "11").await;
    server.claim(&token, 1).await;
    // Two workers took the checks and died with them (their claims expired).
    for dead in ["dead-1", "dead-2"] {
        let now = server.clock.now();
        let claimed =
            server.store.claim_photo_check(dead, chrono::Duration::minutes(1), now).unwrap();
        assert_eq!(claimed.unwrap().submission_id, id);
        server.clock.advance(chrono::Duration::minutes(2));
    }
    let workers = CheckWorkers { attempts: 2, ..CheckWorkers::server(1) };
    server.state = server.state.clone().with_image_checks(workers);
    server.app = reviewdesk_server::http::app(server.state.clone());
    support::checks_done(&server.state, Duration::from_secs(60)).await;

    let body = server.get(&format!("/api/v1/submissions/{id}"), Some(&token)).await.json();
    assert_eq!(
        (&body["image_checks"], &body["image_checks_done"]),
        (&json!("failed"), &json!(false))
    );
    let failed = photo_findings(&body);
    assert_eq!(failed.len(), 1, "{body}");
    assert_eq!(failed[0]["code"], "photo_check_failed");
    assert!(failed[0]["message_zh"].as_str().unwrap().contains("请人工核对"), "{body}");
    assert_eq!(checks_total(&server, "failed"), 1);
}
