//! Repeat faces with the real background checks over a real SQLite store: two applicants under
//! two ID numbers whose hand-held photos show the same man (the same photo), their identity
//! boards recorded by the real checks (the face models `scripts/setup.sh` installs; the example
//! images of the PyPI sdist `face_recognition==1.3.0`, MIT, official US government portraits,
//! extracted by `scripts/fetch-face-models.sh --test-images`). Uncalibrated — as every
//! deployment starts — the second submission's sheet has no repeat-face finding; the store's
//! scan over the boards the checks recorded does find the first case within any plausible
//! "similar" band, and a different man (on the card) is beyond it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../../imaging/tests/support/real_faces.rs"]
mod real_faces;
mod support;

use std::time::Duration;

use axum::http::StatusCode;
use chrono::Utc;
use real_faces::{jpeg_of, photos, residents, Photos};
use reviewdesk_domain::review::Role;
use reviewdesk_domain::wire::face_calibration::SetBandsRequest;
use reviewdesk_domain::wire::identity_board::FaceSource;
use reviewdesk_imaging::faces::{default_models_dir, FaceFinder};
use reviewdesk_server::image_checks::CheckWorkers;
use reviewdesk_server::store::{NewCalibrationRun, Store};
use serde_json::Value;
use support::identity;

fn codes(body: &Value) -> Vec<String> {
    body["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_owned())
        .collect()
}

/// A reviewer's server with background checks, and two applicants under two ID numbers whose
/// hand-held photos show the same man (A-1: obama2 on the card, obama3 holding it; A-2: biden on
/// the card, the same obama3 photo holding it), through intake; `calibrate` sets the province's
/// bands (similar below 0.45, dissimilar from 0.9) before anything is checked. Returns the
/// server, the reviewer's token and the two submissions, both checked and claimed.
async fn two_applicants_one_face(calibrate: bool) -> (support::Server, String, Vec<String>) {
    let mut server = support::server();
    server.state = server.state.clone().with_image_checks(CheckWorkers::server(1));
    server.app = reviewdesk_server::http::app(server.state.clone());
    let key = server.intake_key();
    server.add_user("li", Role::Reviewer, Some("11"));
    if calibrate {
        let zhao = server.add_user("zhao", Role::Supervisor, Some("11"));
        let enough = NewCalibrationRun {
            same_person_pairs: 100,
            different_person_pairs: 3000,
            different_sampled: false,
            rates: Vec::new(),
            thin_reason: None,
        };
        let run = server.store.record_calibration_run(&zhao, &enough, Utc::now()).unwrap();
        let bands = SetBandsRequest { run_id: run.id, similar_below: 0.45, dissimilar_from: 0.9 };
        server.store.set_similarity_bands(&zhao, &bands, Utc::now()).unwrap();
    }
    let li = server.login("li").await;
    let finder = FaceFinder::load(&default_models_dir()).expect("face models (scripts/setup.sh)");
    let people = residents(2);
    let a = photos(&finder, &people[0], "obama2.jpg", "obama3.jpg");
    let b = photos(&finder, &people[1], "biden.jpg", "obama3.jpg");
    let mut other = identity("A-2", "11");
    other["id_number"] = "110105199001010010".into();
    other["birth_date"] = "1990-01-01".into();
    other["sex"] = "male".into();
    let mut ids = Vec::new();
    for (who, photos) in [(identity("A-1", "11"), &a), (other, &b)] {
        let Photos { portrait, emblem, handheld } = photos;
        let parts = vec![
            ("identity", who.to_string().into_bytes()),
            ("portrait", portrait.clone()),
            ("emblem", emblem.clone()),
            ("handheld", jpeg_of(handheld)),
        ];
        let reply = server.intake(&key, &parts).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json());
        ids.push(reply.json()["id"].as_str().unwrap().to_owned());
    }
    support::checks_done(&server.state, Duration::from_secs(300)).await;
    assert_eq!(server.claim(&li, 2).await.len(), 2);
    (server, li, ids)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_face_under_another_number_is_found_by_the_scan_but_no_finding_until_calibrated() {
    let (server, li, ids) = two_applicants_one_face(false).await;
    let first_case = server.get(&format!("/api/v1/submissions/{}", ids[0]), Some(&li)).await.json()
        ["case_number"]
        .as_str()
        .unwrap()
        .to_owned();

    // Uncalibrated: the checks are done, and no repeat-face finding was made.
    let sheet = server.get(&format!("/api/v1/submissions/{}", ids[1]), Some(&li)).await.json();
    assert_eq!(sheet["image_checks"], "done", "{sheet}");
    let found = codes(&sheet);
    assert!(!found.iter().any(|code| code.starts_with("face_")), "{found:?}");

    // The boards the checks recorded, scanned as a calibrated province would: the same photo of
    // the man is within 0.1; a "similar" band of 0.45 does not reach biden's card portrait.
    let repeat = server.store.repeat_faces(&ids[1], 0.45, 0.9).unwrap();
    assert!(repeat.compared);
    let near: Vec<(&str, FaceSource, f32)> = repeat
        .seen_elsewhere
        .iter()
        .map(|m| (m.case_number.as_str(), m.source, m.distance))
        .collect();
    eprintln!("seen elsewhere: {near:?}");
    assert_eq!(near[0].0, first_case);
    assert_eq!(near[0].1, FaceSource::HandheldPerson);
    assert!(near[0].2 < 0.1, "{near:?}");
    // A-1's card portrait is the same man in another photo: near or not, it is A-1's case.
    assert!(near.iter().all(|(case, _, _)| *case == first_case), "{near:?}");
    assert!(repeat.differs_from_earlier.is_empty(), "no earlier attempt");
    // From A-1's side, the same: A-2's person.
    let back = server.store.repeat_faces(&ids[0], 0.45, 0.9).unwrap();
    assert!(back.seen_elsewhere.iter().any(|m| m.submission_id == ids[1]), "{back:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn once_calibrated_the_same_face_under_another_number_is_a_finding_naming_the_case() {
    let (server, li, ids) = two_applicants_one_face(true).await;
    let first = server.get(&format!("/api/v1/submissions/{}", ids[0]), Some(&li)).await.json();
    let first_case = first["case_number"].as_str().unwrap().to_owned();
    let sheet = server.get(&format!("/api/v1/submissions/{}", ids[1]), Some(&li)).await.json();
    assert_eq!(sheet["image_checks"], "done", "{sheet}");
    let finding = sheet["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "face_seen_elsewhere")
        .unwrap_or_else(|| panic!("face_seen_elsewhere on the sheet: {sheet}"));
    assert_eq!(finding["photo"], "handheld", "{finding}");
    let text = finding["message_zh"].as_str().unwrap();
    assert!(text.contains(&first_case), "names A-1's case: {text}");
    // A different man on the card of A-1 is no "differs from earlier": A-2 has no earlier attempt.
    assert!(!codes(&sheet).contains(&"face_differs_from_earlier_attempt".to_owned()));
}
