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
        let head_seq = verify_after(after, &after_hash, &events).map_err(CheckpointError::Broken)?;
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
