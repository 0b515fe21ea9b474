//! Submissions whose photos carry real faces, for the identity board in the real window: a
//! synthetic resident-ID applicant whose portrait side has a real face printed over its drawn
//! portrait, that card held in the synthetic hand-held photo (pasted at the generator's card
//! box), and a real person's face over the drawn head — the composition of
//! `crates/imaging/tests/identity_board.rs`, in colour and encoded as the JPEGs an applicant
//! uploads. The faces are the example images of the PyPI sdist `face_recognition==1.3.0` (MIT;
//! official US government portraits), extracted by `scripts/fetch-face-models.sh --test-images`
//! into `$REVIEWDESK_FACE_TEST_IMAGES`.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;
use image::codecs::jpeg::JpegEncoder;
use image::{imageops, DynamicImage, RgbImage};
use reviewdesk_domain::id::IdType;
use reviewdesk_imaging::faces::models::test_images_dir;
use reviewdesk_imaging::faces::{default_models_dir, FaceFinder};
use reviewdesk_synthetic::{Applicant, DefectMix, Generator, GeneratorConfig};

/// The most bytes a composed photo may have (the synthetic generator's limit, under intake's).
const MAX_JPEG_BYTES: usize = 194_560;

/// One applicant's three photos, with real faces on the card and in the hand-held photo.
pub struct FacePhotos {
    pub applicant: Applicant,
    pub portrait: Vec<u8>,
    pub emblem: Vec<u8>,
    pub handheld: Vec<u8>,
}

/// Composes applicants' photos with real faces.
pub struct FaceComposer {
    finder: FaceFinder,
    generator: Generator,
}

impl FaceComposer {
    /// Resident-ID applicants of province `province`, applying on `today`, without defects.
    pub fn new(seed: u64, today: NaiveDate, province: &str) -> FaceComposer {
        let finder =
            FaceFinder::load(&default_models_dir()).expect("face models (scripts/setup.sh)");
        let mut config = GeneratorConfig::new(seed, today)
            .with_provinces(&[province])
            .with_defects(0.0, DefectMix::NONE);
        config.id_type_weights = vec![(IdType::Resident, 1)];
        let generator = Generator::new(config).expect("generator (fonts-noto-cjk installed?)");
        FaceComposer { finder, generator }
    }

    /// The first applicant from `index` on whose drawn portrait and drawn head HOG finds (it
    /// misses some drawn faces), with `card_face` (a file of the face test images) printed on the
    /// card and `person` holding it; and that applicant's index.
    pub fn submission(&self, index: u64, card_face: &str, person: &str) -> (FacePhotos, u64) {
        (index..index + 50)
            .find_map(|at| Some((self.compose(at, card_face, person)?, at)))
            .expect("an applicant whose drawn faces HOG finds")
    }

    fn compose(&self, index: u64, card_face: &str, person: &str) -> Option<FacePhotos> {
        let specimen = self.generator.specimen(index).expect("specimen");
        let mut card = decoded(&specimen.portrait.jpeg);
        // The real face over the card's drawn portrait (which HOG finds too), at its size.
        let drawn = self.face_box(&card, 2)?;
        paste_face(&mut card, &self.face_patch(card_face, drawn[2]), drawn);
        let mut handheld = decoded(&specimen.handheld.jpeg);
        let [x, y, w, h] = specimen.handheld.card_box.expect("the generator's card box");
        let held = imageops::resize(&card, w, h, imageops::FilterType::Triangle);
        imageops::overlay(&mut handheld, &held, i64::from(x), i64::from(y));
        // The real person's face over the drawn head, at its size.
        let drawn = self.face_box(&handheld, 1)?;
        paste_face(&mut handheld, &self.face_patch(person, drawn[2]), drawn);
        Some(FacePhotos {
            applicant: specimen.applicant,
            portrait: jpeg(&card),
            emblem: specimen.emblem.jpeg,
            handheld: jpeg(&handheld),
        })
    }

    /// The box of the largest face HOG finds in `photo` (enlarged `enlarge` times to look).
    fn face_box(&self, photo: &RgbImage, enlarge: u32) -> Option<[u32; 4]> {
        let grey = DynamicImage::ImageRgb8(photo.clone()).to_luma8();
        Some(self.finder.find(&grey, enlarge)?.bbox)
    }

    /// The face of test image `name` cut out with a margin and scaled to `face_px` wide.
    fn face_patch(&self, name: &str, face_px: u32) -> RgbImage {
        let photo = image::open(test_images_dir().join(name))
            .expect("face test images (scripts/setup.sh)")
            .to_rgb8();
        let [x, y, w, h] = self.face_box(&photo, 1).expect("the test image's face");
        let (mx, my) = (w / 2, h * 3 / 4);
        let (x0, y0) = (x.saturating_sub(mx), y.saturating_sub(my));
        let cut = imageops::crop_imm(
            &photo,
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
            imageops::FilterType::Triangle,
        )
    }
}

/// `patch` (a face with the margins of [`FaceComposer::face_patch`]) over the face at `drawn`.
fn paste_face(photo: &mut RgbImage, patch: &RgbImage, drawn: [u32; 4]) {
    let left = i64::from(drawn[0]) - i64::from(drawn[2] / 2);
    let top = i64::from(drawn[1]) - i64::from(drawn[3] * 3 / 4);
    imageops::overlay(photo, patch, left, top);
}

fn decoded(jpeg: &[u8]) -> RgbImage {
    image::load_from_memory(jpeg).expect("the generator's JPEG").to_rgb8()
}

/// `photo` as a JPEG of at most [`MAX_JPEG_BYTES`] (the quality steps down until it fits).
fn jpeg(photo: &RgbImage) -> Vec<u8> {
    for quality in (40..=90).rev().step_by(5) {
        let mut bytes = Vec::new();
        JpegEncoder::new_with_quality(&mut bytes, quality).encode_image(photo).unwrap();
        if bytes.len() <= MAX_JPEG_BYTES {
            return bytes;
        }
    }
    panic!("a {}×{} photo does not fit {MAX_JPEG_BYTES} bytes", photo.width(), photo.height());
}
