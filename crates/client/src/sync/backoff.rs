//! Exponential backoff, capped: the delay before attempt `n + 1` after `n` failures.

use chrono::Duration;

/// `base · 2^(failures − 1)`, never more than `cap`; zero before any failure.
pub fn delay(failures: u32, base: Duration, cap: Duration) -> Duration {
    if failures == 0 {
        return Duration::zero();
    }
    let doublings = (failures - 1).min(30);
    let factor = 1_i32 << doublings;
    base.checked_mul(factor).map_or(cap, |delay| delay.min(cap))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_from_the_base_and_stops_at_the_cap() {
        let (base, cap) = (Duration::seconds(2), Duration::seconds(60));
        let delays: Vec<i64> = (0..9).map(|n| delay(n, base, cap).num_seconds()).collect();
        assert_eq!(delays, [0, 2, 4, 8, 16, 32, 60, 60, 60]);
    }

    #[test]
    fn huge_failure_counts_stay_at_the_cap() {
        let cap = Duration::minutes(5);
        assert_eq!(delay(u32::MAX, Duration::seconds(2), cap), cap);
        assert_eq!(delay(40, Duration::days(10_000), cap), cap);
    }
}
