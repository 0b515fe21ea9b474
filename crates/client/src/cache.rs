//! The local cache: one SQLite file per account holding the claimed submissions, their photos,
//! the outbox of decisions, conflict records and sync metadata, so the reviewer can keep working
//! offline and nothing decided is lost across restarts.
//!
//! Encrypted at rest: every personal value is sealed ([`seal`]) under the caller's key; only ids,
//! times, flags and counters are in clear. Opening with another key fails with
//! [`CacheError::WrongKey`]. Every write is one transaction with `synchronous = FULL`, so when a
//! method that records a decision returns, the decision is on disk.

mod apply;
mod conflicts;
mod error;
mod items;
mod meta;
mod migrate;
mod outbox;
mod recall;
mod records;
pub mod seal;
mod snapshot;
mod time;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, Utc};
use reviewdesk_domain::review::PhotoSide;
use reviewdesk_domain::wire::{NewDecision, SubmissionBody};
use rusqlite::Connection;

pub use error::CacheError;
pub use items::Standing;
pub use recall::{beijing_day, Recallable, Today};
pub use records::{
    ConflictKind, ConflictRecord, LastError, OwnDecision, Photos, Progress, Refusal, ReviewEntry,
    ReviewItem,
};
pub use seal::CacheKey;

use crate::sync::{CacheChange, LocalState};
use seal::Sealer;

pub struct Cache {
    conn: Connection,
    sealer: Sealer,
    path: PathBuf,
}

impl std::fmt::Debug for Cache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cache").field("path", &self.path).finish_non_exhaustive()
    }
}

impl Cache {
    /// Opens (or creates) the cache at `path` with `key`, applying pending migrations.
    pub fn open(path: &Path, key: &CacheKey, now: DateTime<Utc>) -> Result<Cache, CacheError> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let mut conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // Deleted personal data (sealed anyway) is overwritten, not left in free pages.
        conn.pragma_update(None, "secure_delete", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        migrate::migrate(&mut conn, now)?;
        let sealer = Sealer::new(key);
        meta::check_key(&conn, &sealer)?;
        Ok(Cache { conn, sealer, path: path.to_owned() })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The non-personal state the sync step plans from.
    pub fn local_state(&self, signed_in: bool) -> Result<LocalState, CacheError> {
        snapshot::local_state(&self.conn, signed_in)
    }

    /// When the oldest decision waiting in the outbox was queued.
    pub fn outbox_oldest(&self) -> Result<Option<DateTime<Utc>>, CacheError> {
        outbox::oldest(&self.conn)
    }

    /// Applies the changes of one answer, in one transaction.
    pub fn apply(&mut self, changes: &[CacheChange], now: DateTime<Utc>) -> Result<(), CacheError> {
        let tx = self.conn.transaction()?;
        for change in changes {
            apply::apply(&tx, &self.sealer, change, now)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Whether an item is cached, decided, and until when its lease runs.
    pub fn standing(&self, submission_id: &str) -> Result<Option<Standing>, CacheError> {
        items::standing(&self.conn, submission_id)
    }

    /// Writes a decision to the outbox and marks its item decided, in one transaction: once this
    /// returns, the decision is durable (`synchronous = FULL`). It waits `undo_window` before it
    /// is sent and may be recalled until then ([`Cache::recall_decision`]); a zero window sends
    /// it at the next sync and allows no recall.
    pub fn enqueue_decision(
        &mut self,
        decision: &NewDecision,
        now: DateTime<Utc>,
        undo_window: Duration,
    ) -> Result<(), CacheError> {
        let undo_until = (undo_window > Duration::zero()).then(|| now + undo_window);
        let tx = self.conn.transaction()?;
        outbox::enqueue(&tx, &self.sealer, decision, now, undo_until)?;
        items::mark_decided(&tx, &decision.submission_id)?;
        recall::record_made(&tx, &decision.id, decision.outcome, now)?;
        tx.commit()?;
        Ok(())
    }

    /// Recalls a decision whose undo window is open at `now`: it leaves the outbox (it never
    /// reaches the server) and its item is undecided again, in one transaction. Returns the
    /// submission, or `None` when the window closed (the decision may have been sent) or it is
    /// not queued.
    pub fn recall_decision(
        &mut self,
        decision_id: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<String>, CacheError> {
        let tx = self.conn.transaction()?;
        let submission = recall::recall(&tx, decision_id, now)?;
        tx.commit()?;
        Ok(submission)
    }

    /// Ends every open undo window: the decisions are final and due at once (signing out).
    pub fn close_undo_windows(&self, now: DateTime<Utc>) -> Result<(), CacheError> {
        recall::close_all_windows(&self.conn, now)
    }

    /// A queued decision about to be sent: its undo window is closed first (durably), so it can no
    /// longer be recalled once it may reach the server.
    pub fn outbox_decision_for_send(
        &self,
        decision_id: &str,
    ) -> Result<Option<NewDecision>, CacheError> {
        recall::close_window(&self.conn, decision_id)?;
        self.outbox_decision(decision_id)
    }

    pub fn lease_token(&self, submission_id: &str) -> Result<Option<String>, CacheError> {
        items::lease_token(&self.conn, &self.sealer, submission_id)
    }

    /// A queued decision, as it will be sent.
    pub fn outbox_decision(&self, decision_id: &str) -> Result<Option<NewDecision>, CacheError> {
        Ok(outbox::decision(&self.conn, &self.sealer, decision_id)?.map(|(decision, _)| decision))
    }

    /// The first undecided, fully downloaded item with a live lease, in claim order.
    pub fn next_ready(&self, now: DateTime<Utc>) -> Result<Option<ReviewItem>, CacheError> {
        for id in items::ready_ids(&self.conn, now)? {
            if let Some(item) = items::review_item(&self.conn, &self.sealer, &id)? {
                return Ok(Some(item));
            }
        }
        Ok(None)
    }

    /// Ids of the items ready to review (undecided, fully downloaded, lease live), in claim order.
    pub fn ready_ids(&self, now: DateTime<Utc>) -> Result<Vec<String>, CacheError> {
        items::ready_ids(&self.conn, now)
    }

    /// One cached item's lease and body, without photos.
    pub fn review_entry(&self, submission_id: &str) -> Result<Option<ReviewEntry>, CacheError> {
        items::review_entry(&self.conn, &self.sealer, submission_id)
    }

    /// A cached submission body, opened (photos not included).
    pub fn body(&self, submission_id: &str) -> Result<Option<SubmissionBody>, CacheError> {
        items::body(&self.conn, &self.sealer, submission_id)
    }

    /// One cached photo, opened.
    pub fn photo(
        &self,
        submission_id: &str,
        side: PhotoSide,
    ) -> Result<Option<Vec<u8>>, CacheError> {
        items::photo(&self.conn, &self.sealer, submission_id, side)
    }

    /// One cached item, if its submission and all three photos are cached.
    pub fn review_item(&self, submission_id: &str) -> Result<Option<ReviewItem>, CacheError> {
        items::review_item(&self.conn, &self.sealer, submission_id)
    }

    /// Undecided items with a live lease and their tokens.
    pub fn live_leases(&self, now: DateTime<Utc>) -> Result<Vec<(String, String)>, CacheError> {
        items::live_leases(&self.conn, &self.sealer, now, false)
    }

    /// Undecided items of the offline batch with a live lease and their tokens.
    pub fn offline_leases(&self, now: DateTime<Utc>) -> Result<Vec<(String, String)>, CacheError> {
        items::live_leases(&self.conn, &self.sealer, now, true)
    }

    pub fn conflicts(&self) -> Result<Vec<ConflictRecord>, CacheError> {
        conflicts::all(&self.conn, &self.sealer)
    }

    /// Removes a conflict record once the reviewer has seen it; `false` if there was none.
    pub fn dismiss_conflict(&mut self, decision_id: &str) -> Result<bool, CacheError> {
        conflicts::dismiss(&self.conn, decision_id)
    }

    /// Makes the next sync round ask the server for the calendar.
    pub fn calendar_check_due(&self) -> Result<(), CacheError> {
        meta::unset(&self.conn, meta::CALENDAR_CHECKED_AT)
    }

    /// The synced working-day calendar: its version and body; `None` before the first sync.
    pub fn calendar(
        &self,
    ) -> Result<Option<(i64, reviewdesk_domain::wire::calendar::CalendarBody)>, CacheError> {
        let version = meta::integer(&self.conn, meta::CALENDAR_VERSION)?;
        let body = meta::text(&self.conn, meta::CALENDAR_BODY)?;
        match (version, body) {
            (Some(version), Some(body)) => Ok(Some((version, serde_json::from_str(&body)?))),
            _ => Ok(None),
        }
    }

    pub fn progress(&self, now: DateTime<Utc>) -> Result<Progress, CacheError> {
        snapshot::progress(&self.conn, now)
    }

    /// Records a completed sync round.
    pub fn record_sync(&self, at: DateTime<Utc>) -> Result<(), CacheError> {
        meta::set_time(&self.conn, meta::LAST_SYNC_AT, at)
    }

    /// The retention rule: personal data claimed or detected before `cutoff` goes, except what an
    /// undelivered decision needs. Undecided items (and photos) are deleted; a decided item whose
    /// decision still waits in the outbox keeps its row (the outbox sends the decision alone) but
    /// loses its submission and photos; conflict records are deleted. The outbox is never touched:
    /// a saved decision is never dropped. Freed pages are zeroed (`secure_delete`). Returns how
    /// many items and conflict records were affected.
    pub fn purge_older_than(&mut self, cutoff: DateTime<Utc>) -> Result<usize, CacheError> {
        let cutoff = time::millis(cutoff);
        let tx = self.conn.transaction()?;
        let mut affected =
            tx.execute("DELETE FROM items WHERE claimed_at < ?1 AND decided = 0", [cutoff])?;
        affected += tx.execute(
            "DELETE FROM images WHERE submission_id IN
                 (SELECT submission_id FROM items WHERE claimed_at < ?1)",
            [cutoff],
        )?;
        affected += tx.execute(
            "UPDATE items SET body = NULL WHERE claimed_at < ?1 AND body IS NOT NULL",
            [cutoff],
        )?;
        affected += tx.execute("DELETE FROM conflicts WHERE detected_at < ?1", [cutoff])?;
        tx.execute("DELETE FROM decisions_made WHERE decided_at < ?1", [cutoff])?;
        tx.commit()?;
        Ok(affected)
    }

    /// Deletes everything (items, photos, outbox, conflicts, metadata) and compacts the file.
    pub fn purge_all(&mut self) -> Result<(), CacheError> {
        let tx = self.conn.transaction()?;
        tx.execute_batch(
            "DELETE FROM images; DELETE FROM items; DELETE FROM outbox; DELETE FROM conflicts;
             DELETE FROM decisions_made; DELETE FROM meta WHERE key <> 'key_check';",
        )?;
        tx.commit()?;
        self.conn.execute_batch("VACUUM; PRAGMA wal_checkpoint(TRUNCATE);")?;
        Ok(())
    }

    /// Closes the cache and deletes its files (the database, its WAL and shared-memory files).
    pub fn destroy(mut self) -> Result<(), CacheError> {
        self.purge_all()?;
        let path = self.path.clone();
        drop(self);
        for suffix in ["", "-wal", "-shm"] {
            let file = PathBuf::from(format!("{}{suffix}", path.display()));
            match std::fs::remove_file(&file) {
                Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
                    return Err(error.into())
                }
                _ => {}
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
