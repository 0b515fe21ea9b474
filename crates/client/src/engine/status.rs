//! What the engine reports: [`Status`] (the always-visible line: online, outbox, conflicts, lease
//! expiry, last sync), [`Checkout`] (an offline batch), [`DecisionInput`] and [`Saved`].

use chrono::{DateTime, Utc};
use reviewdesk_domain::review::Outcome;
use serde::{Deserialize, Serialize};

use super::account::Account;
use crate::cache::Progress;

/// The account and its [`Progress`]; the progress's fields read through (`status.outbox_pending`).
/// Sent to the UI as it is: the account, then the progress's fields beside it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, specta::Type)]
pub struct Status {
    pub account: Option<Account>,
    /// A session token is held (sync can run).
    pub signed_in: bool,
    #[serde(flatten)]
    pub progress: Progress,
}

impl std::ops::Deref for Status {
    type Target = Progress;

    fn deref(&self) -> &Progress {
        &self.progress
    }
}

/// What the reviewer decided (the review screen sends it as it is).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, specta::Type)]
pub struct DecisionInput {
    pub outcome: Outcome,
    /// Reject-reason codes from the catalogue; empty for an approval.
    pub reasons: Vec<String>,
    /// The applicant-facing text of the `other` reason.
    pub other_text: Option<String>,
    /// A note for staff.
    pub note: Option<String>,
    /// An approval's findings the reviewer approved over (see `reviewdesk_domain::overrides`).
    #[serde(default)]
    pub overridden_findings: Vec<String>,
}

impl DecisionInput {
    pub fn approve() -> DecisionInput {
        DecisionInput {
            outcome: Outcome::Approve,
            reasons: Vec::new(),
            other_text: None,
            note: None,
            overridden_findings: Vec::new(),
        }
    }

    pub fn reject(reasons: &[&str]) -> DecisionInput {
        DecisionInput {
            outcome: Outcome::Reject,
            reasons: reasons.iter().map(|code| (*code).to_owned()).collect(),
            other_text: None,
            note: None,
            overridden_findings: Vec::new(),
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct Checkout {
    /// Submissions leased by this checkout.
    pub claimed: u32,
    /// Of those, fully downloaded (workable offline).
    pub ready: u32,
    /// When the batch's leases run out; `None` when the queue was empty.
    pub expires_at: Option<DateTime<Utc>>,
}
