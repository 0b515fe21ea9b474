//! The portrait side's face-crop hash, measured (`benches/face_crop_duplicates.rs`): does the
//! gradient hash of the card portrait's aligned face crop (`faces::FaceFinder`, 150² grey, eyes
//! level) find copies of another applicant's portrait side and tell distinct applicants apart,
//! where the whole-photo hashes do not (every portrait side is one printed design)?
//!
//! Originals: clean synthetic applicants' portrait sides (their drawn portraits, which HOG
//! finds), and synthetic cards with a real face printed over the drawn portrait (the example
//! photos of the PyPI sdist `face_recognition==1.3.0`, MIT; official US government portraits:
//! obama.jpg, obama2.jpg, obama3.jpg — one man in three photos — and biden.jpg). Copies: the
//! near-duplicate corpus's (re-encoded at quality 50–95, resized 0.5–1.5×, 2 % and 4 % cropped
//! off each edge), each decoded and its face found, aligned and hashed again as the checks
//! would. A copy whose face is not found again counts as missed.

#![allow(dead_code)]

use image::{imageops, DynamicImage, RgbImage};
use reviewdesk_imaging::faces::{default_models_dir, FaceFinder, CARD_ENLARGE};
use reviewdesk_imaging::perceptual::{distance, hash_of};
use reviewdesk_imaging::{decode, CheckConfig};
use reviewdesk_synthetic::Generator;

use super::near_duplicate_rates::{generator, Copy};
use super::real_faces::{face_photo, face_with_margin};

/// The real faces printed on cards (the same man thrice, another man once).
pub const REAL_FACES: [&str; 4] = ["obama.jpg", "obama2.jpg", "obama3.jpg", "biden.jpg"];

/// One original portrait side: who, and its pixels.
pub struct Original {
    pub label: String,
    /// Which person's face: the applicant index for drawn portraits, the photo's person for
    /// real ones ("obama", "biden").
    pub person: String,
    pub real: bool,
    pub pixels: RgbImage,
}

/// The clean portrait side of applicant `index`, as stored.
fn portrait_side(generator: &Generator, index: u64) -> RgbImage {
    let specimen = generator.specimen(index).expect("specimen");
    match image::load_from_memory(&specimen.portrait.jpeg).expect("decode") {
        DynamicImage::ImageRgb8(rgb) => rgb,
        other => other.to_rgb8(),
    }
}

/// `drawn` synthetic applicants' portrait sides, then one card per real face (applicants
/// `drawn..`, their drawn portrait covered by the real face at its size).
pub fn originals(finder: &FaceFinder, drawn: u64) -> Vec<Original> {
    let generator = generator();
    let mut out: Vec<Original> = (0..drawn)
        .map(|index| Original {
            label: format!("applicant {index}"),
            person: format!("drawn {index}"),
            real: false,
            pixels: portrait_side(&generator, index),
        })
        .collect();
    // The real faces go on the next applicants' cards whose drawn portrait HOG finds (it
    // places and sizes the printed face).
    let mut index = drawn;
    for name in REAL_FACES {
        let (mut card, bbox) = loop {
            let card = portrait_side(&generator, index);
            index += 1;
            let grey = DynamicImage::ImageRgb8(card.clone()).to_luma8();
            if let Some(face) = finder.find(&grey, CARD_ENLARGE) {
                break (card, face.bbox);
            }
        };
        let printed = face_with_margin(finder, &face_photo(name), bbox[2]);
        let printed = DynamicImage::ImageLuma8(printed).to_rgb8();
        let at_x = i64::from(bbox[0]) - i64::from(bbox[2] / 2);
        let at_y = i64::from(bbox[1]) - i64::from(bbox[3] * 3 / 4);
        imageops::overlay(&mut card, &printed, at_x, at_y);
        out.push(Original {
            label: format!("applicant {} with {name}", index - 1),
            person: name.trim_end_matches(".jpg").trim_end_matches(char::is_numeric).to_owned(),
            real: true,
            pixels: card,
        });
    }
    out
}

/// The face-crop hash of a stored portrait side, as the checks would make it: decoded, the face
/// found (enlarged [`CARD_ENLARGE`]×), aligned, cropped, hashed. `None`: no face found.
pub fn face_hash(finder: &FaceFinder, jpeg: &[u8]) -> Option<Vec<u8>> {
    let grey = decode(jpeg, &CheckConfig::default()).ok()?.grey;
    finder.find(&grey, CARD_ENLARGE).map(|face| hash_of(&face.crop))
}

/// The whole-photo hashes' least distance between two stored portrait sides (what the checks
/// store today, for comparison).
pub fn whole_distance(a: &[u8], b: &[u8]) -> u32 {
    let config = CheckConfig::default();
    let (a, b) =
        (reviewdesk_imaging::check(a, &config, None), reviewdesk_imaging::check(b, &config, None));
    reviewdesk_imaging::perceptual::least_distance(&a.perceptual, &b.perceptual)
}

/// What was measured.
pub struct Measured {
    pub originals: Vec<Original>,
    /// Per copy kind, per original (in order): the copy's face-crop distance from the
    /// original's (`u32::MAX`: no face found on the copy).
    pub copies: Vec<(Copy, Vec<u32>)>,
    /// Pairs of different originals: (index, index, distance).
    pub pairs: Vec<(usize, usize, u32)>,
    /// Originals whose own face was not found (left out of everything).
    pub not_found: Vec<String>,
}

pub fn finder() -> FaceFinder {
    FaceFinder::load(&default_models_dir()).expect("face models (scripts/setup.sh)")
}

/// Measures `drawn` synthetic applicants plus the real-face cards.
pub fn measure(finder: &FaceFinder, drawn: u64) -> Measured {
    let mut kept = Vec::new();
    let mut hashes = Vec::new();
    let mut not_found = Vec::new();
    for original in originals(finder, drawn) {
        let stored = super::near_duplicate_rates::jpeg(&original.pixels, 90);
        match face_hash(finder, &stored) {
            Some(hash) => {
                hashes.push(hash);
                kept.push(original);
            }
            None => not_found.push(original.label),
        }
    }
    let mut copies: Vec<(Copy, Vec<u32>)> = Copy::ALL.iter().map(|c| (*c, Vec::new())).collect();
    for (original, hash) in kept.iter().zip(&hashes) {
        for (copy, distances) in &mut copies {
            let copied = copy.apply(&original.pixels);
            let apart = face_hash(finder, &copied).map_or(u32::MAX, |h| distance(hash, &h));
            distances.push(apart);
        }
    }
    let mut pairs = Vec::new();
    for i in 0..hashes.len() {
        for j in i + 1..hashes.len() {
            pairs.push((i, j, distance(&hashes[i], &hashes[j])));
        }
    }
    Measured { originals: kept, copies, pairs, not_found }
}

impl Measured {
    /// Share of `real` (or drawn) originals' copies of `copy` found at `threshold`.
    pub fn found(&self, copy: Copy, real: bool, threshold: u32) -> (usize, usize) {
        let (_, distances) = self.copies.iter().find(|(c, _)| *c == copy).expect("measured");
        let of_kind: Vec<u32> = distances
            .iter()
            .zip(&self.originals)
            .filter(|(_, o)| o.real == real)
            .map(|(d, _)| *d)
            .collect();
        (of_kind.iter().filter(|d| **d <= threshold).count(), of_kind.len())
    }

    /// Pairs of different applicants confused at `threshold`: (drawn–drawn, any with a real
    /// face, of which the same real man in two photos).
    pub fn confused(&self, threshold: u32) -> (usize, usize, usize) {
        let mut out = (0, 0, 0);
        for (i, j, d) in &self.pairs {
            if *d > threshold {
                continue;
            }
            let (a, b) = (&self.originals[*i], &self.originals[*j]);
            if !a.real && !b.real {
                out.0 += 1;
            } else {
                out.1 += 1;
                if a.person == b.person {
                    out.2 += 1;
                }
            }
        }
        out
    }

    /// The farthest copy found at all (a face found on it), and the nearest distinct pair.
    pub fn farthest_copy(&self) -> u32 {
        self.copies
            .iter()
            .flat_map(|(_, d)| d.iter().copied())
            .filter(|d| *d != u32::MAX)
            .max()
            .unwrap_or(0)
    }

    pub fn missed_faces(&self) -> usize {
        self.copies.iter().flat_map(|(_, d)| d.iter()).filter(|d| **d == u32::MAX).count()
    }

    pub fn nearest_pair(&self) -> Option<(String, String, u32)> {
        self.pairs.iter().min_by_key(|(_, _, d)| *d).map(|(i, j, d)| {
            (self.originals[*i].label.clone(), self.originals[*j].label.clone(), *d)
        })
    }
}
