//! The queue right now, for a supervisor (`GET /api/v1/supervision/queue`): how many open
//! submissions wait, are held, or wait for a second person; which are at risk (due within one
//! working day, or late) with who holds each and until when; and `POST
//! /api/v1/supervision/queue/{id}/release`, taking a stuck lease back (audited `lease_revoked`).
//! Case numbers and usernames only: nothing personal.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::decision::Stage;
use super::queue::LeaseInfo;

/// An open submission due within one working day, or late.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct AtRiskItem {
    pub submission_id: String,
    pub case_number: String,
    pub stage: Stage,
    pub due_date: NaiveDate,
    /// The due date rests on days no imported notice settles.
    pub due_provisional: bool,
    /// Past its due date already.
    pub late: bool,
    /// Who holds it and until when; `None` while it waits.
    pub lease: Option<LeaseInfo>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct QueueOverview {
    /// Today in Beijing.
    pub today: NaiveDate,
    /// Open items due on or before this date are at risk (today plus one working day).
    pub risk_until: NaiveDate,
    /// First-stage items nobody holds.
    pub waiting: u32,
    /// Items held under a live lease, either stage.
    pub leased: u32,
    /// Items waiting for a supervisor's second review.
    pub second_review: u32,
    /// Earliest due first; at most [`MAX_AT_RISK`].
    pub at_risk: Vec<AtRiskItem>,
}

/// Most at-risk items one overview lists.
pub const MAX_AT_RISK: usize = 200;

/// A lease taken back by a supervisor: whose it was and until when it would have run.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct RevokedLease {
    pub submission_id: String,
    pub case_number: String,
    pub holder: String,
    pub expires_at: DateTime<Utc>,
}
