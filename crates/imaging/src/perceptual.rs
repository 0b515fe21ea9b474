//! Perceptual hashes of a photo, so a re-saved, resized, re-compressed or lightly cropped copy of
//! another applicant's photo is found where the SHA-256 comparison (byte-identical files) is not.
//!
//! A gradient (difference) hash from the `image_hasher` crate: the region is scaled to
//! `(HASH_SIDE + 1) × HASH_SIDE` grey pixels and each bit says whether a pixel is brighter than
//! its right-hand neighbour. [`HASH_SIDE`] 16 gives 256 bits: the synthetic cards of distinct
//! applicants share one template, so an 8 × 8 hash (64 bits) sees mostly the layout; at 16 × 16
//! the portrait and the text lines differ (rates and threshold in BENCHMARKS.md, from
//! `cargo bench -p reviewdesk-imaging --bench near_duplicates`).
//!
//! Two regions per photo: the card found by `card_region` and the whole photo. The face crop
//! (a third region) joins them when face detection finds one: [`HashRegion::Face`].

use image::GrayImage;
use image_hasher::{FilterType, HashAlg, Hasher, HasherConfig};
use serde::Serialize;

use crate::card_region::{locate, Region};

/// The hash grid's side: `HASH_SIDE²` bits per hash.
pub const HASH_SIDE: u32 = 16;
/// Hashes at most this many bits apart (of 256) are the same picture: a copy. Chosen on the
/// synthetic corpus (BENCHMARKS.md, "Near-duplicate photos"): every re-encoded, resized and
/// lightly cropped copy measured was within it, no two distinct applicants' photos were.
pub const NEAR_DISTANCE: u32 = 40;

/// Which part of a photo a hash covers. Stored as [`HashRegion::as_str`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HashRegion {
    /// The card's region (`card_region::locate`).
    Card,
    /// The whole photo as stored.
    Whole,
    /// The face crop, once face detection provides one.
    Face,
}

impl HashRegion {
    pub fn as_str(self) -> &'static str {
        match self {
            HashRegion::Card => "card",
            HashRegion::Whole => "whole",
            HashRegion::Face => "face",
        }
    }
}

/// One region's hash: `HASH_SIDE² / 8` bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PerceptualHash {
    pub region: HashRegion,
    pub bits: Vec<u8>,
}

/// The gradient hasher (built once per call; building it is cheap).
fn hasher() -> Hasher {
    HasherConfig::new()
        .hash_alg(HashAlg::Gradient)
        .hash_size(HASH_SIDE, HASH_SIDE)
        .resize_filter(FilterType::Triangle)
        .to_hasher()
}

/// The hash of one grey image.
pub fn hash_of(image: &GrayImage) -> Vec<u8> {
    hasher().hash_image(image).as_bytes().to_vec()
}

/// How many bits two hashes differ in; hashes of different lengths are as far apart as can be.
pub fn distance(a: &[u8], b: &[u8]) -> u32 {
    if a.len() != b.len() {
        return u32::MAX;
    }
    a.iter().zip(b).map(|(x, y)| (x ^ y).count_ones()).sum()
}

/// The card region's and the whole photo's hashes of a decoded grey photo.
pub fn hashes(grey: &GrayImage) -> Vec<PerceptualHash> {
    let region = locate(grey);
    if region == Region::whole(grey) {
        hashes_of(grey, grey)
    } else {
        hashes_of(grey, &region.crop(grey))
    }
}

/// The hashes of a photo whose card region the caller has cropped already (the check has).
pub(crate) fn hashes_of(whole: &GrayImage, card: &GrayImage) -> Vec<PerceptualHash> {
    let hasher = hasher();
    vec![
        PerceptualHash {
            region: HashRegion::Card,
            bits: hasher.hash_image(card).as_bytes().to_vec(),
        },
        PerceptualHash {
            region: HashRegion::Whole,
            bits: hasher.hash_image(whole).as_bytes().to_vec(),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Luma;

    #[test]
    fn a_brightened_copy_is_near_and_a_different_picture_is_far() {
        let picture = GrayImage::from_fn(320, 200, |x, y| Luma([((x * 7 + y * 3) % 251) as u8]));
        let brighter = GrayImage::from_fn(320, 200, |x, y| {
            Luma([picture.get_pixel(x, y)[0].saturating_add(3)])
        });
        let other = GrayImage::from_fn(320, 200, |x, y| Luma([((x * 3 + y * 11) % 97) as u8]));
        let a = hash_of(&picture);
        assert_eq!(a.len(), (HASH_SIDE * HASH_SIDE / 8) as usize);
        assert!(distance(&a, &hash_of(&brighter)) <= NEAR_DISTANCE);
        assert!(distance(&a, &hash_of(&other)) > NEAR_DISTANCE);
        assert_eq!(distance(&a, &a[..4]), u32::MAX);
        let both = hashes(&picture);
        assert_eq!(both.len(), 2);
        assert_eq!(both[0].region, HashRegion::Card);
        assert_eq!(both[1].region, HashRegion::Whole);
    }
}
