//! Repeat faces against both stores: `repeat_faces` finds, for a submission's hand-held person,
//! the hand-held persons and card portraits of other applicants of its province under another ID
//! number closer than the "similar" threshold (nearest first, with case numbers), and the same
//! applicant's earlier persons at least the "dissimilar" threshold away — never its own faces,
//! another province's, a held card's portrait, the same number under another account, a later
//! attempt or a purged submission's. The identity boards are written behind the store's back,
//! as the photo-check workers' board step does.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, Duration, TimeZone, Utc};
use reviewdesk_domain::consistency::DeclaredIdentity;
use reviewdesk_domain::id::IdType;
use reviewdesk_domain::review::Outcome;
use reviewdesk_domain::wire::identity_board::FaceSource;
use reviewdesk_store::on_both_stores;
use reviewdesk_store::repeat_faces::{embedding_bytes, EMBEDDING_LEN};
use reviewdesk_store::testing::place::{self, Place};
use reviewdesk_store::{FaceMatch, NewDecision, Store, StoreError, User};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 2, 0, 0).unwrap()
}

const NUMBER: &str = "11010519491231002X";
const OTHER_NUMBER: &str = "110105199001010010";

fn submit(
    store: &dyn Store,
    id: &str,
    applicant: &str,
    province: &str,
    number: &str,
    at: DateTime<Utc>,
) -> String {
    let mut submission = place::submission(id, at.date_naive());
    submission.applicant_id = applicant.to_owned();
    submission.province = province.to_owned();
    submission.identity = DeclaredIdentity::number_only(IdType::Resident, number);
    store.intake(&submission, "intake:test", at).unwrap().case_number
}

/// A unit vector along `axis`, moved `by` along the next axis (then normalised): two along one
/// axis, `a` and `b`, are about `|a - b|` apart; along different axes √2 apart.
fn face(axis: usize, by: f32) -> Vec<f32> {
    let mut v = vec![0.0; EMBEDDING_LEN];
    v[axis] = 1.0;
    v[axis + 1] = by;
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    v.iter().map(|x| x / norm).collect()
}

const SIMILAR_BELOW: f32 = 0.4;
const DISSIMILAR_FROM: f32 = 0.6;

fn cases(found: &[FaceMatch]) -> Vec<(&str, FaceSource, &str)> {
    found.iter().map(|m| (m.submission_id.as_str(), m.source, m.case_number.as_str())).collect()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Records a board for `id` with these faces, as the workers' board step does.
fn board(place: &Place, id: &str, province: &str, faces: &[(FaceSource, Vec<f32>)]) {
    let blob = |bytes: &[u8]| match place {
        Place::Sqlite(_) => format!("X'{}'", hex(bytes)),
        Place::Postgres(_) => format!("decode('{}', 'hex')", hex(bytes)),
    };
    let mut sql = format!(
        "INSERT INTO identity_boards (submission_id, province, state, computed_at)
         VALUES ('{id}', '{province}', 'computed', '2026-03-02T02:00:00Z');"
    );
    for (source, embedding) in faces {
        sql += &format!(
            "INSERT INTO board_faces (submission_id, source, province, crop_jpeg, embedding)
             VALUES ('{id}', '{}', '{province}', {}, {});",
            source.as_str(),
            blob(&[0xFF, 0xD8]),
            blob(&embedding_bytes(embedding))
        );
    }
    place.raw(&sql);
}

fn approve(store: &dyn Store, reviewer: &User, at: DateTime<Utc>) {
    let held = store.claim(reviewer, 1, Duration::minutes(15), at).unwrap().remove(0);
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
    store.decide(reviewer, &decision, at).unwrap();
}

fn close_faces_elsewhere_and_far_faces_on_earlier_attempts_are_found(place: Place) {
    let store = place.open();
    let store = store.as_ref();
    let reviewer = place::reviewer(store, "li.na", now());
    use FaceSource::{CardPortrait, HandheldPerson, HeldCardPortrait};
    let person = face(0, 0.0);
    // app-1's first attempt, decided: another person held the card then (far), its card's
    // portrait is this person's (the same applicant's card is not a repeat face).
    let earlier = submit(store, "s1", "app-1", "11", NUMBER, now());
    board(&place, "s1", "11", &[(HandheldPerson, face(5, 0.0)), (CardPortrait, person.clone())]);
    approve(store, &reviewer, now());
    let later = now() + Duration::days(2);
    submit(store, "s2", "app-1", "11", NUMBER, later);
    board(
        &place,
        "s2",
        "11",
        &[(HandheldPerson, person.clone()), (HeldCardPortrait, face(9, 0.0))],
    );
    // Another applicant, another number: the card's portrait is close (0.10).
    let third = submit(store, "s3", "app-3", "11", OTHER_NUMBER, later);
    board(&place, "s3", "11", &[(CardPortrait, face(0, 0.1)), (HeldCardPortrait, person.clone())]);
    // Another applicant declaring the same number (lower case): the same person, not a repeat.
    submit(store, "s4", "app-4", "11", &NUMBER.to_lowercase(), later);
    board(&place, "s4", "11", &[(HandheldPerson, person.clone())]);
    // Another province.
    submit(store, "s5", "app-5", "31", OTHER_NUMBER, later);
    board(&place, "s5", "31", &[(HandheldPerson, person.clone())]);
    // Between the bands (0.46): uncertain, not similar.
    submit(store, "s6", "app-6", "11", OTHER_NUMBER, later);
    board(&place, "s6", "11", &[(HandheldPerson, face(0, 0.5))]);
    // Another applicant's person at 0.29: similar.
    let seventh = submit(store, "s7", "app-7", "11", OTHER_NUMBER, later);
    board(&place, "s7", "11", &[(HandheldPerson, face(0, 0.3))]);
    // No board yet.
    submit(store, "s8", "app-8", "11", OTHER_NUMBER, later);

    let found = store.repeat_faces("s2", SIMILAR_BELOW, DISSIMILAR_FROM).unwrap();
    assert!(found.compared);
    assert_eq!(
        cases(&found.seen_elsewhere),
        [("s3", CardPortrait, third.as_str()), ("s7", HandheldPerson, seventh.as_str())]
    );
    assert!((found.seen_elsewhere[0].distance - 0.0998).abs() < 1e-3, "{found:?}");
    assert_eq!(cases(&found.differs_from_earlier), [("s1", HandheldPerson, earlier.as_str())]);
    assert!((found.differs_from_earlier[0].distance - 2f32.sqrt()).abs() < 1e-4);
    // Wider bands: s6 joins the similar ones; tighter: s1 is no longer far enough.
    let wider = store.repeat_faces("s2", 0.5, 1.5).unwrap();
    assert_eq!(wider.seen_elsewhere.len(), 3);
    assert!(wider.differs_from_earlier.is_empty());

    // From the first attempt's side: the second is later, not earlier; its person matches no one.
    let from_first = store.repeat_faces("s1", SIMILAR_BELOW, DISSIMILAR_FROM).unwrap();
    assert!(from_first.compared && from_first.differs_from_earlier.is_empty());
    assert!(from_first.seen_elsewhere.is_empty(), "{from_first:?}");
    // No person on s3 (a card portrait only), no board on s8: nothing compared.
    for id in ["s3", "s8"] {
        let none = store.repeat_faces(id, SIMILAR_BELOW, DISSIMILAR_FROM).unwrap();
        assert_eq!(none, Default::default());
    }
    assert!(matches!(
        store.repeat_faces("nope", SIMILAR_BELOW, DISSIMILAR_FROM),
        Err(StoreError::NotFound { what: "submission" })
    ));

    // Retention purges s1 (decided): its faces leave the comparison with it.
    let purge_at = now() + Duration::days(1096);
    assert_eq!(store.purge_personal_data(purge_at, purge_at).unwrap().submissions, 1);
    let after = store.repeat_faces("s2", SIMILAR_BELOW, DISSIMILAR_FROM).unwrap();
    assert!(after.differs_from_earlier.is_empty(), "{after:?}");
    assert_eq!(after.seen_elsewhere.len(), 2);
}

fn a_malformed_embedding_is_an_error_not_a_match(place: Place) {
    let store = place.open();
    let store = store.as_ref();
    submit(store, "s1", "app-1", "11", NUMBER, now());
    submit(store, "s2", "app-2", "11", OTHER_NUMBER, now());
    board(&place, "s1", "11", &[(FaceSource::HandheldPerson, face(0, 0.0))]);
    board(&place, "s2", "11", &[(FaceSource::HandheldPerson, vec![0.5; 3])]);
    for threshold in [0.0, 9.0] {
        assert!(matches!(
            store.repeat_faces("s1", threshold, 9.0),
            Err(StoreError::Corrupt { .. })
        ));
    }
    assert!(matches!(
        store.repeat_faces("s2", SIMILAR_BELOW, DISSIMILAR_FROM),
        Err(StoreError::Corrupt { .. })
    ));
}

on_both_stores!(Place;
    close_faces_elsewhere_and_far_faces_on_earlier_attempts_are_found,
    a_malformed_embedding_is_an_error_not_a_match,
);
