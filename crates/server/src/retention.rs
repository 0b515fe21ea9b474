//! Retention: what `reviewdesk-server retention run` does once and `serve` does every
//! `retention.run_every_minutes`. Two sweeps:
//!
//! 1. Decided submissions (approved or rejected) older than `retention.days` lose their personal
//!    data in the store ([`Store::purge_personal_data`], in batches, one audit event each), then
//!    the photos no remaining submission uses are removed from the [`ImageStore`].
//! 2. Orphan photos: files no submission with personal data references (an intake that failed
//!    after storing its photos, or a purge whose file removal was interrupted).
//!
//! Either sweep removes a photo only when its file is older than `retention.orphan_min_age`: an
//! intake stores its photos a moment before its row commits, and storing bytes that already exist
//! freshens the file, so a photo being uploaded again is never removed under the upload.

use std::time::SystemTime;

use chrono::{DateTime, Duration, Utc};

use crate::images::ImageStore;
use crate::store::{Store, StoreError, PURGE_BATCH};

/// What one run removed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RetentionReport {
    /// Submissions whose personal data was deleted.
    pub submissions: u64,
    /// Photo files removed because their submissions were purged.
    pub purged_images: u64,
    /// Photo files removed that no submission referenced.
    pub orphan_images: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum RetentionError {
    #[error("store: {0}")]
    Store(#[from] StoreError),
    #[error("photo files: {0}")]
    Images(#[from] std::io::Error),
}

/// How long personal data is kept and how old a photo file must be before it is removed.
#[derive(Debug, Clone, Copy)]
pub struct RetentionPolicy {
    pub keep_decided: Duration,
    pub orphan_min_age: Duration,
}

fn system_time(at: DateTime<Utc>) -> SystemTime {
    SystemTime::from(at)
}

/// Runs both sweeps at `now`.
pub fn run(
    store: &dyn Store,
    images: &dyn ImageStore,
    policy: RetentionPolicy,
    now: DateTime<Utc>,
) -> Result<RetentionReport, RetentionError> {
    let mut report = RetentionReport::default();
    let file_cutoff = system_time(now - policy.orphan_min_age);
    let decided_before = now - policy.keep_decided;
    loop {
        let purged = store.purge_personal_data(decided_before, now)?;
        report.submissions += purged.submissions;
        // Asked again just before removal: a new submission may have brought a photo back.
        let in_use = store.images_in_use(&purged.unreferenced_images)?;
        for sha in purged.unreferenced_images.iter().filter(|sha| !in_use.contains(sha)) {
            if images.remove_if_older(sha, file_cutoff)? {
                report.purged_images += 1;
            }
        }
        if purged.submissions < u64::from(PURGE_BATCH) {
            break;
        }
    }
    let candidates = images.stored_before(file_cutoff)?;
    for chunk in candidates.chunks(500) {
        let in_use = store.images_in_use(chunk)?;
        for sha in chunk.iter().filter(|sha| !in_use.contains(sha)) {
            if images.remove_if_older(sha, file_cutoff)? {
                report.orphan_images += 1;
            }
        }
    }
    Ok(report)
}
