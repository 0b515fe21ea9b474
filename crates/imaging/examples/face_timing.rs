//! Times the face work on this machine (BENCHMARKS.md): detection + 5-point alignment +
//! embedding of one face in a 1000 px photo, the card portrait found at 2× enlargement, and a
//! whole identity board (held card + three faces) for synthetic submissions — the time the
//! photo checks add per submission. Run single-threaded:
//! `OPENBLAS_NUM_THREADS=1 cargo run -p reviewdesk-imaging --example face_timing`.

use std::time::Instant;

use chrono::NaiveDate;
use image::imageops;
use reviewdesk_imaging::faces::{default_models_dir, FaceFinder, IdentityBoard, CARD_ENLARGE};
use reviewdesk_imaging::{decode, CheckConfig};

use reviewdesk_synthetic::{DefectMix, Generator, GeneratorConfig};

fn median_ms(mut runs: Vec<f64>) -> f64 {
    runs.sort_by(f64::total_cmp);
    runs[runs.len() / 2]
}

fn main() {
    let finder = FaceFinder::load(&default_models_dir()).expect("face models (scripts/setup.sh)");
    let images = reviewdesk_imaging::faces::models::test_images_dir();
    let photo = image::open(images.join("obama.jpg")).expect("obama.jpg").to_luma8();
    let photo = imageops::resize(
        &photo,
        1000,
        1000 * photo.height() / photo.width(),
        imageops::FilterType::Triangle,
    );
    let time = |f: &mut dyn FnMut()| {
        let runs: Vec<f64> = (0..7)
            .map(|_| {
                let started = Instant::now();
                f();
                started.elapsed().as_secs_f64() * 1000.0
            })
            .collect();
        median_ms(runs)
    };
    let one_face = time(&mut || {
        finder.find(&photo, 1).expect("face");
    });
    println!(
        "one face in a {}×{} photo (detect + align + embed): {one_face:.0} ms",
        photo.width(),
        photo.height()
    );

    let generator = Generator::new(
        GeneratorConfig::new(4, NaiveDate::from_ymd_opt(2026, 3, 2).expect("date"))
            .with_defects(0.0, DefectMix::NONE),
    )
    .expect("generator");
    let config = CheckConfig::default();
    let mut boards = Vec::new();
    let mut cards = Vec::new();
    let mut baseline = Vec::new();
    for index in 0..8 {
        let specimen = generator.specimen(index).expect("specimen");
        let card = decode(&specimen.portrait.jpeg, &config).expect("portrait").grey;
        let handheld = decode(&specimen.handheld.jpeg, &config).expect("hand-held").grey;
        // Baseline, same run: the existing checks of the submission's three photos without OCR.
        baseline.push(time(&mut || {
            for photo in [&specimen.portrait, &specimen.emblem, &specimen.handheld] {
                reviewdesk_imaging::check(&photo.jpeg, &config, None);
            }
        }));
        cards.push(time(&mut || {
            finder.find(&card, CARD_ENLARGE);
        }));
        boards.push(time(&mut || {
            IdentityBoard::compute(&finder, &card, &handheld);
        }));
        if index == 0 {
            println!(
                "card {}×{}, hand-held {}×{}",
                card.width(),
                card.height(),
                handheld.width(),
                handheld.height()
            );
        }
    }
    println!(
        "card portrait at {CARD_ENLARGE}× (detect + align + embed): median {:.0} ms over 8 cards",
        median_ms(cards)
    );
    println!(
        "baseline, the three photos' checks without OCR: median {:.0} ms",
        median_ms(baseline)
    );
    let worst = boards.iter().copied().fold(0.0, f64::max);
    println!(
        "identity board per submission: median {:.0} ms, worst {worst:.0} ms over 8 submissions",
        median_ms(boards)
    );
}
