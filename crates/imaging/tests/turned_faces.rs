//! The identity board on hand-held photos whose pixels are turned with no EXIF tag (the board
//! works on mirrored and rotated photos): a synthetic resident's hand-held photo with real
//! faces (`support/real_faces.rs`) turned 90°, 180° and 270° (and turned and mirrored), encoded
//! as JPEG without EXIF, checked as the server's worker does (OCR, fast search), then the board
//! computed from what the checks keep. The three faces must be found as in the upright photo,
//! and an upright photo must cost no extra turn.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/real_faces.rs"]
mod real_faces;

use image::{DynamicImage, GrayImage, RgbImage};
use reviewdesk_imaging::faces::{
    default_models_dir, distance, FaceFinder, FaceSource, HandheldOrientation, IdentityBoard,
};
use reviewdesk_imaging::{check_keeping_upright, CheckConfig, OcrEngine, Strategy, Turn};

fn rgb_turned(photo: &RgbImage, turn: Turn) -> RgbImage {
    let grey_free = DynamicImage::ImageRgb8(photo.clone());
    let turned = match turn.rotate_cw() {
        90 => grey_free.rotate90(),
        180 => grey_free.rotate180(),
        270 => grey_free.rotate270(),
        _ => grey_free,
    };
    let turned = if turn.mirrored { turned.fliph() } else { turned };
    turned.to_rgb8()
}

/// The board as the worker computes it: both photos checked, the hand-held photo's orientation
/// established or not as the checks say.
fn board_of(
    finder: &FaceFinder,
    engine: &mut OcrEngine,
    portrait: &[u8],
    handheld: &[u8],
) -> (IdentityBoard, HandheldOrientation) {
    let config = CheckConfig::default();
    let portrait = check_keeping_upright(portrait, &config, Some((&mut *engine, Strategy::Fast)));
    let handheld = check_keeping_upright(handheld, &config, Some((engine, Strategy::Fast)));
    assert_eq!(handheld.report.exif_orientation, None, "no EXIF tag");
    let orientation = if handheld.orientation_established() {
        HandheldOrientation::Established
    } else {
        HandheldOrientation::NotEstablished
    };
    let upright: &GrayImage = handheld.upright.as_ref().unwrap();
    let board = IdentityBoard::compute_turning(
        finder,
        portrait.upright.as_ref().unwrap(),
        upright,
        orientation,
    );
    (board, orientation)
}

#[test]
fn faces_on_turned_hand_held_photos_are_found_as_upright() {
    let finder = FaceFinder::load(&default_models_dir()).expect("face models (scripts/setup.sh)");
    let mut engine = OcrEngine::new().expect("OCR engine (Tesseract with chi_sim)");
    let specimen = &real_faces::residents(1)[0];
    let (printed, holder) = real_faces::PAIRS[0];
    let photos = real_faces::photos(&finder, specimen, printed, holder);

    // Upright, taken as not established (the worst case): found as it is, no extra turn.
    let upright_jpeg = real_faces::jpeg_of(&photos.handheld);
    let (upright, _) = board_of(&finder, &mut engine, &photos.portrait, &upright_jpeg);
    assert_eq!(upright.handheld_tries, 1, "an upright photo costs no extra turn");
    assert_eq!(upright.handheld_turn, Turn::IDENTITY);
    let person = upright.faces[2].clone().expect("the person, upright");
    let held_portrait = upright.faces[1].clone().expect("the held card's portrait, upright");
    assert!(upright.held_card.is_some());

    let mut unsure_seen = 0;
    for (degrees, mirrored) in [(90, false), (180, false), (270, false), (90, true)] {
        let turned = rgb_turned(&photos.handheld, Turn::new(degrees, mirrored));
        let jpeg = real_faces::jpeg_of(&turned);
        let (board, orientation) = board_of(&finder, &mut engine, &photos.portrait, &jpeg);
        let what = format!("turned {degrees}° mirrored {mirrored} ({orientation:?})");
        for (source, face) in FaceSource::ALL.iter().zip(&board.faces) {
            assert!(face.is_some(), "{what}: {} not found", source.as_str());
        }
        assert!(board.held_card.is_some(), "{what}: held card not found");
        let found = board.faces[2].as_ref().unwrap();
        let same_person = distance(&found.embedding, &person.embedding);
        let same_print =
            distance(&board.faces[1].as_ref().unwrap().embedding, &held_portrait.embedding);
        eprintln!(
            "{what}: tries {}, turn {}°, person Δ {same_person:.3}, held portrait Δ {same_print:.3}",
            board.handheld_tries,
            board.handheld_turn.rotate_cw()
        );
        // The same pixels made upright again (JPEG re-encoded, so not bit-equal; a mirror
        // moves the embedding a little).
        assert!(same_person < 0.2, "{what}: person {same_person}");
        assert!(same_print < 0.25, "{what}: held portrait {same_print}");
        if orientation == HandheldOrientation::NotEstablished {
            unsure_seen += 1;
            assert!(board.handheld_tries > 1, "{what}: found only by turning");
        } else {
            assert_eq!(board.handheld_tries, 1, "{what}: the checks' turn is taken as it is");
        }
    }
    // The case this exists for must have occurred (OCR is usually unsure on hand-held photos).
    assert!(unsure_seen > 0, "OCR was sure on every turned photo: nothing here was exercised");
}

#[test]
fn an_established_or_evident_orientation_is_never_turned() {
    // A turned photo said to be established (an EXIF turn or OCR sure): taken as it is, so its
    // person is not found — the search runs only when the orientation is unknown and no face
    // shows it upright.
    let finder = FaceFinder::load(&default_models_dir()).expect("face models");
    let specimen = &real_faces::residents(1)[0];
    let (printed, holder) = real_faces::PAIRS[0];
    let photos = real_faces::photos(&finder, specimen, printed, holder);
    let portrait = image::load_from_memory(&photos.portrait).unwrap().to_luma8();
    let turned = DynamicImage::ImageRgb8(photos.handheld.clone()).rotate90().to_luma8();
    let board = IdentityBoard::compute_turning(
        &finder,
        &portrait,
        &turned,
        HandheldOrientation::Established,
    );
    assert_eq!((board.handheld_tries, board.handheld_turn), (1, Turn::IDENTITY));
    assert!(board.faces[2].is_none());
    let searched = IdentityBoard::compute_turning(
        &finder,
        &portrait,
        &turned,
        HandheldOrientation::NotEstablished,
    );
    assert_eq!(searched.handheld_turn, Turn::new(270, false), "90° turned back by 270°");
    assert_eq!(searched.handheld_tries, 3, "tried as it is, 90°, then 270°");
    assert!(searched.faces.iter().all(Option::is_some));

    // Upright, the holder's head painted over (where `real_faces` pastes it), orientation not
    // established: the held card's portrait found as it is shows it upright, no turn is tried.
    let mut headless = DynamicImage::ImageRgb8(photos.handheld.clone()).to_luma8();
    let (w, h) = headless.dimensions();
    let (x0, y0, side_w, side_h) = (w / 2 - h * 3 / 20, h / 40, h * 3 / 10, h * 4 / 10);
    for y in y0..(y0 + side_h).min(h) {
        for x in x0..(x0 + side_w).min(w) {
            headless.put_pixel(x, y, image::Luma([128]));
        }
    }
    let board = IdentityBoard::compute_turning(
        &finder,
        &portrait,
        &headless,
        HandheldOrientation::NotEstablished,
    );
    assert!(board.faces[2].is_none(), "the head is painted over");
    assert!(board.faces[1].is_some(), "the held card's portrait, as it is");
    assert_eq!((board.handheld_tries, board.handheld_turn), (1, Turn::IDENTITY));
}
