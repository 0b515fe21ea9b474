//! Corrupt, truncated, non-JPEG, huge-dimension and EXIF-garbage files give errors, never a
//! panic, and nothing is decoded past the limits.

mod support;

use reviewdesk_imaging::{check, CheckConfig, Report};

fn codes(report: &Report) -> Vec<&str> {
    report.errors.iter().map(|issue| issue.code.as_str()).collect()
}

fn no_ocr(bytes: &[u8]) -> Report {
    check(bytes, &CheckConfig::default(), None)
}

#[test]
fn a_good_photo_passes_without_ocr() {
    let generator = support::generator();
    let item = support::item(&generator, 0);
    let report = no_ocr(&item.jpeg);
    assert!(report.ok, "{report:?}");
    assert_eq!((report.width, report.height), (Some(856), Some(540)));
    assert_eq!(report.sha256.len(), 64);
    assert_eq!(report.sharp, Some(true));
    assert!(report.orientation.is_some_and(|o| o.unsure && o.rotate_cw == 0));
}

#[test]
fn non_jpeg_empty_and_truncated_files_are_errors() {
    assert_eq!(codes(&no_ocr(b"")), ["not_jpeg"]);
    assert_eq!(codes(&no_ocr(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")), ["not_jpeg"]);
    assert_eq!(codes(&no_ocr(b"GIF89a")), ["not_jpeg"]);
    let generator = support::generator();
    let jpeg = support::item(&generator, 1).jpeg;
    for keep in [3, 20, 200, jpeg.len() / 3, jpeg.len() / 2, jpeg.len() - 2] {
        let report = no_ocr(&jpeg[..keep]);
        assert!(!report.ok, "truncated to {keep}: {report:?}");
        assert!(
            codes(&report).iter().all(|code| [
                "image_unreadable",
                "image_truncated",
                "image_corrupt"
            ]
            .contains(code)),
            "{keep}: {report:?}"
        );
    }
}

#[test]
fn corrupt_scan_data_is_an_error_or_a_clean_report_never_a_panic() {
    let generator = support::generator();
    let jpeg = support::item(&generator, 2).jpeg;
    let mut state = 12345u64;
    for round in 0..40 {
        let mut bad = jpeg.clone();
        for _ in 0..(1 + round % 8) {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let at = (state >> 33) as usize % bad.len();
            bad[at] = (state >> 17) as u8;
        }
        let report = no_ocr(&bad);
        assert_eq!(report.ok, report.errors.is_empty());
    }
}

#[test]
fn huge_declared_dimensions_are_refused_before_decoding() {
    let generator = support::generator();
    let jpeg = support::item(&generator, 0).jpeg;
    for (width, height) in [(60000, 60000), (9000, 100), (7000, 7000)] {
        let bomb = support::with_declared_size(&jpeg, width, height);
        assert_eq!(codes(&no_ocr(&bomb)), ["image_dimensions_too_large"], "{width}×{height}");
    }
    // Within the limits but not what the data holds: the decoder follows the header (no
    // panic, no more pixels than declared).
    let liar = support::with_declared_size(&jpeg, 900, 600);
    let report = no_ocr(&liar);
    assert!(report.width.is_none_or(|width| width == 900), "{report:?}");
    let tight = CheckConfig { max_bytes: 1000, ..CheckConfig::default() };
    assert_eq!(codes(&check(&jpeg, &tight, None)), ["image_too_large"]);
}

#[test]
fn exif_orientation_is_read_and_garbage_exif_is_an_error() {
    let generator = support::generator();
    let jpeg = support::item(&generator, 0).jpeg;
    let rotated = no_ocr(&support::with_segment(&jpeg, &support::exif_segment(6)));
    assert!(rotated.ok, "{rotated:?}");
    assert_eq!(rotated.exif_orientation, Some(6));
    // Without OCR the answer is EXIF's correction, unsure.
    assert!(rotated.orientation.is_some_and(|o| o.rotate_cw == 90 && !o.mirrored && o.unsure));
    let out_of_range = no_ocr(&support::with_segment(&jpeg, &support::exif_segment(77)));
    assert_eq!(out_of_range.exif_orientation, None);
    let mut garbage = vec![0xFF, 0xE1, 0x00, 0x20];
    garbage.extend(b"Exif\0\0");
    garbage.extend([0xA5; 24]);
    let report = no_ocr(&support::with_segment(&jpeg, &garbage));
    assert_eq!(codes(&report), ["exif_unreadable"], "{report:?}");
    assert_eq!(report.width, Some(856), "the pixels are still checked");
    // An APP1 length running past the end of the file.
    let mut overrun = vec![0xFF, 0xE1, 0xFF, 0xF0];
    overrun.extend(b"Exif\0\0MM");
    assert!(!no_ocr(&support::with_segment(&jpeg[..40], &overrun)).ok);
}
