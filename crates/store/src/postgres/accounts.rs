//! Staff accounts, sessions and intake keys: secrets stored by their SHA-256 only. Creating an
//! account, its lifecycle (disable, enable, password, revoking sessions: [`crate::lifecycle`]),
//! login, failed login, logout and key changes append their audit events in the same
//! transaction. Uniqueness is the database's (`ON CONFLICT DO NOTHING`), so two instances adding
//! the same name at once get one account and one `already_exists`. A lifecycle change locks the
//! account's row and a login's new session waits on it, so no session outlives a disabling.

use chrono::{DateTime, Utc};
use postgres::Row;
use reviewdesk_domain::audit::AuditAction;
use reviewdesk_domain::review::Role;
use serde_json::json;

use super::audit_log;
use super::tx::Tx;
use crate::lifecycle::{self, Lifecycle};
use crate::rules::login_failed_actor;
use crate::text_values::{corrupt, optional_timestamp, parse_timestamp, timestamp};
use crate::{
    AccountChange, AuditNote, IntakeKey, LoginFailure, NewUser, Session, StoreError, User,
};

/// Columns `id, username, role, province` in that order.
pub(super) const USER_COLUMNS: &str = "id, username, role, province";

/// A user from columns 0..4 in [`USER_COLUMNS`] order.
pub(super) fn user(row: &Row) -> Result<User, StoreError> {
    let role: String = row.try_get(2)?;
    Ok(User {
        id: row.try_get(0)?,
        username: row.try_get(1)?,
        role: Role::parse(&role).ok_or_else(|| corrupt("role", &role))?,
        province: row.try_get(3)?,
    })
}

pub(super) fn add_user(
    tx: &mut Tx<'_>,
    user: &NewUser,
    now: DateTime<Utc>,
) -> Result<User, StoreError> {
    let inserted = tx.query_opt(
        "INSERT INTO users (username, password_hash, role, province, created_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (username) DO NOTHING RETURNING id",
        &[
            &user.username,
            &user.password_hash,
            &user.role.as_str(),
            &user.province,
            &timestamp(now),
        ],
    )?;
    let Some(row) = inserted else {
        return Err(StoreError::AlreadyExists { what: "username" });
    };
    let created = User {
        id: row.try_get(0)?,
        username: user.username.clone(),
        role: user.role,
        province: user.province.clone(),
    };
    audit_log::append(
        tx,
        &AuditNote {
            actor: "system",
            action: AuditAction::UserAdded,
            subject: Some(&created.username),
            detail: json!({ "role": created.role.as_str(), "province": created.province }),
        },
        now,
    )?;
    Ok(created)
}

pub(super) fn user_for_login(
    tx: &mut Tx<'_>,
    username: &str,
) -> Result<Option<(User, String)>, StoreError> {
    let sql = format!(
        "SELECT {USER_COLUMNS}, password_hash FROM users WHERE username = $1 AND disabled_at IS NULL"
    );
    match tx.query_opt(&sql, &[&username])? {
        None => Ok(None),
        Some(row) => Ok(Some((user(&row)?, row.try_get(4)?))),
    }
}

/// Does `action` to the account named `username` (`password_hash` for [`Lifecycle::SetPassword`]).
pub(super) fn lifecycle(
    tx: &mut Tx<'_>,
    username: &str,
    action: Lifecycle,
    password_hash: Option<&str>,
    now: DateTime<Utc>,
) -> Result<AccountChange, StoreError> {
    let sql = format!(
        "SELECT {USER_COLUMNS}, disabled_at IS NOT NULL FROM users WHERE username = $1 FOR UPDATE"
    );
    let Some(row) = tx.query_opt(&sql, &[&username])? else {
        return Err(StoreError::NotFound { what: "user" });
    };
    let user = user(&row)?;
    let disabled: bool = row.try_get(4)?;
    let plan = lifecycle::plan(action, disabled);
    if !plan.changes {
        return Ok(AccountChange { user, changed: false, sessions_revoked: 0 });
    }
    let at = timestamp(now);
    match plan.set_disabled {
        Some(true) => {
            tx.execute("UPDATE users SET disabled_at = $2 WHERE id = $1", &[&user.id, &at])?
        }
        Some(false) => {
            tx.execute("UPDATE users SET disabled_at = NULL WHERE id = $1", &[&user.id])?
        }
        None => 0,
    };
    if plan.set_password {
        let hash = password_hash.ok_or(StoreError::Backend {
            message: "a password change without the new hash".to_owned(),
        })?;
        tx.execute("UPDATE users SET password_hash = $2 WHERE id = $1", &[&user.id, &hash])?;
    }
    let mut sessions_revoked = 0;
    if plan.revoke_sessions {
        sessions_revoked = tx.execute(
            "UPDATE sessions SET revoked_at = $2
             WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2",
            &[&user.id, &at],
        )?;
    }
    audit_log::append(tx, &lifecycle::note(action, &user.username, sessions_revoked), now)?;
    Ok(AccountChange { user, changed: true, sessions_revoked })
}

pub(super) fn start_session(
    tx: &mut Tx<'_>,
    user: &User,
    token_hash: &str,
    address: &str,
    expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    // Waits for a disabling in progress (it holds the row) and then sees it: a login that checked
    // the password just before the account was disabled starts no session.
    let enabled = tx.query_opt(
        "SELECT 1 FROM users WHERE id = $1 AND disabled_at IS NULL FOR SHARE",
        &[&user.id],
    )?;
    if enabled.is_none() {
        return Err(StoreError::NotFound { what: "user" });
    }
    let inserted = tx.execute(
        "INSERT INTO sessions (token_hash, user_id, created_at, expires_at)
         VALUES ($1, $2, $3, $4) ON CONFLICT (token_hash) DO NOTHING",
        &[&token_hash, &user.id, &timestamp(now), &timestamp(expires_at)],
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

pub(super) fn session(tx: &mut Tx<'_>, token_hash: &str) -> Result<Option<Session>, StoreError> {
    let found = tx.query_opt(
        "SELECT u.id, u.username, u.role, u.province, s.created_at, s.expires_at,
                COALESCE(s.revoked_at, u.disabled_at)
         FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = $1",
        &[&token_hash],
    )?;
    let Some(row) = found else {
        return Ok(None);
    };
    let created_at: String = row.try_get(4)?;
    let expires_at: String = row.try_get(5)?;
    Ok(Some(Session {
        user: user(&row)?,
        created_at: parse_timestamp(&created_at)?,
        expires_at: parse_timestamp(&expires_at)?,
        revoked_at: optional_timestamp(row.try_get(6)?)?,
    }))
}

pub(super) fn end_session(
    tx: &mut Tx<'_>,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let ended = tx.query_opt(
        "UPDATE sessions s SET revoked_at = $2 FROM users u
         WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND u.id = s.user_id
         RETURNING u.username",
        &[&token_hash, &timestamp(now)],
    )?;
    let Some(row) = ended else {
        return Err(StoreError::NotFound { what: "session" });
    };
    let username: String = row.try_get(0)?;
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
    tx: &mut Tx<'_>,
    username: &str,
    address: &str,
    failure: LoginFailure,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let failure = match failure {
        LoginFailure::UnknownUser
            if tx
                .query_opt(
                    "SELECT 1 FROM users WHERE username = $1 AND disabled_at IS NOT NULL",
                    &[&username],
                )?
                .is_some() =>
        {
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
    tx: &mut Tx<'_>,
    key_hash: &str,
    label: &str,
    now: DateTime<Utc>,
) -> Result<IntakeKey, StoreError> {
    let inserted = tx.query_opt(
        "INSERT INTO intake_keys (key_hash, label, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (key_hash) DO NOTHING RETURNING id",
        &[&key_hash, &label, &timestamp(now)],
    )?;
    let Some(row) = inserted else {
        return Err(StoreError::AlreadyExists { what: "intake key" });
    };
    let key = IntakeKey {
        id: row.try_get(0)?,
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

/// The columns an [`IntakeKey`] is read from, in [`intake_key`]'s order.
const INTAKE_KEY_COLUMNS: &str = "id, label, created_at, revoked_at";

fn to_intake_key(row: &Row) -> Result<IntakeKey, StoreError> {
    let created_at: String = row.try_get(2)?;
    Ok(IntakeKey {
        id: row.try_get(0)?,
        label: row.try_get(1)?,
        created_at: parse_timestamp(&created_at)?,
        revoked_at: optional_timestamp(row.try_get(3)?)?,
    })
}

pub(super) fn intake_key(tx: &mut Tx<'_>, key_hash: &str) -> Result<Option<IntakeKey>, StoreError> {
    let sql = format!("SELECT {INTAKE_KEY_COLUMNS} FROM intake_keys WHERE key_hash = $1");
    tx.query_opt(&sql, &[&key_hash])?.as_ref().map(to_intake_key).transpose()
}

pub(super) fn intake_keys(tx: &mut Tx<'_>) -> Result<Vec<IntakeKey>, StoreError> {
    let sql = format!("SELECT {INTAKE_KEY_COLUMNS} FROM intake_keys ORDER BY id");
    tx.query(&sql, &[])?.iter().map(to_intake_key).collect()
}

/// Revokes a key from `now` on and appends `intake_key_revoked`. Revoking a revoked key changes
/// nothing and records nothing. The row is locked first, so two concurrent revocations record
/// one event.
pub(super) fn revoke_intake_key(
    tx: &mut Tx<'_>,
    id: i64,
    now: DateTime<Utc>,
) -> Result<IntakeKey, StoreError> {
    let sql = format!("SELECT {INTAKE_KEY_COLUMNS} FROM intake_keys WHERE id = $1 FOR UPDATE");
    let key = tx
        .query_opt(&sql, &[&id])?
        .as_ref()
        .map(to_intake_key)
        .transpose()?
        .ok_or(StoreError::NotFound { what: "intake key" })?;
    if key.revoked_at.is_some() {
        return Ok(key);
    }
    tx.execute("UPDATE intake_keys SET revoked_at = $2 WHERE id = $1", &[&id, &timestamp(now)])?;
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
