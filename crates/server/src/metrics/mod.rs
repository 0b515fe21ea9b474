//! Prometheus metrics, served at `GET /metrics` in the text exposition format (hand-written: a
//! few counters and histograms do not need a library).
//!
//! **No authentication, aggregates only.** Scrapers rarely carry bearer tokens, and nothing here
//! concerns a person: counts per province and per outcome, latencies per route *template*
//! (`/api/v1/submissions/{id}`, never an id), and the outbox lag desktops report. So `/metrics`
//! answers anyone who can reach it; a deployment that wants it private sets
//! `server.metrics_listen` to an internal address (a second listener serving only `/metrics`)
//! and blocks `/metrics` at its reverse proxy.
//!
//! What is measured:
//! - `reviewdesk_queue_open{province}` and `reviewdesk_queue_due_soon{province}` (due within one
//!   working day: SLA risk), read from the store at scrape time;
//! - `reviewdesk_claims_total` (leases handed out) and `reviewdesk_decisions_total{outcome}`:
//!   counters, so `rate()` gives claims and decisions per second;
//! - `reviewdesk_http_request_duration_seconds{route,method}`: a histogram per route;
//! - the photo checks' queue: `reviewdesk_image_checks_queued` and
//!   `reviewdesk_image_checks_oldest_queued_seconds` (from the store at scrape time),
//!   `reviewdesk_image_checks_total{outcome}` (`done`, `failed`, `retried`, `lost`: a claim that
//!   expired before its outcome was recorded), `reviewdesk_image_check_duration_seconds` (one
//!   run of one submission's checks) and `reviewdesk_image_check_wait_seconds` (from intake to
//!   the recorded outcome);
//! - `reviewdesk_outbox_lag_seconds`: the age of the oldest decision waiting in a desktop's
//!   outbox, as it reports it in the `X-ReviewDesk-Outbox-Lag-Seconds` request header.
//!
//! Counters live in memory per process (each instance is scraped on its own); the queue gauges
//! come from the shared store.

pub mod exposition;
pub mod histogram;

use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};

use histogram::Histogram;

/// The request header a desktop reports its outbox lag in (seconds, a non-negative number).
pub use reviewdesk_domain::wire::OUTBOX_LAG_HEADER;

const LATENCY_BOUNDS: &[f64] = &[0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];
const IMAGE_CHECK_BOUNDS: &[f64] = &[0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0];
const IMAGE_CHECK_WAIT_BOUNDS: &[f64] =
    &[1.0, 5.0, 15.0, 30.0, 60.0, 300.0, 900.0, 3600.0, 14_400.0, 86_400.0];
const LAG_BOUNDS: &[f64] = &[1.0, 5.0, 15.0, 60.0, 300.0, 900.0, 3600.0, 14_400.0, 86_400.0];

#[derive(Debug)]
struct Counts {
    claims: u64,
    decisions: BTreeMap<&'static str, u64>,
    requests: BTreeMap<(String, String), Histogram>,
    image_checks: Histogram,
    image_check_outcomes: BTreeMap<&'static str, u64>,
    image_check_waits: Histogram,
    outbox_lag: Histogram,
}

/// The process's counters and histograms; shared by every request (in [`crate::http::AppState`]).
#[derive(Debug)]
pub struct Metrics {
    counts: Mutex<Counts>,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics {
            counts: Mutex::new(Counts {
                claims: 0,
                decisions: BTreeMap::new(),
                requests: BTreeMap::new(),
                image_checks: Histogram::new(IMAGE_CHECK_BOUNDS),
                image_check_outcomes: BTreeMap::new(),
                image_check_waits: Histogram::new(IMAGE_CHECK_WAIT_BOUNDS),
                outbox_lag: Histogram::new(LAG_BOUNDS),
            }),
        }
    }
}

impl Metrics {
    fn counts(&self) -> std::sync::MutexGuard<'_, Counts> {
        self.counts.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// `leases` submissions were leased by one claim.
    pub fn claimed(&self, leases: usize) {
        self.counts().claims += leases as u64;
    }

    /// A new decision (not a replay) with this outcome (`approve` or `reject`).
    pub fn decided(&self, outcome: &'static str) {
        *self.counts().decisions.entry(outcome).or_default() += 1;
    }

    /// One request to `route` (the template) took `seconds`.
    pub fn request(&self, route: &str, method: &str, seconds: f64) {
        self.counts()
            .requests
            .entry((route.to_owned(), method.to_owned()))
            .or_insert_with(|| Histogram::new(LATENCY_BOUNDS))
            .observe(seconds);
    }

    /// The photo checks of one submission took `seconds`.
    pub fn image_check(&self, seconds: f64) {
        self.counts().image_checks.observe(seconds);
    }

    /// A run of a submission's photo checks ended so (`done`, `failed`, `retried`, `lost`).
    pub fn image_check_outcome(&self, outcome: &'static str) {
        *self.counts().image_check_outcomes.entry(outcome).or_default() += 1;
    }

    /// A submission's checks were recorded `seconds` after intake queued them.
    pub fn image_check_wait(&self, seconds: f64) {
        self.counts().image_check_waits.observe(seconds);
    }

    /// A desktop reported its outbox lag.
    pub fn outbox_lag(&self, seconds: f64) {
        self.counts().outbox_lag.observe(seconds);
    }
}
