//! Account lifecycle against both stores (SQLite on a temporary file, PostgreSQL on the tests'
//! throwaway server): disabling ends the account's sessions at once and keeps it from logging in
//! until enabled; a password change replaces the hash and ends every session; revoking sessions
//! ends them all; each action is one audit event, and repeating a disable or an enable records
//! nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, Duration, TimeZone, Utc};
use reviewdesk_domain::audit::{verify, AuditAction};
use reviewdesk_store::on_both_stores;
use reviewdesk_store::testing::place::{reviewer, Place};
use reviewdesk_store::{LoginFailure, Store, StoreError, User};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 2, 0, 0).unwrap()
}

fn sign_in(store: &dyn Store, user: &User, token: char) -> String {
    let hash = token.to_string().repeat(64);
    store.start_session(user, &hash, "127.0.0.1", now() + Duration::hours(12), now()).unwrap();
    hash
}

fn live(store: &dyn Store, hash: &str, at: DateTime<Utc>) -> bool {
    store.session(hash).unwrap().unwrap().is_live(at)
}

/// The chain's events after the first `skip`, as (action, subject, detail).
fn events(store: &dyn Store, skip: usize) -> Vec<(AuditAction, Option<String>, String)> {
    let chain = store.audit_chain().unwrap();
    verify(&chain).unwrap();
    chain
        .into_iter()
        .skip(skip)
        .map(|e| (e.entry.action, e.entry.subject, e.entry.detail))
        .filter(|(action, _, _)| *action != AuditAction::Login)
        .collect()
}

fn disabling_ends_sessions_and_login_until_enabled(place: Place) {
    let store = place.open();
    let store = store.as_ref();
    let wang = reviewer(store, "wang", now());
    let li = reviewer(store, "li", now());
    let (first, second, other) =
        (sign_in(store, &wang, 'a'), sign_in(store, &wang, 'b'), sign_in(store, &li, 'c'));
    let later = now() + Duration::minutes(1);

    let disabled = store.disable_user("wang", later).unwrap();
    assert_eq!((disabled.user.id, disabled.changed, disabled.sessions_revoked), (wang.id, true, 2));
    assert!(!live(store, &first, later) && !live(store, &second, later), "sessions end at once");
    assert!(live(store, &other, later), "another account's session is untouched");
    assert!(store.user_for_login("wang").unwrap().is_none(), "a disabled account cannot log in");
    let racing =
        store.start_session(&wang, &"d".repeat(64), "127.0.0.1", later + Duration::hours(1), later);
    assert!(matches!(racing, Err(StoreError::NotFound { what: "user" })), "{racing:?}");

    let again = store.disable_user("wang", later).unwrap();
    assert_eq!((again.changed, again.sessions_revoked), (false, 0));

    let enabled = store.enable_user("wang", later).unwrap();
    assert!(enabled.changed);
    assert!(!store.enable_user("wang", later).unwrap().changed);
    assert!(store.user_for_login("wang").unwrap().is_some());
    assert!(!live(store, &first, later), "enabling does not bring old sessions back");
    assert_eq!(
        events(store, 2),
        [
            (
                AuditAction::UserDisabled,
                Some("wang".to_owned()),
                r#"{"sessions_revoked":2}"#.to_owned()
            ),
            (
                AuditAction::UserEnabled,
                Some("wang".to_owned()),
                r#"{"sessions_revoked":0}"#.to_owned()
            ),
        ]
    );
}

fn a_disabled_accounts_sessions_read_as_revoked(place: Place) {
    let store = place.open();
    let wang = reviewer(store.as_ref(), "wang", now());
    let token = sign_in(store.as_ref(), &wang, 'a');
    // A session the disabling did not revoke (written behind the store's back) still reads as
    // revoked: no live session of a disabled account, whatever the rows say.
    store.disable_user("wang", now()).unwrap();
    place.raw("UPDATE sessions SET revoked_at = NULL");
    let session = store.session(&token).unwrap().unwrap();
    assert!(session.revoked_at.is_some() && !session.is_live(now()), "{session:?}");
}

fn a_password_change_replaces_the_hash_and_ends_every_session(place: Place) {
    let store = place.open();
    let store = store.as_ref();
    let wang = reviewer(store, "wang", now());
    let (first, second) = (sign_in(store, &wang, 'a'), sign_in(store, &wang, 'b'));
    let changed = store.set_password("wang", "$argon2id$new", now()).unwrap();
    assert_eq!((changed.changed, changed.sessions_revoked), (true, 2));
    assert_eq!(store.user_for_login("wang").unwrap().unwrap().1, "$argon2id$new");
    assert!(!live(store, &first, now()) && !live(store, &second, now()));
    // No session left: the next change ends none, and is recorded all the same.
    assert_eq!(store.set_password("wang", "$argon2id$newer", now()).unwrap().sessions_revoked, 0);
    let recorded = events(store, 1);
    assert_eq!(recorded.len(), 2);
    assert!(recorded.iter().all(|(action, _, _)| *action == AuditAction::PasswordChanged));
    assert!(!format!("{recorded:?}").contains("argon2"), "no hash in the audit log");
}

fn revoking_sessions_ends_the_live_ones_and_is_always_recorded(place: Place) {
    let store = place.open();
    let store = store.as_ref();
    let wang = reviewer(store, "wang", now());
    let token = sign_in(store, &wang, 'a');
    store.end_session(&sign_in(store, &wang, 'b'), now()).unwrap();
    let revoked = store.revoke_sessions("wang", now()).unwrap();
    assert_eq!(revoked.sessions_revoked, 1, "the one still live; the ended one is not counted");
    assert!(!live(store, &token, now()));
    assert!(store.user_for_login("wang").unwrap().is_some(), "the account itself stays enabled");
    assert_eq!(store.revoke_sessions("wang", now()).unwrap().sessions_revoked, 0);
    let recorded: Vec<AuditAction> = events(store, 1).into_iter().map(|(a, _, _)| a).collect();
    assert_eq!(
        recorded,
        [AuditAction::Logout, AuditAction::SessionsRevoked, AuditAction::SessionsRevoked]
    );
}

fn an_unknown_name_is_not_found_and_changes_nothing(place: Place) {
    let store = place.open();
    let store = store.as_ref();
    reviewer(store, "wang", now());
    let unknown: [Result<_, StoreError>; 4] = [
        store.disable_user("nobody", now()),
        store.enable_user("nobody", now()),
        store.set_password("nobody", "$argon2id$x", now()),
        store.revoke_sessions("nobody", now()),
    ];
    for result in unknown {
        assert!(matches!(result, Err(StoreError::NotFound { what: "user" })), "{result:?}");
    }
    assert_eq!(store.audit_chain().unwrap().len(), 1, "only the account's creation");
}

fn a_failed_login_of_a_disabled_account_names_it(place: Place) {
    let store = place.open();
    let store = store.as_ref();
    reviewer(store, "wang", now());
    store.disable_user("wang", now()).unwrap();
    // The login found no enabled account: the store records which kind of failure it was.
    store.login_failed("wang", "10.0.0.9", LoginFailure::UnknownUser, now()).unwrap();
    store.login_failed("nobody", "10.0.0.9", LoginFailure::UnknownUser, now()).unwrap();
    let chain = store.audit_chain().unwrap();
    let failed: Vec<(&str, &str)> = chain
        .iter()
        .filter(|e| e.entry.action == AuditAction::LoginFailed)
        .map(|e| (e.entry.actor.as_str(), e.entry.detail.as_str()))
        .collect();
    assert_eq!(
        failed,
        [
            ("wang", r#"{"address":"10.0.0.9","reason":"account_disabled"}"#),
            ("(unknown user)", r#"{"address":"10.0.0.9","reason":"unknown_user"}"#),
        ]
    );
}

// Every test above, once per store.
on_both_stores!(
    Place;
    disabling_ends_sessions_and_login_until_enabled,
    a_disabled_accounts_sessions_read_as_revoked,
    a_password_change_replaces_the_hash_and_ends_every_session,
    revoking_sessions_ends_the_live_ones_and_is_always_recorded,
    an_unknown_name_is_not_found_and_changes_nothing,
    a_failed_login_of_a_disabled_account_names_it,
);
