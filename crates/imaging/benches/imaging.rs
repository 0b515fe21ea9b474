//! Imaging bench, `cargo bench -p reviewdesk-imaging --bench imaging`:
//!
//! 1. The pipeline without OCR (bounded decode to grey, card region, clarity, SHA-256) on a
//!    ~150 KB 1000×630 JPEG, in images per second on one core, against a plain RGB decode of the
//!    same file with the `image` crate measured in the same run.
//! 2. Seconds per photo with OCR, p50 and p95, on the same sharp corpus photos in the same run:
//!    the naive baseline (all 8 candidates on the whole photo as stored), all 8 candidates on
//!    the cropped and normalised card, and the fast search.
//!
//! Single-threaded throughout. `BENCH_OCR_PHOTOS` (default 32) sets the photo count of part 2.

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use image::codecs::jpeg::JpegEncoder;
use image::imageops::{self, FilterType};
use reviewdesk_imaging::{check, CheckConfig, OcrEngine, Strategy};
use reviewdesk_synthetic::{Corpus, DefectMix, Generator, GeneratorConfig};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    reviewdesk_imaging::ocr::limit_ocr_threads();
    let today = NaiveDate::from_ymd_opt(2026, 3, 2).ok_or("date")?;
    let generator =
        Generator::new(GeneratorConfig::new(4, today).with_defects(0.0, DefectMix::NONE))?;
    let config = CheckConfig::default();

    // 1. Without OCR.
    let card = generator.render(&generator.applicant(0)).portrait.image;
    let card = imageops::resize(&card, 1000, 630, FilterType::CatmullRom);
    let mut jpeg = Vec::new();
    for quality in (60..=100u8).rev() {
        jpeg.clear();
        JpegEncoder::new_with_quality(&mut jpeg, quality).encode_image(&card)?;
        if jpeg.len() <= 155_000 {
            break;
        }
    }
    let baseline = rate(|| image::load_from_memory(&jpeg).map(|i| i.width()).unwrap_or(0));
    let pipeline = rate(|| check(&jpeg, &config, None).width.unwrap_or(0));
    println!("Imaging without OCR: 1000×630 JPEG, {} bytes, one core", jpeg.len());
    println!("| what | images/s | ratio to baseline |");
    println!("|---|---|---|");
    println!("| baseline: plain RGB decode (`image::load_from_memory`) | {baseline:.0} | 1.00 |");
    println!(
        "| checks without OCR (`check(.., None)`) | {pipeline:.0} | {:.2} |",
        pipeline / baseline
    );

    // 2. With OCR.
    let photos: u64 =
        std::env::var("BENCH_OCR_PHOTOS").ok().and_then(|v| v.parse().ok()).unwrap_or(32);
    if photos == 0 {
        return Ok(());
    }
    let corpus = Corpus::new(&generator);
    let mut engine = OcrEngine::new()?;
    let (mut fast, mut all8, mut naive) = (Vec::new(), Vec::new(), Vec::new());
    let mut passes = [0usize; 3];
    for index in 0..photos {
        // Sharp photos only (items 96–127 of each 128 are blurred): every kind, every orientation.
        let index = index + (index / 96) * 32;
        let item = corpus.item(index)?;
        for (strategy, times, slot) in [
            (Strategy::Fast, &mut fast, 0),
            (Strategy::AllCandidates, &mut all8, 1),
            (Strategy::Naive, &mut naive, 2),
        ] {
            let started = Instant::now();
            let report = check(&item.jpeg, &config, Some((&mut engine, strategy)));
            times.push(started.elapsed().as_secs_f64());
            passes[slot] += report.ocr_passes;
        }
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
    let naive_mean = mean(&naive);
    let (naive_p50, naive_p95) = (percentile(&naive, 0.5), percentile(&naive, 0.95));
    println!(
        "\nImaging with OCR: {photos} sharp corpus photos (all kinds and orientations), one core"
    );
    println!("| what | p50 s/photo | p95 s/photo | mean s/photo | OCR passes/photo | speed-up: mean (p50, p95) |");
    println!("|---|---|---|---|---|---|");
    for (name, times, slot) in [
        ("baseline: naive, all 8 candidates on the whole photo", &naive, 2),
        ("all 8 candidates on the cropped, normalised card", &all8, 1),
        ("fast: cropped, normalised, likely first, early stop", &fast, 0),
    ] {
        let (p50, p95) = (percentile(times, 0.5), percentile(times, 0.95));
        println!(
            "| {name} | {p50:.3} | {p95:.3} | {:.3} | {:.2} | {:.2}× ({:.2}×, {:.2}×) |",
            mean(times),
            passes[slot] as f64 / photos as f64,
            naive_mean / mean(times),
            naive_p50 / p50,
            naive_p95 / p95,
        );
    }
    Ok(())
}

/// Calls per second of `work` over about two seconds, after a warm-up.
fn rate(mut work: impl FnMut() -> u32) -> f64 {
    let mut sink = 0u64;
    for _ in 0..5 {
        sink += u64::from(work());
    }
    let started = Instant::now();
    let mut calls = 0u64;
    while started.elapsed() < Duration::from_secs(2) {
        sink += u64::from(work());
        calls += 1;
    }
    std::hint::black_box(sink);
    calls as f64 / started.elapsed().as_secs_f64()
}

fn percentile(values: &[f64], q: f64) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted.get(((sorted.len().max(1) - 1) as f64 * q).round() as usize).copied().unwrap_or(0.0)
}
