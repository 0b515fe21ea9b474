//! The About view's one command: the build, the app's folders, and the server it talks to.

use reviewdesk_domain::ErrorCode;
use std::sync::Arc;

use tauri::{AppHandle, Manager, State};

use crate::error::AppError;
use crate::models::AboutView;
use crate::workstation::Workstation;

/// Version and build, the data, log and config folders, and the signed-in account's server.
#[tauri::command(async)]
#[specta::specta]
pub fn about_info(
    app: AppHandle,
    workstation: State<'_, Arc<Workstation>>,
) -> Result<AboutView, AppError> {
    let folder = |found: tauri::Result<std::path::PathBuf>| {
        found
            .map(|path| path.display().to_string())
            .map_err(|e| AppError::new(ErrorCode::NoAppFolder, format!("no app folder: {e}")))
    };
    let status = workstation.client.status()?;
    let server_url = status.account.filter(|_| status.signed_in).map(|a| a.server_url);
    Ok(AboutView {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        profile: if cfg!(debug_assertions) { "debug" } else { "release" }.to_owned(),
        target: format!("{} {}", std::env::consts::OS, std::env::consts::ARCH),
        tauri_version: tauri::VERSION.to_owned(),
        local_mode: server_url.as_deref().is_some_and(Workstation::is_local),
        server_url,
        data_dir: folder(app.path().app_data_dir())?,
        log_dir: folder(app.path().app_log_dir())?,
        config_dir: folder(app.path().app_config_dir())?,
    })
}
