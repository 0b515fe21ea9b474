//! Sessions and intake keys, against both stores (SQLite on a temporary file, PostgreSQL on the
//! tests' throwaway server): stored by hash, expiry and revocation visible to the caller, and
//! every login, failed login, logout and key creation in the audit chain.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, Duration, TimeZone, Utc};
use reviewdesk_domain::audit::{verify, AuditAction};
use reviewdesk_domain::review::Role;
use reviewdesk_store::on_both_stores;
use reviewdesk_store::testing::place::Place;
use reviewdesk_store::{LoginFailure, NewUser, Store, StoreError, User};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 2, 0, 0).unwrap()
}

fn reviewer(store: &dyn Store) -> User {
    let new = NewUser {
        username: "li.na".to_owned(),
        password_hash: "$argon2id$test".to_owned(),
        role: Role::Reviewer,
        province: Some("11".to_owned()),
    };
    store.add_user(&new, now()).unwrap()
}

fn actions(store: &dyn Store) -> Vec<AuditAction> {
    let chain = store.audit_chain().unwrap();
    verify(&chain).unwrap();
    chain.iter().map(|e| e.entry.action).collect()
}

fn a_session_is_found_by_its_hash_until_it_is_ended(place: Place) {
    let store = place.open();
    let store = store.as_ref();
    let user = reviewer(store);
    let expires = now() + Duration::hours(12);
    store.start_session(&user, &"a".repeat(64), "127.0.0.1", expires, now()).unwrap();

    let session = store.session(&"a".repeat(64)).unwrap().unwrap();
    assert_eq!(session.user, user);
    assert_eq!(session.expires_at, expires);
    assert!(session.is_live(now()));
    assert!(!session.is_live(expires), "a session ends at its expiry time");
    assert!(store.session(&"b".repeat(64)).unwrap().is_none());

    store.end_session(&"a".repeat(64), now() + Duration::minutes(5)).unwrap();
    let ended = store.session(&"a".repeat(64)).unwrap().unwrap();
    assert_eq!(ended.revoked_at, Some(now() + Duration::minutes(5)));
    assert!(!ended.is_live(now() + Duration::minutes(6)));

    let again = store.end_session(&"a".repeat(64), now()).unwrap_err();
    assert!(matches!(again, StoreError::NotFound { what: "session" }), "{again:?}");
    assert_eq!(actions(store), [AuditAction::UserAdded, AuditAction::Login, AuditAction::Logout]);
}

fn a_token_hash_is_never_reused(place: Place) {
    let store = place.open();
    let store = store.as_ref();
    let user = reviewer(store);
    let expires = now() + Duration::hours(1);
    store.start_session(&user, &"c".repeat(64), "127.0.0.1", expires, now()).unwrap();
    let twice = store.start_session(&user, &"c".repeat(64), "127.0.0.1", expires, now());
    assert!(matches!(twice, Err(StoreError::AlreadyExists { what: "session" })), "{twice:?}");
}

fn failed_logins_are_audited_without_the_password(place: Place) {
    let store = place.open();
    let store = store.as_ref();
    // A password typed into the username field is not kept: an unknown name is a fixed marker.
    store.login_failed("S3cret-pass!", "10.0.0.9", LoginFailure::UnknownUser, now()).unwrap();
    store.login_failed(&"x".repeat(500), "10.0.0.9", LoginFailure::WrongPassword, now()).unwrap();
    let chain = store.audit_chain().unwrap();
    assert_eq!(chain.len(), 2);
    assert_eq!(chain[0].entry.action, AuditAction::LoginFailed);
    assert_eq!(chain[0].entry.actor, "(unknown user)");
    assert_eq!(chain[0].entry.detail, r#"{"address":"10.0.0.9","reason":"unknown_user"}"#);
    assert_eq!(chain[1].entry.actor.chars().count(), 64, "a typed username is cut short");
}

fn intake_keys_are_stored_by_hash_and_audited(place: Place) {
    let store = place.open();
    let store = store.as_ref();
    let key = store.add_intake_key(&"d".repeat(64), "applicant portal", now()).unwrap();
    assert_eq!(key.label, "applicant portal");
    assert_eq!(key.actor(), format!("intake:{}", key.id));
    assert_eq!(store.intake_key(&"d".repeat(64)).unwrap(), Some(key.clone()));
    assert_eq!(store.intake_key(&"e".repeat(64)).unwrap(), None);

    let twice = store.add_intake_key(&"d".repeat(64), "copy", now());
    assert!(matches!(twice, Err(StoreError::AlreadyExists { .. })), "{twice:?}");
    assert_eq!(actions(store), [AuditAction::IntakeKeyCreated]);
}

fn the_auth_migration_applies_once_and_survives_reopening(place: Place) {
    {
        let store = place.open();
        store.add_intake_key(&"f".repeat(64), "portal", now()).unwrap();
    }
    let store = place.open();
    assert!(store.intake_key(&"f".repeat(64)).unwrap().is_some());
    assert!(place.latest_version() >= 1);
}

// Every test above, once per store.
on_both_stores!(
    Place;
    a_session_is_found_by_its_hash_until_it_is_ended,
    a_token_hash_is_never_reused,
    failed_logins_are_audited_without_the_password,
    intake_keys_are_stored_by_hash_and_audited,
    the_auth_migration_applies_once_and_survives_reopening,
);
