//! Calibration data for the orientation search's thresholds (`OcrConfig::accept`, `margin`):
//! every candidate's mean word confidence on the labelled corpus, one JSON line per photo
//! (`index`, `kind`, `blurred`, `card_width`, `truth` as an index into `Turn::ALL`, `scores` in
//! `Turn::ALL` order).
//!
//! `cargo run --release -p reviewdesk-imaging --example calibrate -- [ITEMS] [THREADS] > scores.jsonl`

use std::sync::Mutex;

use chrono::NaiveDate;
use reviewdesk_imaging::ocr::{search, Strategy};
use reviewdesk_imaging::{decode, locate, CheckConfig, OcrEngine, Turn};
use reviewdesk_synthetic::{Corpus, DefectMix, Generator, GeneratorConfig};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    reviewdesk_imaging::ocr::limit_ocr_threads();
    let mut args = std::env::args().skip(1);
    let items: u64 = args.next().map(|a| a.parse()).transpose()?.unwrap_or(320);
    let threads: u64 = args.next().map(|a| a.parse()).transpose()?.unwrap_or(2);
    let today = NaiveDate::from_ymd_opt(2026, 3, 2).ok_or("date")?;
    let generator =
        Generator::new(GeneratorConfig::new(4, today).with_defects(0.0, DefectMix::NONE))?;
    let corpus = Corpus::new(&generator);
    let config = CheckConfig::default();
    let lines = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for worker in 0..threads {
            let (corpus, config, lines) = (&corpus, &config, &lines);
            scope.spawn(move || {
                let Ok(mut engine) = OcrEngine::new() else { return };
                for index in (worker..items).step_by(threads as usize) {
                    let Ok(item) = corpus.item(index) else { continue };
                    let Ok(decoded) = decode(&item.jpeg, config) else { continue };
                    let card = locate(&decoded.grey).crop(&decoded.grey);
                    let input = reviewdesk_imaging::ocr_input(&card, config.ocr.work_side);
                    let outcome = search(
                        &mut engine,
                        &input,
                        Turn::IDENTITY,
                        &config.ocr,
                        Strategy::AllCandidates,
                    );
                    let scores: Vec<f32> = Turn::ALL
                        .iter()
                        .map(|turn| {
                            outcome.tried.iter().find(|(t, _)| t == turn).map_or(0.0, |(_, s)| *s)
                        })
                        .collect();
                    let truth = Turn::new(item.label.rotate_cw, item.label.mirrored);
                    let line = serde_json::json!({
                        "index": index,
                        "kind": item.label.kind,
                        "blurred": item.label.blurred,
                        "card_width": item.label.card_width,
                        "truth": Turn::ALL.iter().position(|t| *t == truth),
                        "scores": scores,
                    });
                    if let Ok(mut all) = lines.lock() {
                        all.push(line.to_string());
                    }
                }
            });
        }
    });
    for line in lines.into_inner()? {
        println!("{line}");
    }
    Ok(())
}
