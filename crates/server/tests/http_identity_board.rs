//! `GET /api/v1/submissions/{id}/identity-board` in-process over a real SQLite store, with real
//! photos through intake and the real background checks (Tesseract, and the face models
//! `scripts/setup.sh` installs). The photos: synthetic resident cards and hand-held photos with
//! real faces printed on the card and pasted over the holder's head (`real_faces`, shared with
//! the imaging crate: the example images of the PyPI sdist `face_recognition==1.3.0`, MIT).
//! `pending` before the checks ran; `computed` after, with
//! the held card rectified to the portrait side's size and the faces found, no distance and no
//! band; read exactly like the photos — the lease holder, a supervisor of the province once
//! decided, 404 to another reviewer and to a supervisor before the decision or of another
//! province, none of whom leaves an audit event — audited as `image_view` with
//! `"identity_board": true`; 410 once purged. A hand-held photo mirrored and stored turned (with
//! its EXIF orientation) gives the same board (orientation first). With the face models missing the board says
//! `models_unavailable` naming the file, the checks still finish, and `/readyz` is 503.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../../imaging/tests/support/real_faces.rs"]
mod real_faces;
mod support;

use std::time::Duration;

use axum::http::StatusCode;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use image::imageops;
use image::RgbImage;
use real_faces::{jpeg_of, photos, residents, Photos};
use reviewdesk_domain::audit::AuditAction;
use reviewdesk_domain::review::Role;
use reviewdesk_imaging::faces::models::SHAPE_5_MODEL;
use reviewdesk_imaging::faces::{default_models_dir, FaceFinder};
use reviewdesk_server::image_checks::CheckWorkers;
use reviewdesk_server::store::Store;
use serde_json::{json, Value};
use support::{identity, Server};

fn parts(applicant: &str, photos: &Photos, handheld: Vec<u8>) -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("identity", identity(applicant, "11").to_string().into_bytes()),
        ("portrait", photos.portrait.clone()),
        ("emblem", photos.emblem.clone()),
        ("handheld", handheld),
    ]
}

/// An APP1 EXIF segment (big-endian TIFF) with one entry: orientation `tag`.
fn exif_segment(tag: u16) -> Vec<u8> {
    let mut body = b"Exif\0\0MM\0\x2a\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01".to_vec();
    body.extend(tag.to_be_bytes());
    body.extend([0, 0, 0, 0, 0, 0]);
    let mut segment = vec![0xFF, 0xE1];
    segment.extend(((body.len() + 2) as u16).to_be_bytes());
    segment.extend(body);
    segment
}

/// `photo` mirrored (a front camera's selfie), its pixels stored a quarter turn anticlockwise
/// with EXIF orientation 6 (a viewer turns it a quarter clockwise), as phones store them.
fn mirrored_and_stored_turned(photo: &RgbImage) -> Vec<u8> {
    let stored = imageops::rotate270(&imageops::flip_horizontal(photo));
    let jpeg = jpeg_of(&stored);
    let mut out = jpeg[..2].to_vec();
    out.extend(exif_segment(6));
    out.extend_from_slice(&jpeg[2..]);
    out
}

fn with_checks(mut server: Server) -> Server {
    server.state = server.state.clone().with_image_checks(CheckWorkers::server(1));
    server.app = reviewdesk_server::http::app(server.state.clone());
    server
}

fn board_path(id: &str) -> String {
    format!("/api/v1/submissions/{id}/identity-board")
}

/// The `image_view` events of the identity board, by actor.
fn board_reads(server: &Server, actor: &str) -> usize {
    server
        .store
        .audit_chain()
        .unwrap()
        .iter()
        .filter(|e| e.entry.action == AuditAction::ImageView && e.entry.actor == actor)
        .filter(|e| e.entry.detail.contains(r#""identity_board":true"#))
        .count()
}

fn found(board: &Value) -> Vec<(String, bool)> {
    board["faces"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["source"].as_str().unwrap().to_owned(), f["crop_jpeg"].is_string()))
        .collect()
}

/// The decoded size of a base64 JPEG.
fn size_of(base64: &Value) -> (u32, u32) {
    let bytes = STANDARD.decode(base64.as_str().unwrap()).unwrap();
    let image = image::load_from_memory(&bytes).unwrap();
    (image.width(), image.height())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_board_is_computed_in_the_checks_and_read_like_the_photos() {
    let server = support::server();
    let key = server.intake_key();
    server.add_user("li", Role::Reviewer, Some("11"));
    server.add_user("wang", Role::Reviewer, Some("11"));
    server.add_user("zhao", Role::Supervisor, Some("11"));
    server.add_user("shen", Role::Supervisor, Some("31"));
    let li = server.login("li").await;
    let wang = server.login("wang").await;
    let zhao = server.login("zhao").await;
    let shen = server.login("shen").await;
    let finder = FaceFinder::load(&default_models_dir()).expect("face models (scripts/setup.sh)");
    let people = residents(2);
    let a = photos(&finder, &people[0], "obama2.jpg", "obama3.jpg");
    let b = photos(&finder, &people[1], "obama.jpg", "biden.jpg");
    let upright = server.intake(&key, &parts("A-1", &a, jpeg_of(&a.handheld))).await;
    assert_eq!(upright.status, StatusCode::CREATED, "{}", upright.json());
    let upright = upright.json()["id"].as_str().unwrap().to_owned();
    let turned =
        server.intake(&key, &parts("A-2", &b, mirrored_and_stored_turned(&b.handheld))).await;
    assert_eq!(turned.status, StatusCode::CREATED, "{}", turned.json());
    let turned = turned.json()["id"].as_str().unwrap().to_owned();
    let leases = server.claim(&li, 2).await;
    assert_eq!(leases.len(), 2);

    // No worker has run yet: pending, nothing on it.
    let pending = server.get(&board_path(&upright), Some(&li)).await;
    assert_eq!(pending.status, StatusCode::OK);
    let pending = pending.json();
    assert_eq!(pending["state"], "pending", "{pending}");
    assert_eq!(pending["faces"], json!([]));
    assert_eq!(pending["held_card"], Value::Null);
    assert_eq!((&pending["calibrated"], &pending["bands"]), (&json!(false), &json!([])));

    // Anyone but the lease holder: 404, and no event in their name.
    for token in [&wang, &zhao, &shen] {
        server
            .get(&board_path(&upright), Some(token))
            .await
            .error(StatusCode::NOT_FOUND, "not_found");
    }
    server
        .get(&board_path("no-such-submission"), Some(&li))
        .await
        .error(StatusCode::NOT_FOUND, "not_found");

    let server = with_checks(server);
    support::checks_done(&server.state, Duration::from_secs(300)).await;
    let portrait = image::load_from_memory(&a.portrait).unwrap();
    for id in [&upright, &turned] {
        let reply = server.get(&board_path(id), Some(&li)).await;
        assert_eq!(reply.status, StatusCode::OK);
        let board = reply.json();
        assert_eq!(board["state"], "computed", "{board}");
        assert_eq!(board["problem"], Value::Null);
        let card = &board["held_card"];
        assert!(card.is_object(), "the held card found: {id}");
        assert_eq!(
            size_of(&card["rectified_jpeg"]),
            (card["width"].as_u64().unwrap() as u32, card["height"].as_u64().unwrap() as u32)
        );
        assert_eq!(
            (card["width"].as_u64().unwrap(), card["height"].as_u64().unwrap()),
            (u64::from(portrait.width()), u64::from(portrait.height())),
            "rectified to the portrait side's size"
        );
        let faces = found(&board);
        let sources: Vec<&str> = faces.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(sources, ["card_portrait", "held_card_portrait", "handheld_person"]);
        assert!(faces.iter().all(|(_, found)| *found), "{id}: {faces:?}");
        for face in board["faces"].as_array().unwrap() {
            assert_eq!(size_of(&face["crop_jpeg"]), (150, 150));
        }
        assert_eq!((&board["calibrated"], &board["bands"]), (&json!(false), &json!([])));
        let text = board.to_string();
        assert!(!text.contains("distance") && !text.contains("embedding"), "{text}");
    }
    assert_eq!(board_reads(&server, "li"), 3);
    for nobody in ["wang", "zhao", "shen"] {
        assert_eq!(board_reads(&server, nobody), 0, "{nobody} was refused: no event");
    }

    // Decided: the province's supervisor reads it (audited), another province's still cannot.
    let lease = leases.iter().find(|(id, _)| *id == upright).unwrap().1.clone();
    let body = json!({"id": uuid::Uuid::new_v4().to_string(), "submission_id": upright,
                      "lease_token": lease, "outcome": "approve"});
    let decision = server.post_json("/api/v1/decisions", Some(&li), body).await;
    assert_eq!(decision.status, StatusCode::CREATED, "{}", decision.json());
    let seen = server.get(&board_path(&upright), Some(&zhao)).await;
    assert_eq!(seen.status, StatusCode::OK);
    assert_eq!(seen.json()["state"], "computed");
    assert_eq!(board_reads(&server, "zhao"), 1);
    server.get(&board_path(&upright), Some(&shen)).await.error(StatusCode::NOT_FOUND, "not_found");
    server.get(&board_path(&upright), Some(&wang)).await.error(StatusCode::NOT_FOUND, "not_found");
    assert_eq!(board_reads(&server, "shen") + board_reads(&server, "wang"), 0);

    // Purged after the retention period: 410, as the photos; the board is gone from the store.
    let later = support::start_time() + chrono::Duration::days(1096);
    assert_eq!(server.store.purge_personal_data(later, later).unwrap().submissions, 1);
    server
        .get(&board_path(&upright), Some(&zhao))
        .await
        .error(StatusCode::GONE, "personal_data_purged");
    assert_eq!(server.store.identity_board(&upright).unwrap(), None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missing_face_models_are_said_on_the_board_and_the_checks_still_finish() {
    let server = with_checks(support::server());
    let checks = std::sync::Arc::clone(server.state.image_checks.as_ref().unwrap());
    let empty = tempfile::tempdir().unwrap();
    assert!(checks.check_face_models(empty.path()).is_some());
    let key = server.intake_key();
    server.add_user("li", Role::Reviewer, Some("11"));
    let li = server.login("li").await;
    let finder = FaceFinder::load(&default_models_dir()).expect("face models (scripts/setup.sh)");
    let photos = photos(&finder, &residents(1)[0], "obama2.jpg", "obama3.jpg");
    let reply = server.intake(&key, &parts("A-3", &photos, jpeg_of(&photos.handheld))).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json());
    let id = reply.json()["id"].as_str().unwrap().to_owned();
    support::checks_done(&server.state, Duration::from_secs(300)).await;
    server.claim(&li, 1).await;

    let sheet = server.get(&format!("/api/v1/submissions/{id}"), Some(&li)).await.json();
    assert_eq!(sheet["image_checks"], "done", "the checks finish without the faces: {sheet}");
    let board = server.get(&board_path(&id), Some(&li)).await.json();
    assert_eq!(board["state"], "models_unavailable", "{board}");
    let problem = board["problem"].as_str().unwrap();
    assert!(problem.contains(SHAPE_5_MODEL.name) && problem.contains("缺失"), "{problem}");
    assert_eq!(board["faces"], json!([]), "no face was looked for: none is shown as not found");
    assert_eq!(board["bands"], json!([]));

    let ready = server.get("/readyz", None).await;
    let body = ready.error(StatusCode::SERVICE_UNAVAILABLE, "face_models_unavailable");
    assert!(body["message"].as_str().unwrap().contains(SHAPE_5_MODEL.name), "{body}");
    checks.stop(Duration::from_secs(5));
}
