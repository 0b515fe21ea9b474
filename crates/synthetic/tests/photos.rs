//! The three photos: valid JPEGs under the byte limit with the stated dimensions, deterministic,
//! and carrying exactly the image defects the applicant's label says (checked on the pixels
//! before encoding, and on the decoded JPEGs with a tolerance).
#![allow(clippy::unwrap_used)]

use std::sync::OnceLock;

use chrono::NaiveDate;
use image::imageops;
use image::{GrayImage, ImageFormat, RgbImage};
use reviewdesk_domain::id::IdType;
use reviewdesk_synthetic::{
    Applicant, Defect, DefectMix, Generator, GeneratorConfig, Side, Specimen,
    DEFAULT_MAX_JPEG_BYTES,
};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
}

/// One generator for the whole file: loading the font and painting the blanks is the slow part.
fn generator() -> &'static Generator {
    static GENERATOR: OnceLock<Generator> = OnceLock::new();
    GENERATOR.get_or_init(|| Generator::new(GeneratorConfig::new(2026, today())).unwrap())
}

/// The first applicant that satisfies `wanted`.
fn find(wanted: impl Fn(&Applicant) -> bool) -> Applicant {
    (0..5000).map(|index| generator().applicant(index)).find(|a| wanted(a)).unwrap()
}

fn decode(jpeg: &[u8]) -> RgbImage {
    image::load_from_memory_with_format(jpeg, ImageFormat::Jpeg).unwrap().to_rgb8()
}

/// Mean absolute difference per channel.
fn mean_difference(a: &RgbImage, b: &RgbImage) -> f64 {
    assert_eq!(a.dimensions(), b.dimensions());
    let total: u64 =
        a.as_raw().iter().zip(b.as_raw()).map(|(x, y)| u64::from(x.abs_diff(*y))).sum();
    total as f64 / a.as_raw().len() as f64
}

/// Variance of the 4-neighbour Laplacian of the grey image: high when sharp.
fn sharpness(image: &RgbImage) -> f64 {
    let grey: GrayImage = imageops::grayscale(image);
    let (w, h) = grey.dimensions();
    let at = |x: u32, y: u32| f64::from(grey.get_pixel(x, y)[0]);
    let values: Vec<f64> = (1..h - 1)
        .flat_map(|y| (1..w - 1).map(move |x| (x, y)))
        .map(|(x, y)| at(x - 1, y) + at(x + 1, y) + at(x, y - 1) + at(x, y + 1) - 4.0 * at(x, y))
        .collect();
    let mean = values.iter().sum::<f64>() / values.len() as f64;
    values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / values.len() as f64
}

fn check_photos(specimen: &Specimen) {
    let applicant = &specimen.applicant;
    for side in Side::ALL {
        let photo = specimen.photo(side);
        assert!(photo.jpeg.len() <= DEFAULT_MAX_JPEG_BYTES, "{side}: {} bytes", photo.jpeg.len());
        assert!(photo.jpeg.starts_with(&[0xFF, 0xD8, 0xFF]), "{side}: JPEG signature");
        let decoded = decode(&photo.jpeg);
        assert_eq!(decoded.dimensions(), (photo.width, photo.height), "{side}");
        let turned = applicant
            .defects_on(side)
            .any(|d| matches!(d, Defect::Rotated { degrees_cw: 90 | 270, .. }));
        let (long, short) = (photo.width.max(photo.height), photo.width.min(photo.height));
        let landscape =
            if turned { photo.height >= photo.width } else { photo.width >= photo.height };
        assert!(landscape, "{side}: {}x{}", photo.width, photo.height);
        match side {
            Side::Handheld => {
                assert!((1000..=1280).contains(&long), "{long}");
                assert_eq!(short * 4, long * 3);
                let [x, y, w, h] = photo.card_box.unwrap();
                assert!(x + w <= photo.width && y + h <= photo.height);
                let card_share = f64::from(w.max(h)) / f64::from(long);
                assert!((0.34..=0.61).contains(&card_share), "{card_share}");
            }
            Side::Portrait | Side::Emblem => {
                assert_eq!(photo.card_box, None);
                let aspect = f64::from(long) / f64::from(short);
                let expected = match applicant.card.id_type {
                    IdType::HkMacauTravel | IdType::TaiwanTravel | IdType::Passport => 125.0 / 88.0,
                    _ => 85.6 / 54.0,
                };
                assert!((aspect - expected).abs() < 0.01, "{side}: {aspect}");
            }
        }
    }
}

#[test]
fn every_document_type_gives_three_valid_jpegs_under_the_limit() {
    for id_type in IdType::ALL {
        let applicant = find(|a| a.card.id_type == id_type);
        let specimen = generator().specimen_of(applicant).unwrap();
        check_photos(&specimen);
    }
}

#[test]
fn specimens_are_deterministic_and_differ_between_applicants() {
    let again = Generator::new(GeneratorConfig::new(2026, today())).unwrap();
    let first = generator().specimen(3).unwrap();
    let second = again.specimen(3).unwrap();
    assert_eq!(first, second);
    for side in Side::ALL {
        assert_eq!(first.photo(side).jpeg, second.photo(side).jpeg, "{side}");
    }
    let other = generator().specimen(4).unwrap();
    for side in [Side::Portrait, Side::Handheld] {
        assert_ne!(first.photo(side).jpeg, other.photo(side).jpeg, "{side}");
    }
    check_photos(&first);
    check_photos(&other);
}

/// The applicant without its image defects, for a clean reference render.
fn without_image_defects(applicant: &Applicant) -> Applicant {
    Applicant {
        defects: applicant.defects.iter().filter(|d| d.side().is_none()).copied().collect(),
        ..applicant.clone()
    }
}

#[test]
fn a_rotated_photo_is_the_clean_photo_turned_clockwise() {
    let applicant = find(|a| {
        a.defects.iter().filter(|d| d.side().is_some()).count() == 1
            && a.defects.contains(&Defect::Rotated { side: Side::Portrait, degrees_cw: 90 })
    });
    let rendered = generator().render(&applicant);
    let clean = generator().render(&without_image_defects(&applicant));
    let (w, h) = clean.portrait.image.dimensions();
    assert_eq!(rendered.portrait.image.dimensions(), (h, w));
    assert!(rendered.portrait.image == imageops::rotate90(&clean.portrait.image));
    // The other photos are untouched.
    assert!(rendered.emblem == clean.emblem);
    assert!(rendered.handheld == clean.handheld);
    let specimen = generator().specimen_of(applicant).unwrap();
    assert_eq!((specimen.portrait.width, specimen.portrait.height), (h, w));
    check_photos(&specimen);
}

#[test]
fn a_rotated_handheld_photo_moves_the_card_box_with_it() {
    let applicant = find(|a| {
        a.defects
            .iter()
            .any(|d| matches!(d, Defect::Rotated { side: Side::Handheld, degrees_cw: 270 }))
    });
    let rendered = generator().render(&applicant);
    let clean = generator().render(&without_image_defects(&applicant));
    let (w, _) = clean.handheld.image.dimensions();
    let [x, y, bw, bh] = clean.handheld.card_box.unwrap();
    assert_eq!(rendered.handheld.card_box, Some([y, w - x - bw, bh, bw]));
    assert!(rendered.handheld.image == imageops::rotate270(&clean.handheld.image));
}

#[test]
fn a_mirrored_photo_is_the_horizontal_flip_of_the_clean_one() {
    let applicant = find(|a| a.defects.contains(&Defect::Mirrored { side: Side::Handheld }));
    let rendered = generator().render(&applicant);
    let clean = generator().render(&without_image_defects(&applicant));
    let flipped = imageops::flip_horizontal(&clean.handheld.image);
    assert!(rendered.handheld.image == flipped);
    let [x, y, w, h] = clean.handheld.card_box.unwrap();
    assert_eq!(rendered.handheld.card_box, Some([clean.handheld.image.width() - x - w, y, w, h]));
    // After JPEG encoding the decoded pixels match the flip within a small tolerance, and not
    // the unflipped photo.
    let specimen = generator().specimen_of(applicant).unwrap();
    let decoded = decode(&specimen.handheld.jpeg);
    assert!(mean_difference(&decoded, &flipped) < 3.0);
    assert!(mean_difference(&decoded, &clean.handheld.image) > 10.0);
}

#[test]
fn a_blurred_photo_is_much_less_sharp() {
    let applicant = find(|a| a.defects.contains(&Defect::Blurred { side: Side::Portrait }));
    let rendered = generator().render(&applicant);
    let clean = generator().render(&without_image_defects(&applicant));
    assert_eq!(rendered.portrait.image.dimensions(), clean.portrait.image.dimensions());
    let (blurred, sharp) = (sharpness(&rendered.portrait.image), sharpness(&clean.portrait.image));
    assert!(blurred * 20.0 < sharp, "blurred {blurred} sharp {sharp}");
    let specimen = generator().specimen_of(applicant).unwrap();
    assert!(sharpness(&decode(&specimen.portrait.jpeg)) * 10.0 < sharp);
}

#[test]
fn a_tighter_byte_limit_is_kept_by_lowering_the_quality() {
    let mut config = GeneratorConfig::new(2026, today()).with_defects(0.0, DefectMix::NONE);
    config.max_jpeg_bytes = 60_000;
    let tight = Generator::new(config).unwrap();
    let specimen = tight.specimen(0).unwrap();
    for side in Side::ALL {
        assert!(specimen.photo(side).jpeg.len() <= 60_000, "{side}");
        decode(&specimen.photo(side).jpeg);
    }
}

#[test]
fn the_generator_can_be_shared_across_threads() {
    fn shareable<T: Send + Sync>(_: &T) {}
    shareable(generator());
    let in_thread = std::thread::scope(|scope| {
        scope.spawn(|| generator().specimen(5).unwrap()).join().unwrap()
    });
    assert_eq!(in_thread, generator().specimen(5).unwrap());
}
