//! Request rates per caller: a token bucket for each session token, each intake key, and each
//! client address without either. A caller over its rate gets 429 `rate_limited` with a
//! `Retry-After`, before any handler or store work runs; everyone else is unaffected. Login
//! attempts have their own, stricter throttle (`auth::throttle`).
//!
//! In memory, per server instance (like the login throttle): with N instances behind a load
//! balancer a caller gets up to N times the rate. Credentials are kept only as SHA-256 hashes.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use super::error::ApiError;
use super::principal::{client_address, API_KEY_HEADER};
use super::state::AppState;
use crate::settings::RateLimit;

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// Buckets kept before idle (refilled) ones are dropped.
const SWEEP_ABOVE: usize = 10_000;

/// Every caller's bucket.
#[derive(Debug)]
pub struct RateLimits {
    limit: RateLimit,
    buckets: Mutex<HashMap<[u8; 32], Bucket>>,
}

impl RateLimits {
    pub fn new(limit: RateLimit) -> RateLimits {
        RateLimits { limit, buckets: Mutex::new(HashMap::new()) }
    }

    /// Takes one request from `caller`'s bucket at `now`; `Err(seconds)` to wait when empty.
    pub fn take(&self, caller: [u8; 32], now: Instant) -> Result<(), u64> {
        let RateLimit { per_second, burst } = self.limit;
        let mut buckets = self.buckets.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if buckets.len() > SWEEP_ABOVE {
            buckets.retain(|_, bucket| {
                bucket.tokens + now.duration_since(bucket.at).as_secs_f64() * per_second < burst
            });
        }
        let bucket = buckets.entry(caller).or_insert(Bucket { tokens: burst, at: now });
        let refill = now.duration_since(bucket.at).as_secs_f64() * per_second;
        bucket.tokens = (bucket.tokens + refill).min(burst);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - bucket.tokens) / per_second).ceil().max(1.0) as u64)
        }
    }
}

/// Who is calling, for the rate: the credential presented, else the client's address.
fn caller(request: &Request) -> [u8; 32] {
    let headers = request.headers();
    let credential = headers
        .get(header::AUTHORIZATION)
        .map(|value| (b"bearer:".as_slice(), value.as_bytes().to_vec()))
        .or_else(|| {
            headers.get(API_KEY_HEADER).map(|v| (b"key:".as_slice(), v.as_bytes().to_vec()))
        })
        .unwrap_or_else(|| {
            (b"address:".as_slice(), client_address(request.extensions()).into_bytes())
        });
    let mut hash = Sha256::new();
    hash.update(credential.0);
    hash.update(credential.1);
    hash.finalize().into()
}

/// The middleware: refuses a caller over its rate.
pub async fn limit_rate(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if let Some(limits) = &state.rate_limits {
        if let Err(seconds) = limits.take(caller(&request), Instant::now()) {
            let mut refusal = ApiError::new(
                axum::http::StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                format!("请求过于频繁，请 {seconds} 秒后再试"),
            );
            refusal.retry_after = Some(seconds);
            return refusal.into_response();
        }
    }
    next.run(request).await
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn a_burst_then_the_sustained_rate_and_callers_apart() {
        let limits = RateLimits::new(RateLimit { per_second: 10.0, burst: 5.0 });
        let start = Instant::now();
        let (me, you) = ([1; 32], [2; 32]);
        for _ in 0..5 {
            limits.take(me, start).unwrap();
        }
        assert_eq!(limits.take(me, start), Err(1));
        limits.take(you, start).unwrap();
        // A tenth of a second later one more request is allowed, and no second one.
        let later = start + Duration::from_millis(100);
        limits.take(me, later).unwrap();
        assert!(limits.take(me, later).is_err());
    }
}
