//! One submission's identity board on real faces: a synthetic applicant's portrait side with a
//! real face printed over its drawn portrait (obama2.jpg at that portrait's size), that card held in the
//! synthetic hand-held photo (pasted at the generator's card box), and a real person above it
//! (obama3.jpg, or biden.jpg for a different person) pasted over the drawn head. The photos are the example images of the
//! PyPI sdist `face_recognition==1.3.0` (MIT; official US government portraits), extracted by
//! `scripts/fetch-face-models.sh --test-images`.

#[path = "support/real_faces.rs"]
mod real_faces;
mod support;

use image::{imageops, GrayImage};
use reviewdesk_imaging::faces::{
    default_models_dir, FaceFinder, FaceSource, IdentityBoard, CROP_SIDE,
};
use reviewdesk_imaging::{decode, CheckConfig};

/// (uploaded card, hand-held photo) for applicant 0 with real faces.
fn submission(finder: &FaceFinder, person: &str) -> (GrayImage, GrayImage) {
    let generator = support::generator();
    let specimen = generator.specimen(0).expect("specimen");
    let config = CheckConfig::default();
    let mut card = decode(&specimen.portrait.jpeg, &config).expect("portrait").grey;
    // The real face over the card's drawn portrait (which HOG finds too), at its size.
    let drawn = finder.find(&card, 2).expect("the card's drawn portrait").bbox;
    let printed =
        real_faces::face_with_margin(finder, &real_faces::face_photo("obama2.jpg"), drawn[2]);
    let (at_x, at_y) = (
        i64::from(drawn[0]) - i64::from(drawn[2] / 2),
        i64::from(drawn[1]) - i64::from(drawn[3] * 3 / 4),
    );
    imageops::overlay(&mut card, &printed, at_x, at_y);
    let mut handheld = decode(&specimen.handheld.jpeg, &config).expect("hand-held").grey;
    let [x, y, w, h] = specimen.handheld.card_box.expect("card box");
    let held = imageops::resize(&card, w, h, imageops::FilterType::Triangle);
    imageops::overlay(&mut handheld, &held, i64::from(x), i64::from(y));
    // The real person's face over the drawn head (which HOG finds too), at its size.
    let drawn = finder.find(&handheld, 1).expect("the drawn head").bbox;
    let head = real_faces::face_with_margin(finder, &real_faces::face_photo(person), drawn[2]);
    let left = i64::from(drawn[0]) - i64::from(drawn[2] / 2);
    let top = i64::from(drawn[1]) - i64::from(drawn[3] * 3 / 4);
    imageops::overlay(&mut handheld, &head, left, top);
    (card, handheld)
}

#[test]
fn three_faces_found_aligned_and_measured() {
    let finder = FaceFinder::load(&default_models_dir()).expect("face models (scripts/setup.sh)");
    let (card, handheld) = submission(&finder, "obama3.jpg");
    let board = IdentityBoard::compute(&finder, &card, &handheld);
    let held = board.held_card.as_ref().expect("held card found");
    assert_eq!(held.rectified.dimensions(), card.dimensions());
    for (source, face) in FaceSource::ALL.iter().zip(&board.faces) {
        let face = face.as_ref().unwrap_or_else(|| panic!("{} not found", source.as_str()));
        assert_eq!(face.crop.dimensions(), (CROP_SIDE, CROP_SIDE));
    }
    let printed =
        board.distance(FaceSource::CardPortrait, FaceSource::HeldCardPortrait).expect("d");
    let person = board.distance(FaceSource::CardPortrait, FaceSource::HandheldPerson).expect("d");
    eprintln!("card↔held card {printed:.3}, card↔person {person:.3}");
    // The same printed photo twice, then the same man in another photo (dlib's scale).
    assert!(printed < 0.45, "{printed}");
    assert!(person < 0.6, "{person}");

    // Another person holding the same card: farther from the card's portrait than the owner.
    let (card, handheld) = submission(&finder, "biden.jpg");
    let other = IdentityBoard::compute(&finder, &card, &handheld);
    let stranger = other.distance(FaceSource::CardPortrait, FaceSource::HandheldPerson).expect("d");
    eprintln!("card↔another person {stranger:.3}");
    assert!(stranger > person + 0.15, "{stranger} vs {person}");
}

#[test]
fn faces_not_found_are_said_not_hidden() {
    // A blank card and a hand-held photo of a bare wall: no card, no faces, no distances.
    let finder = FaceFinder::load(&default_models_dir()).expect("face models");
    let card = GrayImage::from_pixel(1000, 630, image::Luma([230]));
    let wall = GrayImage::from_fn(1200, 900, |_, y| image::Luma([(200 - y / 20) as u8]));
    let board = IdentityBoard::compute(&finder, &card, &wall);
    assert!(board.held_card.is_none());
    assert!(board.faces.iter().all(Option::is_none));
    assert_eq!(board.distance(FaceSource::CardPortrait, FaceSource::HandheldPerson), None);
}
