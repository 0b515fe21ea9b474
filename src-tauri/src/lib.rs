//! ReviewDesk's desktop app: a thin Tauri shell over the UI-agnostic crates.
//!
//! - [`commands`]: the IPC commands, each a small wrapper over a crate function.
//! - [`models`]: the request and response types that cross IPC (TypeScript generated from them).
//! - [`error`]: the `{code, message}` error every command returns.
//! - [`bindings`]: the command registry and the generator of `ui/src/lib/bindings.ts`.
//! - [`workstation`]: the shared state (client, local-mode server) and the sync loop.
//! - [`photos`]: the `photo` protocol serving cached photos (and a supervisor's case photos,
//!   fetched online) to the webview.

pub mod bindings;
pub mod commands;
pub mod error;
pub mod models;
pub mod photos;
pub mod workstation;

use std::sync::Arc;

use tauri::Manager;

use workstation::Workstation;

/// Starts the desktop app. Blocks until the last window closes.
pub fn run() {
    let builder = bindings::builder();
    tauri::Builder::default()
        .invoke_handler(builder.invoke_handler())
        .register_asynchronous_uri_scheme_protocol(photos::SCHEME, |context, request, responder| {
            let workstation = Arc::clone(context.app_handle().state::<Arc<Workstation>>().inner());
            let path = request.uri().path().to_owned();
            if photos::is_case(&path) {
                tauri::async_runtime::spawn(async move {
                    responder.respond(photos::respond_case(&workstation.client, &path).await);
                });
            } else {
                tauri::async_runtime::spawn_blocking(move || {
                    responder.respond(photos::respond(&workstation.client, &path));
                });
            }
        })
        .setup(move |app| {
            builder.mount_events(app);
            let data_dir = app.path().app_data_dir()?;
            let workstation = Arc::new(Workstation::new(data_dir));
            app.manage(Arc::clone(&workstation));
            // Reopen the last session before the window asks for it (no network needed). A first
            // demo start (seeding the demo queue) is left to the UI, which shows its progress.
            tauri::async_runtime::block_on(workstation.resume()).unwrap_or_else(|error| {
                eprintln!("reviewdesk: could not resume the last session: {error}");
            });
            workstation.spawn_sync_loop();
            Ok(())
        })
        .run(tauri::generate_context!("tauri.conf.json"))
        .expect("the Tauri runtime failed to start");
}
