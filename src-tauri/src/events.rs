//! The events the desktop pushes to the UI (typed by tauri-specta, so `ui/src/lib/bindings.ts`
//! has their payloads): the work status, the review queue, each sync round's outcome and the
//! conflict records. The UI fetches each once at start and then follows these; nothing polls.
//!
//! [`Publisher`] reads the current values from the client and emits only what changed since it
//! last emitted, so the sync loop may call it every round without flooding the window.

use std::sync::{Mutex, OnceLock, PoisonError};

use reviewdesk_client::{Client, Status};
use serde::Serialize;
use tauri::AppHandle;
use tauri_specta::Event;

use crate::error::AppError;
use crate::models::{ConflictView, QueueEntry};

/// The status line changed (online, outbox, conflicts, lease expiry, last sync, last error).
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type, Event)]
pub struct WorkChanged(pub Status);

/// The submissions ready to review here changed (claimed, downloaded, decided, expired).
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type, Event)]
pub struct QueueChanged(pub Vec<QueueEntry>);

/// The conflict records changed (a decision the server did not take, or one dismissed).
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type, Event)]
pub struct ConflictsChanged(pub Vec<ConflictView>);

/// A sync round ended differently from the one before: `error` is `None` when it ran through.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type, Event)]
pub struct SyncFinished {
    pub error: Option<AppError>,
}

/// What was emitted last, to emit only changes.
#[derive(Default)]
struct Emitted {
    status: Option<Status>,
    queue: Option<Vec<QueueEntry>>,
    conflicts: Option<Vec<ConflictView>>,
    sync: Option<SyncFinished>,
}

/// Emits the events above to the app's window; silent until [`Publisher::attach`].
#[derive(Default)]
pub struct Publisher {
    app: OnceLock<AppHandle>,
    emitted: Mutex<Emitted>,
}

fn changed<T: PartialEq + Clone>(last: &mut Option<T>, now: &T) -> bool {
    if last.as_ref() == Some(now) {
        return false;
    }
    *last = Some(now.clone());
    true
}

impl Publisher {
    /// Starts emitting to `app` (once, at setup).
    pub fn attach(&self, app: AppHandle) {
        let _ = self.app.set(app);
    }

    /// Emits the status, the queue and the conflicts, each if it changed. A value that cannot be
    /// read (nobody signed in: no queue) is left as last emitted.
    pub fn publish(&self, client: &Client) {
        let Some(app) = self.app.get() else { return };
        let mut emitted = self.emitted.lock().unwrap_or_else(PoisonError::into_inner);
        if let Ok(status) = client.status() {
            if changed(&mut emitted.status, &status) {
                emit(app, WorkChanged(status));
            }
        }
        let queue = client.ready_submissions().map(QueueEntry::list).unwrap_or_default();
        if changed(&mut emitted.queue, &queue) {
            emit(app, QueueChanged(queue));
        }
        let conflicts = client.conflicts().map(ConflictView::list).unwrap_or_default();
        if changed(&mut emitted.conflicts, &conflicts) {
            emit(app, ConflictsChanged(conflicts));
        }
    }

    /// Emits a sync round's outcome if it differs from the last one's, then what it changed.
    pub fn sync_finished(&self, client: &Client, error: Option<AppError>) {
        let Some(app) = self.app.get() else { return };
        {
            let mut emitted = self.emitted.lock().unwrap_or_else(PoisonError::into_inner);
            let finished = SyncFinished { error };
            if changed(&mut emitted.sync, &finished) {
                emit(app, finished);
            }
        }
        self.publish(client);
    }
}

fn emit<E: Event + Serialize + Clone>(app: &AppHandle, event: E) {
    if let Err(error) = event.emit(app) {
        tracing::warn!(event = E::NAME, %error, "could not emit an event to the window");
    }
}
