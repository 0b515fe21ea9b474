//! Staff accounts.

use chrono::{DateTime, Utc};
use reviewdesk_domain::audit::AuditAction;
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::json;

use super::audit_log;
use super::rows::{self, timestamp, USER_COLUMNS};
use crate::{AuditNote, NewUser, StoreError, User};

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
            &format!("SELECT {USER_COLUMNS}, password_hash FROM users WHERE username = ?1"),
            [username],
            |row| Ok((rows::user(row), row.get::<_, String>(4)?)),
        )
        .optional()?;
    match found {
        None => Ok(None),
        Some((user, hash)) => Ok(Some((user?, hash))),
    }
}
