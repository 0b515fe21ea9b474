//! The accuracy report of the orientation, side and clarity checks on the labelled synthetic
//! corpus (reviewdesk-synthetic's `Corpus`): per class, how many photos were correct, unsure
//! (left to the reviewer) and confidently wrong, with the cards at least 500 px wide apart.
//!
//! `cargo run --release -p reviewdesk-imaging --example accuracy -- [ITEMS] [THREADS]`
//! (defaults 320 and 2). Needs `fonts-noto-cjk` and `tesseract-ocr-chi-sim`.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Instant;

use chrono::NaiveDate;
use reviewdesk_imaging::{check, CardSide, CheckConfig, OcrEngine, Strategy, Turn};
use reviewdesk_synthetic::{Corpus, CorpusLabel, DefectMix, Generator, GeneratorConfig, Side};

/// One photo's outcome.
struct Outcome {
    label: CorpusLabel,
    orientation: Verdict,
    side_correct: bool,
    number_read: bool,
    blur_score: f64,
    sharp: bool,
    passes: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Correct,
    Unsure,
    Wrong,
}

#[derive(Default, Clone, Copy)]
struct Tally {
    n: usize,
    correct: usize,
    unsure: usize,
    wrong: usize,
    side: usize,
    number: usize,
    passes: usize,
}

impl Tally {
    fn add(&mut self, outcome: &Outcome) {
        self.n += 1;
        match outcome.orientation {
            Verdict::Correct => self.correct += 1,
            Verdict::Unsure => self.unsure += 1,
            Verdict::Wrong => self.wrong += 1,
        }
        self.side += usize::from(outcome.side_correct);
        self.number += usize::from(outcome.number_read);
        self.passes += outcome.passes;
    }

    fn row(&self, name: &str) -> String {
        let pct = |k: usize| 100.0 * k as f64 / self.n.max(1) as f64;
        format!(
            "| {name} | {} | {} ({:.1}%) | {} ({:.1}%) | {} ({:.1}%) | {:.1}% | {:.2} |",
            self.n,
            self.correct,
            pct(self.correct),
            self.unsure,
            pct(self.unsure),
            self.wrong,
            pct(self.wrong),
            pct(self.side),
            self.passes as f64 / self.n.max(1) as f64,
        )
    }
}

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
    let outcomes = Mutex::new(Vec::new());
    let started = Instant::now();
    std::thread::scope(|scope| {
        for worker in 0..threads {
            let (corpus, config, outcomes) = (&corpus, &config, &outcomes);
            scope.spawn(move || {
                let Ok(mut engine) = OcrEngine::new() else { return };
                for index in (worker..items).step_by(threads as usize) {
                    let Ok(item) = corpus.item(index) else { continue };
                    let report = check(&item.jpeg, config, Some((&mut engine, Strategy::Fast)));
                    let truth = Turn::new(item.label.rotate_cw, item.label.mirrored);
                    let orientation = match report.orientation {
                        Some(o) if o.unsure => Verdict::Unsure,
                        Some(o) if o.turn() == truth => Verdict::Correct,
                        _ => Verdict::Wrong,
                    };
                    let expected = match item.label.side {
                        Side::Emblem => CardSide::Emblem,
                        _ => CardSide::Portrait,
                    };
                    let outcome = Outcome {
                        side_correct: report.side == expected,
                        number_read: report.id_number.as_deref()
                            == Some(item.label.number.as_str()),
                        blur_score: report.blur_score.unwrap_or(0.0),
                        sharp: report.sharp.unwrap_or(false),
                        passes: report.ocr_passes,
                        orientation,
                        label: item.label,
                    };
                    if let Ok(mut all) = outcomes.lock() {
                        all.push(outcome);
                    }
                }
            });
        }
    });
    let elapsed = started.elapsed().as_secs_f64();
    let outcomes = outcomes.into_inner()?;

    let mut rows: BTreeMap<(String, bool, bool), Tally> = BTreeMap::new();
    let mut total = [Tally::default(); 2];
    let mut big_sharp = Tally::default();
    for outcome in &outcomes {
        let big = outcome.label.card_width >= 500;
        let key = (outcome.label.kind.as_str().to_owned(), outcome.label.blurred, big);
        rows.entry(key).or_default().add(outcome);
        total[usize::from(outcome.label.blurred)].add(outcome);
        if big && !outcome.label.blurred {
            big_sharp.add(outcome);
        }
    }
    println!("{} photos, {elapsed:.0} s with {threads} threads\n", outcomes.len());
    println!("| class | photos | correct | unsure | wrong | side right | OCR passes/photo |");
    println!("|---|---|---|---|---|---|---|");
    for ((kind, blurred, big), tally) in &rows {
        let name = format!(
            "{kind}, {}, card {} 500 px",
            if *blurred { "blurred" } else { "sharp" },
            if *big { "≥" } else { "<" }
        );
        println!("{}", tally.row(&name));
    }
    println!("{}", total[0].row("**all sharp**"));
    println!("{}", total[1].row("**all blurred**"));
    println!("{}", big_sharp.row("**sharp, card ≥ 500 px**"));
    let numbers = outcomes.iter().filter(|o| o.label.side == Side::Portrait && !o.label.blurred);
    let (read, of) = numbers.fold((0, 0), |(r, n), o| (r + usize::from(o.number_read), n + 1));
    println!("\nnumber read exactly on sharp portrait-side photos: {read} of {of}");

    let scores = |blurred: bool| {
        let mut s: Vec<f64> =
            outcomes.iter().filter(|o| o.label.blurred == blurred).map(|o| o.blur_score).collect();
        s.sort_by(f64::total_cmp);
        s
    };
    let (sharp, blurred) = (scores(false), scores(true));
    let pick =
        |s: &[f64], q: f64| s.get(((s.len() as f64 - 1.0) * q) as usize).copied().unwrap_or(0.0);
    println!(
        "blur score: sharp min {:.0} p5 {:.0} median {:.0}; blurred median {:.0} p95 {:.0} max {:.0}; threshold {:.0}",
        pick(&sharp, 0.0),
        pick(&sharp, 0.05),
        pick(&sharp, 0.5),
        pick(&blurred, 0.5),
        pick(&blurred, 0.95),
        pick(&blurred, 1.0),
        config.blur_threshold
    );
    let flagged =
        |blurred: bool| outcomes.iter().filter(|o| o.label.blurred == blurred && !o.sharp).count();
    println!(
        "flagged blurred: {} of {} blurred photos, {} of {} sharp photos",
        flagged(true),
        blurred.len(),
        flagged(false),
        sharp.len()
    );
    let unsure: Vec<u64> = outcomes
        .iter()
        .filter(|o| {
            o.orientation == Verdict::Unsure && !o.label.blurred && o.label.card_width >= 500
        })
        .map(|o| o.label.index)
        .collect();
    println!("unsure, sharp, card ≥ 500 px: items {unsure:?}");
    let wrong = total[0].wrong + total[1].wrong;
    if wrong > 0 {
        println!("\nconfidently wrong:");
        for o in outcomes.iter().filter(|o| o.orientation == Verdict::Wrong) {
            println!("  {:?}", o.label);
        }
    }
    Ok(())
}
