//! Shared by the imaging tests: the synthetic corpus and hand-made broken JPEGs.

#![allow(dead_code)]

use chrono::NaiveDate;
use reviewdesk_synthetic::{Corpus, CorpusItem, DefectMix, Generator, GeneratorConfig};

pub fn generator() -> Generator {
    let today = NaiveDate::from_ymd_opt(2026, 3, 2).expect("date");
    Generator::new(GeneratorConfig::new(4, today).with_defects(0.0, DefectMix::NONE))
        .expect("generator (fonts-noto-cjk installed?)")
}

pub fn item(generator: &Generator, index: u64) -> CorpusItem {
    Corpus::new(generator).item(index).expect("corpus item")
}

/// An APP1 EXIF segment (big-endian TIFF) with one entry: orientation `tag`.
pub fn exif_segment(tag: u16) -> Vec<u8> {
    let mut body = b"Exif\0\0MM\0\x2a\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01".to_vec();
    body.extend(tag.to_be_bytes());
    body.extend([0, 0, 0, 0, 0, 0]);
    let mut segment = vec![0xFF, 0xE1];
    segment.extend(((body.len() + 2) as u16).to_be_bytes());
    segment.extend(body);
    segment
}

/// `jpeg` with `segment` inserted right after the start-of-image marker.
pub fn with_segment(jpeg: &[u8], segment: &[u8]) -> Vec<u8> {
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(segment);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// `jpeg` with its first frame header declaring `width` × `height`.
pub fn with_declared_size(jpeg: &[u8], width: u16, height: u16) -> Vec<u8> {
    let mut out = jpeg.to_vec();
    let at = out
        .windows(2)
        .position(|pair| pair[0] == 0xFF && matches!(pair[1], 0xC0..=0xC2))
        .expect("a frame header");
    out[at + 5..at + 7].copy_from_slice(&height.to_be_bytes());
    out[at + 7..at + 9].copy_from_slice(&width.to_be_bytes());
    out
}
pub mod near_duplicate_rates;
