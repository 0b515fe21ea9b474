//! The card found in synthetic hand-held photos (the generator knows the card's box) and
//! rectified to the uploaded card's size: its corners within 2.5 % of the card's width of the
//! true box's, and the rectified card lining up with the uploaded portrait side (normalised
//! cross-correlation of the two at 200 px wide ≥ 0.75; a card shifted by 3 % scores well below).
//! At least 60 % of the photos' cards are found (15 of 24 measured); a card not found is
//! reported as such, and none found may be misplaced.

mod support;

use image::{imageops, GrayImage};
use reviewdesk_imaging::{decode, find_held_card, CheckConfig};

/// Corner error allowed, as a share of the card's width.
const CORNER_TOLERANCE: f32 = 0.025;
/// Least normalised cross-correlation of the rectified card with the uploaded one.
const LINE_UP: f32 = 0.75;

fn ncc(a: &GrayImage, b: &GrayImage) -> f32 {
    let (w, h) = (200, 200 * a.height() / a.width());
    let a = imageops::resize(a, w, h, imageops::FilterType::Triangle);
    let b = imageops::resize(b, w, h, imageops::FilterType::Triangle);
    let mean =
        |i: &GrayImage| i.as_raw().iter().map(|v| f32::from(*v)).sum::<f32>() / (w * h) as f32;
    let (ma, mb) = (mean(&a), mean(&b));
    let (mut ab, mut aa, mut bb) = (0.0, 0.0, 0.0);
    for (x, y) in a.as_raw().iter().zip(b.as_raw()) {
        let (x, y) = (f32::from(*x) - ma, f32::from(*y) - mb);
        ab += x * y;
        aa += x * x;
        bb += y * y;
    }
    ab / (aa * bb).sqrt().max(1e-6)
}

#[test]
fn held_cards_are_found_and_line_up_with_the_uploaded_card() {
    let generator = support::generator();
    let config = CheckConfig::default();
    let (mut found, mut worst_corner, mut worst_ncc) = (0, 0.0f32, 1.0f32);
    let total = 24;
    for index in 0..total {
        let specimen = generator.specimen(index).expect("specimen");
        let photo = decode(&specimen.handheld.jpeg, &config).expect("hand-held decodes").grey;
        let card = decode(&specimen.portrait.jpeg, &config).expect("portrait decodes").grey;
        let [x, y, w, h] = specimen.handheld.card_box.expect("the generator's box");
        let Some(held) = find_held_card(&photo, card.width(), card.height()) else {
            eprintln!("{index}: not found");
            continue;
        };
        let truth = [(x, y), (x + w, y), (x + w, y + h), (x, y + h)];
        let corner = held
            .corners
            .iter()
            .zip(truth)
            .map(|((fx, fy), (tx, ty))| {
                ((fx - tx as f32).powi(2) + (fy - ty as f32).powi(2)).sqrt()
            })
            .fold(0.0, f32::max)
            / w as f32;
        let score = ncc(&held.rectified, &card);
        eprintln!("{index}: corners off by {:.1} % of the width, ncc {score:.3}", corner * 100.0);
        assert_eq!(held.rectified.dimensions(), card.dimensions());
        assert!(corner <= CORNER_TOLERANCE, "{index}: {:?} vs {truth:?}", held.corners);
        assert!(score >= LINE_UP, "{index}: ncc {score}");
        found += 1;
        worst_corner = worst_corner.max(corner);
        worst_ncc = worst_ncc.min(score);
        if index == 0 {
            // A card shifted by 3 % of its width does not line up as well: the measure can fail.
            let shift = (card.width() as f32 * 0.03) as i64;
            let mut shifted =
                GrayImage::from_pixel(card.width(), card.height(), image::Luma([255]));
            imageops::overlay(&mut shifted, &held.rectified, shift, 0);
            assert!(ncc(&shifted, &card) < score - 0.1, "a shifted card scored as well");
        }
    }
    eprintln!(
        "found {found} of {total}; worst corner {:.1} %, worst ncc {worst_ncc:.3}",
        worst_corner * 100.0
    );
    // Measured: 15 of 24 (the others' top or bottom edge does not stand out from the wall or
    // clothes behind it); none misplaced.
    assert!(found * 5 >= total * 3, "found only {found} of {total}");
}
