//! A page whose web process ended comes back on the case it showed, and says so.
//!
//! WebKitGTK draws the page in a separate web process; when that process dies (a renderer crash —
//! common with WebKit's software renderer on office VMs and cloud desktops without GPU drivers —
//! or the process killed), the window keeps its last picture and answers nothing. The window's own
//! process survives, and so does everything the reviewer's work depends on: the current case, the
//! queue and the unsent decisions live in the client, not in the page.
//!
//! So on WebKitGTK's `web-process-terminated` signal the window loads the page's address again
//! with `recovered=1` added to its fragment. The page keeps the case on screen in that fragment
//! (`#case=<submission id>`: an id, not personal data; `ui/src/lib/recovery.ts`), so it comes back
//! on the same case and shows a notice. A page that keeps dying is loaded again at most
//! [`MAX_RELOADS`] times in [`RELOAD_WINDOW`], then left as it is (and logged), rather than
//! looping. Other platforms' webviews restart their renderer themselves; nothing is watched there.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

/// Reloads allowed within [`RELOAD_WINDOW`] before the page is given up on.
pub const MAX_RELOADS: usize = 3;
/// The window over which reloads are counted.
pub const RELOAD_WINDOW: Duration = Duration::from_secs(60);

/// The fragment parameter the page reads to show its notice.
const RECOVERED: &str = "recovered=1";

/// The address to load after the page's process ended: `uri` with `recovered=1` in its fragment
/// (kept once; the rest of the fragment, the case on screen, stays).
pub fn recovered_uri(uri: &str) -> String {
    match uri.split_once('#') {
        None => format!("{uri}#{RECOVERED}"),
        Some((_, fragment)) if fragment.split('&').any(|part| part == RECOVERED) => uri.to_owned(),
        Some((base, "")) => format!("{base}#{RECOVERED}"),
        Some((base, fragment)) => format!("{base}#{fragment}&{RECOVERED}"),
    }
}

/// Counts recent reloads: a page that dies again and again is not reloaded forever.
#[derive(Debug, Default)]
pub struct Reloads {
    recent: VecDeque<Instant>,
}

impl Reloads {
    /// Whether the page may be loaded again at `now`; counts the reload when it may.
    pub fn allow(&mut self, now: Instant) -> bool {
        while self.recent.front().is_some_and(|at| now.duration_since(*at) >= RELOAD_WINDOW) {
            self.recent.pop_front();
        }
        if self.recent.len() >= MAX_RELOADS {
            return false;
        }
        self.recent.push_back(now);
        true
    }
}

/// Watches the main window's web process (WebKitGTK); elsewhere a no-op.
pub fn watch(window: &tauri::WebviewWindow) {
    #[cfg(target_os = "linux")]
    if let Err(error) = window.with_webview(|webview| linux::connect(&webview.inner())) {
        tracing::warn!(%error, "cannot watch the page's web process");
    }
    #[cfg(not(target_os = "linux"))]
    let _ = window;
}

#[cfg(target_os = "linux")]
mod linux {
    use std::cell::RefCell;
    use std::time::Instant;

    use webkit2gtk::WebView;
    use webkit2gtk::WebViewExt;

    use super::{recovered_uri, Reloads};

    /// Runs on the window's main thread (where GTK signals are delivered).
    pub fn connect(webview: &WebView) {
        let reloads = RefCell::new(Reloads::default());
        webview.connect_web_process_terminated(move |view, reason| {
            if !reloads.borrow_mut().allow(Instant::now()) {
                tracing::error!(?reason, "the page's web process keeps ending: not reloading it");
                return;
            }
            tracing::warn!(?reason, "the page's web process ended: loading the page again");
            match view.uri() {
                Some(uri) => view.load_uri(&recovered_uri(uri.as_str())),
                None => view.reload(),
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_recovered_address_keeps_the_case_and_marks_it_once() {
        assert_eq!(
            recovered_uri("tauri://localhost/#case=abc"),
            "tauri://localhost/#case=abc&recovered=1"
        );
        assert_eq!(recovered_uri("tauri://localhost/"), "tauri://localhost/#recovered=1");
        assert_eq!(recovered_uri("tauri://localhost/#"), "tauri://localhost/#recovered=1");
        let once = "tauri://localhost/#case=abc&recovered=1";
        assert_eq!(recovered_uri(once), once);
    }

    #[test]
    fn a_page_that_keeps_dying_is_reloaded_a_few_times_a_minute() {
        let mut reloads = Reloads::default();
        let start = Instant::now();
        for second in 0..MAX_RELOADS as u64 {
            assert!(reloads.allow(start + Duration::from_secs(second)));
        }
        assert!(!reloads.allow(start + Duration::from_secs(10)));
        assert!(reloads.allow(start + RELOAD_WINDOW + Duration::from_secs(1)));
    }
}
