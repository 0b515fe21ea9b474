//! The identity board's time budget, `OPENBLAS_NUM_THREADS=1 cargo bench -p reviewdesk-imaging
//! --bench identity_board`: per synthetic resident submission (three photos, real faces on the
//! card and over the holder's head: `tests/support/real_faces.rs`), on one core, in the same
//! run:
//!
//! - the baseline: the photo checks as the server's worker runs them (OCR, fast search);
//! - the checks keeping the upright portrait side and hand-held photo, plus the identity board
//!   (held card, three faces) computed from them — what a worker does now;
//! - the board alone;
//! - the board on the hand-held photo turned 90° with no EXIF tag and its orientation not
//!   established (its quarter turns looked through until the person is found: 90°, then 270°),
//!   and the worst case: no person in any turn (the emblem side given as the hand-held photo,
//!   all four turns looked through),
//!
//! as the median over the submissions of each one's best of `BENCH_RUNS` (default 3) runs, the
//! ratio to the baseline and the time added (the budget: 0.5 s; the board alone is the direct
//! measure, the difference of the two pipelines carries OCR's variance); the board's parts (the held
//! card, the portrait on each card, the person); how many of each face and held cards were
//! found (detection must not be bought with speed). `BENCH_SUBMISSIONS` (default
//! 12) sets the count. The face models come from `scripts/setup.sh`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/support/real_faces.rs"]
mod real_faces;

use std::time::Instant;

use reviewdesk_imaging::faces::{
    default_models_dir, person, portrait_on_card, FaceFinder, FaceSource, HandheldOrientation,
    IdentityBoard,
};
use reviewdesk_imaging::{
    check, check_keeping_upright, find_held_card, CheckConfig, OcrEngine, Strategy,
};

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
    let config = CheckConfig::default();
    let mut engine = OcrEngine::new().expect("OCR engine (Tesseract with chi_sim)");
    let finder = FaceFinder::load(&default_models_dir()).expect("face models (scripts/setup.sh)");

    let (mut alone, mut with_board, mut board_only) = (Vec::new(), Vec::new(), Vec::new());
    let (mut turned_board, mut no_person_board) = (Vec::new(), Vec::new());
    let mut turned_found = [0u32; 3];
    let mut parts: [Vec<f64>; 4] = Default::default();
    let mut faces_found = [0u32; 3];
    let mut cards_found = 0;
    for (index, specimen) in real_faces::residents(count as usize).iter().enumerate() {
        let (printed, holder) = real_faces::PAIRS[index % real_faces::PAIRS.len()];
        let submission = real_faces::photos(&finder, specimen, printed, holder);
        let handheld_jpeg = real_faces::jpeg_of(&submission.handheld);
        let photos = [&submission.portrait, &submission.emblem, &handheld_jpeg];
        alone.push(best_ms(runs, || {
            for photo in photos {
                check(photo, &config, Some((&mut engine, Strategy::Fast)));
            }
        }));
        let mut board = None;
        with_board.push(best_ms(runs, || {
            let portrait = check_keeping_upright(
                &submission.portrait,
                &config,
                Some((&mut engine, Strategy::Fast)),
            );
            check(&submission.emblem, &config, Some((&mut engine, Strategy::Fast)));
            let handheld =
                check_keeping_upright(&handheld_jpeg, &config, Some((&mut engine, Strategy::Fast)));
            let orientation = if handheld.orientation_established() {
                HandheldOrientation::Established
            } else {
                HandheldOrientation::NotEstablished
            };
            let (portrait, handheld) = (portrait.upright.unwrap(), handheld.upright.unwrap());
            let computed =
                IdentityBoard::compute_turning(&finder, &portrait, &handheld, orientation);
            board = Some((computed, portrait, handheld));
        }));
        let (board, portrait, handheld) = board.expect("computed");
        board_only.push(best_ms(runs, || {
            IdentityBoard::compute(&finder, &portrait, &handheld);
        }));
        parts[0].push(best_ms(runs, || {
            find_held_card(&handheld, portrait.width(), portrait.height());
        }));
        parts[1].push(best_ms(runs, || {
            portrait_on_card(&finder, &portrait);
        }));
        if let Some(held) = &board.held_card {
            parts[2].push(best_ms(runs, || {
                portrait_on_card(&finder, &held.rectified);
            }));
        }
        parts[3].push(best_ms(runs, || {
            person(&finder, &handheld, board.held_card.as_ref());
        }));
        let turned = image::imageops::rotate90(&handheld);
        let mut turned_computed = None;
        turned_board.push(best_ms(runs, || {
            turned_computed = Some(IdentityBoard::compute_turning(
                &finder,
                &portrait,
                &turned,
                HandheldOrientation::NotEstablished,
            ));
        }));
        for (found, face) in turned_found.iter_mut().zip(&turned_computed.expect("computed").faces)
        {
            *found += u32::from(face.is_some());
        }
        let no_person = image::load_from_memory(&submission.emblem).unwrap().to_luma8();
        no_person_board.push(best_ms(runs, || {
            IdentityBoard::compute_turning(
                &finder,
                &portrait,
                &no_person,
                HandheldOrientation::NotEstablished,
            );
        }));
        for (found, face) in faces_found.iter_mut().zip(&board.faces) {
            *found += u32::from(face.is_some());
        }
        cards_found += u32::from(board.held_card.is_some());
    }
    let added =
        median(with_board.iter().zip(&alone).map(|(with, without)| with - without).collect());
    let (alone, with_board, board_only) = (median(alone), median(with_board), median(board_only));
    println!(
        "Identity board time budget: {count} synthetic resident submissions with real faces \
         (three photos each), one core, median of each submission's best of {runs}"
    );
    println!("| what | ms per submission | ratio to baseline |");
    println!("|---|---|---|");
    println!("| baseline: the photo checks (OCR, fast search) | {alone:.0} | 1.00 |");
    println!(
        "| checks + identity board (held card, three faces) | {with_board:.0} | {:.2} |",
        with_board / alone
    );
    println!("| identity board alone | {board_only:.0} | {:.2} |", board_only / alone);
    let (turned_board, no_person_board) = (median(turned_board), median(no_person_board));
    println!(
        "| identity board, hand-held photo turned 90° (no EXIF, not established) | \
         {turned_board:.0} | {:.2} |",
        turned_board / alone
    );
    println!(
        "| identity board, no person in any turn (all 4 looked through) | {no_person_board:.0} | \
         {:.2} |",
        no_person_board / alone
    );
    let labels = [
        "  of which: the held card found and rectified",
        "  of which: the portrait on the uploaded card",
        "  of which: the portrait on the held card",
        "  of which: the person",
    ];
    for (label, times) in labels.iter().zip(parts) {
        if !times.is_empty() {
            let ms = median(times);
            println!("| {label} | {ms:.0} | {:.2} |", ms / alone);
        }
    }
    println!(
        "added per submission (median of each submission's difference; OCR's variance under load \
         shows here, the board alone above is the direct measure): {added:.0} ms (budget 500 ms)"
    );
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
    println!(
        "found on the hand-held photo turned 90°: faces {}",
        names
            .iter()
            .zip(turned_found)
            .map(|(name, found)| format!("{name} {found}/{count}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
}
