//! The sync step's vocabulary: [`Operation`] (what to do next), [`Answer`] (what doing it gave),
//! and [`CacheChange`] (how the cache must change as a result). Plain data: operations name ids,
//! never secrets; the engine looks lease tokens and decisions up in the cache when it runs them.

use chrono::{DateTime, Utc};
use reviewdesk_domain::review::PhotoSide;
use reviewdesk_domain::wire::calendar::{CalendarBody, CalendarUpdate};
use reviewdesk_domain::wire::{Decision, DecisionReceipt, Lease, SubmissionBody};

use crate::transport::TransportError;

/// One thing the engine should do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Operation {
    /// Local only: drop a claimed item and its photos.
    Forget { submission_id: String, why: ForgetReason },
    /// Deliver an outbox decision.
    Send { decision_id: String, submission_id: String },
    /// Extend a lease before it runs out.
    Renew { submission_id: String, lease_seconds: i64 },
    /// Lease more submissions.
    Claim { count: u32, lease_seconds: i64 },
    /// Download a claimed submission's identity and findings.
    FetchSubmission { submission_id: String },
    /// Ask again for a held submission whose photo checks are not settled: its findings may have
    /// come. The body only, never the photos; a failure changes nothing held.
    RefreshSubmission { submission_id: String },
    /// Download one photo.
    FetchImage { submission_id: String, side: PhotoSide },
    /// Ask for the working-day calendar, sending the version held.
    SyncCalendar { known_version: Option<i64> },
}

impl Operation {
    /// Whether running it needs the server.
    pub fn is_network(&self) -> bool {
        !matches!(self, Operation::Forget { .. })
    }
}

/// Why an item leaves the cache without a decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ForgetReason {
    /// Its lease ran out before the reviewer decided: the server has re-queued it.
    LeaseExpired,
    /// The server says the lease is no longer this reviewer's (or the item is gone or closed).
    LeaseLost,
    /// The server says the submission is no longer open.
    NotOpen,
}

/// What running a network [`Operation`] gave.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    Claimed {
        leases: Vec<Lease>,
        lease_seconds: i64,
        offline: bool,
    },
    Renewed {
        lease: Lease,
        lease_seconds: i64,
    },
    Submission {
        body: Box<SubmissionBody>,
    },
    Image {
        submission_id: String,
        side: PhotoSide,
        bytes: Vec<u8>,
    },
    /// The server recorded the decision (201) or recognised a replay (200).
    Sent {
        decision_id: String,
        receipt: Box<DecisionReceipt>,
    },
    Calendar {
        update: Box<CalendarUpdate>,
    },
    Failed {
        operation: Operation,
        error: TransportError,
    },
}

/// One change to the cache. The engine applies all changes of one answer in one transaction.
#[derive(Debug, Clone, PartialEq)]
pub enum CacheChange {
    AddItem {
        lease: Lease,
        lease_seconds: i64,
        offline: bool,
    },
    ExtendLease {
        submission_id: String,
        expires_at: DateTime<Utc>,
        lease_seconds: i64,
    },
    StoreSubmission {
        body: Box<SubmissionBody>,
    },
    StoreImage {
        submission_id: String,
        side: PhotoSide,
        bytes: Vec<u8>,
    },
    Forget {
        submission_id: String,
        why: ForgetReason,
    },
    /// The server holds the decision: purge the outbox entry, the item and its photos.
    Acknowledge {
        decision_id: String,
        submission_id: String,
        replayed: bool,
    },
    /// Someone else decided first: keep both decisions as a conflict record.
    Conflict {
        decision_id: String,
        submission_id: String,
        theirs: Box<Decision>,
    },
    /// The server refused the decision for good (not a conflict): keep it with the refusal.
    Refuse {
        decision_id: String,
        submission_id: String,
        code: String,
        message: String,
    },
    /// A delivery failed in a way worth retrying: try again at `next_attempt_at`.
    Retry {
        decision_id: String,
        attempts: u32,
        next_attempt_at: DateTime<Utc>,
    },
    /// A newer working-day calendar: keep it (never an older one).
    StoreCalendar {
        version: i64,
        body: Box<CalendarBody>,
    },
    /// The calendar was checked now (whatever the answer): not again before the interval.
    CalendarChecked {
        at: DateTime<Utc>,
    },
    /// The server answered: it is reachable.
    Online,
    /// The server could not be reached: no contact before `next_probe_at`.
    Offline {
        failures: u32,
        next_probe_at: DateTime<Utc>,
    },
    /// The server no longer accepts the session: sign in again (nothing local is lost).
    SessionEnded,
    /// For the status line: the latest failure.
    LastError {
        code: String,
        message: String,
        at: DateTime<Utc>,
    },
}
