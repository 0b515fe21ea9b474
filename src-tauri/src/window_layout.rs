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

/// The inner size that fits a window of `outer` size (`inner` inside it) into a work area of
/// `area`, or `None` when it fits already.
fn fitted(outer: (u32, u32), inner: (u32, u32), area: (u32, u32)) -> Option<(u32, u32)> {
    // Before the window is shown its outer size reads 0×0: then the frame is not known yet.
    let outer = (outer.0.max(inner.0), outer.1.max(inner.1));
    if outer.0 <= area.0 && outer.1 <= area.1 {
        return None;
    }
    let frame = (outer.0.saturating_sub(inner.0), outer.1.saturating_sub(inner.1));
    Some((inner.0.min(area.0.saturating_sub(frame.0)), inner.1.min(area.1.saturating_sub(frame.1))))
}

/// The inner size that fills a work area of `area` with a window of `outer` size (`inner`
/// inside it): the area less the window's frame.
fn filling(outer: (u32, u32), inner: (u32, u32), area: (u32, u32)) -> (u32, u32) {
    let outer = (outer.0.max(inner.0), outer.1.max(inner.1));
    let frame = (outer.0.saturating_sub(inner.0), outer.1.saturating_sub(inner.1));
    (area.0.saturating_sub(frame.0), area.1.saturating_sub(frame.1))
}

/// The inner size remembered for the window `label` (the plugin's file), or `None` on a first
/// start (no file, or none readable). Read from the file, not the window: while the app starts,
/// the window may still report its configured size, not the restored one.
pub fn remembered_size<R: Runtime>(app: &AppHandle<R>, label: &str) -> Option<(u32, u32)> {
    use tauri::Manager;
    let dir = app.path().app_config_dir().ok()?;
    remembered_in(&std::fs::read_to_string(dir.join(app.filename())).ok()?, label)
}

fn remembered_in(text: &str, label: &str) -> Option<(u32, u32)> {
    let state: serde_json::Value = serde_json::from_str(text).ok()?;
    let size = |key: &str| u32::try_from(state.get(label)?.get(key)?.as_u64()?).ok();
    Some((size("width")?, size("height")?))
}

/// Sizes the window to the screen it opens on: on a first start (nothing `remembered`) it fills
/// the screen's work area (a 1366×768 office screen gets all of it, not the 1280×800 default that
/// is taller than the screen); afterwards the remembered size is kept unless it is larger than the
/// work area (a layout from a bigger monitor), which is then shrunk to fit. Either way the window
/// is put at the area's corner when its size changes, so nothing is cut off below the screen's
/// edge. Call after the remembered layout is restored.
pub fn fit_to_screen<R: Runtime>(window: &tauri::WebviewWindow<R>, remembered: Option<(u32, u32)>) {
    let monitor =
        window.current_monitor().ok().flatten().or_else(|| window.primary_monitor().ok().flatten());
    let (Some(monitor), Ok(outer), Ok(inner)) = (monitor, window.outer_size(), window.inner_size())
    else {
        return;
    };
    let area = monitor.work_area();
    let area_size = (area.size.width, area.size.height);
    let wanted = match remembered {
        None => Some(filling((outer.width, outer.height), (inner.width, inner.height), area_size)),
        Some(size) => fitted(size, size, area_size),
    };
    let Some((width, height)) = wanted.filter(|wanted| Some(*wanted) != remembered) else {
        return;
    };
    tracing::info!(width, height, first = remembered.is_none(), "sizing the window to the screen");
    let _ = window.set_size(tauri::PhysicalSize::new(width, height));
    let _ = window.set_position(area.position);
}

#[cfg(test)]
mod tests {
    use super::{filling, fitted, remembered_in};

    #[test]
    fn a_window_larger_than_the_screen_is_fitted_and_frames_are_kept() {
        assert_eq!(fitted((1280, 800), (1280, 800), (1920, 1040)), None);
        // 1366×768 with a 40 px taskbar: the default window loses height only.
        assert_eq!(fitted((1280, 800), (1280, 800), (1366, 728)), Some((1280, 728)));
        // A 30 px title bar stays outside the inner size.
        assert_eq!(fitted((1930, 1110), (1920, 1080), (1366, 728)), Some((1356, 698)));
        // Not shown yet: no outer size, no frame known.
        assert_eq!(fitted((0, 0), (1280, 800), (1366, 768)), Some((1280, 768)));
    }

    #[test]
    fn a_first_window_fills_the_work_area_less_its_frame() {
        assert_eq!(filling((1280, 800), (1280, 800), (1366, 768)), (1366, 768));
        assert_eq!(filling((1290, 830), (1280, 800), (1366, 728)), (1356, 698));
        assert_eq!(filling((0, 0), (1280, 800), (1280, 720)), (1280, 720));
        assert_eq!(filling((1280, 800), (1280, 800), (1920, 1040)), (1920, 1040));
    }

    #[test]
    fn the_remembered_size_is_read_from_the_plugins_file() {
        let file = r#"{"main":{"width":1100,"height":700,"x":20,"y":10,"maximized":false}}"#;
        assert_eq!(remembered_in(file, "main"), Some((1100, 700)));
        assert_eq!(remembered_in(file, "other"), None);
        assert_eq!(remembered_in("{", "main"), None);
        assert_eq!(remembered_in(r#"{"main":{"width":-1,"height":700}}"#, "main"), None);
    }
}
