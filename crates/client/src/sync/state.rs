//! What the sync step reads: [`LocalState`], the non-personal facts of the cache (ids, lease
//! times, flags, outbox progress, connection health). No names, numbers or photos ever enter it.

use chrono::{DateTime, Utc};
use reviewdesk_domain::review::PhotoSide;

/// A snapshot of the cache, as the pure sync step sees it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LocalState {
    /// Whether a session token is held (no network operation is planned without one).
    pub signed_in: bool,
    /// Claimed submissions, in claim order.
    pub items: Vec<ItemState>,
    /// Outbox decisions still to be delivered, oldest first.
    pub outbox: Vec<OutboxState>,
    pub connection: Connection,
    pub calendar: CalendarState,
}

impl LocalState {
    pub fn item(&self, submission_id: &str) -> Option<&ItemState> {
        self.items.iter().find(|item| item.submission_id == submission_id)
    }

    pub fn outbox_item(&self, decision_id: &str) -> Option<&OutboxState> {
        self.outbox.iter().find(|entry| entry.decision_id == decision_id)
    }
}

/// One claimed submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemState {
    pub submission_id: String,
    pub lease_expires_at: DateTime<Utc>,
    /// The length its lease was claimed for; renewals ask for the same.
    pub lease_seconds: i64,
    /// Checked out for offline work (a long lease).
    pub offline: bool,
    /// The submission (identity, findings) is cached.
    pub has_body: bool,
    /// Photos not cached yet.
    pub missing_images: Vec<PhotoSide>,
    /// A decision for it is in the outbox (or was refused or conflicted).
    pub decided: bool,
    /// The calendar version its body was fetched under (its due date was computed with).
    pub body_calendar_version: Option<i64>,
    /// The cached body says its photo checks are settled (done, or given up after repeated
    /// failures): its findings will not change.
    pub checks_settled: bool,
    /// When the cached body was fetched; `None` before the first, or for a body cached by a
    /// version that did not record it.
    pub body_fetched_at: Option<DateTime<Utc>>,
}

impl ItemState {
    /// Undecided, with a lease that has not run out: work the reviewer can still do.
    pub fn is_live(&self, now: DateTime<Utc>) -> bool {
        !self.decided && self.lease_expires_at > now
    }

    /// Body and all three photos are cached.
    pub fn is_complete(&self) -> bool {
        self.has_body && self.missing_images.is_empty()
    }
}

/// One decision waiting in the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxState {
    pub decision_id: String,
    pub submission_id: String,
    /// Failed deliveries so far (the server answered, with an error worth retrying).
    pub attempts: u32,
    /// Not sent before this time.
    pub next_attempt_at: DateTime<Utc>,
}

/// The working-day calendar synced from the server (no personal data).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CalendarState {
    /// The version held; `None` before the first sync (the bundled calendar is used meanwhile).
    pub version: Option<i64>,
    /// When the server was last asked (whatever it answered).
    pub checked_at: Option<DateTime<Utc>>,
}

/// What the client knows about reaching the server.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Connection {
    /// `Some(true)` after an answer, `Some(false)` after a network failure, `None` before either.
    pub online: Option<bool>,
    /// Network failures in a row.
    pub failures: u32,
    /// After a network failure: no contact before this time.
    pub next_probe_at: Option<DateTime<Utc>>,
}
