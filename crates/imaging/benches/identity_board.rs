//! The identity board's time budget, `OPENBLAS_NUM_THREADS=1 cargo bench -p reviewdesk-imaging
//! --bench identity_board`: per synthetic submission (three photos), on one core, in the same
//! run:
//!
//! - the baseline: the photo checks as the server's worker runs them (OCR, fast search);
//! - the checks keeping the upright portrait side and hand-held photo, plus the identity board
//!   (held card, three faces) computed from them — what a worker does now;
//! - the board alone,
//!
//! as the median over the submissions of each one's best of `BENCH_RUNS` (default 3) runs, the
//! ratio to the baseline and the time added (the budget: 0.5 s). Also how many of each face and
//! held cards were found (detection must not be bought with speed). `BENCH_SUBMISSIONS` (default
//! 12) sets the count. The face models come from `scripts/setup.sh`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use chrono::NaiveDate;
use reviewdesk_imaging::faces::{default_models_dir, FaceFinder, FaceSource, IdentityBoard};
use reviewdesk_imaging::{check, check_keeping_upright, CheckConfig, OcrEngine, Strategy};
use reviewdesk_synthetic::{DefectMix, Generator, GeneratorConfig};

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// The best of `runs` timings of `work`, in milliseconds.
fn best_ms(runs: u32, mut work: impl FnMut()) -> f64 {
    (0..runs.max(1))
        .map(|_| {
            let started = Instant::now();
            work();
            started.elapsed().as_secs_f64() * 1000.0
        })
        .fold(f64::MAX, f64::min)
}

fn main() {
    reviewdesk_imaging::ocr::limit_ocr_threads();
    if std::env::var("OPENBLAS_NUM_THREADS").as_deref() != Ok("1") {
        eprintln!("note: set OPENBLAS_NUM_THREADS=1 to keep dlib's networks on one core");
    }
    let count: u64 =
        std::env::var("BENCH_SUBMISSIONS").ok().and_then(|v| v.parse().ok()).unwrap_or(12);
    let runs: u32 = std::env::var("BENCH_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(3);
    let today = NaiveDate::from_ymd_opt(2026, 3, 2).expect("date");
    let generator =
        Generator::new(GeneratorConfig::new(4, today).with_defects(0.0, DefectMix::NONE))
            .expect("generator");
    let config = CheckConfig::default();
    let mut engine = OcrEngine::new().expect("OCR engine (Tesseract with chi_sim)");
    let finder = FaceFinder::load(&default_models_dir()).expect("face models (scripts/setup.sh)");

    let (mut alone, mut with_board, mut board_only) = (Vec::new(), Vec::new(), Vec::new());
    let mut faces_found = [0u32; 3];
    let mut cards_found = 0;
    for index in 0..count {
        let specimen = generator.specimen(index).expect("specimen");
        let photos = [&specimen.portrait, &specimen.emblem, &specimen.handheld];
        alone.push(best_ms(runs, || {
            for photo in photos {
                check(&photo.jpeg, &config, Some((&mut engine, Strategy::Fast)));
            }
        }));
        let mut board = None;
        with_board.push(best_ms(runs, || {
            let portrait = check_keeping_upright(
                &specimen.portrait.jpeg,
                &config,
                Some((&mut engine, Strategy::Fast)),
            );
            check(&specimen.emblem.jpeg, &config, Some((&mut engine, Strategy::Fast)));
            let handheld = check_keeping_upright(
                &specimen.handheld.jpeg,
                &config,
                Some((&mut engine, Strategy::Fast)),
            );
            let (portrait, handheld) = (portrait.upright.unwrap(), handheld.upright.unwrap());
            board =
                Some((IdentityBoard::compute(&finder, &portrait, &handheld), portrait, handheld));
        }));
        let (board, portrait, handheld) = board.expect("computed");
        board_only.push(best_ms(runs, || {
            IdentityBoard::compute(&finder, &portrait, &handheld);
        }));
        for (found, face) in faces_found.iter_mut().zip(&board.faces) {
            *found += u32::from(face.is_some());
        }
        cards_found += u32::from(board.held_card.is_some());
    }
    let (alone, with_board, board_only) = (median(alone), median(with_board), median(board_only));
    println!(
        "Identity board time budget: {count} synthetic submissions (three photos each), one core, \
         median of each submission's best of {runs}"
    );
    println!("| what | ms per submission | ratio to baseline |");
    println!("|---|---|---|");
    println!("| baseline: the photo checks (OCR, fast search) | {alone:.0} | 1.00 |");
    println!(
        "| checks + identity board (held card, three faces) | {with_board:.0} | {:.2} |",
        with_board / alone
    );
    println!("| identity board alone | {board_only:.0} | {:.2} |", board_only / alone);
    println!("added per submission: {:.0} ms (budget 500 ms)", with_board - alone);
    let names = FaceSource::ALL.map(FaceSource::as_str);
    println!(
        "found: held card {cards_found}/{count}; faces {}",
        names
            .iter()
            .zip(faces_found)
            .map(|(name, found)| format!("{name} {found}/{count}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
}
