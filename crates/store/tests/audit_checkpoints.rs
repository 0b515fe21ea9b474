//! Audit checkpoints, against both stores (SQLite on a temporary file, PostgreSQL on the tests'
//! throwaway server): a checkpoint is recorded only over an existing event with its hash, read
//! back in the order recorded, and kept append-only; the chain after a sequence number is the
//! chain's tail; and a chain cut short, emptied or recomputed behind the store's back (its
//! append-only guard dropped) no longer agrees with a checkpoint recorded before.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, TimeZone, Utc};
use reviewdesk_domain::audit::{chain, verify, AuditAction, ChainedEntry, GENESIS};
use reviewdesk_domain::audit_checkpoint::{check_against, AnchorBreak, AuditCheckpoint};
use reviewdesk_domain::error_code::ErrorCode;
use reviewdesk_store::on_both_stores;
use reviewdesk_store::testing::place::Place;
use reviewdesk_store::{AuditNote, Store, StoreError};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 2, 0, 0).unwrap()
}

/// Appends `n` events (alternating a claim and a photo view).
fn append(store: &dyn Store, n: usize) {
    for i in 0..n {
        let action = if i % 2 == 0 { AuditAction::Claim } else { AuditAction::ImageView };
        let subject = format!("s-{i}");
        let note = AuditNote {
            actor: "alice",
            action,
            subject: Some(&subject),
            detail: serde_json::json!({ "i": i }),
        };
        store.audit(&note, now()).unwrap();
    }
}

/// A checkpoint of `event` (the store checks no signature: that is the signer's and the
/// verifier's business).
fn checkpoint_of(event: &ChainedEntry) -> AuditCheckpoint {
    AuditCheckpoint {
        seq: event.entry.seq,
        hash: event.hash.clone(),
        at: "2026-03-02T02:10:00.000Z".to_owned(),
        public_key: "ab".repeat(32),
        signature: "cd".repeat(64),
    }
}

/// The drop of both append-only guards of the audit table.
fn drop_guards(place: &Place) -> &'static str {
    match place {
        Place::Sqlite(_) => {
            "DROP TRIGGER audit_is_append_only_update; DROP TRIGGER audit_is_append_only_delete;"
        }
        Place::Postgres(_) => {
            "DROP TRIGGER audit_is_append_only_update ON audit;
             DROP TRIGGER audit_is_append_only_truncate ON audit;"
        }
    }
}

fn checkpoints_are_recorded_only_over_an_event_with_its_hash(place: Place) {
    let store = place.open();
    append(store.as_ref(), 5);
    let events = store.audit_chain().unwrap();
    let third = checkpoint_of(&events[2]);
    let fifth = checkpoint_of(&events[4]);
    store.record_audit_checkpoint(&third).unwrap();
    store.record_audit_checkpoint(&fifth).unwrap();
    store.record_audit_checkpoint(&third).unwrap();

    let beyond = AuditCheckpoint { seq: 6, ..fifth.clone() };
    assert!(matches!(store.record_audit_checkpoint(&beyond), Err(StoreError::NotFound { .. })));
    let wrong = AuditCheckpoint { hash: events[3].hash.clone(), ..fifth.clone() };
    assert!(matches!(
        store.record_audit_checkpoint(&wrong),
        Err(StoreError::Invalid { code: ErrorCode::InvalidRequest, .. })
    ));
    let too_large = AuditCheckpoint { seq: u64::MAX, ..fifth.clone() };
    assert!(store.record_audit_checkpoint(&too_large).is_err());

    // In the order recorded, refusals left out; the same again through a new store.
    assert_eq!(store.audit_checkpoints().unwrap(), [third.clone(), fifth.clone(), third.clone()]);
    drop(store);
    assert_eq!(place.open().audit_checkpoints().unwrap(), [third.clone(), fifth, third]);
}

fn checkpoints_are_append_only(place: Place) {
    let store = place.open();
    append(store.as_ref(), 2);
    let events = store.audit_chain().unwrap();
    store.record_audit_checkpoint(&checkpoint_of(&events[1])).unwrap();
    let refused = place.try_raw("UPDATE audit_checkpoints SET seq = 1").unwrap_err();
    assert!(refused.contains("append-only"), "{refused}");
    let refused = place.try_raw("DELETE FROM audit_checkpoints").unwrap_err();
    assert!(refused.contains("append-only"), "{refused}");
    if let Place::Postgres(_) = place {
        let refused = place.try_raw("TRUNCATE audit_checkpoints").unwrap_err();
        assert!(refused.contains("append-only"), "{refused}");
    }
    assert_eq!(store.audit_checkpoints().unwrap().len(), 1);
}

fn the_chain_after_a_sequence_number_is_its_tail(place: Place) {
    let store = place.open();
    assert!(store.audit_chain_after(0).unwrap().is_empty());
    append(store.as_ref(), 6);
    let whole = store.audit_chain().unwrap();
    assert_eq!(store.audit_chain_after(0).unwrap(), whole);
    assert_eq!(store.audit_chain_after(4).unwrap(), whole[4..]);
    assert!(store.audit_chain_after(6).unwrap().is_empty());
    assert!(store.audit_chain_after(u64::MAX).unwrap().is_empty());
}

fn a_cut_emptied_or_recomputed_chain_disagrees_with_an_earlier_checkpoint(place: Place) {
    let store = place.open();
    append(store.as_ref(), 8);
    let events = store.audit_chain().unwrap();
    store.record_audit_checkpoint(&checkpoint_of(&events[5])).unwrap();
    append(store.as_ref(), 2);
    let untouched = store.audit_chain().unwrap();
    let checkpoints = store.audit_checkpoints().unwrap();
    assert!(check_against(&untouched, &checkpoints).is_ok());

    // Two events before the checkpoint removed and the rest hashed again from GENESIS: the links
    // verify, the checkpoint does not.
    let mut forged: Vec<ChainedEntry> = Vec::new();
    for stored in untouched.iter().filter(|e| ![2, 3].contains(&e.entry.seq)) {
        let prev = forged.last().map_or(GENESIS.to_owned(), |e| e.hash.clone());
        let mut entry = stored.entry.clone();
        entry.seq = forged.len() as u64 + 1;
        forged.push(chain(&prev, entry));
    }
    let mut rewrite = format!("{} DELETE FROM audit;", drop_guards(&place));
    for e in &forged {
        rewrite.push_str(&format!(
            "INSERT INTO audit (seq, at, actor, action, subject, detail, prev_hash, hash)
             VALUES ({}, '{}', '{}', '{}', '{}', '{}', '{}', '{}');",
            e.entry.seq,
            e.entry.at,
            e.entry.actor,
            e.entry.action.as_str(),
            e.entry.subject.as_deref().unwrap_or_default(),
            e.entry.detail,
            e.prev_hash,
            e.hash
        ));
    }
    place.raw(&rewrite);
    let recomputed = store.audit_chain().unwrap();
    assert_eq!(verify(&recomputed), Ok(8));
    let broken = check_against(&recomputed, &checkpoints).unwrap_err();
    assert!(matches!(broken, AnchorBreak::Rewritten { checkpoint_seq: 6, .. }), "{broken:?}");

    place.raw("DELETE FROM audit WHERE seq > 4");
    let cut = store.audit_chain().unwrap();
    assert_eq!(verify(&cut), Ok(4), "a cut chain still links");
    let broken = check_against(&cut, &checkpoints).unwrap_err();
    assert!(matches!(broken, AnchorBreak::Truncated { length: 4, .. }), "{broken:?}");

    place.raw("DELETE FROM audit");
    let broken = check_against(&store.audit_chain().unwrap(), &checkpoints).unwrap_err();
    assert!(matches!(broken, AnchorBreak::Emptied { checkpoint_seq: 6, .. }), "{broken:?}");
}

on_both_stores!(
    Place;
    checkpoints_are_recorded_only_over_an_event_with_its_hash,
    checkpoints_are_append_only,
    the_chain_after_a_sequence_number_is_its_tail,
    a_cut_emptied_or_recomputed_chain_disagrees_with_an_earlier_checkpoint,
);
