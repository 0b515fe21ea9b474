//! ReviewDesk's desktop app: a thin Tauri shell over the UI-agnostic crates.
//!
//! - [`commands`]: the IPC commands, each a small wrapper over a crate function.
//! - [`models`]: the request and response types that cross IPC (TypeScript generated from them).
//! - [`error`]: the `{code, message}` error every command returns.
//! - [`bindings`]: the command registry and the generator of `ui/src/lib/bindings.ts`.

pub mod bindings;
pub mod commands;
pub mod error;
pub mod models;

/// Starts the desktop app. Blocks until the last window closes.
pub fn run() {
    let builder = bindings::builder();
    tauri::Builder::default()
        .invoke_handler(builder.invoke_handler())
        .setup(move |app| {
            builder.mount_events(app);
            Ok(())
        })
        .run(tauri::generate_context!("tauri.conf.json"))
        .expect("the Tauri runtime failed to start");
}
