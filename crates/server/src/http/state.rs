//! [`AppState`]: what every handler shares: the store, the image store, the settings, the clock,
//! the password hasher, the login throttle, the request rates, the background photo checks and
//! the metrics.

use std::sync::Arc;

use crate::auth::{AuthError, LoginThrottle, Passwords};
use crate::calendar_cache::DeploymentCalendar;
use crate::clock::{Clock, SystemClock};
use crate::image_checks::{CheckWorkers, ImageChecks};
use crate::images::ImageStore;
use crate::metrics::Metrics;
use crate::settings::Settings;
use crate::store::Store;

use super::rate_limit::RateLimits;

#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub images: Arc<dyn ImageStore>,
    pub settings: Arc<Settings>,
    pub clock: Arc<dyn Clock>,
    pub passwords: Arc<Passwords>,
    pub throttle: Arc<LoginThrottle>,
    /// The background photo checks on the store's queue; `None`: this instance runs none
    /// (another may).
    pub image_checks: Option<Arc<ImageChecks>>,
    /// Per-caller request rates (`Settings::request_rate`); `None`: unlimited.
    pub rate_limits: Option<Arc<RateLimits>>,
    /// Counters and histograms served at `/metrics`.
    pub metrics: Arc<Metrics>,
    /// The deployment's working-day calendar (the store's, re-read when its version changes).
    pub calendar: Arc<DeploymentCalendar>,
}

impl AppState {
    pub fn new(
        store: Arc<dyn Store>,
        images: impl ImageStore,
        settings: Settings,
        clock: Arc<dyn Clock>,
        passwords: Passwords,
    ) -> AppState {
        let throttle = LoginThrottle::new(settings.login_throttle);
        let rate_limits = settings.request_rate.map(|limit| Arc::new(RateLimits::new(limit)));
        AppState {
            calendar: Arc::new(DeploymentCalendar::default()),
            store,
            images: Arc::new(images),
            settings: Arc::new(settings),
            clock,
            passwords: Arc::new(passwords),
            throttle: Arc::new(throttle),
            image_checks: None,
            rate_limits,
            metrics: Arc::new(Metrics::default()),
        }
    }

    /// The same state with the background photo checks started: `workers` threads, each with
    /// its own OCR engine, resuming whatever work the store holds.
    pub fn with_image_checks(mut self, workers: CheckWorkers) -> AppState {
        let config = crate::image_checks::check_config(&self.settings);
        self.image_checks = Some(Arc::new(ImageChecks::start(
            Arc::clone(&self.store),
            Arc::clone(&self.images),
            Arc::clone(&self.clock),
            config,
            workers,
            Arc::clone(&self.metrics),
        )));
        self
    }

    /// The state `reviewdesk-server serve` runs with: the system clock and the recommended
    /// Argon2id cost. Benchmarks use it too, so they measure what production runs.
    pub fn production(
        store: Arc<dyn Store>,
        images: impl ImageStore,
        settings: Settings,
    ) -> Result<AppState, AuthError> {
        Ok(AppState::new(store, images, settings, Arc::new(SystemClock), Passwords::recommended()?))
    }
}
