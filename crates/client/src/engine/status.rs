//! What the engine reports: [`Status`] (the always-visible line: online, outbox, conflicts, lease
//! expiry, last sync), [`Checkout`] (an offline batch), [`DecisionInput`] and [`Saved`].

use chrono::{DateTime, Utc};
use reviewdesk_domain::review::Outcome;

use super::account::Account;
use crate::cache::LastError;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Status {
    pub account: Option<Account>,
    /// A session token is held (sync can run).
    pub signed_in: bool,
    /// `Some(true)` when the server last answered, `Some(false)` when it could not be reached.
    pub online: Option<bool>,
    /// Decisions saved here and not yet acknowledged by the server.
    pub outbox_pending: u32,
    /// When the outbox will next be tried.
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// Conflict and refused records waiting for the reviewer.
    pub conflicts: u32,
    /// Submissions ready to review from the cache.
    pub ready: u32,
    pub earliest_lease_expiry: Option<DateTime<Utc>>,
    pub last_sync: Option<DateTime<Utc>>,
    pub last_error: Option<LastError>,
    /// Decisions acknowledged by the server over this cache's life.
    pub acknowledged: u64,
}

/// What the reviewer decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionInput {
    pub outcome: Outcome,
    /// Reject-reason codes from the catalogue; empty for an approval.
    pub reasons: Vec<String>,
    /// The applicant-facing text of the `other` reason.
    pub other_text: Option<String>,
    /// A note for staff.
    pub note: Option<String>,
}

impl DecisionInput {
    pub fn approve() -> DecisionInput {
        DecisionInput {
            outcome: Outcome::Approve,
            reasons: Vec::new(),
            other_text: None,
            note: None,
        }
    }

    pub fn reject(reasons: &[&str]) -> DecisionInput {
        DecisionInput {
            outcome: Outcome::Reject,
            reasons: reasons.iter().map(|code| (*code).to_owned()).collect(),
            other_text: None,
            note: None,
        }
    }
}

/// A decision written to the outbox: durable, so the UI may say "saved".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    /// The client-made UUID v4, the server's idempotency key.
    pub decision_id: String,
    pub saved_at: DateTime<Utc>,
}

/// An offline batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkout {
    /// Submissions leased by this checkout.
    pub claimed: u32,
    /// Of those, fully downloaded (workable offline).
    pub ready: u32,
    /// When the batch's leases run out; `None` when the queue was empty.
    pub expires_at: Option<DateTime<Utc>>,
}
