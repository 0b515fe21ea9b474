//! The orientation search: OCR the card in candidate orientations and keep the one Tesseract
//! reads with the highest mean word confidence (upright cards score 70–95, every wrong candidate
//! well under 50 on the synthetic corpus).
//!
//! The fast strategy tries likely candidates first — the EXIF orientation's correction, and
//! the rotations that keep the card's region wider than tall — and stops as soon as the answer
//! is decisive: a candidate reached `accept`, its mirror image was tried too (mirroring is the
//! closest competitor), and it beats every candidate tried by `margin`. Anything not decisive
//! after all 8 is `unsure`: the reviewer decides, the machine does not guess. (Stopping early
//! when the likely half reads nothing was tried and dropped: the card region's shape is wrong
//! often enough in hand-held photos that the upright candidate is in the other half.) The naive
//! strategy (the baseline) tries all 8 and applies the same rule.

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
    /// All 8, always (the baseline).
    AllCandidates,
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
    /// Every candidate tried, in order, with its mean word confidence.
    pub tried: Vec<(Turn, f32)>,
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
    let mut tried: Vec<(Turn, f32)> = Vec::with_capacity(8);
    let mut best_text = String::new();
    let mut timed_out = false;
    for turn in order.iter().copied() {
        if started.elapsed() > config.budget {
            timed_out = true;
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
    let second = tried
        .iter()
        .filter(|(other, _)| *other != turn)
        .map(|(_, score)| *score)
        .fold(0.0f32, f32::max);
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
        timed_out,
    }
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
