//! [`Clock`]: where the server and the desktop read the time, passed in so tests can move it
//! (leases, sessions, due dates, backoff). [`SystemClock`] is the only place in the domain that
//! reads the machine's clock (`tests/tidy.rs` checks); every rule here takes `now` as a value.

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
