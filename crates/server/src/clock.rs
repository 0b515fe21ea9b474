//! Where the server reads the time: a [`Clock`] passed in, so tests can move time, and the
//! conversion to the calendar date in Beijing time that every rule uses.

use chrono::{DateTime, Utc};

pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> DateTime<Utc>;
}

/// The machine's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// The calendar date at an instant in Beijing time (UTC+8); the rule lives in the domain crate.
pub use reviewdesk_domain::calendar::china_date;
