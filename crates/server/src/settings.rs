//! The server's settings: limits on uploads, lease and session lengths, login throttling, photo
//! checks, retention, who takes first-stage work, and the HTTP connections' timeouts and number
//! ([`ConnectionLimits`]). Every field has the default the issue states; the configuration file
//! (read by the `reviewdesk-server` binary), its environment variables and `serve` flags override
//! them.

use chrono::Duration;
use reviewdesk_domain::face_calibration::CalibrationMinimums;

use crate::auth::ThrottleLimits;

/// "Under 190 KB" read as 190 KiB. Some deployments mean 190,000 bytes: a setting.
pub const DEFAULT_MAX_IMAGE_BYTES: usize = 194_560;

#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Largest accepted photo, in bytes.
    pub max_image_bytes: usize,
    /// Largest accepted width or height, in pixels (read from the JPEG header, never decoded).
    pub max_image_side: u32,
    /// Largest accepted width × height.
    pub max_image_pixels: u64,
    /// Lease length when a claim or renewal names none.
    pub default_lease: Duration,
    /// How long a login lasts.
    pub session_lifetime: Duration,
    /// Working days promised for an answer.
    pub due_working_days: u32,
    pub login_throttle: ThrottleLimits,
    /// Requests per caller (session, intake key, or address); `None`: unlimited.
    pub request_rate: Option<RateLimit>,
    /// Share (0 to 1) of each reviewer's first-stage approvals routed to supervisors' QA sample.
    pub qa_share_approved: f64,
    /// Share (0 to 1) of each reviewer's first-stage rejections routed to the QA sample.
    pub qa_share_rejected: f64,
    /// Variance of the Laplacian under which the photo checks call a photo blurred.
    pub blur_threshold: f64,
    /// How long after its decision a submission's personal data (declared identity, photos) is
    /// kept; the decision rows and the audit chain stay. See [`DEFAULT_RETENTION_DAYS`].
    pub retention: Duration,
    /// Load balancers and reverse proxies in front of the server: for a request from one of
    /// them, the client's address (login throttle, request rates, audit) is read from
    /// `X-Forwarded-For`; from anyone else that header is ignored. Empty: the peer's address.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Whether supervisors may claim and decide first-stage items like reviewers. Off: they
    /// audit the reviewers' decisions and make none (`reviewers_only`).
    pub supervisors_claim_first_stage: bool,
    /// Timeouts and the number of HTTP connections.
    pub connections: ConnectionLimits,
    /// The fewest same-person and different-person pairs a face-similarity calibration run
    /// needs before bands may be set from it (the domain's standard; tests of small fixture sets
    /// lower it, saying so). Not a configuration key: a province does not get to call thinner
    /// data enough.
    pub calibration_minimums: CalibrationMinimums,
}

/// Personal data of decided submissions is kept three years (1095 days) by default: long enough
/// for an applicant's administrative reconsideration and litigation windows (months) and for the
/// qualification's own audits of past review periods, and short enough that a breach exposes a
/// bounded history. A province with a different records schedule sets `retention.days`.
pub const DEFAULT_RETENTION_DAYS: i64 = 1095;

impl Default for Settings {
    fn default() -> Self {
        Settings {
            max_image_bytes: DEFAULT_MAX_IMAGE_BYTES,
            max_image_side: 8000,
            max_image_pixels: 40_000_000,
            default_lease: Duration::minutes(15),
            session_lifetime: Duration::hours(12),
            due_working_days: 7,
            login_throttle: ThrottleLimits::default(),
            request_rate: Some(RateLimit::default()),
            qa_share_approved: 0.05,
            qa_share_rejected: 0.10,
            blur_threshold: reviewdesk_imaging::CheckConfig::default().blur_threshold,
            retention: Duration::days(DEFAULT_RETENTION_DAYS),
            trusted_proxies: Vec::new(),
            supervisors_claim_first_stage: false,
            connections: ConnectionLimits::default(),
            calibration_minimums: CalibrationMinimums::STANDARD,
        }
    }
}

/// What a connection may take of the server: slow clients are cut off (a request's head and body
/// each have a deadline), idle ones closed, and at most `max_connections` are served at once
/// (further ones wait in the listen backlog until one ends).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// A request's head (request line and headers) must arrive whole within this long of its
    /// first byte; otherwise the connection is closed.
    pub header_timeout: std::time::Duration,
    /// A request's body must arrive whole within this long of its head; otherwise the request is
    /// answered 408 `request_timeout` and the connection closed. Bodies are at most a few hundred
    /// KB (three photos), so this is also a floor on the upload rate.
    pub body_timeout: std::time::Duration,
    /// A connection waiting for its next request (or its first) is closed after this long.
    pub idle_timeout: std::time::Duration,
    /// Connections served at once; each holds a file descriptor, so keep it under the process's
    /// open-file limit.
    pub max_connections: usize,
}

impl Default for ConnectionLimits {
    /// Generous for a reviewer's desktop on a slow provincial link (a 600 KB intake in a minute
    /// is 10 KB/s); short enough that a slowloris client holds a connection seconds, not hours.
    fn default() -> ConnectionLimits {
        ConnectionLimits {
            header_timeout: std::time::Duration::from_secs(10),
            body_timeout: std::time::Duration::from_secs(60),
            idle_timeout: std::time::Duration::from_secs(60),
            max_connections: 1024,
        }
    }
}

/// A sustained rate and the burst allowed above it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimit {
    pub per_second: f64,
    pub burst: f64,
}

impl Default for RateLimit {
    /// Far above what a reviewer's desktop sends (a claim, a decision and three photos every
    /// few seconds), far below a flood.
    fn default() -> RateLimit {
        RateLimit { per_second: 100.0, burst: 1000.0 }
    }
}
