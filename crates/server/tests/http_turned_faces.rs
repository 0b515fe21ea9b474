//! The identity board over HTTP on a hand-held photo whose pixels are turned a quarter with no
//! EXIF tag (the board works on mirrored and rotated photos), through intake and the real
//! background checks (Tesseract, the face models of `scripts/setup.sh`) on a real SQLite store:
//! the checks do not establish its orientation (OCR is unsure on hand-held photos), and the
//! board still finds the held card and all three faces, looking through the photo's other
//! quarter turns. The photos: `real_faces` (shared with the imaging crate).
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../../imaging/tests/support/real_faces.rs"]
mod real_faces;
mod support;

use std::time::Duration;

use axum::http::StatusCode;
use image::imageops;
use real_faces::{jpeg_of, photos, residents};
use reviewdesk_domain::review::Role;
use reviewdesk_imaging::faces::{default_models_dir, FaceFinder};
use reviewdesk_server::image_checks::CheckWorkers;
use support::identity;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hand_held_photo_turned_without_exif_still_shows_three_faces() {
    let mut server = support::server();
    server.state = server.state.clone().with_image_checks(CheckWorkers::server(1));
    server.app = reviewdesk_server::http::app(server.state.clone());
    let key = server.intake_key();
    server.add_user("li", Role::Reviewer, Some("11"));
    let li = server.login("li").await;
    let finder = FaceFinder::load(&default_models_dir()).expect("face models (scripts/setup.sh)");
    let photos = photos(&finder, &residents(1)[0], "obama2.jpg", "obama3.jpg");
    // Pixels turned a quarter clockwise, no EXIF (an app that turned them and dropped the tag).
    let turned = jpeg_of(&imageops::rotate90(&photos.handheld));
    let parts = vec![
        ("identity", identity("T-1", "11").to_string().into_bytes()),
        ("portrait", photos.portrait.clone()),
        ("emblem", photos.emblem.clone()),
        ("handheld", turned),
    ];
    let reply = server.intake(&key, &parts).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json());
    let id = reply.json()["id"].as_str().unwrap().to_owned();
    support::checks_done(&server.state, Duration::from_secs(300)).await;
    server.claim(&li, 1).await;

    let board = server.get(&format!("/api/v1/submissions/{id}/identity-board"), Some(&li)).await;
    assert_eq!(board.status, StatusCode::OK);
    let board = board.json();
    assert_eq!(board["state"], "computed", "{board}");
    assert!(board["held_card"].is_object(), "the held card found in the turn: {board}");
    let found: Vec<(&str, bool)> = board["faces"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["source"].as_str().unwrap(), f["crop_jpeg"].is_string()))
        .collect();
    assert_eq!(
        found,
        [("card_portrait", true), ("held_card_portrait", true), ("handheld_person", true)],
        "{board}"
    );
}
