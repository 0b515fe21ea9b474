//! Forensic hints on real JPEGs: the quality and the encoder read from the quantization tables of
//! files the `image` crate wrote at known qualities (libjpeg's IJG tables), a file whose tables
//! were changed (another encoder), EXIF Software/Make/Model/DateTime from a real APP1 segment, and
//! the error-level view as a PNG of the photo's size. Bad files are errors, never a panic.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use base64::prelude::{Engine, BASE64_STANDARD};
use image::codecs::jpeg::JpegEncoder;
use reviewdesk_domain::review::PhotoSide;
use reviewdesk_domain::wire::photo_hints::EncoderHint;
use reviewdesk_imaging::forensics::{hints, ELA_QUALITY};
use reviewdesk_imaging::jpeg_header::quantization_tables;
use reviewdesk_imaging::{CheckConfig, ImagingError};

/// A synthetic card photo encoded at `quality`.
fn encoded(quality: u8) -> Vec<u8> {
    let generator = support::generator();
    let pixels = image::load_from_memory(&support::item(&generator, 0).jpeg).unwrap().to_rgb8();
    let mut bytes = Vec::new();
    JpegEncoder::new_with_quality(&mut bytes, quality).encode_image(&pixels).unwrap();
    bytes
}

/// A little-endian TIFF block with ASCII entries in IFD0 (tags in ascending order).
fn tiff(entries: &[(u16, &str)]) -> Vec<u8> {
    let mut out = b"II*\0\x08\0\0\0".to_vec();
    let count = entries.len() as u16;
    out.extend(count.to_le_bytes());
    let mut data_at = 8 + 2 + 12 * entries.len() + 4;
    let mut data = Vec::new();
    for (tag, text) in entries {
        let mut value = text.as_bytes().to_vec();
        value.push(0);
        out.extend(tag.to_le_bytes());
        out.extend(2u16.to_le_bytes());
        out.extend((value.len() as u32).to_le_bytes());
        out.extend((data_at as u32).to_le_bytes());
        data_at += value.len();
        data.extend(value);
    }
    out.extend([0, 0, 0, 0]);
    out.extend(data);
    out
}

/// `jpeg` with an EXIF APP1 segment holding `block` right after its SOI.
fn with_exif(jpeg: &[u8], block: &[u8]) -> Vec<u8> {
    let mut segment = b"Exif\0\0".to_vec();
    segment.extend(block);
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
    out.extend(((segment.len() + 2) as u16).to_be_bytes());
    out.extend(segment);
    out.extend(&jpeg[2..]);
    out
}

#[test]
fn the_quality_and_the_encoder_are_read_from_the_tables() {
    for quality in [50, 75, 92] {
        let found = hints(PhotoSide::Portrait, &encoded(quality), &CheckConfig::default()).unwrap();
        assert_eq!(found.quality, Some(quality));
        assert!(found.quality_exact);
        assert_eq!(found.encoder, EncoderHint::IjgStandard);
        assert_eq!(found.exif.software, None);
    }
}

#[test]
fn changed_tables_are_another_encoder_with_the_nearest_quality() {
    let mut bytes = encoded(80);
    // The first DQT's luminance table: bump three of its values (as another encoder's tuning).
    let dqt = bytes.windows(2).position(|pair| pair == [0xFF, 0xDB]).unwrap();
    let values = dqt + 5;
    for k in [10, 20, 30] {
        bytes[values + k] = bytes[values + k].saturating_add(3);
    }
    assert_eq!(quantization_tables(&bytes).unwrap().len(), 2);
    let found = hints(PhotoSide::Handheld, &bytes, &CheckConfig::default()).unwrap();
    assert_eq!(found.encoder, EncoderHint::Other);
    assert!(!found.quality_exact);
    assert!(found.quality.is_some_and(|q| (78..=82).contains(&q)), "{:?}", found.quality);
}

#[test]
fn exif_provenance_fields_are_read() {
    let block = tiff(&[
        (0x010F, "Canon"),
        (0x0110, "EOS 5D"),
        (0x0131, "Adobe Photoshop 25.0 (Windows)"),
        (0x0132, "2026:11:30 09:15:00"),
    ]);
    let bytes = with_exif(&encoded(90), &block);
    let found = hints(PhotoSide::Handheld, &bytes, &CheckConfig::default()).unwrap();
    assert_eq!(found.exif.software.as_deref(), Some("Adobe Photoshop 25.0 (Windows)"));
    assert_eq!(found.exif.make.as_deref(), Some("Canon"));
    assert_eq!(found.exif.model.as_deref(), Some("EOS 5D"));
    assert_eq!(found.exif.date_time.as_deref(), Some("2026:11:30 09:15:00"));
    assert_eq!(found.exif.date_time_original, None);
    assert_eq!(found.quality, Some(90));
    // A garbage EXIF block is no EXIF, not an error.
    let garbage = with_exif(&encoded(90), b"II*\0\xff\xff\xff\xff");
    let found = hints(PhotoSide::Handheld, &garbage, &CheckConfig::default()).unwrap();
    assert_eq!(found.exif, Default::default());
}

#[test]
fn the_error_level_view_is_a_png_of_the_photo() {
    let bytes = encoded(85);
    let found = hints(PhotoSide::Portrait, &bytes, &CheckConfig::default()).unwrap();
    assert_eq!(found.error_levels_quality, ELA_QUALITY);
    let png = BASE64_STANDARD.decode(&found.error_levels_png).unwrap();
    let view = image::load_from_memory_with_format(&png, image::ImageFormat::Png).unwrap();
    let photo = image::load_from_memory(&bytes).unwrap();
    assert_eq!((view.width(), view.height()), (photo.width(), photo.height()));
    let grey = view.to_luma8();
    assert!(grey.pixels().any(|p| p[0] > 0), "a re-encoding changes something");
}

#[test]
fn bad_files_are_errors() {
    let config = CheckConfig::default();
    assert_eq!(hints(PhotoSide::Portrait, b"GIF89a", &config), Err(ImagingError::NotJpeg));
    let bytes = encoded(75);
    assert!(hints(PhotoSide::Portrait, &bytes[..bytes.len() / 2], &config).is_err());
}
