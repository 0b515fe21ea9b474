//! Near-duplicate rates, `cargo bench -p reviewdesk-imaging --bench near_duplicates`: on
//! `BENCH_APPLICANTS` (default 40) synthetic applicants' three photos, how many re-encoded,
//! resized and cropped copies the perceptual hashes find, and how many pairs of different
//! applicants' photos they confuse, at candidate thresholds and at the chosen one
//! ([`NEAR_DISTANCE`]). Also the time the hashes add to a photo's checks, on one core.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/support/near_duplicate_rates.rs"]
mod rates;

use std::time::Instant;

use rates::Copy;
use reviewdesk_imaging::perceptual::{hashes_of_parts, HASH_SIDE, NEAR_DISTANCE};
use reviewdesk_imaging::{decode, locate, CheckConfig};
use reviewdesk_synthetic::Side;

fn main() {
    let applicants: u64 =
        std::env::var("BENCH_APPLICANTS").ok().and_then(|v| v.parse().ok()).unwrap_or(40);
    let started = Instant::now();
    let measured = rates::measure(applicants, &[Side::Handheld]);
    println!(
        "Near-duplicate hand-held photos: {applicants} applicants, {} photos, {}×{} gradient hash, {} s",
        measured.photos,
        HASH_SIDE,
        HASH_SIDE,
        started.elapsed().as_secs()
    );
    let thresholds = [8, 10, 12, 14, 16, 20, 24, 32];
    print!("| copies found (of {}) |", measured.photos);
    for t in thresholds {
        print!(" ≤{t}{} |", if t == NEAR_DISTANCE { " (chosen)" } else { "" });
    }
    println!("\n|---|{}", "---|".repeat(thresholds.len()));
    for copy in Copy::ALL {
        print!("| {} |", copy.label());
        for t in thresholds {
            print!(" {:.1} % |", 100.0 * measured.found(copy, t));
        }
        println!();
    }
    print!("| different applicants' photo pairs confused (of {}) |", measured.distinct.len());
    for t in thresholds {
        print!(" {} |", measured.confused(t));
    }
    println!();
    println!("farthest copy from its original: {} bits", measured.farthest_copy());
    if let Some((a, b, d)) = measured.nearest_distinct() {
        println!("nearest two different applicants' photos: {d} bits ({a:?} and {b:?})");
    }
    for sides in [[Side::Portrait], [Side::Emblem]] {
        let other = rates::measure(applicants.min(12), &sides);
        println!(
            "{:?} side (not compared), {} applicants: farthest copy {} bits, nearest different applicants' {} bits",
            sides[0],
            applicants.min(12),
            other.farthest_copy(),
            other.nearest_distinct().map_or(u32::MAX, |(_, _, d)| d)
        );
    }
    let mut histogram = [0usize; 9];
    for (_, _, d) in &measured.distinct {
        histogram[(*d as usize / 16).min(8)] += 1;
    }
    println!("distinct pairs by distance (16-bit bins from 0; last ≥128): {histogram:?}");

    // The time the hashes add to a submission's checks (they hash each of the three photos the
    // checks decode, the card region located already), one core.
    let generator = rates::generator();
    let specimen = generator.specimen(0).expect("specimen");
    let mut per_submission = 0.0;
    let runs = 30;
    for side in [Side::Portrait, Side::Emblem, Side::Handheld] {
        let photo = specimen.photo(side);
        let grey = decode(&photo.jpeg, &CheckConfig::default()).expect("decode").grey;
        let card = locate(&grey).crop(&grey);
        let started = Instant::now();
        for _ in 0..runs {
            std::hint::black_box(hashes_of_parts(&grey, &card));
        }
        let per = started.elapsed().as_secs_f64() / f64::from(runs);
        println!(
            "hashes of the {side:?} photo ({}×{}): {:.2} ms",
            grey.width(),
            grey.height(),
            per * 1e3
        );
        per_submission += per;
    }
    println!("added per submission (three photos), one core: {:.2} ms", per_submission * 1e3);
}
