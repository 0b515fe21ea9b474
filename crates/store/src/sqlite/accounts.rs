//! Staff accounts: creation, the login lookup, and the lifecycle (disable, enable, password,
//! revoking sessions; what each does is [`crate::lifecycle`]'s).

use chrono::{DateTime, Utc};
use reviewdesk_domain::audit::AuditAction;
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::json;

use super::audit_log;
use super::rows::{self, query_row, timestamp, USER_COLUMNS};
use crate::lifecycle::{self, Lifecycle};
use crate::{AccountChange, AuditNote, NewUser, StoreError, User};

pub(super) fn add_user(
    tx: &Connection,
    user: &NewUser,
    now: DateTime<Utc>,
) -> Result<User, StoreError> {
    let taken: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM users WHERE username = ?1)",
        [&user.username],
        |row| row.get(0),
    )?;
    if taken {
        return Err(StoreError::AlreadyExists { what: "username" });
    }
    tx.execute(
        "INSERT INTO users (username, password_hash, role, province, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            user.username,
            user.password_hash,
            user.role.as_str(),
            user.province,
            timestamp(now)
        ],
    )?;
    let created = User {
        id: tx.last_insert_rowid(),
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
    tx: &Connection,
    username: &str,
) -> Result<Option<(User, String)>, StoreError> {
    let found = tx
        .query_row(
            &format!(
                "SELECT {USER_COLUMNS}, password_hash FROM users
                 WHERE username = ?1 AND disabled_at IS NULL"
            ),
            [username],
            |row| Ok((rows::user(row), row.get::<_, String>(4)?)),
        )
        .optional()?;
    match found {
        None => Ok(None),
        Some((user, hash)) => Ok(Some((user?, hash))),
    }
}

/// Does `action` to the account named `username` (`password_hash` for [`Lifecycle::SetPassword`]).
pub(super) fn lifecycle(
    tx: &Connection,
    username: &str,
    action: Lifecycle,
    password_hash: Option<&str>,
    now: DateTime<Utc>,
) -> Result<AccountChange, StoreError> {
    let found = query_row(
        tx,
        &format!("SELECT {USER_COLUMNS}, disabled_at IS NOT NULL FROM users WHERE username = ?1"),
        [username],
        |row| Ok((rows::user(row), row.get::<_, bool>(4)?)),
    )
    .optional()?;
    let Some((user, disabled)) = found else {
        return Err(StoreError::NotFound { what: "user" });
    };
    let user = user?;
    let plan = lifecycle::plan(action, disabled);
    if !plan.changes {
        return Ok(AccountChange { user, changed: false, sessions_revoked: 0 });
    }
    let at = timestamp(now);
    match plan.set_disabled {
        Some(true) => rows::execute(
            tx,
            "UPDATE users SET disabled_at = ?2 WHERE id = ?1",
            params![user.id, at],
        )?,
        Some(false) => {
            rows::execute(tx, "UPDATE users SET disabled_at = NULL WHERE id = ?1", [user.id])?
        }
        None => 0,
    };
    if plan.set_password {
        let hash = password_hash.ok_or(StoreError::Backend {
            message: "a password change without the new hash".to_owned(),
        })?;
        rows::execute(
            tx,
            "UPDATE users SET password_hash = ?2 WHERE id = ?1",
            params![user.id, hash],
        )?;
    }
    let mut sessions_revoked = 0;
    if plan.revoke_sessions {
        let revoked = rows::execute(
            tx,
            "UPDATE sessions SET revoked_at = ?2
             WHERE user_id = ?1 AND revoked_at IS NULL AND expires_at > ?2",
            params![user.id, at],
        )?;
        sessions_revoked = revoked as u64;
    }
    audit_log::append(tx, &lifecycle::note(action, &user.username, sessions_revoked), now)?;
    Ok(AccountChange { user, changed: true, sessions_revoked })
}

/// Whether `username` names a disabled account.
pub(super) fn is_disabled(tx: &Connection, username: &str) -> Result<bool, StoreError> {
    Ok(query_row(
        tx,
        "SELECT EXISTS (SELECT 1 FROM users WHERE username = ?1 AND disabled_at IS NOT NULL)",
        [username],
        |row| row.get(0),
    )?)
}
