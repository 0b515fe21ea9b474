//! Signing in and out. The session token and the cache key live in the OS keyring (the client
//! crate puts them there), never in a file or the cache.

use reviewdesk_domain::review::Role;
use reviewdesk_domain::ErrorCode;
use std::sync::Arc;

use reviewdesk_client::Account;
use tauri::State;

use crate::error::AppError;
use crate::models::SessionView;
use crate::workstation::Workstation;

/// Longest server URL, username or password accepted over IPC.
const MAX_FIELD_CHARS: usize = 512;

fn view(account: Account) -> SessionView {
    SessionView {
        local_mode: Workstation::is_local(&account.server_url),
        username: account.username,
        role: account.user.role,
        province: account.user.province,
        server_url: account.server_url,
    }
}

fn check_length(value: &str, what: &str) -> Result<(), AppError> {
    if value.chars().count() > MAX_FIELD_CHARS {
        return Err(AppError::new(
            ErrorCode::InputTooLong,
            format!("{what} over {MAX_FIELD_CHARS} characters"),
        ));
    }
    Ok(())
}

/// Who is signed in (resumed from the last run), if anyone.
#[tauri::command(async)]
#[specta::specta]
pub fn session_info(
    workstation: State<'_, Arc<Workstation>>,
) -> Result<Option<SessionView>, AppError> {
    let status = workstation.client.status()?;
    Ok(status.account.filter(|_| status.signed_in).map(view))
}

/// Signs in to a review server.
#[tauri::command]
#[specta::specta]
pub async fn login(
    workstation: State<'_, Arc<Workstation>>,
    server_url: String,
    username: String,
    password: String,
) -> Result<SessionView, AppError> {
    check_length(&server_url, "server address")?;
    check_length(&username, "username")?;
    check_length(&password, "password")?;
    if username.trim().is_empty() || password.is_empty() {
        return Err(AppError::new(ErrorCode::MissingCredentials, "username or password empty"));
    }
    let account = workstation.client.login(server_url.trim(), username.trim(), &password).await?;
    workstation.wake_sync();
    Ok(view(account))
}

/// Local mode: starts the bundled server on this computer (demo queue on first use) and signs in
/// as the demo reviewer, or the demo supervisor.
#[tauri::command]
#[specta::specta]
pub async fn open_local_demo(
    workstation: State<'_, Arc<Workstation>>,
    role: Role,
) -> Result<SessionView, AppError> {
    if role == Role::Admin {
        return Err(AppError::new(
            ErrorCode::BadRole,
            "local demo roles are reviewer and supervisor",
        ));
    }
    Ok(view(workstation.open_local_demo(role).await?))
}

/// Signs out: refused while decisions wait to be uploaded (`unsent_decisions`); otherwise gives
/// leases back, deletes the cache and removes the secrets from the keyring.
#[tauri::command]
#[specta::specta]
pub async fn logout(workstation: State<'_, Arc<Workstation>>) -> Result<(), AppError> {
    workstation.client.logout().await?;
    Ok(())
}
