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
//! Regions per photo: the whole photo and two insets of it (3 % and 6 % cut off each edge, so a
//! lightly cropped copy meets the original's inset), and the card found by `card_region` when it
//! is not the whole photo (a hand-held photo). [`HashRegion::Face`] is kept for the portrait
//! side's aligned face crop, measured by `cargo bench -p reviewdesk-imaging --bench
//! face_crop_duplicates` and not stored yet: its copies were found and distinct faces kept apart
//! on four cards with real faces, but the synthetic portraits' faces are too rarely found again.
//!
//! Only hand-held photos are compared (the server's worker): the uploaded card sides are one
//! printed design for everyone, and their hashes do not tell applicants apart (distinct
//! applicants' emblem sides hash 0 bits apart, portrait sides 7 bits, nearer than copies of one
//! photo, 26 bits); there the byte-identical check (`photo_reused`) holds, and the portrait
//! side's face crop is what to compare, once measured on enough real faces.

use image::{imageops, GrayImage};
use image_hasher::{FilterType, HashAlg, Hasher, HasherConfig};
use serde::Serialize;

use crate::card_region::{locate, Region};

/// The hash grid's side: `HASH_SIDE²` bits per hash.
pub const HASH_SIDE: u32 = 16;
/// Hand-held photos' hashes at most this many bits apart (of 256) are the same picture: a copy.
/// Chosen on the synthetic corpus (BENCHMARKS.md, "Near-duplicate photos"): the farthest
/// re-encoded, resized or lightly cropped copy measured was 10 bits from its original, the
/// nearest two different applicants' hand-held photos 32 bits apart; 20 sits between.
pub const NEAR_DISTANCE: u32 = 12;

/// Which part of a photo a hash covers. Stored as [`HashRegion::as_str`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HashRegion {
    /// The card's region (`card_region::locate`), when it is not the whole photo (a hand-held
    /// photo; the uploaded card sides are the card edge to edge).
    Card,
    /// The whole photo as stored.
    Whole,
    /// The photo with 3 % cut off each edge.
    Inset3,
    /// The photo with 6 % cut off each edge.
    Inset6,
    /// The face crop, once face detection provides one.
    Face,
}

impl HashRegion {
    pub fn as_str(self) -> &'static str {
        match self {
            HashRegion::Card => "card",
            HashRegion::Whole => "whole",
            HashRegion::Inset3 => "inset3",
            HashRegion::Inset6 => "inset6",
            HashRegion::Face => "face",
        }
    }

    /// Hashes of one family are compared with each other: the whole photo and its insets (so a
    /// copy with a few per cent cropped off meets the original's inset), the card with the
    /// card, the face with the face. The store holds the same rule (`photo_hashes::family`).
    pub fn family(self) -> &'static str {
        match self {
            HashRegion::Whole | HashRegion::Inset3 | HashRegion::Inset6 => "photo",
            HashRegion::Card => "card",
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

/// The side an image is shrunk to (area-averaging, fast) before the hasher's own resize: its
/// triangle filter over a full-size photo cost ~100 ms; on this thumbnail well under 1 ms.
const PRE_SHRINK: u32 = 8 * (HASH_SIDE + 1);

/// `image` shrunk (area-averaging) so that its long side is at most `side`.
fn shrunk(image: &GrayImage, side: u32) -> std::borrow::Cow<'_, GrayImage> {
    let (w, h) = image.dimensions();
    let long = w.max(h);
    if long <= side {
        return std::borrow::Cow::Borrowed(image);
    }
    let scale = side as f32 / long as f32;
    std::borrow::Cow::Owned(imageops::thumbnail(
        image,
        ((w as f32 * scale).round() as u32).max(1),
        ((h as f32 * scale).round() as u32).max(1),
    ))
}

fn hash_shrunk(hasher: &Hasher, image: &GrayImage) -> Vec<u8> {
    hasher.hash_image(shrunk(image, PRE_SHRINK).as_ref()).as_bytes().to_vec()
}

/// The hash of one grey image.
pub fn hash_of(image: &GrayImage) -> Vec<u8> {
    hash_shrunk(&hasher(), image)
}

/// How many bits two hashes differ in; hashes of different lengths are as far apart as can be.
pub fn distance(a: &[u8], b: &[u8]) -> u32 {
    if a.len() != b.len() {
        return u32::MAX;
    }
    a.iter().zip(b).map(|(x, y)| (x ^ y).count_ones()).sum()
}

/// The least distance between two photos' hashes of one family (as the store compares them).
pub fn least_distance(a: &[PerceptualHash], b: &[PerceptualHash]) -> u32 {
    a.iter()
        .flat_map(|x| {
            b.iter()
                .filter(move |y| y.region.family() == x.region.family())
                .map(move |y| distance(&x.bits, &y.bits))
        })
        .min()
        .unwrap_or(u32::MAX)
}

/// The hashes of a decoded grey photo (its card region located here).
pub fn hashes(grey: &GrayImage) -> Vec<PerceptualHash> {
    let region = locate(grey);
    if region == Region::whole(grey) {
        hashes_of_parts(grey, grey)
    } else {
        hashes_of_parts(grey, &region.crop(grey))
    }
}

/// `image` with `share` of its width and height cut off each edge.
fn inset(image: &GrayImage, share: f32) -> GrayImage {
    let (w, h) = image.dimensions();
    let (dx, dy) = ((w as f32 * share).round() as u32, (h as f32 * share).round() as u32);
    if w <= 2 * dx || h <= 2 * dy {
        return image.clone();
    }
    imageops::crop_imm(image, dx, dy, w - 2 * dx, h - 2 * dy).to_image()
}

/// The hashes of a photo whose card region the caller has cropped already (the check has):
/// the whole photo, its two insets, and the card when it is not the whole photo.
pub fn hashes_of_parts(whole: &GrayImage, card: &GrayImage) -> Vec<PerceptualHash> {
    let hasher = hasher();
    let mut hashes = vec![
        PerceptualHash { region: HashRegion::Whole, bits: hash_shrunk(&hasher, whole) },
        PerceptualHash {
            region: HashRegion::Inset3,
            bits: hash_shrunk(&hasher, &inset(whole, 0.03)),
        },
        PerceptualHash {
            region: HashRegion::Inset6,
            bits: hash_shrunk(&hasher, &inset(whole, 0.06)),
        },
    ];
    if card.dimensions() != whole.dimensions() {
        hashes.push(PerceptualHash { region: HashRegion::Card, bits: hash_shrunk(&hasher, card) });
    }
    hashes
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
        let regions: Vec<HashRegion> = hashes(&picture).iter().map(|h| h.region).collect();
        assert_eq!(regions, [HashRegion::Whole, HashRegion::Inset3, HashRegion::Inset6]);
    }
}
