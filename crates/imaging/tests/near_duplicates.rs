//! The near-duplicate threshold ([`NEAR_DISTANCE`]) keeps the rates measured for BENCHMARKS.md on
//! a smaller sample of the same synthetic corpus: every re-encoded (quality 50–95), resized
//! (0.5–1.5×) and lightly cropped copy of a hand-held photo is found, and no two different
//! applicants' hand-held photos are confused.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use reviewdesk_imaging::perceptual::NEAR_DISTANCE;
use reviewdesk_synthetic::Side;
use support::near_duplicate_rates::{measure, Copy};

#[test]
fn copies_are_found_and_different_applicants_are_not_confused() {
    let measured = measure(6, &[Side::Handheld]);
    for copy in Copy::ALL {
        assert_eq!(measured.found(copy, NEAR_DISTANCE), 1.0, "{}", copy.label());
    }
    assert_eq!(measured.confused(NEAR_DISTANCE), 0, "{:?}", measured.nearest_distinct());
    assert_eq!(measured.distinct.len(), 15);
}
