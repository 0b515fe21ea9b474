//! The orientation search: OCR the card in candidate orientations and keep the one Tesseract
//! reads with the highest mean word confidence (on the synthetic corpus, sharp upright cards
//! mostly score 60–95 and wrong candidates at most 60, mostly under 45).
//!
//! Decisive means: the best candidate reached `accept`, its mirror image was tried too (the
//! mirror is the closest competitor), and it leads every other candidate tried by `margin`.
//! Anything not decisive after all 8 is `unsure`: the reviewer decides, the machine does not
//! guess.
//!
//! The fast strategy tries likely candidates first (the EXIF orientation's correction, and the
//! rotations that keep the card's region wider than tall) and screens each on its middle band
//! (40 % of the height: about half the cost of a full pass, Tesseract's cost being mostly per
//! length of line read) until one is decisive; then it reads that one in full, which must reach
//! `accept` too and gives the text. When the screening is not decisive (no band of the likely
//! half reaches `accept`, as on a booklet cover whose middle is the emblem, or the full read does
//! not confirm), it falls back to full passes, best screened first, with the same rule. It never
//! gives up before all 8: the card region's shape is wrong often enough in hand-held photos that
//! the upright candidate is in the "unlikely" half. `AllCandidates` and `Naive` (the baselines)
//! read all 8 in full.

use std::time::Instant;

use image::GrayImage;

use crate::config::OcrConfig;
use crate::ocr::engine::OcrEngine;
use crate::orientation::Turn;

/// How many candidates to try.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strategy {
    /// Likely candidates first, stop when decisive.
    Fast,
    /// All 8, always, on the normalised card (an ablation: the fast path without its ordering
    /// and early stop).
    AllCandidates,
    /// The naive baseline: all 8 on the whole photo as stored (no card crop, no size
    /// normalisation), as in the first measurements (DOMAIN.md).
    Naive,
}

/// What the search found.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchOutcome {
    /// The correction of the best candidate.
    pub turn: Turn,
    /// 0–1: how far the best candidate is ahead of the others tried.
    pub confidence: f32,
    /// Not decisive: the reviewer must look.
    pub unsure: bool,
    /// The text read in the best candidate.
    pub text: String,
    /// Every candidate read in full, in order, with its mean word confidence.
    pub tried: Vec<(Turn, f32)>,
    /// Screening passes (middle band only) run before the full ones.
    pub screened: usize,
    /// The time budget ran out before the search could finish.
    pub timed_out: bool,
}

/// The 8 corrections in the order the fast search tries them: the group of rotations that
/// keeps the region wider than tall first; in each group the `prior`'s rotation first, then
/// the other; each rotation as `prior` mirrors it, then its mirror image.
pub fn candidate_order(prior: Turn, landscape: bool) -> Vec<Turn> {
    let likely: [u16; 2] = if landscape { [0, 180] } else { [90, 270] };
    let unlikely: [u16; 2] = if landscape { [90, 270] } else { [0, 180] };
    let mut order = Vec::with_capacity(8);
    for group in [likely, unlikely] {
        let rotations = if group[1] == prior.rotate_cw() { [group[1], group[0]] } else { group };
        for rotation in rotations {
            order.push(Turn::new(rotation, prior.mirrored));
            order.push(Turn::new(rotation, !prior.mirrored));
        }
    }
    order
}

/// Searches `card` (normalised, as stored: no correction applied) for its upright orientation.
pub fn search(
    engine: &mut OcrEngine,
    card: &GrayImage,
    prior: Turn,
    config: &OcrConfig,
    strategy: Strategy,
) -> SearchOutcome {
    let started = Instant::now();
    let order = candidate_order(prior, card.width() >= card.height());
    let mut screened: Vec<(Turn, f32)> = Vec::with_capacity(8);
    let mut tried: Vec<(Turn, f32)> = Vec::with_capacity(8);
    let mut best_text = String::new();
    let mut timed_out = false;
    let out_of_time = |timed_out: &mut bool| {
        *timed_out |= started.elapsed() > config.budget;
        *timed_out
    };
    if strategy == Strategy::Fast {
        // Screening: the middle band of each candidate (about half the cost of a full pass),
        // until one is decisive; then one full pass on it reads the text and must confirm.
        for turn in order.iter().copied() {
            if out_of_time(&mut timed_out) {
                break;
            }
            let band = middle_band(&turn.apply(card));
            screened.push((turn, engine.read(&band, false).confidence));
            if decisive(&screened, config) {
                break;
            }
            // The likely half screened and no band reached `accept`: the middle of this card
            // is not print (a booklet cover's emblem, a hand): go to full passes.
            if screened.len() == 4 && best(&screened).1 < config.accept {
                break;
            }
        }
        if decisive(&screened, config) && !out_of_time(&mut timed_out) {
            let (winner, _) = best(&screened);
            let reading = engine.read(&winner.apply(card), true);
            tried.push((winner, reading.confidence));
            best_text = reading.text;
            if reading.confidence >= config.accept {
                let (_, top) = best(&screened);
                let second = second_best(&screened, winner);
                return SearchOutcome {
                    turn: winner,
                    confidence: ((top - second) / (2.0 * config.margin)).clamp(0.0, 1.0),
                    unsure: false,
                    text: best_text,
                    tried,
                    screened: screened.len(),
                    timed_out,
                };
            }
        }
    }
    // Full passes: the naive and all-candidates strategies, and the fast one when screening
    // was not decisive or the full pass did not confirm it (then best screened first, then the
    // unscreened in order).
    let mut order = order;
    let screen_score = |turn: &Turn| {
        screened.iter().find(|(done, _)| done == turn).map_or(f32::MIN, |(_, score)| *score)
    };
    order.sort_by(|a, b| screen_score(b).total_cmp(&screen_score(a)));
    for turn in order.iter().copied() {
        if tried.iter().any(|(done, _)| *done == turn) {
            continue;
        }
        if out_of_time(&mut timed_out) {
            break;
        }
        let reading = engine.read(&turn.apply(card), true);
        if reading.confidence > best(&tried).1 {
            best_text = reading.text;
        }
        tried.push((turn, reading.confidence));
        if strategy == Strategy::Fast && decisive(&tried, config) {
            break;
        }
    }
    let (turn, top) = best(&tried);
    let second = second_best(&tried, turn);
    let confidence = if top >= config.accept {
        ((top - second) / (2.0 * config.margin)).clamp(0.0, 1.0)
    } else {
        0.0
    };
    SearchOutcome {
        turn,
        confidence,
        unsure: !decisive(&tried, config),
        text: best_text,
        tried,
        screened: screened.len(),
        timed_out,
    }
}

/// The rows from 30 % to 70 % of the height: on an upright card, a few lines of print.
/// Tesseract's cost is mostly per length of line read, so this costs about half a full pass.
/// (Narrower screens, 30 % of the height or 60 % of the width, were slower overall: more of
/// them are not decisive and fall back to full passes.)
fn middle_band(image: &GrayImage) -> GrayImage {
    let (width, height) = image.dimensions();
    let top = height * 3 / 10;
    let rows = (height * 4 / 10).clamp(1, height.max(1));
    image::imageops::crop_imm(image, 0, top, width, rows).to_image()
}

/// The best score among candidates other than `turn` (0 when there are none).
fn second_best(tried: &[(Turn, f32)], turn: Turn) -> f32 {
    tried.iter().filter(|(other, _)| *other != turn).map(|(_, score)| *score).fold(0.0, f32::max)
}

/// The best candidate so far (the identity with score 0 before any).
fn best(tried: &[(Turn, f32)]) -> (Turn, f32) {
    tried.iter().copied().fold(
        (Turn::IDENTITY, f32::MIN),
        |acc, item| {
            if item.1 > acc.1 {
                item
            } else {
                acc
            }
        },
    )
}

/// The best candidate reached `accept`, its mirror image was tried, and it leads every other
/// candidate tried by `margin`.
fn decisive(tried: &[(Turn, f32)], config: &OcrConfig) -> bool {
    if tried.is_empty() {
        return false;
    }
    let (turn, top) = best(tried);
    let partner_tried = tried.iter().any(|(other, _)| *other == turn.mirror_partner());
    let second = tried
        .iter()
        .filter(|(other, _)| *other != turn)
        .map(|(_, score)| *score)
        .fold(f32::MIN, f32::max);
    top >= config.accept && partner_tried && top - second >= config.margin
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_covers_all_eight_likely_first() {
        for prior in Turn::ALL {
            for landscape in [true, false] {
                let order = candidate_order(prior, landscape);
                assert_eq!(order.len(), 8);
                for turn in Turn::ALL {
                    assert!(order.contains(&turn), "{prior:?} {landscape} {turn:?}");
                }
                assert!(order[..4].iter().all(|turn| turn.swaps_sides() != landscape));
                if prior.swaps_sides() != landscape {
                    assert_eq!(order[0], prior);
                }
                assert_eq!(order[1], order[0].mirror_partner());
            }
        }
    }

    #[test]
    fn decisive_needs_accept_partner_and_margin() {
        let config = OcrConfig::default();
        let up = Turn::IDENTITY;
        assert!(!decisive(&[(up, 90.0)], &config));
        assert!(decisive(&[(up, 90.0), (up.mirror_partner(), 30.0)], &config));
        assert!(!decisive(&[(up, 90.0), (up.mirror_partner(), 70.0)], &config));
        assert!(!decisive(&[(up, 50.0), (up.mirror_partner(), 10.0)], &config));
        assert_eq!(best(&[]).0, Turn::IDENTITY);
    }
}
