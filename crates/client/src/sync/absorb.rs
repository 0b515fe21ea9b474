//! [`absorb`]: how one [`Answer`] from the server changes the cache. Pure: the caller passes the
//! state the operation was planned from and the time; every rule is a unit test below.
//!
//! - Any answer at all means the server is reachable ([`CacheChange::Online`]); a request that got
//!   none backs the connection off, exponentially and capped, and counts against no decision.
//! - A 401 ends the session; nothing local is dropped (sign in again and the outbox carries on).
//! - A decision the server recorded, or recognised as a replay of the same id (200), is
//!   acknowledged: outbox entry, item and photos are purged. Counted once either way.
//! - `409 conflict` carrying the other decision becomes a conflict record with both decisions.
//!   Any other 4xx refusal of a decision (except 408 and 429) is final: kept as a refused record
//!   with the server's code and message. Everything else (5xx, 408, 429, unreadable answers) is
//!   retried after an exponential, capped delay.
//! - Every lease a claim hands out is stored with its token, replacing any lease held for the
//!   same submission (what was cached for it stays).
//! - A lease's expiry (claimed or renewed) is kept on the client's own clock: the answer's time
//!   plus the lease length, never the server's `expires_at`, which is on the server's clock and
//!   means nothing here when the two clocks are minutes apart (a client ahead by more than the
//!   lease length would otherwise drop every lease it claims, one behind would renew too late).
//! - A calendar answer is kept only when its version is newer than the one held (never back to
//!   an older one); any answer, or refusal, counts as a check (asked again after
//!   `calendar_check_every`).
//! - A renewal refused because the lease is gone, or a submission or photo that is not found,
//!   forgets the (undecided) item; `not_open` forgets it as closed.
//! - A refreshed body (photo checks not settled) is stored like any fetched one. A refresh the
//!   server refuses (404 included), or answers unreadably, changes nothing but the connection:
//!   the item and its body stay, the status line keeps its last error, and a later round asks
//!   again. One that gets no answer backs the connection off, as any request does.

use chrono::{DateTime, Utc};

use super::backoff::delay;
use super::operation::{Answer, CacheChange, ForgetReason, Operation};
use super::state::LocalState;
use crate::settings::Settings;
use crate::transport::TransportError;

pub fn absorb(
    state: &LocalState,
    answer: Answer,
    now: DateTime<Utc>,
    settings: &Settings,
) -> Vec<CacheChange> {
    match answer {
        Answer::Failed { operation, error } => failed(state, operation, error, now, settings),
        answered => {
            let mut changes = vec![CacheChange::Online];
            changes.extend(succeeded(state, answered, now));
            changes
        }
    }
}

/// When a lease of `lease_seconds` granted just now ends, on the client's clock.
fn local_expiry(now: DateTime<Utc>, lease_seconds: i64) -> DateTime<Utc> {
    now + chrono::Duration::seconds(lease_seconds)
}

fn succeeded(state: &LocalState, answer: Answer, now: DateTime<Utc>) -> Vec<CacheChange> {
    match answer {
        Answer::Claimed { leases, lease_seconds, offline } => leases
            .into_iter()
            .map(|mut lease| {
                lease.expires_at = local_expiry(now, lease_seconds);
                CacheChange::AddItem { lease, lease_seconds, offline }
            })
            .collect(),
        Answer::Renewed { lease, lease_seconds } => match state.item(&lease.submission_id) {
            Some(_) => vec![CacheChange::ExtendLease {
                submission_id: lease.submission_id,
                expires_at: local_expiry(now, lease_seconds),
                lease_seconds,
            }],
            None => Vec::new(),
        },
        Answer::Submission { body } => match state.item(&body.submission.id) {
            None => Vec::new(),
            Some(item) if !item.decided && !body.submission.status.is_open() => {
                vec![CacheChange::Forget {
                    submission_id: item.submission_id.clone(),
                    why: ForgetReason::NotOpen,
                }]
            }
            Some(_) => vec![CacheChange::StoreSubmission { body }],
        },
        Answer::Image { submission_id, side, bytes } => match state.item(&submission_id) {
            Some(_) => vec![CacheChange::StoreImage { submission_id, side, bytes }],
            None => Vec::new(),
        },
        Answer::Sent { decision_id, receipt } => {
            let submission_id = state.outbox_item(&decision_id).map_or_else(
                || receipt.decision.submission_id.clone(),
                |e| e.submission_id.clone(),
            );
            vec![CacheChange::Acknowledge {
                decision_id,
                submission_id,
                replayed: receipt.replayed,
            }]
        }
        Answer::Calendar { update } => {
            let mut changes = vec![CacheChange::CalendarChecked { at: now }];
            let version = i64::from(update.version);
            let newer = state.calendar.version.is_none_or(|held| version > held);
            if let Some(body) = update.calendar.filter(|_| newer) {
                changes.push(CacheChange::StoreCalendar { version, body: Box::new(body) });
            }
            changes
        }
        Answer::Failed { .. } => Vec::new(),
    }
}

fn failed(
    state: &LocalState,
    operation: Operation,
    error: TransportError,
    now: DateTime<Utc>,
    settings: &Settings,
) -> Vec<CacheChange> {
    let last_error = CacheChange::LastError {
        code: error.code().to_owned(),
        message: error.to_string(),
        at: now,
    };
    if error.is_offline() {
        let failures = state.connection.failures.saturating_add(1);
        let wait = delay(failures, settings.probe_base, settings.probe_cap);
        return vec![CacheChange::Offline { failures, next_probe_at: now + wait }, last_error];
    }
    let mut changes = vec![CacheChange::Online];
    if error.is_session_ended() {
        changes.extend([CacheChange::SessionEnded, last_error]);
        return changes;
    }
    match operation {
        Operation::Send { decision_id, submission_id } => {
            changes.push(decision_failed(state, decision_id, submission_id, &error, now, settings));
        }
        Operation::Renew { submission_id, .. } => {
            let why = match &error {
                TransportError::Refused { status: 409, body } if body.code == "not_open" => {
                    Some(ForgetReason::NotOpen)
                }
                TransportError::Refused { status: 404 | 409, .. } => Some(ForgetReason::LeaseLost),
                _ => None,
            };
            changes.extend(forget_undecided(state, submission_id, why));
        }
        Operation::FetchSubmission { submission_id }
        | Operation::FetchImage { submission_id, .. } => {
            let why = matches!(error, TransportError::Refused { status: 404, .. })
                .then_some(ForgetReason::LeaseLost);
            changes.extend(forget_undecided(state, submission_id, why));
        }
        // Best effort: what is held stays as it is, and nothing is reported.
        Operation::RefreshSubmission { .. } => return changes,
        Operation::SyncCalendar { .. } => changes.push(CacheChange::CalendarChecked { at: now }),
        Operation::Claim { .. } | Operation::Forget { .. } => {}
    }
    changes.push(last_error);
    changes
}

fn forget_undecided(
    state: &LocalState,
    submission_id: String,
    why: Option<ForgetReason>,
) -> Option<CacheChange> {
    let why = why?;
    let item = state.item(&submission_id)?;
    (!item.decided).then_some(CacheChange::Forget { submission_id, why })
}

fn decision_failed(
    state: &LocalState,
    decision_id: String,
    submission_id: String,
    error: &TransportError,
    now: DateTime<Utc>,
    settings: &Settings,
) -> CacheChange {
    match error {
        TransportError::Refused { status: 409, body } if body.code == "conflict" => {
            match &body.decision {
                Some(theirs) => CacheChange::Conflict {
                    decision_id,
                    submission_id,
                    theirs: Box::new(theirs.clone()),
                },
                None => CacheChange::Refuse {
                    decision_id,
                    submission_id,
                    code: body.code.clone(),
                    message: body.message.clone(),
                },
            }
        }
        TransportError::Refused { status, body }
            if (400..500).contains(status) && *status != 408 && *status != 429 =>
        {
            CacheChange::Refuse {
                decision_id,
                submission_id,
                code: body.code.clone(),
                message: body.message.clone(),
            }
        }
        _ => {
            let attempts =
                state.outbox_item(&decision_id).map_or(0, |entry| entry.attempts).saturating_add(1);
            let wait = delay(attempts, settings.retry_base, settings.retry_cap);
            CacheChange::Retry { decision_id, attempts, next_attempt_at: now + wait }
        }
    }
}

#[cfg(test)]
mod tests;
