//! [`Checkpointer`]: signs the audit chain's head with the server's key and records the checkpoint
//! in the store — when [`CheckpointPolicy::every_events`] events have been appended since its last
//! checkpoint, or when the head moved and [`CheckpointPolicy::every`] has passed, whichever comes
//! first, and at start and stop when the head moved at all ([`Checkpointer::checkpoint_if_due`]).
//!
//! It signs only what it checked: the events since its own last checkpoint must link onto that
//! checkpoint's event, which must still be there with the signed hash. A chain that was cut or
//! recomputed meanwhile is reported (logged as an error by the caller) and never signed, so a
//! tampered chain does not get a fresh checkpoint of its own.

use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, Duration, Utc};
use reviewdesk_domain::audit::{verify_after, BrokenLink, GENESIS};
use reviewdesk_domain::audit_checkpoint::AuditCheckpoint;

use super::verification::{check_signature, CheckpointProblem};
use super::AuditSigningKey;
use crate::store::text_values::{parse_timestamp, timestamp};
use crate::store::{Store, StoreError};

/// When checkpoints are made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckpointPolicy {
    /// Events appended since the last checkpoint that make a new one due at once.
    pub every_events: u64,
    /// Time since the last checkpoint after which any new event makes one due.
    pub every: Duration,
}

impl Default for CheckpointPolicy {
    /// Every 100 events or 10 minutes, whichever comes first.
    fn default() -> CheckpointPolicy {
        CheckpointPolicy { every_events: 100, every: Duration::minutes(10) }
    }
}

/// How often a running server looks at the chain's head (one indexed read of the events since
/// the last checkpoint).
pub const POLL: std::time::Duration = std::time::Duration::from_secs(15);

#[derive(Debug, thiserror::Error)]
pub enum CheckpointError {
    #[error("store: {0}")]
    Store(#[from] StoreError),
    #[error("the audit chain after the last checkpoint does not verify: {0}")]
    Broken(BrokenLink),
    #[error(
        "event {seq}, covered by this server's checkpoint signed at {at}, is gone: the audit chain \
         was cut short"
    )]
    Cut { seq: u64, at: String },
    #[error(
        "event {seq} no longer has the hash this server's checkpoint signed at {at} holds: the \
         audit chain was recomputed"
    )]
    Rewritten { seq: u64, at: String },
    #[error("this server's last recorded checkpoint cannot be believed: {0}")]
    Forged(CheckpointProblem),
}

/// The last checkpoint this server's key made, and when.
#[derive(Debug, Clone)]
struct Last {
    checkpoint: AuditCheckpoint,
    at: DateTime<Utc>,
}

pub struct Checkpointer {
    store: Arc<dyn Store>,
    key: AuditSigningKey,
    policy: CheckpointPolicy,
    last: Mutex<Option<Last>>,
}

impl Checkpointer {
    /// A checkpointer continuing from the latest checkpoint the store holds under `key` (its
    /// signature checked).
    pub fn new(
        store: Arc<dyn Store>,
        key: AuditSigningKey,
        policy: CheckpointPolicy,
    ) -> Result<Checkpointer, CheckpointError> {
        let own = key.public_key_hex();
        let latest = store.audit_checkpoints()?.into_iter().rev().find(|c| c.public_key == own);
        let last = match latest {
            Some(checkpoint) => {
                check_signature(&checkpoint, &[key.verifying_key()])
                    .map_err(CheckpointError::Forged)?;
                // An unreadable time only makes the next checkpoint due sooner.
                let at = parse_timestamp(&checkpoint.at).unwrap_or(DateTime::<Utc>::MIN_UTC);
                Some(Last { checkpoint, at })
            }
            None => None,
        };
        Ok(Checkpointer { store, key, policy, last: Mutex::new(last) })
    }

    /// The public key this checkpointer signs with (hex).
    pub fn public_key_hex(&self) -> String {
        self.key.public_key_hex()
    }

    /// Signs and records the head when a checkpoint is due at `now` (`on_start_or_stop`: whenever
    /// the head moved since the last one). The new checkpoint, or `None` when none was due.
    pub fn checkpoint_if_due(
        &self,
        now: DateTime<Utc>,
        on_start_or_stop: bool,
    ) -> Result<Option<AuditCheckpoint>, CheckpointError> {
        let mut last = self.last.lock().unwrap_or_else(PoisonError::into_inner);
        let (after, after_hash) = match last.as_ref() {
            Some(last) => (last.checkpoint.seq, last.checkpoint.hash.clone()),
            None => (0, GENESIS.to_owned()),
        };
        // From the checkpoint's own event on: it must still be there, with the signed hash.
        let mut events = self.store.audit_chain_after(after.saturating_sub(1))?;
        if after > 0 {
            let anchor = events.first().filter(|first| first.entry.seq == after);
            let at = last.as_ref().map(|l| l.checkpoint.at.clone()).unwrap_or_default();
            match anchor {
                None => return Err(CheckpointError::Cut { seq: after, at }),
                Some(first) if first.hash != after_hash => {
                    return Err(CheckpointError::Rewritten { seq: after, at })
                }
                Some(_) => {
                    events.remove(0);
                }
            }
        }
        let Some(head) = events.last() else {
            return Ok(None);
        };
        let moved = head.entry.seq.saturating_sub(after);
        let due = on_start_or_stop
            || last.is_none()
            || moved >= self.policy.every_events
            || last.as_ref().is_some_and(|l| now - l.at >= self.policy.every);
        if !due {
            return Ok(None);
        }
        let head_seq =
            verify_after(after, &after_hash, &events).map_err(CheckpointError::Broken)?;
        let checkpoint = self.key.sign(head_seq, &head.hash, &timestamp(now));
        self.store.record_audit_checkpoint(&checkpoint)?;
        *last = Some(Last { checkpoint: checkpoint.clone(), at: now });
        Ok(Some(checkpoint))
    }

    /// [`Checkpointer::checkpoint_if_due`] at the current time, errors logged.
    pub fn checkpoint_now(&self, on_start_or_stop: bool) {
        match self.checkpoint_if_due(Utc::now(), on_start_or_stop) {
            Ok(Some(checkpoint)) => {
                tracing::info!(seq = checkpoint.seq, "audit checkpoint signed");
            }
            Ok(None) => {}
            Err(error) => tracing::error!(%error, "audit checkpoint not made"),
        }
    }
}

/// Looks at the head every [`POLL`] on the blocking pool and signs it when due; runs until
/// aborted. The caller makes the start and stop checkpoints.
pub async fn run(checkpointer: Arc<Checkpointer>) {
    let mut ticks = tokio::time::interval(POLL);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    ticks.tick().await;
    loop {
        ticks.tick().await;
        let checkpointer = Arc::clone(&checkpointer);
        if let Err(error) =
            tokio::task::spawn_blocking(move || checkpointer.checkpoint_now(false)).await
        {
            tracing::error!(%error, "audit checkpoint panicked");
        }
    }
}

/// What a starting server does (blocking): reads or creates the signing key at `key_file`,
/// continues from its last checkpoint, and signs the head if it moved since. The message names
/// the key file or the checkpoint that stopped it.
pub fn start(
    store: Arc<dyn Store>,
    key_file: &std::path::Path,
    policy: CheckpointPolicy,
) -> Result<Arc<Checkpointer>, String> {
    let key = AuditSigningKey::load_or_create(key_file).map_err(|e| e.to_string())?;
    let checkpointer = Checkpointer::new(store, key, policy).map_err(|e| e.to_string())?;
    checkpointer.checkpoint_now(true);
    Ok(Arc::new(checkpointer))
}

#[cfg(test)]
mod tests {
    use reviewdesk_domain::audit::AuditAction;

    use super::*;
    use crate::store::sqlite::SqliteStore;
    use crate::store::AuditNote;

    fn at(minute: i64) -> DateTime<Utc> {
        chrono::TimeZone::with_ymd_and_hms(&Utc, 2026, 3, 2, 2, 0, 0).unwrap()
            + Duration::minutes(minute)
    }

    struct Setup {
        dir: tempfile::TempDir,
        store: Arc<dyn Store>,
        appended: std::sync::atomic::AtomicUsize,
    }

    impl Setup {
        fn new() -> Setup {
            let dir = tempfile::tempdir().unwrap();
            let store = Arc::new(SqliteStore::open(&dir.path().join("reviewdesk.db")).unwrap());
            Setup { dir, store, appended: std::sync::atomic::AtomicUsize::new(0) }
        }

        fn checkpointer(&self, every_events: u64) -> Checkpointer {
            let key = AuditSigningKey::load_or_create(&self.dir.path().join("k")).unwrap();
            let policy = CheckpointPolicy { every_events, every: Duration::minutes(10) };
            Checkpointer::new(Arc::clone(&self.store), key, policy).unwrap()
        }

        fn events(&self, n: usize) {
            for _ in 0..n {
                // Each event differs from every other, so one appended again is not the same.
                let number = self.appended.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let note = AuditNote {
                    actor: "alice",
                    action: AuditAction::Login,
                    subject: None,
                    detail: serde_json::json!({ "n": number }),
                };
                self.store.audit(&note, at(0)).unwrap();
            }
        }

        fn raw(&self, sql: &str) {
            let conn = rusqlite::Connection::open(self.dir.path().join("reviewdesk.db")).unwrap();
            conn.execute_batch(sql).unwrap();
        }
    }

    fn seq(made: Option<AuditCheckpoint>) -> Option<u64> {
        made.map(|checkpoint| checkpoint.seq)
    }

    #[test]
    fn a_checkpoint_is_due_after_enough_events_or_enough_time_and_at_start_and_stop() {
        let setup = Setup::new();
        let checkpointer = setup.checkpointer(3);
        assert_eq!(seq(checkpointer.checkpoint_if_due(at(0), true).unwrap()), None, "empty");
        setup.events(1);
        assert_eq!(seq(checkpointer.checkpoint_if_due(at(0), false).unwrap()), Some(1), "first");
        setup.events(2);
        assert_eq!(seq(checkpointer.checkpoint_if_due(at(1), false).unwrap()), None);
        setup.events(1);
        assert_eq!(seq(checkpointer.checkpoint_if_due(at(1), false).unwrap()), Some(4), "3 events");
        setup.events(1);
        assert_eq!(seq(checkpointer.checkpoint_if_due(at(10), false).unwrap()), None);
        assert_eq!(seq(checkpointer.checkpoint_if_due(at(11), false).unwrap()), Some(5), "10 min");
        assert_eq!(seq(checkpointer.checkpoint_if_due(at(30), false).unwrap()), None, "no move");
        assert_eq!(seq(checkpointer.checkpoint_if_due(at(30), true).unwrap()), None, "no move");
        setup.events(1);
        assert_eq!(seq(checkpointer.checkpoint_if_due(at(30), true).unwrap()), Some(6), "stop");

        // A new process continues from the last checkpoint of its key.
        let again = setup.checkpointer(3);
        assert_eq!(seq(again.checkpoint_if_due(at(31), true).unwrap()), None);
        let recorded: Vec<u64> =
            setup.store.audit_checkpoints().unwrap().iter().map(|c| c.seq).collect();
        assert_eq!(recorded, [1, 4, 5, 6]);
    }

    #[test]
    fn a_cut_or_recomputed_chain_is_never_signed() {
        let setup = Setup::new();
        let checkpointer = setup.checkpointer(1);
        setup.events(4);
        assert_eq!(seq(checkpointer.checkpoint_if_due(at(0), true).unwrap()), Some(4));
        setup.raw("DROP TRIGGER audit_is_append_only_delete; DELETE FROM audit WHERE seq > 2;");
        setup.events(3);
        let refused = checkpointer.checkpoint_if_due(at(1), true).unwrap_err();
        assert!(matches!(refused, CheckpointError::Rewritten { seq: 4, .. }), "{refused}");
        setup.raw("DELETE FROM audit WHERE seq > 3;");
        let refused = checkpointer.checkpoint_if_due(at(1), true).unwrap_err();
        assert!(matches!(refused, CheckpointError::Cut { seq: 4, .. }), "{refused}");
        assert_eq!(setup.store.audit_checkpoints().unwrap().len(), 1, "nothing more signed");
    }

    #[test]
    fn a_forged_checkpoint_under_the_servers_key_stops_it() {
        let setup = Setup::new();
        setup.events(2);
        let checkpointer = setup.checkpointer(1);
        let made = checkpointer.checkpoint_if_due(at(0), true).unwrap().unwrap();
        setup.raw(&format!(
            "INSERT INTO audit_checkpoints (seq, hash, at, public_key, signature)
             VALUES (2, '{}', '2026-03-02T03:00:00.000Z', '{}', '{}')",
            made.hash, made.public_key, made.signature
        ));
        let key = AuditSigningKey::load(&setup.dir.path().join("k")).unwrap();
        let refused = Checkpointer::new(Arc::clone(&setup.store), key, CheckpointPolicy::default());
        assert!(matches!(refused, Err(CheckpointError::Forged(_))));
    }
}
