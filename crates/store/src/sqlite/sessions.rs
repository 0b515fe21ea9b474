//! Staff sessions and intake keys: stored by the SHA-256 of their secret, never the secret. Login,
//! failed login, logout and key creation append their audit events in the same transaction.

use chrono::{DateTime, Utc};
use reviewdesk_domain::audit::AuditAction;
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::json;

use super::audit_log;
use super::rows::{self, optional_timestamp, parse_timestamp, query_row, timestamp};
use crate::rules::login_failed_actor;
use crate::{AuditNote, IntakeKey, LoginFailure, Session, StoreError, User};

pub(super) fn start_session(
    tx: &Connection,
    user: &User,
    token_hash: &str,
    address: &str,
    expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    // The write transaction serialises this with a disabling: a login that checked the password
    // just before the account was disabled starts no session.
    let enabled: bool = query_row(
        tx,
        "SELECT EXISTS (SELECT 1 FROM users WHERE id = ?1 AND disabled_at IS NULL)",
        [user.id],
        |row| row.get(0),
    )?;
    if !enabled {
        return Err(StoreError::NotFound { what: "user" });
    }
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

pub(super) fn session(tx: &Connection, token_hash: &str) -> Result<Option<Session>, StoreError> {
    let found = query_row(
        tx,
        "SELECT u.id, u.username, u.role, u.province,
                    s.created_at, s.expires_at, COALESCE(s.revoked_at, u.disabled_at)
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
    tx: &Connection,
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
    tx: &Connection,
    username: &str,
    address: &str,
    failure: LoginFailure,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let failure = match failure {
        LoginFailure::UnknownUser if super::accounts::is_disabled(tx, username)? => {
            LoginFailure::AccountDisabled
        }
        other => other,
    };
    let actor = login_failed_actor(username, failure);
    audit_log::append(
        tx,
        &AuditNote {
            actor: &actor,
            action: AuditAction::LoginFailed,
            subject: None,
            detail: json!({ "address": address, "reason": failure.as_str() }),
        },
        now,
    )
}

pub(super) fn add_intake_key(
    tx: &Connection,
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

/// The columns an [`IntakeKey`] is read from, in [`intake_key_row`]'s order.
const INTAKE_KEY_COLUMNS: &str = "id, label, created_at, revoked_at";

type IntakeKeyRow = (i64, String, String, Option<String>);

fn intake_key_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<IntakeKeyRow> {
    Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
}

fn to_intake_key(
    (id, label, created_at, revoked_at): IntakeKeyRow,
) -> Result<IntakeKey, StoreError> {
    Ok(IntakeKey {
        id,
        label,
        created_at: parse_timestamp(&created_at)?,
        revoked_at: optional_timestamp(revoked_at)?,
    })
}

pub(super) fn intake_key(tx: &Connection, key_hash: &str) -> Result<Option<IntakeKey>, StoreError> {
    let sql = format!("SELECT {INTAKE_KEY_COLUMNS} FROM intake_keys WHERE key_hash = ?1");
    query_row(tx, &sql, [key_hash], intake_key_row).optional()?.map(to_intake_key).transpose()
}

pub(super) fn intake_keys(tx: &Connection) -> Result<Vec<IntakeKey>, StoreError> {
    let mut statement =
        tx.prepare_cached(&format!("SELECT {INTAKE_KEY_COLUMNS} FROM intake_keys ORDER BY id"))?;
    let rows = statement.query_map([], intake_key_row)?;
    rows.map(|row| to_intake_key(row?)).collect()
}

/// Revokes a key from `now` on and appends `intake_key_revoked`. Revoking a revoked key changes
/// nothing and records nothing.
pub(super) fn revoke_intake_key(
    tx: &Connection,
    id: i64,
    now: DateTime<Utc>,
) -> Result<IntakeKey, StoreError> {
    let sql = format!("SELECT {INTAKE_KEY_COLUMNS} FROM intake_keys WHERE id = ?1");
    let key = query_row(tx, &sql, [id], intake_key_row)
        .optional()?
        .map(to_intake_key)
        .transpose()?
        .ok_or(StoreError::NotFound { what: "intake key" })?;
    if key.revoked_at.is_some() {
        return Ok(key);
    }
    tx.execute(
        "UPDATE intake_keys SET revoked_at = ?2 WHERE id = ?1",
        params![id, timestamp(now)],
    )?;
    audit_log::append(
        tx,
        &AuditNote {
            actor: "system",
            action: AuditAction::IntakeKeyRevoked,
            subject: Some(&key.actor()),
            detail: json!({ "label": key.label }),
        },
        now,
    )?;
    Ok(IntakeKey { revoked_at: Some(parse_timestamp(&timestamp(now))?), ..key })
}
