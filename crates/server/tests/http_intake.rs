//! Intake over HTTP: a real multipart request with real JPEG files is recorded with its attempt,
//! due date and findings, and every bad request is refused with its specific 4xx code.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use chrono::{TimeZone, Utc};
use reviewdesk_server::clock::Clock;
use reviewdesk_server::settings::Settings;
use reviewdesk_server::store::Store;
use serde_json::{json, Value};
use support::{identity, jpeg, server, server_with, valid_parts};

fn replace(parts: &mut [(&'static str, Vec<u8>)], name: &str, bytes: Vec<u8>) {
    parts.iter_mut().find(|(n, _)| *n == name).unwrap().1 = bytes;
}

#[tokio::test]
async fn a_valid_submission_is_recorded_with_images_findings_and_due_date() {
    let server = server();
    let key = server.intake_key();
    let mut parts = valid_parts("A-100", "11");
    // Declared sex contradicts the number: a finding for the reviewer, not a refusal.
    let mut declared = identity("A-100", "11");
    declared["sex"] = json!("male");
    replace(&mut parts, "identity", declared.to_string().into_bytes());
    let reply = server.intake(&key, &parts).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json());
    let body = reply.json();
    assert_eq!(body["status"], "pending");
    assert_eq!(body["attempt"], 1);
    assert_eq!(body["period_start"], "2026-01-01");
    assert_eq!(body["due_date"], "2026-03-11", "7 working days after Monday 2 March");

    let id = body["id"].as_str().unwrap();
    let stored = server.store.submission_record(id, server.clock.now()).unwrap();
    assert!(stored.findings.iter().any(|f| f.code == "sex_mismatch"), "{:?}", stored.findings);
    let portrait = server.dir.path().join("images").join(&stored.images.portrait[..2]);
    let file = portrait.join(format!("{}.jpg", stored.images.portrait));
    assert_eq!(std::fs::read(file).unwrap(), parts[1].1, "stored byte for byte");

    let view = server.get_with_key(&format!("/api/v1/intake/submissions/{id}"), &key).await;
    assert_eq!(view.status, StatusCode::OK);
    assert_eq!(view.json()["status_text"], "已提交人工审核，请耐心等待");
    server
        .get_with_key("/api/v1/intake/submissions/nope", &key)
        .await
        .error(StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test]
async fn a_due_date_in_a_year_without_a_notice_is_provisional() {
    let server = server();
    // Monday 2026-12-28: seven working days on is in 2027, which no imported notice covers.
    server.clock.set(Utc.with_ymd_and_hms(2026, 12, 28, 2, 0, 0).unwrap());
    let key = server.intake_key();
    let reply = server.intake(&key, &valid_parts("A-200", "11")).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json());
    assert_eq!(reply.json()["due_date"], "2027-01-07", "weekends and 元旦 2027-01-01");
    assert_eq!(reply.json()["due_provisional"], true);
    let id = reply.json()["id"].as_str().unwrap().to_owned();
    let stored = server.store.submission_record(&id, server.clock.now()).unwrap();
    assert!(stored.due_provisional);
    assert!(stored.findings.iter().all(|f| f.code != "due_date_unknown"));
}

#[tokio::test]
async fn a_year_the_calendar_cannot_compute_gives_no_due_date_and_a_warning() {
    let server = server();
    server.clock.set(Utc.with_ymd_and_hms(2099, 12, 28, 2, 0, 0).unwrap());
    let key = server.intake_key();
    let reply = server.intake(&key, &valid_parts("A-201", "11")).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json());
    assert_eq!(reply.json()["due_date"], Value::Null);
    let id = reply.json()["id"].as_str().unwrap().to_owned();
    let stored = server.store.submission_record(&id, server.clock.now()).unwrap();
    let unknown = stored.findings.iter().find(|f| f.code == "due_date_unknown").unwrap();
    assert!(!unknown.is_error());
}

#[tokio::test]
async fn a_second_request_while_pending_and_a_fourth_in_the_period_are_refused() {
    let server = server();
    let key = server.intake_key();
    server.submit(&key, "A-300", "11").await;
    let again = server.intake(&key, &valid_parts("A-300", "11")).await;
    let body = again.error(StatusCode::CONFLICT, "already_pending");
    assert!(body["submission_id"].is_string());

    // Three decided attempts use up the period.
    let quota = server.store.clone();
    for n in 0..3 {
        let conn = rusqlite::Connection::open(quota.path()).unwrap();
        conn.execute("UPDATE submissions SET status = 'rejected' WHERE applicant_id = 'A-300'", [])
            .unwrap();
        conn.execute("DELETE FROM queue", []).unwrap();
        if n < 2 {
            server.submit(&key, "A-300", "11").await;
        }
    }
    let fourth = server.intake(&key, &valid_parts("A-300", "11")).await;
    fourth.error(StatusCode::CONFLICT, "quota_exhausted");
}

#[tokio::test]
async fn photos_that_are_not_jpeg_too_big_or_bombs_are_refused_by_name() {
    let server = server();
    let key = server.intake_key();

    let mut parts = valid_parts("A-400", "11");
    replace(&mut parts, "emblem", b"\x89PNG\r\n\x1a\n not a jpeg".to_vec());
    let body =
        server.intake(&key, &parts).await.error(StatusCode::UNPROCESSABLE_ENTITY, "not_jpeg");
    assert_eq!(body["field"], "emblem");

    // A 20-byte file whose frame header claims 60000×60000.
    let mut bomb = vec![0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x0B, 0x08, 0xEA, 0x60, 0xEA, 0x60];
    bomb.extend([0x01, 0x01, 0x11, 0x00, 0xFF, 0xD9]);
    let mut parts = valid_parts("A-400", "11");
    replace(&mut parts, "handheld", bomb);
    let reply = server.intake(&key, &parts).await;
    let body = reply.error(StatusCode::UNPROCESSABLE_ENTITY, "image_dimensions_too_large");
    assert_eq!(body["field"], "handheld");

    let mut parts = valid_parts("A-400", "11");
    let mut big = jpeg(64, 40, 9);
    big.resize(194_561, 0);
    replace(&mut parts, "portrait", big);
    let body =
        server.intake(&key, &parts).await.error(StatusCode::PAYLOAD_TOO_LARGE, "image_too_large");
    assert_eq!(body["field"], "portrait");

    let mut parts = valid_parts("A-400", "11");
    replace(&mut parts, "portrait", vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00]);
    server.intake(&key, &parts).await.error(StatusCode::UNPROCESSABLE_ENTITY, "image_unreadable");

    // Nothing was recorded for the refused requests.
    server.submit(&key, "A-400", "11").await;
}

/// Bytes after the image's end-of-image marker (an HTML page, a script) are not kept, so they
/// can never be served back; a photo cut off before its end is refused by name.
#[tokio::test]
async fn bytes_after_the_image_are_not_kept_and_a_truncated_photo_is_refused() {
    let server = server();
    let key = server.intake_key();
    let mut parts = valid_parts("A-401", "11");
    let clean = jpeg(64, 40, 3);
    let mut cut = clean.clone();
    cut.truncate(clean.len() - 2);
    replace(&mut parts, "emblem", cut);
    let body = server
        .intake(&key, &parts)
        .await
        .error(StatusCode::UNPROCESSABLE_ENTITY, "image_unreadable");
    assert_eq!(body["field"], "emblem");

    let mut appended = clean.clone();
    appended.extend(b"<html><body><script>alert(document.cookie)</script></body></html>");
    replace(&mut parts, "emblem", appended);
    let reply = server.intake(&key, &parts).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json());
    let kept =
        server.state.images.read(&hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&clean)));
    assert_eq!(kept.unwrap(), clean, "stored as the image alone");
}

#[tokio::test]
async fn the_byte_limit_is_a_setting() {
    let server = server_with(Settings { max_image_bytes: 190_000, ..Settings::default() });
    let key = server.intake_key();
    let mut parts = valid_parts("A-500", "11");
    let mut big = jpeg(64, 40, 9);
    big.resize(190_001, 0);
    replace(&mut parts, "portrait", big);
    server.intake(&key, &parts).await.error(StatusCode::PAYLOAD_TOO_LARGE, "image_too_large");
}

#[tokio::test]
async fn malformed_identity_and_missing_parts_name_the_field() {
    let server = server();
    let key = server.intake_key();
    let mut declared = identity("A-600", "11");
    declared["birth_date"] = json!("31.12.1949");
    let mut parts = valid_parts("A-600", "11");
    replace(&mut parts, "identity", declared.to_string().into_bytes());
    let body = server
        .intake(&key, &parts)
        .await
        .error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_identity");
    assert_eq!(body["field"], "birth_date");

    let mut parts = valid_parts("A-600", "11");
    parts.retain(|(name, _)| *name != "handheld");
    let body =
        server.intake(&key, &parts).await.error(StatusCode::UNPROCESSABLE_ENTITY, "missing_part");
    assert_eq!(body["field"], "handheld");

    let mut parts = valid_parts("A-600", "11");
    parts.push(("portrait", jpeg(8, 8, 1)));
    server.intake(&key, &parts).await.error(StatusCode::UNPROCESSABLE_ENTITY, "duplicate_part");

    let mut parts = valid_parts("A-600", "11");
    parts.push(("selfie", jpeg(8, 8, 1)));
    server.intake(&key, &parts).await.error(StatusCode::UNPROCESSABLE_ENTITY, "unknown_part");
}

#[tokio::test]
async fn wrong_content_types_and_broken_bodies_are_4xx_json() {
    let server = server();
    let key = server.intake_key();
    let post = |content_type: &str, body: Vec<u8>| {
        Request::builder()
            .method(Method::POST)
            .uri("/api/v1/intake/submissions")
            .header(header::CONTENT_TYPE, content_type)
            .header("x-api-key", &key)
            .body(Body::from(body))
            .unwrap()
    };
    let reply = server.send(post("application/json", b"{}".to_vec())).await;
    reply.error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "not_multipart");
    let reply =
        server.send(post("multipart/form-data; boundary=xyz", b"--xyz\r\ngarbage".to_vec())).await;
    assert!(reply.status.is_client_error(), "{:?}", reply.status);
    assert!(reply.json()["code"].is_string());
    let huge = vec![b'a'; 1_000_000];
    let reply = server.send(post("multipart/form-data; boundary=xyz", huge)).await;
    assert!(reply.status.is_client_error(), "{:?}", reply.status);
}
