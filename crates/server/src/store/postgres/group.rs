//! Group commit for single-row claims: the claims of one row that callers of one store (one server instance) make at
//! the same time share one transaction, so the audit chain's head (`audit_head`, locked by every
//! audited transaction across all instances) is taken and handed on once per group instead of
//! once per claim. Under load that hand-over (a commit, a waiting backend woken and scheduled,
//! its statement re-checking the updated head) is what limits audited transactions, not the work
//! in them.
//!
//! As in the SQLite store's writer: a caller queues its claim; when no group is running it leads
//! one itself, taking every claim queued by then (up to [`MAX_GROUP`]), and runs them one after
//! the other in one `synchronous_commit = off` transaction, each its own statement with its own
//! audit events (the head is locked by the first and held to the commit; later claims in the group
//! see the earlier ones' leases, so no row is leased twice). Every caller is answered only after
//! the shared commit. A claim refused by the rules (before any statement) fails alone; a statement
//! or the commit failing fails every claim in the group (nothing of it was written), after the
//! store's usual retries of a deadlock or serialization failure.

use std::collections::{HashMap, VecDeque};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

use chrono::{DateTime, Duration, Utc};

use super::queue;
use super::{Mode, PgStore};
use crate::store::{Lease, StoreError, User};

/// Claims of at most this many rows are grouped; larger ones run in their own transaction.
pub(super) const GROUPED_UP_TO: u32 = 1;
/// Claims one group (one transaction) takes at most.
const MAX_GROUP: usize = 64;

struct Request {
    id: u64,
    reviewer: User,
    max: u32,
    lease_for: Duration,
    now: DateTime<Utc>,
}

#[derive(Default)]
struct State {
    next_id: u64,
    queued: VecDeque<Request>,
    answers: HashMap<u64, Result<Vec<Lease>, StoreError>>,
    leading: bool,
}

#[derive(Default)]
pub(super) struct ClaimGroups {
    state: Mutex<State>,
    changed: Condvar,
}

/// Clears `leading` and wakes the waiters even if the group's work panicked.
struct Leading<'g>(&'g ClaimGroups);

impl Drop for Leading<'_> {
    fn drop(&mut self) {
        self.0.lock().leading = false;
        self.0.changed.notify_all();
    }
}

impl ClaimGroups {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Claims as [`crate::store::Store::claim`], in a group with concurrent callers' claims.
    pub(super) fn claim(
        &self,
        store: &PgStore,
        reviewer: &User,
        max: u32,
        lease_for: Duration,
        now: DateTime<Utc>,
    ) -> Result<Vec<Lease>, StoreError> {
        // Refused by the rules: answered at once, never queued.
        queue::check_claim(reviewer, max, lease_for, now)?;
        let mut state = self.lock();
        let id = state.next_id;
        state.next_id += 1;
        state.queued.push_back(Request { id, reviewer: reviewer.clone(), max, lease_for, now });
        loop {
            if let Some(answer) = state.answers.remove(&id) {
                return answer;
            }
            if state.leading {
                state = self.changed.wait(state).unwrap_or_else(PoisonError::into_inner);
                continue;
            }
            state.leading = true;
            let take = state.queued.len().min(MAX_GROUP);
            let group: Vec<Request> = state.queued.drain(..take).collect();
            drop(state);
            let leading = Leading(self);
            let answers = run_group(store, &group);
            let mut answered = self.lock();
            for (request, answer) in group.iter().zip(answers) {
                answered.answers.insert(request.id, answer);
            }
            drop(answered);
            drop(leading);
            state = self.lock();
        }
    }
}

/// One transaction for the whole group; one answer per request, in order.
fn run_group(store: &PgStore, group: &[Request]) -> Vec<Result<Vec<Lease>, StoreError>> {
    let outcome = store.run(Mode::Relaxed, |tx| {
        let mut answers = Vec::with_capacity(group.len());
        for request in group {
            match queue::check_claim(&request.reviewer, request.max, request.lease_for, request.now)
            {
                Ok(args) => answers.push(Ok(queue::claim(tx, &args)?)),
                Err(refused) => answers.push(Err(refused)),
            }
        }
        Ok(answers)
    });
    match outcome {
        Ok(answers) => answers,
        Err(error) => group.iter().map(|_| Err(copy(&error))).collect(),
    }
}

/// The same failure for each caller of a failed group.
fn copy(error: &StoreError) -> StoreError {
    match error {
        StoreError::Backend { message } => StoreError::Backend { message: message.clone() },
        StoreError::Corrupt { detail } => StoreError::Corrupt { detail: detail.clone() },
        other => StoreError::Backend { message: other.to_string() },
    }
}
