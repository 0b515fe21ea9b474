//! The checks with real Tesseract (`chi_sim`) on rendered synthetic photos: orientation in all
//! 8 corrections, the card side, the number, clarity, and the submission findings.

mod support;

use reviewdesk_domain::id::IdType;
use reviewdesk_domain::review::PhotoSide;
use reviewdesk_imaging::{
    check, submission_findings, CardSide, CheckConfig, OcrEngine, Report, Strategy, Turn,
};
use reviewdesk_synthetic::CorpusItem;

fn checked(engine: &mut OcrEngine, item: &CorpusItem) -> Report {
    check(&item.jpeg, &CheckConfig::default(), Some((engine, Strategy::Fast)))
}

#[test]
fn portrait_cards_in_all_eight_orientations() {
    let generator = support::generator();
    let mut engine = OcrEngine::new().expect("tesseract-ocr-chi-sim installed");
    for turn in 0..8u64 {
        // Corpus item 4·t is the portrait side in correction t (see reviewdesk_synthetic::Corpus).
        let item = support::item(&generator, 4 * turn);
        let report = checked(&mut engine, &item);
        let truth = Turn::new(item.label.rotate_cw, item.label.mirrored);
        let orientation = report.orientation.expect("orientation");
        assert!(!orientation.unsure, "{:?}: {report:?}", item.label);
        assert_eq!(orientation.turn(), truth, "{:?}: {report:?}", item.label);
        assert_eq!(report.side, CardSide::Portrait, "{:?}", item.label);
        let expected_warning = if truth == Turn::IDENTITY { None } else { Some(()) };
        let warned =
            report.warnings.iter().any(|w| w.code == "image_rotated" || w.code == "image_mirrored");
        assert_eq!(warned, expected_warning.is_some(), "{report:?}");
    }
}

#[test]
fn emblem_side_handheld_and_card_in_photo_are_never_confidently_wrong() {
    let generator = support::generator();
    let mut engine = OcrEngine::new().expect("tesseract");
    let mut correct = 0;
    for index in [1, 5, 9, 13, 2, 6, 3, 7, 11, 15] {
        let item = support::item(&generator, index);
        let report = checked(&mut engine, &item);
        let orientation = report.orientation.expect("orientation");
        let truth = Turn::new(item.label.rotate_cw, item.label.mirrored);
        assert!(orientation.unsure || orientation.turn() == truth, "{:?}: {report:?}", item.label);
        correct += usize::from(!orientation.unsure);
    }
    assert!(correct >= 7, "only {correct} of 10 decided");
}

#[test]
fn exif_rotation_is_part_of_the_answer_and_of_the_warning() {
    let generator = support::generator();
    let mut engine = OcrEngine::new().expect("tesseract");
    // Upright pixels, but EXIF tells viewers to turn them 90° clockwise: shown sideways.
    let item = support::item(&generator, 0);
    let jpeg = support::with_segment(&item.jpeg, &support::exif_segment(6));
    let report = check(&jpeg, &CheckConfig::default(), Some((&mut engine, Strategy::Fast)));
    let orientation = report.orientation.expect("orientation");
    assert_eq!(
        (orientation.rotate_cw, orientation.mirrored, orientation.unsure),
        (0, false, false)
    );
    let rotated = report.warnings.iter().find(|w| w.code == "image_rotated").expect("warned");
    assert!(rotated.message.contains("270"), "{}", rotated.message);
}

#[test]
fn blurred_photos_are_flagged_and_not_guessed() {
    let generator = support::generator();
    let mut engine = OcrEngine::new().expect("tesseract");
    // Items 96–127 are blurred; 96 is the portrait side, upright.
    for index in [96, 97, 98] {
        let item = support::item(&generator, index);
        assert!(item.label.blurred);
        let report = checked(&mut engine, &item);
        assert_eq!(report.sharp, Some(false), "{:?}: {report:?}", item.label);
        assert!(report.warnings.iter().any(|w| w.code == "image_blurred"));
        let orientation = report.orientation.expect("orientation");
        let truth = Turn::new(item.label.rotate_cw, item.label.mirrored);
        assert!(orientation.unsure || orientation.turn() == truth, "{report:?}");
    }
}

#[test]
fn submission_findings_name_their_photo() {
    let generator = support::generator();
    let mut engine = OcrEngine::new().expect("tesseract");
    let portrait = support::item(&generator, 0);
    // An upright emblem side of a card (items 32k + 1); booklet covers are often unsure.
    let emblem = (0..8)
        .map(|k| support::item(&generator, 32 * k + 1))
        .find(|item| {
            !item.label.blurred
                && matches!(
                    generator.applicant(item.label.index).card.id_type,
                    IdType::Resident | IdType::HkMacauPermit | IdType::TaiwanPermit
                )
        })
        .expect("a card's emblem side");
    let number = portrait.label.number.clone();
    let portrait_report = checked(&mut engine, &portrait);
    let emblem_report = checked(&mut engine, &emblem);
    assert_eq!(portrait_report.id_number.as_deref(), Some(number.as_str()));

    // In order, a clean pair (the hand-held slot reuses the portrait file: a duplicate).
    let reports = [portrait_report.clone(), emblem_report.clone(), portrait_report.clone()];
    let findings = submission_findings(&reports, &number, 100.0);
    let codes: Vec<(PhotoSide, &str)> =
        findings.iter().map(|f| (f.side, f.finding.code.as_str())).collect();
    assert_eq!(
        codes,
        [
            (PhotoSide::Portrait, "photo_duplicate_side"),
            (PhotoSide::Handheld, "photo_duplicate_side")
        ]
    );

    // Sides swapped, and a declared number that is not the one on the card.
    let swapped = [emblem_report.clone(), portrait_report.clone(), emblem_report];
    let findings = submission_findings(&swapped, "11010519491231002X", 100.0);
    let has = |side: PhotoSide, code: &str| {
        findings.iter().any(|f| f.side == side && f.finding.code == code)
    };
    assert!(has(PhotoSide::Portrait, "photo_wrong_side"), "{findings:?}");
    assert!(has(PhotoSide::Emblem, "photo_wrong_side"), "{findings:?}");
    assert!(
        has(PhotoSide::Emblem, "photo_duplicate_side")
            || has(PhotoSide::Portrait, "photo_duplicate_side")
    );
    let mismatch = submission_findings(
        &[portrait_report.clone(), checked(&mut engine, &emblem), portrait_report],
        "11010519491231002X",
        100.0,
    );
    assert!(
        mismatch
            .iter()
            .any(|f| f.side == PhotoSide::Portrait && f.finding.code == "photo_id_number_mismatch"),
        "{mismatch:?}"
    );
}
