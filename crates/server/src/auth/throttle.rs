//! Failed-login throttling, per username and per client address, over a sliding window.
//!
//! Kept in memory, not in the store, on purpose: the state matters for minutes only; a flood of
//! failed logins must not turn into a flood of durable writes (each failure is audited once,
//! which is enough for the record); and a restart needs the operator, who is not the attacker.
//! With several server processes each keeps its own count, which loosens the limit by that
//! factor at most. Memory stays bounded: old failures are pruned on every check, and keys with
//! no recent failure are dropped.

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, PoisonError};

use chrono::{DateTime, Duration, Utc};

/// How many failures are allowed within the window before logins are refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottleLimits {
    pub per_username: usize,
    pub per_address: usize,
    pub window: Duration,
}

impl Default for ThrottleLimits {
    fn default() -> Self {
        ThrottleLimits { per_username: 5, per_address: 20, window: Duration::minutes(15) }
    }
}

/// Failure times per key, oldest first.
type Failures = HashMap<String, VecDeque<DateTime<Utc>>>;

/// Keys kept before a full sweep of stale entries.
const SWEEP_ABOVE_KEYS: usize = 10_000;

#[derive(Debug, Default)]
struct Counts {
    by_username: Failures,
    by_address: Failures,
}

#[derive(Debug, Default)]
pub struct LoginThrottle {
    limits: ThrottleLimits,
    counts: Mutex<Counts>,
}

fn prune(failures: &mut VecDeque<DateTime<Utc>>, since: DateTime<Utc>) {
    while failures.front().is_some_and(|at| *at <= since) {
        failures.pop_front();
    }
}

/// When `key` may try again, if it is over `limit` now.
fn blocked_until(
    map: &mut Failures,
    key: &str,
    limit: usize,
    window: Duration,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    let failures = map.get_mut(key)?;
    prune(failures, now - window);
    if failures.is_empty() {
        map.remove(key);
        return None;
    }
    // The (len - limit)-th oldest failure must leave the window before one more try is allowed.
    let over = failures.len().checked_sub(limit)?;
    failures.get(over).map(|at| *at + window)
}

fn sweep(map: &mut Failures, since: DateTime<Utc>) {
    if map.len() > SWEEP_ABOVE_KEYS {
        map.retain(|_, failures| {
            prune(failures, since);
            !failures.is_empty()
        });
    }
}

impl LoginThrottle {
    pub fn new(limits: ThrottleLimits) -> LoginThrottle {
        LoginThrottle { limits, counts: Mutex::new(Counts::default()) }
    }

    /// `Err(seconds to wait)` when either the username or the address has too many recent
    /// failures; the caller answers 429 with `Retry-After` without checking the password.
    pub fn check(&self, username: &str, address: &str, now: DateTime<Utc>) -> Result<(), u64> {
        let ThrottleLimits { per_username, per_address, window } = self.limits;
        let mut counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
        let user = blocked_until(&mut counts.by_username, username, per_username, window, now);
        let addr = blocked_until(&mut counts.by_address, address, per_address, window, now);
        match user.into_iter().chain(addr).max() {
            None => Ok(()),
            Some(until) => {
                let seconds = (until - now).num_seconds().max(1);
                Err(u64::try_from(seconds).unwrap_or(1))
            }
        }
    }

    /// Counts one failed login.
    pub fn failed(&self, username: &str, address: &str, now: DateTime<Utc>) {
        let since = now - self.limits.window;
        let mut counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
        sweep(&mut counts.by_username, since);
        sweep(&mut counts.by_address, since);
        counts.by_username.entry(username.to_owned()).or_default().push_back(now);
        counts.by_address.entry(address.to_owned()).or_default().push_back(now);
    }

    /// A successful login clears the username's failures (not the address's).
    pub fn succeeded(&self, username: &str) {
        let mut counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
        counts.by_username.remove(username);
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn t(minute: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 2, 2, 0, 0).unwrap() + Duration::minutes(minute)
    }

    #[test]
    fn the_sixth_try_within_the_window_is_refused_until_the_first_failure_ages_out() {
        let throttle = LoginThrottle::new(ThrottleLimits::default());
        for minute in 0..5 {
            assert_eq!(throttle.check("li.na", "a", t(minute)), Ok(()));
            throttle.failed("li.na", "a", t(minute));
        }
        assert_eq!(throttle.check("li.na", "b", t(5)), Err(10 * 60));
        assert_eq!(throttle.check("wang.wei", "b", t(5)), Ok(()), "other users are unaffected");
        assert_eq!(throttle.check("li.na", "b", t(15)), Ok(()), "the first failure aged out");
    }

    #[test]
    fn an_address_is_limited_across_usernames() {
        let throttle = LoginThrottle::new(ThrottleLimits::default());
        for n in 0..20 {
            throttle.failed(&format!("user{n}"), "10.0.0.7", t(0));
        }
        assert_eq!(throttle.check("someone", "10.0.0.7", t(1)), Err(14 * 60));
        assert_eq!(throttle.check("someone", "10.0.0.8", t(1)), Ok(()));
    }

    #[test]
    fn success_clears_the_username() {
        let throttle = LoginThrottle::new(ThrottleLimits::default());
        for _ in 0..4 {
            throttle.failed("li.na", "a", t(0));
        }
        throttle.succeeded("li.na");
        throttle.failed("li.na", "a", t(1));
        assert_eq!(throttle.check("li.na", "a", t(1)), Ok(()));
    }
}
