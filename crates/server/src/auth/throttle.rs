//! Failed-login throttling, per username and per client address, over a sliding window.
//!
//! An attempt is counted **before** its password is checked ([`LoginThrottle::reserve`]) and
//! given back only when it succeeds, so guesses sent all at once count like guesses sent one
//! after the other: of 40 simultaneous wrong passwords for one user, 5 are checked.
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

    /// Counts one attempt for `username` from `address` at `now`, before its password is checked;
    /// `Err(seconds to wait)` (nothing counted) when either already has too many recent ones —
    /// the caller answers 429 with `Retry-After` without checking the password.
    pub fn reserve(&self, username: &str, address: &str, now: DateTime<Utc>) -> Result<(), u64> {
        let ThrottleLimits { per_username, per_address, window } = self.limits;
        let mut counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
        // One more attempt is allowed while fewer than the limit are within the window.
        let user = blocked_until(&mut counts.by_username, username, per_username, window, now);
        let addr = blocked_until(&mut counts.by_address, address, per_address, window, now);
        if let Some(until) = user.into_iter().chain(addr).max() {
            let seconds = (until - now).num_seconds().max(1);
            return Err(u64::try_from(seconds).unwrap_or(1));
        }
        let since = now - window;
        sweep(&mut counts.by_username, since);
        sweep(&mut counts.by_address, since);
        counts.by_username.entry(username.to_owned()).or_default().push_back(now);
        counts.by_address.entry(address.to_owned()).or_default().push_back(now);
        Ok(())
    }

    /// The attempt reserved at `at` succeeded: it is given back to the address, and the
    /// username's failures are cleared.
    pub fn succeeded(&self, username: &str, address: &str, at: DateTime<Utc>) {
        let mut counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
        counts.by_username.remove(username);
        if let Some(attempts) = counts.by_address.get_mut(address) {
            if let Some(position) = attempts.iter().position(|reserved| *reserved == at) {
                attempts.remove(position);
            }
        }
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
            assert_eq!(throttle.reserve("li.na", "a", t(minute)), Ok(()));
        }
        assert_eq!(throttle.reserve("li.na", "b", t(5)), Err(10 * 60));
        assert_eq!(throttle.reserve("wang.wei", "b", t(5)), Ok(()), "other users are unaffected");
        assert_eq!(throttle.reserve("li.na", "b", t(15)), Ok(()), "the first failure aged out");
    }

    #[test]
    fn an_address_is_limited_across_usernames() {
        let throttle = LoginThrottle::new(ThrottleLimits::default());
        for n in 0..20 {
            throttle.reserve(&format!("user{n}"), "10.0.0.7", t(0)).unwrap();
        }
        assert_eq!(throttle.reserve("someone", "10.0.0.7", t(1)), Err(14 * 60));
        assert_eq!(throttle.reserve("someone", "10.0.0.8", t(1)), Ok(()));
    }

    #[test]
    fn success_gives_the_attempt_back_and_clears_the_username() {
        let throttle = LoginThrottle::new(ThrottleLimits::default());
        for _ in 0..4 {
            throttle.reserve("li.na", "a", t(0)).unwrap();
        }
        throttle.reserve("li.na", "a", t(1)).unwrap();
        throttle.succeeded("li.na", "a", t(1));
        for _ in 0..5 {
            throttle.reserve("li.na", "a", t(2)).unwrap();
        }
        // The address holds 4 + 5 attempts: the successful one was given back.
        for n in 0..11 {
            throttle.reserve(&format!("other{n}"), "a", t(2)).unwrap();
        }
        assert!(throttle.reserve("other", "a", t(2)).is_err(), "20 attempts from the address");
    }

    #[test]
    fn attempts_made_at_once_are_counted_before_any_is_checked() {
        let throttle = std::sync::Arc::new(LoginThrottle::new(ThrottleLimits::default()));
        let allowed: usize = (0..40)
            .map(|_| {
                let throttle = std::sync::Arc::clone(&throttle);
                std::thread::spawn(move || throttle.reserve("li.na", "10.0.0.9", t(0)).is_ok())
            })
            .collect::<Vec<_>>()
            .into_iter()
            .map(|thread| usize::from(thread.join().unwrap()))
            .sum();
        assert_eq!(allowed, 5);
    }
}
