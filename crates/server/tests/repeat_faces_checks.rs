//! Repeat faces with the real background checks over a real SQLite store: two applicants under
//! two ID numbers whose hand-held photos show the same man (the same photo), their identity
//! boards recorded by the real checks (the face models `scripts/setup.sh` installs; the example
//! images of the PyPI sdist `face_recognition==1.3.0`, MIT, official US government portraits,
//! extracted by `scripts/fetch-face-models.sh --test-images`). Uncalibrated — as every
//! deployment starts — the second submission's sheet has no repeat-face finding; the store's
//! scan over the boards the checks recorded does find the first case within any plausible
//! "similar" band, and a different man (on the card) is beyond it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::io::Cursor;
use std::path::PathBuf;
use std::time::Duration;

use axum::http::StatusCode;
use chrono::NaiveDate;
use image::imageops::{self, FilterType};
use image::{GrayImage, RgbImage};
use reviewdesk_domain::id::IdType;
use reviewdesk_domain::review::Role;
use reviewdesk_domain::wire::identity_board::FaceSource;
use reviewdesk_imaging::faces::{default_models_dir, FaceFinder};
use reviewdesk_server::image_checks::CheckWorkers;
use reviewdesk_server::store::Store;
use reviewdesk_synthetic::{DefectMix, Generator, GeneratorConfig, Specimen};
use serde_json::Value;
use support::identity;

/// The three photos of a synthetic resident with real faces: `printed` on the card (in the
/// resident card's portrait box), the card in the hand-held photo, `person` over the holder's
/// head (as `http_identity_board.rs` makes them).
struct Photos {
    portrait: Vec<u8>,
    emblem: Vec<u8>,
    handheld: RgbImage,
}

fn face_photo(name: &str) -> GrayImage {
    let dir =
        std::env::var_os("REVIEWDESK_FACE_TEST_IMAGES").map(PathBuf::from).unwrap_or_else(|| {
            let data = std::env::var_os("XDG_DATA_HOME").map(PathBuf::from).unwrap_or_else(|| {
                PathBuf::from(std::env::var_os("HOME").expect("HOME")).join(".local/share")
            });
            data.join("reviewdesk/face-test-images")
        });
    image::open(dir.join(name)).expect("face test images (scripts/setup.sh)").to_luma8()
}

/// The part of `photo` around its face, `width` × `height`, the face `face_share` of the width.
fn face_patch(
    finder: &FaceFinder,
    photo: &GrayImage,
    width: u32,
    height: u32,
    face_share: f32,
) -> GrayImage {
    let [x, y, w, h] = finder.find(photo, 1).expect("a face in the source photo").bbox;
    let scale = width as f32 * face_share / w as f32;
    let (cut_w, cut_h) = ((width as f32 / scale) as u32, (height as f32 / scale) as u32);
    let centre = (x + w / 2, y + h / 2);
    let x0 = centre.0.saturating_sub(cut_w / 2).min(photo.width().saturating_sub(cut_w));
    let y0 = centre.1.saturating_sub(cut_h * 9 / 20).min(photo.height().saturating_sub(cut_h));
    let cut =
        imageops::crop_imm(photo, x0, y0, cut_w.min(photo.width()), cut_h.min(photo.height()));
    imageops::resize(&cut.to_image(), width, height, FilterType::Triangle)
}

fn jpeg_of(image: &RgbImage) -> Vec<u8> {
    let mut bytes = Cursor::new(Vec::new());
    image.write_to(&mut bytes, image::ImageFormat::Jpeg).unwrap();
    bytes.into_inner()
}

fn grey_to_rgb(image: &GrayImage) -> RgbImage {
    image::DynamicImage::ImageLuma8(image.clone()).to_rgb8()
}

fn photos(finder: &FaceFinder, specimen: &Specimen, printed: &str, person: &str) -> Photos {
    let mut card = image::load_from_memory(&specimen.portrait.jpeg).unwrap().to_rgb8();
    let (w, h) = (card.width() as f32, card.height() as f32);
    let (bx, by) = ((54.0 / 85.6 * w) as i64, (6.0 / 54.0 * h) as i64);
    let (bw, bh) = ((26.0 / 85.6 * w) as u32, (32.0 / 54.0 * h) as u32);
    let portrait = face_patch(finder, &face_photo(printed), bw, bh, 0.6);
    imageops::overlay(&mut card, &grey_to_rgb(&portrait), bx, by);
    let mut handheld = image::load_from_memory(&specimen.handheld.jpeg).unwrap().to_rgb8();
    let (w, h) = (handheld.width(), handheld.height());
    let head = face_patch(finder, &face_photo(person), h * 3 / 10, h * 4 / 10, 0.55);
    imageops::overlay(
        &mut handheld,
        &grey_to_rgb(&head),
        i64::from(w / 2 - h * 3 / 20),
        i64::from(h / 40),
    );
    let [x, y, cw, ch] = specimen.handheld.card_box.expect("card box");
    let held = imageops::resize(&card, cw, ch, FilterType::Triangle);
    imageops::overlay(&mut handheld, &held, i64::from(x), i64::from(y));
    Photos { portrait: jpeg_of(&card), emblem: specimen.emblem.jpeg.clone(), handheld }
}

/// Synthetic residents (the portrait box above is a resident card's).
fn residents(count: usize) -> Vec<Specimen> {
    let today = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let generator =
        Generator::new(GeneratorConfig::new(9, today).with_defects(0.0, DefectMix::NONE)).unwrap();
    (0..40)
        .map(|index| generator.specimen(index).unwrap())
        .filter(|specimen| specimen.applicant.card.id_type == IdType::Resident)
        .take(count)
        .collect()
}

fn codes(body: &Value) -> Vec<String> {
    body["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_face_under_another_number_is_found_by_the_scan_but_no_finding_until_calibrated() {
    let mut server = support::server();
    server.state = server.state.clone().with_image_checks(CheckWorkers::server(1));
    server.app = reviewdesk_server::http::app(server.state.clone());
    let key = server.intake_key();
    server.add_user("li", Role::Reviewer, Some("11"));
    let li = server.login("li").await;
    let finder = FaceFinder::load(&default_models_dir()).expect("face models (scripts/setup.sh)");
    let people = residents(2);
    // obama2 on the card, obama3 holding it. A-2, another number: biden on the card, the
    // same obama3 photo holding it.
    let a = photos(&finder, &people[0], "obama2.jpg", "obama3.jpg");
    let b = photos(&finder, &people[1], "biden.jpg", "obama3.jpg");
    let mut other = identity("A-2", "11");
    other["id_number"] = "110105199001010010".into();
    other["birth_date"] = "1990-01-01".into();
    other["sex"] = "male".into();
    let mut ids = Vec::new();
    for (who, photos) in [(identity("A-1", "11"), &a), (other, &b)] {
        let parts = vec![
            ("identity", who.to_string().into_bytes()),
            ("portrait", photos.portrait.clone()),
            ("emblem", photos.emblem.clone()),
            ("handheld", jpeg_of(&photos.handheld)),
        ];
        let reply = server.intake(&key, &parts).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json());
        ids.push(reply.json()["id"].as_str().unwrap().to_owned());
    }
    support::checks_done(&server.state, Duration::from_secs(300)).await;
    assert_eq!(server.claim(&li, 2).await.len(), 2);
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
