//! ReviewDesk's desktop app: a thin Tauri shell over the UI-agnostic crates.
//!
//! - [`commands`]: the IPC commands, each a small wrapper over a crate function.
//! - [`models`]: the request and response types that cross IPC (TypeScript generated from them).
//! - [`error`]: the `{code, message}` error every command returns.
//! - [`events`]: what the desktop pushes to the UI (status, queue, sync outcomes, conflicts).
//! - [`bindings`]: the command and event registry and the generator of `ui/src/lib/bindings.ts`.
//! - [`workstation`]: the shared state (client, local-mode server) and the sync loop.
//! - [`photos`]: the `photo` protocol serving cached photos (and a supervisor's case photos,
//!   fetched online) to the webview.
//! - [`desktop_log`]: the daily log file in the app's log directory, without personal data.
//! - [`window_layout`]: the window's size and position, remembered across restarts.
//! - [`page_recovery`]: a page whose web process ended is loaded again on the same case.
//!
//! Two plugins, both from Rust only (the one capability grants the webview nothing but listening
//! to the desktop's events): the window's size and position are remembered in the app's config
//! directory (window-state), and a second launch hands over to the running app, which shows and
//! focuses its window (single-instance).

pub mod bindings;
pub mod commands;
pub mod desktop_log;
pub mod error;
pub mod events;
pub mod models;
pub mod page_recovery;
pub mod photos;
pub mod window_layout;
pub mod workstation;

use std::sync::Arc;

use tauri::Manager;

use workstation::Workstation;

/// The main window's label (tauri.conf.json).
const MAIN_WINDOW: &str = "main";

/// Starts the desktop app. Blocks until the last window closes.
pub fn run() {
    let builder = bindings::builder();
    tauri::Builder::default()
        // First, so that a second launch exits before anything else starts.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            tracing::info!("a second launch: showing the running window");
            if let Some(window) = app.get_webview_window(MAIN_WINDOW) {
                let _ = window.unminimize();
                let _ = window.show();
                let _ = window.set_focus();
            }
        }))
        .plugin(window_layout::plugin())
        .on_window_event({
            let layout = window_layout::LayoutSaver::default();
            move |window, event| layout.on_event(window.app_handle(), event)
        })
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
            // Without a log file the app still works; say why on stderr.
            let log_dir = app.path().app_log_dir()?;
            if let Err(error) = desktop_log::init(&log_dir) {
                eprintln!("reviewdesk: no log file: {error}");
            }
            tracing::info!(
                version = env!("CARGO_PKG_VERSION"),
                debug = cfg!(debug_assertions),
                "ReviewDesk starting"
            );
            if let Some(window) = app.get_webview_window(MAIN_WINDOW) {
                let remembered = window_layout::remembered_size(app.handle(), MAIN_WINDOW);
                window_layout::fit_to_screen(&window, remembered);
                page_recovery::watch(&window);
            }
            let data_dir = app.path().app_data_dir()?;
            let workstation = Arc::new(Workstation::new(data_dir));
            workstation.events.attach(app.handle().clone());
            app.manage(Arc::clone(&workstation));
            // Reopen the last session before the window asks for it (no network needed). A first
            // demo start (seeding the demo queue) is left to the UI, which shows its progress.
            tauri::async_runtime::block_on(workstation.resume()).unwrap_or_else(|error| {
                tracing::warn!(code = %error.code, "could not resume the last session");
            });
            workstation.spawn_sync_loop();
            Ok(())
        })
        .run(tauri::generate_context!("tauri.conf.json"))
        .expect("the Tauri runtime failed to start");
}
