//! Lowering the calling thread's scheduling priority, for the desktop's photo-check worker: the
//! OCR then takes only the CPU time the window does not need.

use thread_priority::{set_current_thread_priority, ThreadPriority};

/// Lowers the calling thread's priority to the bottom of the normal range (on Linux nice 19 for
/// this thread alone; on Windows "lowest"); says so in the log when the system refuses.
pub fn lower_this_thread() {
    if let Err(error) = set_current_thread_priority(ThreadPriority::Min) {
        tracing::warn!(?error, "photo checks keep normal priority");
    }
}
