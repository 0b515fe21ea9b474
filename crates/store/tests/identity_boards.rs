//! The identity boards against both stores: nothing until a worker records one; recorded only
//! under the claim that holds the submission's check work (a lost or expired claim writes
//! nothing); read back whole, faces in board order, embeddings bit for bit; recording again (a
//! retried check) replaces the board and all its faces; a board that cannot be is refused and
//! writes nothing; purging the submission's personal data deletes the board and its faces.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use reviewdesk_domain::review::Outcome;
use reviewdesk_domain::wire::identity_board::FaceSource;
use reviewdesk_domain::ErrorCode;
use reviewdesk_store::identity_boards::EMBEDDING_LEN;
use reviewdesk_store::on_both_stores;
use reviewdesk_store::testing::place::{self, Place};
use reviewdesk_store::{
    BoardFaceRecord, BoardOutcome, BoardRecord, HeldCardRecord, NewDecision, PhotoCheckOutcome,
    PhotoCheckResult, Store, StoreError,
};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 2, 0, 0).unwrap()
}

fn lease() -> Duration {
    Duration::minutes(2)
}

fn submit(store: &dyn Store, id: &str) {
    let submission = place::submission(id, NaiveDate::from_ymd_opt(2026, 3, 2).unwrap());
    store.intake(&submission, "intake:test", now()).unwrap();
}

/// A face whose embedding and crop differ by `seed` (values not exactly representable in
/// decimal, and negative zero, so a lossy round trip shows).
fn face(source: FaceSource, seed: f32) -> BoardFaceRecord {
    let mut embedding: Vec<f32> =
        (0..EMBEDDING_LEN).map(|i| (i as f32 * 0.1 + seed).sin() / 3.0).collect();
    embedding[0] = -0.0;
    BoardFaceRecord { source, crop_jpeg: vec![0xFF, 0xD8, seed as u8, 0xFF, 0xD9], embedding }
}

fn computed() -> BoardRecord {
    BoardRecord {
        outcome: BoardOutcome::Computed,
        problem: None,
        held_card: Some(HeldCardRecord {
            corners: [[101.5, 402.25], [612.0, 398.125], [615.5, 720.0], [99.0, 724.75]],
            jpeg: vec![0xFF, 0xD8, 1, 2, 3, 0xFF, 0xD9],
        }),
        // Out of board order: read back in it.
        faces: vec![
            face(FaceSource::HandheldPerson, 3.0),
            face(FaceSource::CardPortrait, 1.0),
            face(FaceSource::HeldCardPortrait, 2.0),
        ],
    }
}

fn recorded_under_the_claim_and_read_back_whole(place: Place) {
    let store = place.open();
    let store = store.as_ref();
    submit(store, "s1");
    assert_eq!(store.identity_board("s1").unwrap(), None, "nothing before the checks");
    store.claim_photo_check("dead", lease(), now()).unwrap().unwrap();
    let later = now() + Duration::minutes(3);
    store.claim_photo_check("alive", lease(), later).unwrap().unwrap();
    // The expired claim's worker writes nothing.
    assert!(!store.record_identity_board("s1", "dead", &computed(), later).unwrap());
    assert_eq!(store.identity_board("s1").unwrap(), None);

    assert!(store.record_identity_board("s1", "alive", &computed(), later).unwrap());
    let stored = store.identity_board("s1").unwrap().expect("recorded");
    assert_eq!(stored.computed_at, later);
    let mut expected = computed();
    expected.faces.sort_by_key(|f| FaceSource::ALL.iter().position(|s| *s == f.source));
    assert_eq!(stored.board, expected);
    let bits = |faces: &[BoardFaceRecord]| -> Vec<Vec<u32>> {
        faces.iter().map(|f| f.embedding.iter().map(|v| v.to_bits()).collect()).collect()
    };
    assert_eq!(bits(&stored.board.faces), bits(&expected.faces), "embeddings bit for bit");

    // A retried check rewrites the board: one face fewer, no card.
    let retried = BoardRecord {
        held_card: None,
        faces: vec![face(FaceSource::CardPortrait, 5.0)],
        ..computed()
    };
    let again = later + Duration::seconds(30);
    assert!(store.record_identity_board("s1", "alive", &retried, again).unwrap());
    let stored = store.identity_board("s1").unwrap().unwrap();
    assert_eq!((stored.board, stored.computed_at), (retried, again));

    // Once the checks are finished the work is gone: no claim holds it any more.
    let result = PhotoCheckResult {
        submission_id: "s1",
        claim: "alive",
        outcome: PhotoCheckOutcome::Done,
        findings: &[],
    };
    assert!(store.finish_photo_check(&result, again).unwrap());
    assert!(!store.record_identity_board("s1", "alive", &computed(), again).unwrap());
    assert_eq!(store.identity_board("s1").unwrap().unwrap().board.faces.len(), 1);
}

fn a_board_without_faces_says_why(place: Place) {
    let store = place.open();
    let store = store.as_ref();
    submit(store, "s1");
    store.claim_photo_check("c1", lease(), now()).unwrap().unwrap();
    let missing = BoardRecord {
        outcome: BoardOutcome::ModelsUnavailable,
        problem: Some("人脸模型文件缺失（shape_predictor_5_face_landmarks.dat）".to_owned()),
        held_card: computed().held_card,
        faces: Vec::new(),
    };
    assert!(store.record_identity_board("s1", "c1", &missing, now()).unwrap());
    assert_eq!(store.identity_board("s1").unwrap().unwrap().board, missing);
    let unreadable = BoardRecord {
        outcome: BoardOutcome::PhotosUnreadable,
        problem: Some("照片无法解码".to_owned()),
        held_card: None,
        faces: Vec::new(),
    };
    assert!(store.record_identity_board("s1", "c1", &unreadable, now()).unwrap());
    assert_eq!(store.identity_board("s1").unwrap().unwrap().board, unreadable);
}

fn a_board_that_cannot_be_is_refused_and_writes_nothing(place: Place) {
    let store = place.open();
    let store = store.as_ref();
    submit(store, "s1");
    store.claim_photo_check("c1", lease(), now()).unwrap().unwrap();
    let twice = BoardRecord {
        faces: vec![face(FaceSource::CardPortrait, 1.0), face(FaceSource::CardPortrait, 2.0)],
        ..computed()
    };
    let mut short = computed();
    short.faces[0].embedding.pop();
    let mut not_a_number = computed();
    not_a_number.faces[1].embedding[7] = f32::NAN;
    let mut corners = computed();
    corners.held_card.as_mut().unwrap().corners[2][0] = f32::INFINITY;
    let faces_without_models =
        BoardRecord { outcome: BoardOutcome::ModelsUnavailable, ..computed() };
    let card_on_unreadable =
        BoardRecord { outcome: BoardOutcome::PhotosUnreadable, faces: Vec::new(), ..computed() };
    for board in [twice, short, not_a_number, corners, faces_without_models, card_on_unreadable] {
        match store.record_identity_board("s1", "c1", &board, now()) {
            Err(StoreError::Invalid { code: ErrorCode::InvalidRequest, .. }) => {}
            other => panic!("{board:?} → {other:?}"),
        }
    }
    assert_eq!(store.identity_board("s1").unwrap(), None);
    assert!(matches!(store.record_identity_board("s1", "c1", &computed(), now()), Ok(true)));
}

fn purging_deletes_the_board_and_its_faces(place: Place) {
    let store = place.open();
    let reviewer = place::reviewer(store.as_ref(), "li.na", now());
    submit(store.as_ref(), "s1");
    submit(store.as_ref(), "s2");
    for claim in ["c1", "c2"] {
        let work = store.claim_photo_check(claim, lease(), now()).unwrap().unwrap();
        assert!(store
            .record_identity_board(&work.submission_id, claim, &computed(), now())
            .unwrap());
        let result = PhotoCheckResult {
            submission_id: &work.submission_id,
            claim,
            outcome: PhotoCheckOutcome::Done,
            findings: &[],
        };
        assert!(store.finish_photo_check(&result, now()).unwrap());
    }
    let held = store.claim(&reviewer, 1, Duration::minutes(15), now()).unwrap().remove(0);
    let decided = held.submission_id.clone();
    let decision = NewDecision {
        id: uuid::Uuid::new_v4().to_string(),
        submission_id: held.submission_id,
        lease_token: held.lease_token,
        outcome: Outcome::Approve,
        reasons: Vec::new(),
        other_text: None,
        note: None,
        overridden_findings: Vec::new(),
    };
    store.decide(&reviewer, &decision, now()).unwrap();
    let later = now() + Duration::days(1096);
    assert_eq!(store.purge_personal_data(later, later).unwrap().submissions, 1);
    // The board row is gone, so are its faces: they reference it (a foreign key on both stores).
    assert_eq!(store.identity_board(&decided).unwrap(), None);
    let open = if decided == "s1" { "s2" } else { "s1" };
    assert_eq!(store.identity_board(open).unwrap().unwrap().board.faces.len(), 3);
}

on_both_stores!(
    Place;
    recorded_under_the_claim_and_read_back_whole,
    a_board_without_faces_says_why,
    a_board_that_cannot_be_is_refused_and_writes_nothing,
    purging_deletes_the_board_and_its_faces,
);
