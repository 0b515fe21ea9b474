//! Request rates per caller: a token bucket for each live session, each live intake key, and each
//! client address for everything else — no credential, a malformed one, or one no live session
//! or key has (so inventing tokens, or spelling one differently, never earns a fresh bucket). The
//! bucket is chosen after the credential is looked up; the lookup is handed on to the handler's
//! extractor ([`CredentialLookup`]), so it is done once a request. A caller over its rate gets
//! 429 `rate_limited` with a `Retry-After` before any handler runs; everyone else is unaffected.
//! Login attempts have their own, stricter throttle (`auth::throttle`).
//!
//! In memory, per server instance (like the login throttle): with N instances behind a load
//! balancer a caller gets up to N times the rate. Credentials are kept only as SHA-256 hashes.

use reviewdesk_domain::ErrorCode;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use super::blocking::with_store;
use super::error::ApiError;
use super::principal::{api_key, bearer, client_address};
use super::state::AppState;
use crate::auth::secret_hash;
use crate::settings::RateLimit;
use crate::store::{IntakeKey, Session};

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

/// A credential the rate limiter looked up, kept in the request's extensions for the handler's
/// extractor (by the credential's hash, so it answers only for that credential).
#[derive(Debug, Clone)]
pub enum CredentialLookup {
    Session { token_hash: String, session: Option<Session> },
    IntakeKey { key_hash: String, key: Option<IntakeKey> },
}

fn bucket(kind: &[u8], who: &[u8]) -> [u8; 32] {
    let mut hash = Sha256::new();
    hash.update(kind);
    hash.update(who);
    hash.finalize().into()
}

/// Who is calling, for the rate: the live session or intake key presented, else the client's
/// address. Records the lookup in the request for the extractors.
async fn caller(state: &AppState, request: &mut Request) -> Result<[u8; 32], ApiError> {
    let now = state.clock.now();
    if let Some(Ok(token)) = bearer(request.headers()) {
        let token_hash = secret_hash(&token);
        let lookup = token_hash.clone();
        let session = with_store(&state.store, move |store| store.session(&lookup)).await?;
        let live = session.as_ref().is_some_and(|s| s.revoked_at.is_none() && s.is_live(now));
        let key = bucket(b"session:", token_hash.as_bytes());
        request.extensions_mut().insert(CredentialLookup::Session { token_hash, session });
        if live {
            return Ok(key);
        }
    } else if let Some(presented) = api_key(request.headers()).filter(|key| !key.is_empty()) {
        let key_hash = secret_hash(&presented);
        let lookup = key_hash.clone();
        let key = with_store(&state.store, move |store| store.intake_key(&lookup)).await?;
        let live = key.as_ref().filter(|key| key.revoked_at.is_none()).map(|key| key.id);
        request.extensions_mut().insert(CredentialLookup::IntakeKey { key_hash, key });
        if let Some(id) = live {
            return Ok(bucket(b"key:", &id.to_be_bytes()));
        }
    }
    let address =
        client_address(request.headers(), request.extensions(), &state.settings.trusted_proxies);
    Ok(bucket(b"address:", address.as_bytes()))
}

/// The middleware: refuses a caller over its rate.
pub async fn limit_rate(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    if let Some(limits) = state.rate_limits.clone() {
        let caller = match caller(&state, &mut request).await {
            Ok(caller) => caller,
            Err(error) => return error.into_response(),
        };
        if let Err(seconds) = limits.take(caller, Instant::now()) {
            let mut refusal = ApiError::new(
                axum::http::StatusCode::TOO_MANY_REQUESTS,
                ErrorCode::RateLimited,
                format!("请求过于频繁，请 {seconds} 秒后再试"),
            );
            refusal.retry_after = Some(seconds);
            return refusal.into_response();
        }
    }
    next.run(request).await
}

#[cfg(test)]
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
