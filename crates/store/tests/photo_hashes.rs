//! Perceptual hashes against both stores: recorded per photo (recording again replaces), and the
//! near-duplicate scan finds other applicants' photos of the same side in the same province whose
//! hash of one family is within the distance, naming their case numbers — never the submission's
//! own applicant's, another province's, a byte-identical file or another side.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use reviewdesk_domain::review::PhotoSide;
use reviewdesk_store::on_both_stores;
use reviewdesk_store::testing::place::{self, Place};
use reviewdesk_store::{PhotoHash, Store, StoreError};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 2, 0, 0).unwrap()
}

fn submit(store: &dyn Store, id: &str, applicant: &str, province: &str) -> String {
    let mut submission = place::submission(id, NaiveDate::from_ymd_opt(2026, 3, 2).unwrap());
    submission.applicant_id = applicant.to_owned();
    submission.province = province.to_owned();
    store.intake(&submission, "intake:test", now()).unwrap().case_number
}

fn hash(side: PhotoSide, region: &str, sha: &str, bits: [u8; 4]) -> PhotoHash {
    PhotoHash { side, region: region.to_owned(), sha256: sha.repeat(64), bits: bits.to_vec() }
}

fn near_copies_of_other_applicants_are_found(place: Place) {
    let store = place.open();
    let store = store.as_ref();
    let first = submit(store, "s1", "app-1", "11");
    let third = submit(store, "s3", "app-3", "11");
    submit(store, "s4", "app-4", "31"); // another province
    let fifth = submit(store, "s5", "app-5", "11");
    let handheld = PhotoSide::Handheld;
    let original = [0b1111_0000, 0, 0xFF, 0x0F];
    store.record_photo_hashes("s1", &[hash(handheld, "whole", "a", original)]).unwrap();
    // Recording again replaces, it does not duplicate.
    store.record_photo_hashes("s1", &[hash(handheld, "whole", "a", original)]).unwrap();
    store.record_photo_hashes("s4", &[hash(handheld, "whole", "d", original)]).unwrap();
    // s5: the same bits on another side, and a byte-identical file (photo_reused's case).
    store
        .record_photo_hashes(
            "s5",
            &[
                hash(PhotoSide::Portrait, "whole", "e", original),
                hash(handheld, "inset3", "c", original),
            ],
        )
        .unwrap();
    // s3 (app-3): its hand-held inset is 3 bits from s1's whole photo (one family).
    let mine = [hash(handheld, "inset6", "c", [0b1111_0111, 0, 0xFF, 0x0F])];
    store.record_photo_hashes("s3", &mine).unwrap();
    let near = store.near_photos("s3", &mine, 3).unwrap();
    assert_eq!(near.len(), 1, "{near:?}");
    let s1 = &near[0];
    assert_eq!(s1.other_submission_id, "s1");
    assert_eq!((s1.side, s1.distance, &s1.other_case_number), (handheld, 3, &first));
    assert!(store.near_photos("s3", &mine, 2).unwrap().is_empty(), "a tighter distance");
    // From s1's side: s3 and s5 are near (never s1 itself: its own applicant's submissions are
    // not compared).
    let from_first = store.near_photos("s1", &[hash(handheld, "whole", "a", original)], 3).unwrap();
    let others: Vec<&str> = from_first.iter().map(|n| n.other_case_number.as_str()).collect();
    assert_eq!(others, [third.as_str(), fifth.as_str()]);
    assert!(matches!(
        store.near_photos("nope", &mine, 3),
        Err(StoreError::NotFound { what: "submission" })
    ));
}

on_both_stores!(Place; near_copies_of_other_applicants_are_found);
