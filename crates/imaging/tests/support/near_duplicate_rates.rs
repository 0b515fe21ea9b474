//! The near-duplicate measurement, shared by the bench (`benches/near_duplicates.rs`, the whole
//! table for BENCHMARKS.md) and the test that holds the chosen threshold to it on a small sample
//! (`tests/near_duplicates.rs`).
//!
//! Applicants' photos (clean synthetic specimens) of the sides asked for are the originals: the
//! hand-held photo is what the worker compares; the portrait side is measured to show why not it. Each gets copies: re-encoded (JPEG quality 50–95), resized (0.5–1.5×) and cropped
//! (2 % and 4 % off every edge), each copy re-encoded at quality 85. A copy is *found* when its
//! hash of some region is within the threshold of the original's hash of the same region (as
//! the store compares); two different applicants' photos are *confused* when any of their
//! hashes of one region are within it (every side against every side, as the store scans).

#![allow(dead_code)]

use chrono::NaiveDate;
use image::codecs::jpeg::JpegEncoder;
use image::imageops::{self, FilterType};
use image::{DynamicImage, RgbImage};
use reviewdesk_imaging::perceptual::{least_distance, PerceptualHash};
use reviewdesk_imaging::{check, CheckConfig};
use reviewdesk_synthetic::{DefectMix, Generator, GeneratorConfig, Side};

/// One way of copying a photo.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Copy {
    Quality(u8),
    Scale(f32),
    Crop(f32),
}

impl Copy {
    pub const ALL: [Copy; 11] = [
        Copy::Quality(50),
        Copy::Quality(70),
        Copy::Quality(85),
        Copy::Quality(95),
        Copy::Scale(0.5),
        Copy::Scale(0.75),
        Copy::Scale(1.25),
        Copy::Scale(1.5),
        Copy::Crop(0.02),
        Copy::Crop(0.04),
        Copy::Quality(60),
    ];

    pub fn label(self) -> String {
        match self {
            Copy::Quality(q) => format!("re-encoded, quality {q}"),
            Copy::Scale(s) => format!("resized {s}×"),
            Copy::Crop(c) => format!("cropped {:.0} % off each edge", c * 100.0),
        }
    }

    pub fn apply(self, original: &RgbImage) -> Vec<u8> {
        let (w, h) = original.dimensions();
        let (image, quality) = match self {
            Copy::Quality(q) => (original.clone(), q),
            Copy::Scale(s) => {
                let (sw, sh) = ((w as f32 * s).round() as u32, (h as f32 * s).round() as u32);
                (imageops::resize(original, sw, sh, FilterType::CatmullRom), 85)
            }
            Copy::Crop(c) => {
                let (dx, dy) = ((w as f32 * c).round() as u32, (h as f32 * c).round() as u32);
                (imageops::crop_imm(original, dx, dy, w - 2 * dx, h - 2 * dy).to_image(), 85)
            }
        };
        jpeg(&image, quality)
    }
}

pub fn jpeg(image: &RgbImage, quality: u8) -> Vec<u8> {
    let mut bytes = Vec::new();
    JpegEncoder::new_with_quality(&mut bytes, quality).encode_image(image).expect("encode");
    bytes
}

/// The hashes the checks compute for a file.
pub fn hashes(bytes: &[u8]) -> Vec<PerceptualHash> {
    let report = check(bytes, &CheckConfig::default(), None);
    assert!(!report.perceptual.is_empty(), "{report:?}");
    report.perceptual
}

/// The least distance between two photos' hashes of one family, as the store compares them.
pub fn apart(a: &[PerceptualHash], b: &[PerceptualHash]) -> u32 {
    least_distance(a, b)
}

/// What was measured: per copy kind, the distance of each copy from its original; and the
/// distances between different applicants' photos.
pub struct Measured {
    pub copies: Vec<(Copy, Vec<u32>)>,
    /// (side of the one, side of the other, distance), one per pair of photos of one side of two
    /// applicants (the store compares a side with the same side only).
    pub distinct: Vec<(Side, Side, u32)>,
    pub photos: usize,
    /// The side of each original, in the order of the copies' distances.
    pub sides: Vec<Side>,
}

/// The corpus's generator: clean specimens.
pub fn generator() -> Generator {
    let today = NaiveDate::from_ymd_opt(2026, 3, 2).expect("date");
    Generator::new(GeneratorConfig::new(21, today).with_defects(0.0, DefectMix::NONE))
        .expect("generator (fonts-noto-cjk installed?)")
}

/// Measures the `sides` photos of `applicants` applicants (the generator's `0..applicants`).
pub fn measure(applicants: u64, sides: &[Side]) -> Measured {
    let today = NaiveDate::from_ymd_opt(2026, 3, 2).expect("date");
    let generator =
        Generator::new(GeneratorConfig::new(21, today).with_defects(0.0, DefectMix::NONE))
            .expect("generator (fonts-noto-cjk installed?)");
    let mut originals: Vec<(u64, Side, Vec<PerceptualHash>)> = Vec::new();
    let mut copies: Vec<(Copy, Vec<u32>)> = Copy::ALL.iter().map(|c| (*c, Vec::new())).collect();
    for index in 0..applicants {
        let specimen = generator.specimen(index).expect("specimen");
        for &side in sides {
            let stored = &specimen.photo(side).jpeg;
            let original = hashes(stored);
            let pixels = match image::load_from_memory(stored).expect("decode") {
                DynamicImage::ImageRgb8(rgb) => rgb,
                other => other.to_rgb8(),
            };
            for (copy, distances) in &mut copies {
                distances.push(apart(&original, &hashes(&copy.apply(&pixels))));
            }
            originals.push((index, side, original));
        }
    }
    let mut distinct = Vec::new();
    for (i, (a, side_a, hash_a)) in originals.iter().enumerate() {
        for (b, side_b, hash_b) in &originals[i + 1..] {
            if a != b && side_a == side_b {
                distinct.push((*side_a, *side_b, apart(hash_a, hash_b)));
            }
        }
    }
    let sides = originals.iter().map(|(_, side, _)| *side).collect();
    Measured { copies, distinct, photos: originals.len(), sides }
}

impl Measured {
    /// Share of copies of `copy` found at `threshold`.
    pub fn found(&self, copy: Copy, threshold: u32) -> f64 {
        let (_, distances) = self.copies.iter().find(|(c, _)| *c == copy).expect("measured");
        distances.iter().filter(|d| **d <= threshold).count() as f64 / distances.len() as f64
    }

    /// Pairs of different applicants' photos confused at `threshold`.
    pub fn confused(&self, threshold: u32) -> usize {
        self.distinct.iter().filter(|(_, _, d)| *d <= threshold).count()
    }

    /// The largest distance of a copy of a `side` photo from its original.
    pub fn farthest_copy_of(&self, side: Side) -> u32 {
        self.copies
            .iter()
            .flat_map(|(_, d)| {
                d.iter().zip(&self.sides).filter(|(_, s)| **s == side).map(|(d, _)| *d)
            })
            .max()
            .unwrap_or(0)
    }

    /// The least distance between two different applicants' `side` photos.
    pub fn nearest_distinct_of(&self, side: Side) -> u32 {
        self.distinct
            .iter()
            .filter(|(a, _, _)| *a == side)
            .map(|(_, _, d)| *d)
            .min()
            .unwrap_or(u32::MAX)
    }

    /// The largest distance of a copy from its original.
    pub fn farthest_copy(&self) -> u32 {
        self.copies.iter().flat_map(|(_, d)| d.iter().copied()).max().unwrap_or(0)
    }

    /// The least distance between two different applicants' photos, with their sides.
    pub fn nearest_distinct(&self) -> Option<(Side, Side, u32)> {
        self.distinct.iter().copied().min_by_key(|(_, _, d)| *d)
    }
}
