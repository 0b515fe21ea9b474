//! Imaging bench (issue 4), `cargo bench -p reviewdesk-imaging --bench imaging`:
//!
//! 1. The pipeline without OCR (bounded decode to grey, card region, clarity, SHA-256) on a
//!    ~150 KB 1000×630 JPEG, in images per second on one core, against a plain RGB decode of the
//!    same file with the `image` crate measured in the same run.
//! 2. Seconds per photo with OCR, p50 and p95, for the fast orientation search and the naive
//!    all-8-candidates baseline on the same sharp corpus photos in the same run.
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
    let corpus = Corpus::new(&generator);
    let mut engine = OcrEngine::new()?;
    let (mut fast, mut naive) = (Vec::new(), Vec::new());
    let mut passes = [0usize; 2];
    for index in 0..photos {
        // Sharp photos only (items 96–127 of each 128 are blurred): every kind, every orientation.
        let index = index + (index / 96) * 32;
        let item = corpus.item(index)?;
        for (strategy, times, slot) in
            [(Strategy::Fast, &mut fast, 0), (Strategy::AllCandidates, &mut naive, 1)]
        {
            let started = Instant::now();
            let report = check(&item.jpeg, &config, Some((&mut engine, strategy)));
            times.push(started.elapsed().as_secs_f64());
            passes[slot] += report.ocr_passes;
        }
    }
    let (fast_p50, fast_p95) = (percentile(&fast, 0.5), percentile(&fast, 0.95));
    let (naive_p50, naive_p95) = (percentile(&naive, 0.5), percentile(&naive, 0.95));
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
    println!(
        "\nImaging with OCR: {photos} sharp corpus photos (all kinds and orientations), one core"
    );
    println!(
        "| what | p50 s/photo | p95 s/photo | mean s/photo | OCR passes/photo | speed-up (mean) |"
    );
    println!("|---|---|---|---|---|---|");
    println!(
        "| baseline: all 8 candidates | {naive_p50:.3} | {naive_p95:.3} | {:.3} | {:.2} | 1.00 |",
        mean(&naive),
        passes[1] as f64 / photos as f64
    );
    println!(
        "| fast search | {fast_p50:.3} | {fast_p95:.3} | {:.3} | {:.2} | {:.2}× (p50 {:.2}×, p95 {:.2}×) |",
        mean(&fast),
        passes[0] as f64 / photos as f64,
        mean(&naive) / mean(&fast),
        naive_p50 / fast_p50,
        naive_p95 / fast_p95
    );
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
