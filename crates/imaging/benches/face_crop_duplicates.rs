//! The portrait side's face-crop hash as a near-duplicate signal,
//! `cargo bench -p reviewdesk-imaging --bench face_crop_duplicates`: on `BENCH_APPLICANTS`
//! (default 40) synthetic applicants' portrait sides and four cards carrying real faces, how
//! many re-encoded, resized and cropped copies the gradient hash of the aligned face crop finds,
//! and how many pairs of different applicants it confuses, at candidate thresholds; beside it
//! the whole-photo hashes the checks store today, on the same portrait sides. Also the time the
//! face hash adds (the crop is the identity board's; only the hash is new).
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/support/face_crop_rates.rs"]
mod face_crop_rates;
#[path = "../tests/support/near_duplicate_rates.rs"]
mod near_duplicate_rates;
#[path = "../tests/support/real_faces.rs"]
mod real_faces;

use std::time::Instant;

use face_crop_rates::{finder, measure};
use near_duplicate_rates::Copy;
use reviewdesk_imaging::perceptual::{hash_of, HASH_SIDE};

fn main() {
    let drawn: u64 =
        std::env::var("BENCH_APPLICANTS").ok().and_then(|v| v.parse().ok()).unwrap_or(40);
    let finder = finder();
    let started = Instant::now();
    let measured = measure(&finder, drawn);
    let real = measured.originals.iter().filter(|o| o.real).count();
    println!(
        "Portrait-side face-crop hash: {} drawn + {real} real-face portrait sides ({} without a face found: {:?}), {}×{} gradient hash of the 150² aligned crop, {} s",
        measured.originals.len() - real,
        measured.not_found.len(),
        measured.not_found,
        HASH_SIDE,
        HASH_SIDE,
        started.elapsed().as_secs()
    );
    let thresholds = [8, 12, 16, 20, 24, 32, 40, 48];
    print!("| copies found | faces |");
    for t in thresholds {
        print!(" ≤{t} |");
    }
    println!("\n|---|---|{}", "---|".repeat(thresholds.len()));
    for copy in Copy::ALL {
        for is_real in [false, true] {
            print!("| {} | {} |", copy.label(), if is_real { "real" } else { "drawn" });
            for t in thresholds {
                let (found, of) = measured.found(copy, is_real, t);
                print!(" {found}/{of} |");
            }
            println!();
        }
    }
    print!("| different applicants confused: drawn–drawn / with a real face / same man, two photos (of {} pairs) | |", measured.pairs.len());
    for t in thresholds {
        let (drawn, real, same) = measured.confused(t);
        print!(" {drawn} / {real} / {same} |");
    }
    println!();
    println!(
        "copies whose face was not found again: {}; farthest copy found: {} bits",
        measured.missed_faces(),
        measured.farthest_copy()
    );
    if let Some((a, b, d)) = measured.nearest_pair() {
        println!("nearest two different applicants: {d} bits ({a} and {b})");
    }
    let mut histogram = [0usize; 9];
    for (_, _, d) in &measured.pairs {
        histogram[(*d as usize / 8).min(8)] += 1;
    }
    println!("distinct pairs by distance (8-bit bins from 0; last ≥64): {histogram:?}");

    // For comparison: the whole-photo hashes (whole, insets) of the same portrait sides.
    let sample: Vec<Vec<u8>> = measured
        .originals
        .iter()
        .take(12)
        .map(|o| near_duplicate_rates::jpeg(&o.pixels, 90))
        .collect();
    let mut nearest_whole = u32::MAX;
    for i in 0..sample.len() {
        for j in i + 1..sample.len() {
            nearest_whole =
                nearest_whole.min(face_crop_rates::whole_distance(&sample[i], &sample[j]));
        }
    }
    println!(
        "whole-photo hashes of the same portrait sides (first {}): nearest different applicants {nearest_whole} bits",
        sample.len()
    );

    let crop = finder
        .find(&image::DynamicImage::ImageRgb8(measured.originals[0].pixels.clone()).to_luma8(), 2)
        .expect("face")
        .crop;
    let runs = 200;
    let started = Instant::now();
    for _ in 0..runs {
        std::hint::black_box(hash_of(&crop));
    }
    println!(
        "the face crop's hash, one core: {:.3} ms",
        started.elapsed().as_secs_f64() * 1e3 / f64::from(runs)
    );
}
