//! Repeat faces against both stores: `faces_to_compare` gives a submission's hand-held person
//! and the hand-held persons and card portraits of every other submission of its province —
//! never its own, another province's, a held card's portrait or a purged submission's — each
//! with how its applicant relates (another identity, the same number under another account, an
//! earlier or later attempt of the same applicant) and its case number. The identity boards
//! are written behind the store's back, as the photo-check workers' board step will.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, Duration, TimeZone, Utc};
use reviewdesk_domain::consistency::DeclaredIdentity;
use reviewdesk_domain::id::IdType;
use reviewdesk_domain::review::Outcome;
use reviewdesk_domain::wire::identity_board::FaceSource;
use reviewdesk_store::on_both_stores;
use reviewdesk_store::repeat_faces::{embedding_bytes, nearest_faces, EMBEDDING_LEN};
use reviewdesk_store::testing::place::{self, Place};
use reviewdesk_store::{NewDecision, Relation, Store, StoreError, User};

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

/// An embedding a little different for each seed.
fn embedding(seed: f32) -> Vec<f32> {
    (0..EMBEDDING_LEN).map(|i| (seed + i as f32 * 0.01).sin() * 0.1).collect()
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

fn the_province_faces_come_with_their_relation(place: Place) {
    let store = place.open();
    let store = store.as_ref();
    let reviewer = place::reviewer(store, "li.na", now());
    use FaceSource::{CardPortrait, HandheldPerson, HeldCardPortrait};
    // app-1's first attempt, decided, then its second (the one checked).
    let earlier = submit(store, "s1", "app-1", "11", NUMBER, now());
    board(&place, "s1", "11", &[(HandheldPerson, embedding(1.0)), (CardPortrait, embedding(1.1))]);
    approve(store, &reviewer, now());
    let later = now() + Duration::days(2);
    submit(store, "s2", "app-1", "11", NUMBER, later);
    let person = embedding(2.0);
    board(
        &place,
        "s2",
        "11",
        &[(HandheldPerson, person.clone()), (HeldCardPortrait, embedding(2.1))],
    );
    // Another applicant under another number; another under the same number; another province.
    let other = submit(store, "s3", "app-3", "11", OTHER_NUMBER, later);
    board(
        &place,
        "s3",
        "11",
        &[(CardPortrait, embedding(3.0)), (HeldCardPortrait, embedding(3.1))],
    );
    let twin = submit(store, "s4", "app-4", "11", &NUMBER.to_lowercase(), later);
    board(&place, "s4", "11", &[(HandheldPerson, embedding(4.0))]);
    submit(store, "s5", "app-5", "31", OTHER_NUMBER, later);
    board(&place, "s5", "31", &[(HandheldPerson, embedding(2.0))]);
    // No board yet.
    submit(store, "s6", "app-6", "11", OTHER_NUMBER, later);

    let compared = store.faces_to_compare("s2").unwrap();
    assert_eq!(compared.person.as_deref(), Some(person.as_slice()));
    let mut seen: Vec<(String, FaceSource, Relation, String)> = compared
        .others
        .iter()
        .map(|f| (f.submission_id.clone(), f.source, f.relation, f.case_number.clone()))
        .collect();
    seen.sort_by(|a, b| (&a.0, a.1.as_str()).cmp(&(&b.0, b.1.as_str())));
    assert_eq!(
        seen,
        [
            ("s1".to_owned(), CardPortrait, Relation::EarlierAttempt, earlier.clone()),
            ("s1".to_owned(), HandheldPerson, Relation::EarlierAttempt, earlier.clone()),
            ("s3".to_owned(), CardPortrait, Relation::OtherIdentity, other.clone()),
            ("s4".to_owned(), HandheldPerson, Relation::SameNumberOtherApplicant, twin),
        ]
    );
    let s1 = compared.others.iter().find(|f| f.submission_id == "s1" && f.source == HandheldPerson);
    assert_eq!(s1.unwrap().embedding, embedding(1.0), "the bytes read back as written");
    // The scan runs over what was read: every face read is within a wide threshold.
    let close =
        nearest_faces(&person, compared.others.iter().map(|f| f.embedding.as_slice()), 10.0);
    assert_eq!(close.len(), 4);
    // From the first attempt's side, the second is a later attempt; s3 has no person: None.
    let from_first = store.faces_to_compare("s1").unwrap();
    assert!(from_first
        .others
        .iter()
        .any(|f| f.submission_id == "s2" && f.relation == Relation::LaterAttempt));
    assert!(from_first.others.iter().all(|f| f.source != HeldCardPortrait));
    assert_eq!(store.faces_to_compare("s3").unwrap().person, None);
    assert_eq!(store.faces_to_compare("s6").unwrap().person, None);
    assert_eq!(store.faces_to_compare("s6").unwrap().others.len(), 5);
    assert!(matches!(
        store.faces_to_compare("nope"),
        Err(StoreError::NotFound { what: "submission" })
    ));

    // Retention purges s1 (decided): its faces leave the comparison with it.
    let purge_at = now() + Duration::days(1096);
    assert_eq!(store.purge_personal_data(purge_at, purge_at).unwrap().submissions, 1);
    let after = store.faces_to_compare("s2").unwrap();
    assert!(after.others.iter().all(|f| f.submission_id != "s1"), "{:?}", after.others);
    assert_eq!(after.others.len(), 2);
}

fn a_malformed_embedding_is_an_error_not_a_match(place: Place) {
    let store = place.open();
    let store = store.as_ref();
    submit(store, "s1", "app-1", "11", NUMBER, now());
    submit(store, "s2", "app-2", "11", OTHER_NUMBER, now());
    board(&place, "s1", "11", &[(FaceSource::HandheldPerson, embedding(1.0))]);
    board(&place, "s2", "11", &[(FaceSource::HandheldPerson, vec![0.5; 3])]);
    assert!(matches!(store.faces_to_compare("s1"), Err(StoreError::Corrupt { .. })));
}

on_both_stores!(Place;
    the_province_faces_come_with_their_relation,
    a_malformed_embedding_is_an_error_not_a_match,
);
