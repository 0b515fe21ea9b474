//! Staff sessions and intake keys: stored by the SHA-256 of their secret, never the secret. Login,
//! failed login, logout and key creation append their audit events in the same transaction.

use chrono::{DateTime, Utc};
use reviewdesk_domain::audit::AuditAction;
use rusqlite::{params, OptionalExtension, Transaction};
use serde_json::json;

use super::audit_log;
use super::rows::{self, parse_timestamp, query_row, timestamp};
use crate::store::{AuditNote, IntakeKey, LoginFailure, Session, StoreError, User};

/// Longest username kept in a `login_failed` event: whatever was typed is cut to this.
const MAX_LOGGED_USERNAME_CHARS: usize = 64;

fn optional_timestamp(text: Option<String>) -> Result<Option<DateTime<Utc>>, StoreError> {
    text.as_deref().map(parse_timestamp).transpose()
}

pub(super) fn start_session(
    tx: &Transaction<'_>,
    user: &User,
    token_hash: &str,
    address: &str,
    expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let inserted = tx.execute(
        "INSERT OR IGNORE INTO sessions (token_hash, user_id, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4)",
        params![token_hash, user.id, timestamp(now), timestamp(expires_at)],
    )?;
    if inserted == 0 {
        return Err(StoreError::AlreadyExists { what: "session" });
    }
    audit_log::append(
        tx,
        &AuditNote {
            actor: &user.username,
            action: AuditAction::Login,
            subject: None,
            detail: json!({ "address": address, "expires_at": timestamp(expires_at) }),
        },
        now,
    )
}

pub(super) fn session(
    tx: &Transaction<'_>,
    token_hash: &str,
) -> Result<Option<Session>, StoreError> {
    let found = query_row(
        tx,
        "SELECT u.id, u.username, u.role, u.province,
                    s.created_at, s.expires_at, s.revoked_at
             FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE s.token_hash = ?1",
        [token_hash],
        |row| {
            Ok((
                rows::user(row),
                row.get::<_, String>(4)?,
                row.get::<_, String>(5)?,
                row.get::<_, Option<String>>(6)?,
            ))
        },
    )
    .optional()?;
    let Some((user, created_at, expires_at, revoked_at)) = found else {
        return Ok(None);
    };
    Ok(Some(Session {
        user: user?,
        created_at: parse_timestamp(&created_at)?,
        expires_at: parse_timestamp(&expires_at)?,
        revoked_at: optional_timestamp(revoked_at)?,
    }))
}

pub(super) fn end_session(
    tx: &Transaction<'_>,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let username: Option<String> = query_row(
        tx,
        "SELECT u.username FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE s.token_hash = ?1 AND s.revoked_at IS NULL",
        [token_hash],
        |row| row.get(0),
    )
    .optional()?;
    let Some(username) = username else {
        return Err(StoreError::NotFound { what: "session" });
    };
    tx.execute(
        "UPDATE sessions SET revoked_at = ?2 WHERE token_hash = ?1",
        params![token_hash, timestamp(now)],
    )?;
    audit_log::append(
        tx,
        &AuditNote {
            actor: &username,
            action: AuditAction::Logout,
            subject: None,
            detail: json!({}),
        },
        now,
    )
}

pub(super) fn login_failed(
    tx: &Transaction<'_>,
    username: &str,
    address: &str,
    failure: LoginFailure,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let typed: String = username.chars().take(MAX_LOGGED_USERNAME_CHARS).collect();
    audit_log::append(
        tx,
        &AuditNote {
            actor: &typed,
            action: AuditAction::LoginFailed,
            subject: None,
            detail: json!({ "address": address, "reason": failure.as_str() }),
        },
        now,
    )
}

pub(super) fn add_intake_key(
    tx: &Transaction<'_>,
    key_hash: &str,
    label: &str,
    now: DateTime<Utc>,
) -> Result<IntakeKey, StoreError> {
    let inserted = tx.execute(
        "INSERT OR IGNORE INTO intake_keys (key_hash, label, created_at) VALUES (?1, ?2, ?3)",
        params![key_hash, label, timestamp(now)],
    )?;
    if inserted == 0 {
        return Err(StoreError::AlreadyExists { what: "intake key" });
    }
    let key = IntakeKey {
        id: tx.last_insert_rowid(),
        label: label.to_owned(),
        created_at: parse_timestamp(&timestamp(now))?,
        revoked_at: None,
    };
    audit_log::append(
        tx,
        &AuditNote {
            actor: "system",
            action: AuditAction::IntakeKeyCreated,
            subject: Some(&key.actor()),
            detail: json!({ "label": label }),
        },
        now,
    )?;
    Ok(key)
}

pub(super) fn intake_key(
    tx: &Transaction<'_>,
    key_hash: &str,
) -> Result<Option<IntakeKey>, StoreError> {
    let found = query_row(
        tx,
        "SELECT id, label, created_at, revoked_at FROM intake_keys WHERE key_hash = ?1",
        [key_hash],
        |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, Option<String>>(3)?,
            ))
        },
    )
    .optional()?;
    let Some((id, label, created_at, revoked_at)) = found else {
        return Ok(None);
    };
    Ok(Some(IntakeKey {
        id,
        label,
        created_at: parse_timestamp(&created_at)?,
        revoked_at: optional_timestamp(revoked_at)?,
    }))
}
