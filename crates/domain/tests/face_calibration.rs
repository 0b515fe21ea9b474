//! `face_calibration`: the candidate thresholds, exact counting at thresholds (ties do not
//! match), which pairs a run makes (same person within an approved submission, different
//! applicants otherwise, a deterministic capped sample), when a run is too thin (with the numbers
//! in words), which thresholds may be set, and the band of a distance; property tests hold the
//! rates against a plain count and the bands against their definition.

use proptest::prelude::*;
use reviewdesk_domain::error_code::ErrorCode;
use reviewdesk_domain::face_calibration::{
    band_of, board_bands, candidate_thresholds, check_thresholds, pair_distances, rates,
    thin_reason, CalibrationError, CalibrationFace, CalibrationMinimums, BANDED_PAIRS,
    EMBEDDING_LEN,
};
use reviewdesk_domain::wire::face_calibration::SimilarityBands;
use reviewdesk_domain::wire::identity_board::{FaceSource, SimilarityBand};

fn bands(similar_below: f32, dissimilar_from: f32) -> SimilarityBands {
    SimilarityBands {
        similar_below,
        dissimilar_from,
        run_id: 1,
        set_by: "zhao".into(),
        set_at: chrono::DateTime::UNIX_EPOCH,
    }
}

/// An embedding whose first number is `x` (the rest 0): distances between two are |x − y|.
fn at(x: f32) -> Vec<f32> {
    let mut embedding = vec![0.0; EMBEDDING_LEN];
    embedding[0] = x;
    embedding
}

fn face(submission: &str, applicant: &str, source: FaceSource, x: f32) -> CalibrationFace {
    CalibrationFace {
        submission_id: submission.into(),
        applicant_id: applicant.into(),
        source,
        embedding: at(x),
    }
}

#[test]
fn the_candidates_run_from_0_30_to_0_80_in_steps_of_0_025() {
    let thresholds = candidate_thresholds();
    assert_eq!(thresholds.len(), 21);
    assert_eq!(thresholds.first(), Some(&0.3));
    assert_eq!(thresholds.last(), Some(&0.8));
    assert!(thresholds.contains(&0.6));
    assert!(thresholds.windows(2).all(|w| (w[1] - w[0] - 0.025).abs() < 1e-6));
}

#[test]
fn rates_count_exactly_and_a_tie_does_not_match() {
    let same = [0.2, 0.4, 0.5, 0.7];
    let different = [0.5, 0.6, 0.9, 1.0, 1.1];
    let got = rates(&same, &different, &[0.5, 0.3, 1.2]);
    // Sorted by threshold whatever the order given.
    assert_eq!(got.iter().map(|r| r.threshold).collect::<Vec<_>>(), [0.3, 0.5, 1.2]);
    // At 0.3: one same pair below (0.2), three not; no different pair below.
    assert_eq!((got[0].false_non_match_rate, got[0].false_match_rate), (0.75, 0.0));
    // At 0.5: 0.5 itself is a tie: not a match, either way.
    assert_eq!((got[1].false_non_match_rate, got[1].false_match_rate), (0.5, 0.0));
    // At 1.2: everything matches.
    assert_eq!((got[2].false_non_match_rate, got[2].false_match_rate), (0.0, 1.0));
}

#[test]
fn no_pairs_of_a_kind_gives_no_rates_rather_than_zeros() {
    assert!(rates(&[], &[0.9], &candidate_thresholds()).is_empty());
    assert!(rates(&[0.3], &[], &candidate_thresholds()).is_empty());
    assert!(rates(&[f32::NAN], &[0.9], &[0.5]).is_empty());
}

#[test]
fn pairs_are_within_a_submission_and_across_applicants() {
    let faces = vec![
        // s1, s2: applicant A twice (a re-attempt): never a different-person pair of each other.
        face("s1", "A", FaceSource::CardPortrait, 0.0),
        face("s1", "A", FaceSource::HandheldPerson, 0.25),
        face("s2", "A", FaceSource::CardPortrait, 0.1),
        face("s2", "A", FaceSource::HandheldPerson, 0.3),
        // s3: B, both faces.
        face("s3", "B", FaceSource::HandheldPerson, 2.0),
        face("s3", "B", FaceSource::CardPortrait, 1.5),
        // s4: C, the person was not found: its card still pairs with others' persons.
        face("s4", "C", FaceSource::CardPortrait, 3.0),
        // The held card's portrait takes no part.
        face("s3", "B", FaceSource::HeldCardPortrait, 1.5),
        // An unusable embedding is left out.
        CalibrationFace {
            submission_id: "s5".into(),
            applicant_id: "D".into(),
            source: FaceSource::HandheldPerson,
            embedding: vec![0.5; 3],
        },
    ];
    let pairs = pair_distances(&faces, 1000);
    assert!(!pairs.sampled);
    let mut same = pairs.same_person.clone();
    same.sort_by(f32::total_cmp);
    assert_eq!(same.len(), 3);
    for (got, want) in same.iter().zip([0.2, 0.25, 0.5]) {
        assert!((got - want).abs() < 1e-6, "{same:?}");
    }
    // Cards s1 s2 s3 s4 × persons s1 s2 s3, less A×A (4 cells) and B×B (1): 7 pairs.
    let mut different = pairs.different_person.clone();
    different.sort_by(f32::total_cmp);
    let expect = [1.0, 1.2, 1.25, 1.9, 2.0, 2.7, 2.75];
    assert_eq!(different.len(), expect.len(), "{different:?}");
    for (got, want) in different.iter().zip(expect) {
        assert!((got - want).abs() < 1e-5, "{different:?}");
    }
    // The same faces in another order: the same distances in the same order.
    let mut reversed = faces.clone();
    reversed.reverse();
    assert_eq!(pair_distances(&reversed, 1000), pairs);
}

#[test]
fn a_large_grid_is_sampled_deterministically_up_to_the_cap() {
    let faces: Vec<CalibrationFace> = (0..60)
        .flat_map(|i| {
            let id = format!("s{i:03}");
            let applicant = format!("a{i}");
            [
                face(&id, &applicant, FaceSource::CardPortrait, i as f32),
                face(&id, &applicant, FaceSource::HandheldPerson, i as f32 + 0.5),
            ]
        })
        .collect();
    let all = pair_distances(&faces, usize::MAX);
    assert_eq!(all.different_person.len(), 60 * 59);
    assert_eq!(all.same_person.len(), 60);
    let sample = pair_distances(&faces, 500);
    assert!(sample.sampled);
    // At most the cap (same-applicant cells of the grid are skipped), and near it.
    assert!(sample.different_person.len() <= 500 && sample.different_person.len() >= 480);
    assert_eq!(pair_distances(&faces, 500), sample);
    // Spread over the whole grid: near and far pairs both drawn.
    let max = sample.different_person.iter().copied().fold(0.0, f32::max);
    assert!(max > 50.0, "{max}");
}

#[test]
fn a_thin_run_says_why_with_its_numbers() {
    let standard = CalibrationMinimums::STANDARD;
    assert_eq!(thin_reason(100, 3000, standard), None);
    let both = thin_reason(2, 2, standard).unwrap();
    assert!(both.contains("同一人配对只有 2 对") && both.contains("至少需要 100 对"), "{both}");
    assert!(both.contains("不同人配对只有 2 对") && both.contains("至少需要 3000 对"), "{both}");
    assert!(both.contains("不能据此设定"), "{both}");
    let one = thin_reason(150, 10, standard).unwrap();
    assert!(!one.contains("同一人配对") && one.contains("3/10"), "{one}");
    let none = thin_reason(0, 0, standard).unwrap();
    assert!(none.contains("无从计算"), "{none}");
    let lowered = CalibrationMinimums { same_person_pairs: 2, different_person_pairs: 2 };
    assert_eq!(thin_reason(2, 2, lowered), None);
}

#[test]
fn thresholds_must_be_finite_ordered_and_within_0_and_2() {
    assert_eq!(check_thresholds(0.45, 0.6), Ok(()));
    assert_eq!(check_thresholds(0.5, 0.5), Ok(()));
    for (a, b) in
        [(0.0, 0.5), (-0.1, 0.5), (0.6, 0.5), (0.5, 2.0), (f32::NAN, 0.5), (0.4, f32::INFINITY)]
    {
        let refused = check_thresholds(a, b).unwrap_err();
        assert_eq!(refused.code(), ErrorCode::BadSimilarityBands, "{a} {b}");
    }
    assert_eq!(CalibrationError::UnknownRun.code(), ErrorCode::UnknownCalibrationRun);
    let thin = CalibrationError::RunTooThin { reason: "同一人配对只有 2 对".into() };
    assert_eq!(thin.code(), ErrorCode::CalibrationTooThin);
    assert!(thin.message_zh().contains("同一人配对只有 2 对"));
}

#[test]
fn a_distance_falls_in_one_band_and_ties_go_up() {
    let bands = bands(0.45, 0.6);
    assert_eq!(band_of(0.0, &bands), Some(SimilarityBand::Similar));
    assert_eq!(band_of(0.449, &bands), Some(SimilarityBand::Similar));
    assert_eq!(band_of(0.45, &bands), Some(SimilarityBand::Uncertain));
    assert_eq!(band_of(0.599, &bands), Some(SimilarityBand::Uncertain));
    assert_eq!(band_of(0.6, &bands), Some(SimilarityBand::Dissimilar));
    assert_eq!(band_of(f32::NAN, &bands), None);
    assert_eq!(band_of(-1.0, &bands), None);
}

#[test]
fn the_board_bands_print_against_live_pairs_whose_faces_were_found() {
    let card = at(0.0);
    let held = at(0.8);
    let person = at(0.3);
    let bands = bands(0.45, 0.6);
    let all = board_bands(
        |source| match source {
            FaceSource::CardPortrait => Some(card.as_slice()),
            FaceSource::HeldCardPortrait => Some(held.as_slice()),
            FaceSource::HandheldPerson => Some(person.as_slice()),
        },
        &bands,
    );
    assert_eq!(all.len(), BANDED_PAIRS.len());
    assert_eq!((all[0].first, all[0].second), BANDED_PAIRS[0]);
    assert_eq!(all[0].band, SimilarityBand::Similar);
    assert_eq!(all[1].band, SimilarityBand::Uncertain);
    // No card↔held-card pair; a face not found drops its pairs.
    let no_held = board_bands(
        |source| match source {
            FaceSource::HeldCardPortrait => None,
            FaceSource::CardPortrait => Some(card.as_slice()),
            FaceSource::HandheldPerson => Some(person.as_slice()),
        },
        &bands,
    );
    assert_eq!(no_held.len(), 1);
    assert_eq!(no_held[0].first, FaceSource::CardPortrait);
}

proptest! {
    #[test]
    fn rates_agree_with_a_plain_count(
        same in prop::collection::vec(0.0f32..2.0, 1..60),
        different in prop::collection::vec(0.0f32..2.0, 1..60),
    ) {
        let thresholds = candidate_thresholds();
        let got = rates(&same, &different, &thresholds);
        prop_assert_eq!(got.len(), thresholds.len());
        for r in &got {
            let fnm = same.iter().filter(|d| **d >= r.threshold).count() as f64 / same.len() as f64;
            let fm = different.iter().filter(|d| **d < r.threshold).count() as f64
                / different.len() as f64;
            prop_assert_eq!(r.false_non_match_rate, fnm);
            prop_assert_eq!(r.false_match_rate, fm);
        }
        // Monotone: a higher threshold matches more of both kinds.
        for w in got.windows(2) {
            prop_assert!(w[1].false_match_rate >= w[0].false_match_rate);
            prop_assert!(w[1].false_non_match_rate <= w[0].false_non_match_rate);
        }
    }

    #[test]
    fn every_distance_has_the_band_its_definition_gives(
        d in 0.0f32..2.0, a in 0.01f32..1.99, b in 0.01f32..1.99,
    ) {
        let (low, high) = if a <= b { (a, b) } else { (b, a) };
        prop_assert!(check_thresholds(low, high).is_ok());
        let band = band_of(d, &bands(low, high)).unwrap();
        let expected = if d < low {
            SimilarityBand::Similar
        } else if d >= high {
            SimilarityBand::Dissimilar
        } else {
            SimilarityBand::Uncertain
        };
        prop_assert_eq!(band, expected);
    }

    #[test]
    fn a_sample_never_pairs_an_applicant_with_itself(n in 2usize..30, cap in 1usize..200) {
        // Applicant = i / 2: submissions 2k and 2k+1 are one applicant's.
        let faces: Vec<CalibrationFace> = (0..n)
            .flat_map(|i| {
                let id = format!("s{i:02}");
                let applicant = format!("a{}", i / 2);
                let x = ((i / 2) * 100 + (i % 2) * 10) as f32;
                [
                    face(&id, &applicant, FaceSource::CardPortrait, x),
                    face(&id, &applicant, FaceSource::HandheldPerson, x + 0.5),
                ]
            })
            .collect();
        let pairs = pair_distances(&faces, cap);
        prop_assert!(pairs.different_person.len() <= cap);
        // A pair of one applicant is at most 10.5 apart; of two applicants at least 89.5.
        prop_assert!(pairs.different_person.iter().all(|d| *d >= 89.0));
        prop_assert_eq!(pairs.same_person.len(), n);
    }
}
