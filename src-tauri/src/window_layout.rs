//! The window's size and position across restarts (tauri-plugin-window-state, in the app's config
//! directory, `.window-state.json`).
//!
//! The plugin writes the file when the app exits normally; a session that ends with a signal (the
//! user logs out, the machine shuts down) never gets there. So the layout is also written shortly
//! after the window stops moving or resizing: one write per gesture, not one per event.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tauri::{AppHandle, Runtime, WindowEvent};
use tauri_plugin_window_state::{AppHandleExt, StateFlags};

/// What is remembered: size, position and whether it was maximised (not visibility or fullscreen).
pub const REMEMBERED: StateFlags =
    StateFlags::SIZE.union(StateFlags::POSITION).union(StateFlags::MAXIMIZED);
/// Quiet time after the last move or resize before the layout is written.
const SETTLE: Duration = Duration::from_millis(500);

/// The plugin, configured for [`REMEMBERED`].
pub fn plugin<R: Runtime>() -> tauri::plugin::TauriPlugin<R> {
    tauri_plugin_window_state::Builder::new().with_state_flags(REMEMBERED).build()
}

/// Counts moves and resizes, so that only the last one of a gesture writes the file.
#[derive(Default)]
pub struct LayoutSaver {
    changes: Arc<AtomicU64>,
}

impl LayoutSaver {
    /// Call from the builder's window-event hook.
    pub fn on_event<R: Runtime>(&self, app: &AppHandle<R>, event: &WindowEvent) {
        if !matches!(event, WindowEvent::Moved(_) | WindowEvent::Resized(_)) {
            return;
        }
        let change = self.changes.fetch_add(1, Ordering::SeqCst) + 1;
        let changes = Arc::clone(&self.changes);
        let app = app.clone();
        tauri::async_runtime::spawn(async move {
            tokio::time::sleep(SETTLE).await;
            if changes.load(Ordering::SeqCst) == change {
                if let Err(error) = app.save_window_state(REMEMBERED) {
                    tracing::warn!(%error, "could not save the window layout");
                }
            }
        });
    }
}
