//! The work queue: claims lease open submissions, renewals extend a lease, releases give it back.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// `POST /api/v1/queue/claim`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimRequest {
    /// How many submissions to lease (1–100).
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 100))]
    pub max: u32,
    /// Lease length; default 900 (15 minutes), at most 28800 (8 hours).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 28800))]
    pub lease_seconds: Option<i64>,
}

/// `POST /api/v1/queue/renew`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RenewRequest {
    pub submission_id: String,
    pub lease_token: String,
    /// As in a claim: 1 to 28800.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 28800))]
    pub lease_seconds: Option<i64>,
}

/// `POST /api/v1/queue/release`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReleaseRequest {
    pub submission_id: String,
    pub lease_token: String,
}

/// What a claim hands out (possibly nothing: the queue is empty).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimResponse {
    pub leases: Vec<Lease>,
}

/// A lease handed to a reviewer by a claim or a renewal.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Lease {
    pub submission_id: String,
    pub lease_token: String,
    pub expires_at: DateTime<Utc>,
    /// `true` when this is the four-eyes second review of a last-attempt rejection.
    pub second_review: bool,
}

/// Who holds a submission and until when.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct LeaseInfo {
    pub username: String,
    pub expires_at: DateTime<Utc>,
}
