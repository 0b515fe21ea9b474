//! Synthetic resident submissions with real faces, for the identity board's tests and bench: a
//! real face printed in the card's portrait box (54–80 mm × 6–38 mm of the 85.6 × 54 mm resident
//! card), that card held in the hand-held photo at the generator's box, and a real face pasted
//! over the holder's drawn head (HOG misses most drawn faces). The faces are the example images
//! of the PyPI sdist `face_recognition==1.3.0` (MIT; official US government portraits), extracted
//! by `scripts/fetch-face-models.sh --test-images`. Shared by `crates/imaging` (bench) and
//! `crates/server/tests/http_identity_board.rs` (included by path).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::io::Cursor;

use chrono::NaiveDate;
use image::imageops::{self, FilterType};
use image::{GrayImage, RgbImage};
use reviewdesk_domain::id::IdType;
use reviewdesk_imaging::faces::FaceFinder;
use reviewdesk_synthetic::{DefectMix, Generator, GeneratorConfig, Specimen};

/// Pairs of (face printed on the card, face of the holder): the owner, then strangers.
pub const PAIRS: [(&str, &str); 4] = [
    ("obama2.jpg", "obama3.jpg"),
    ("obama.jpg", "biden.jpg"),
    ("biden.jpg", "obama2.jpg"),
    ("obama3.jpg", "obama.jpg"),
];

/// A face test image, grey.
pub fn face_photo(name: &str) -> GrayImage {
    let dir = reviewdesk_imaging::faces::models::test_images_dir();
    image::open(dir.join(name)).expect("face test images (scripts/setup.sh)").to_luma8()
}

/// The face of `photo` (found by the finder) cut out with a margin (half its width each side,
/// three quarters of its height above and below) and scaled to `face_px` wide: pasted over a
/// drawn face the finder found, at that face's width.
pub fn face_with_margin(finder: &FaceFinder, photo: &GrayImage, face_px: u32) -> GrayImage {
    let [x, y, w, h] = finder.find(photo, 1).expect("face in the source photo").bbox;
    let (mx, my) = (w / 2, h * 3 / 4);
    let (x0, y0) = (x.saturating_sub(mx), y.saturating_sub(my));
    let cut = imageops::crop_imm(
        photo,
        x0,
        y0,
        (w + 2 * mx).min(photo.width() - x0),
        (h + 2 * my).min(photo.height() - y0),
    )
    .to_image();
    let scale = face_px as f32 / w as f32;
    imageops::resize(
        &cut,
        (cut.width() as f32 * scale) as u32,
        (cut.height() as f32 * scale) as u32,
        FilterType::Triangle,
    )
}

/// The part of `photo` around its face, `width` × `height`, the face `face_share` of the width.
pub fn face_patch(
    finder: &FaceFinder,
    photo: &GrayImage,
    width: u32,
    height: u32,
    face_share: f32,
) -> GrayImage {
    let [x, y, w, h] = finder.find(photo, 1).expect("a face in the source photo").bbox;
    let scale = width as f32 * face_share / w as f32;
    let (cut_w, cut_h) = ((width as f32 / scale) as u32, (height as f32 / scale) as u32);
    let (cut_w, cut_h) = (cut_w.min(photo.width()), cut_h.min(photo.height()));
    let centre = (x + w / 2, y + h / 2);
    let x0 = centre.0.saturating_sub(cut_w / 2).min(photo.width() - cut_w);
    let y0 = centre.1.saturating_sub(cut_h * 9 / 20).min(photo.height() - cut_h);
    let cut = imageops::crop_imm(photo, x0, y0, cut_w, cut_h).to_image();
    imageops::resize(&cut, width, height, FilterType::Triangle)
}

/// A baseline JPEG of `image` (the `image` crate's encoder, quality 75).
pub fn jpeg_of(image: &RgbImage) -> Vec<u8> {
    let mut bytes = Cursor::new(Vec::new());
    image.write_to(&mut bytes, image::ImageFormat::Jpeg).unwrap();
    bytes.into_inner()
}

fn rgb(image: &GrayImage) -> RgbImage {
    image::DynamicImage::ImageLuma8(image.clone()).to_rgb8()
}

/// One submission's photos: the card and the emblem side as JPEG, the hand-held photo as pixels
/// (a test may turn it before encoding).
pub struct Photos {
    pub portrait: Vec<u8>,
    pub emblem: Vec<u8>,
    pub handheld: RgbImage,
}

/// `specimen`'s photos with `printed` on its card and `person` holding it.
pub fn photos(finder: &FaceFinder, specimen: &Specimen, printed: &str, person: &str) -> Photos {
    let mut card = image::load_from_memory(&specimen.portrait.jpeg).unwrap().to_rgb8();
    let (w, h) = (card.width() as f32, card.height() as f32);
    let (bx, by) = ((54.0 / 85.6 * w) as i64, (6.0 / 54.0 * h) as i64);
    let (bw, bh) = ((26.0 / 85.6 * w) as u32, (32.0 / 54.0 * h) as u32);
    let portrait = face_patch(finder, &face_photo(printed), bw, bh, 0.6);
    imageops::overlay(&mut card, &rgb(&portrait), bx, by);
    let mut handheld = image::load_from_memory(&specimen.handheld.jpeg).unwrap().to_rgb8();
    let (w, h) = (handheld.width(), handheld.height());
    let head = face_patch(finder, &face_photo(person), h * 3 / 10, h * 4 / 10, 0.55);
    imageops::overlay(&mut handheld, &rgb(&head), i64::from(w / 2 - h * 3 / 20), i64::from(h / 40));
    let [x, y, cw, ch] = specimen.handheld.card_box.expect("card box");
    let held = imageops::resize(&card, cw, ch, FilterType::Triangle);
    imageops::overlay(&mut handheld, &held, i64::from(x), i64::from(y));
    Photos { portrait: jpeg_of(&card), emblem: specimen.emblem.jpeg.clone(), handheld }
}

/// The first `count` synthetic residents of seed 9 (the portrait box above is a resident
/// card's).
pub fn residents(count: usize) -> Vec<Specimen> {
    let today = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let generator =
        Generator::new(GeneratorConfig::new(9, today).with_defects(0.0, DefectMix::NONE)).unwrap();
    (0..)
        .map(|index| generator.specimen(index).unwrap())
        .filter(|specimen| specimen.applicant.card.id_type == IdType::Resident)
        .take(count)
        .collect()
}
