//! Group commit for claims: the claims that callers of one store (one server instance) make at
//! the same time share one transaction and, per province, one claim statement
//! ([`queue::claim_together`]): one scan of the ready set for the whole group, one take and
//! hand-over of the audit chain's head (`audit_head`, locked by every audited transaction across
//! all instances), one commit. Batches are grouped too: one statement for several callers'
//! batches was measured faster than their statements side by side, and a second group running
//! beside the first gained nothing, both waiting on the head (BENCHMARKS.md, PostgreSQL claims).
//!
//! As in the SQLite store's writer: a caller queues its claim; when no group is running it leads
//! one itself, taking the claims queued by then (up to [`GROUP_ROWS`] rows wanted), and runs them
//! in one `synchronous_commit = off` transaction. Every caller is answered only after the shared
//! commit. A claim refused by the rules (before any statement) fails alone; a statement or the
//! commit failing fails every claim in the group (nothing of it was written), after the store's
//! usual retries of a deadlock or serialization failure.

use std::collections::{HashMap, VecDeque};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

use chrono::{DateTime, Duration, Utc};

use super::queue;
use super::{Mode, PgStore};
use crate::{Lease, StoreError, User};

/// Rows the claims of one group (one transaction) want together at most; a group always takes at
/// least one claim. Bounded by rows, not callers: a statement's cost follows the rows it claims,
/// so many one-row claims fit in one group (more callers, bigger groups: BENCHMARKS.md), while the
/// bound keeps any one group's statement, and its callers' wait, short.
const GROUP_ROWS: u32 = 1_000;

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

    /// Claims as [`crate::Store::claim`], in a group with concurrent callers' claims.
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
            let mut rows = 0;
            let take = state
                .queued
                .iter()
                .take_while(|request| {
                    rows += request.max;
                    rows <= GROUP_ROWS
                })
                .count()
                .max(1);
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

/// One transaction for the whole group, one claim statement for each province in it; one answer
/// per request, in order.
fn run_group(store: &PgStore, group: &[Request]) -> Vec<Result<Vec<Lease>, StoreError>> {
    let outcome = store.run(Mode::Relaxed, |tx| {
        let mut answers: Vec<Result<Vec<Lease>, StoreError>> = Vec::with_capacity(group.len());
        let mut by_province: Vec<(&str, Vec<(usize, queue::ClaimArgs<'_>)>)> = Vec::new();
        for (index, request) in group.iter().enumerate() {
            match queue::check_claim(&request.reviewer, request.max, request.lease_for, request.now)
            {
                Ok(args) => {
                    answers.push(Ok(Vec::new()));
                    match by_province.iter_mut().find(|(province, _)| *province == args.province())
                    {
                        Some((_, claims)) => claims.push((index, args)),
                        None => by_province.push((args.province(), vec![(index, args)])),
                    }
                }
                Err(refused) => answers.push(Err(refused)),
            }
        }
        for (_, claims) in &by_province {
            let callers: Vec<&queue::ClaimArgs<'_>> = claims.iter().map(|(_, args)| args).collect();
            let leases = queue::claim_together(tx, &callers)?;
            for ((index, _), got) in claims.iter().zip(leases) {
                answers[*index] = Ok(got);
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
