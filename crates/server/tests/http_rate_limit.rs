//! Request rates per caller: over its burst a caller gets 429 `rate_limited` with `Retry-After`
//! (a Chinese message, the shared error body); another session, an intake key and anonymous
//! callers each have their own bucket; invented or respelled credentials earn none.

mod support;

use axum::http::{header, StatusCode};
use reviewdesk_domain::review::Role;
use reviewdesk_server::settings::RateLimit;
use reviewdesk_server::settings::Settings;
use support::server_with;

#[tokio::test]
async fn a_caller_over_its_rate_is_refused_and_nobody_else_is() {
    let settings = Settings {
        request_rate: Some(RateLimit { per_second: 0.5, burst: 4.0 }),
        ..Settings::default()
    };
    let server = server_with(settings);
    server.add_user("wang", Role::Reviewer, Some("11"));
    server.add_user("li", Role::Reviewer, Some("11"));
    let wang = server.login("wang").await; // 1 anonymous request (the login)
    let li = server.login("li").await; // 2
    let path = "/api/v1/submissions/none";
    for _ in 0..4 {
        server.get(path, Some(&wang)).await.error(StatusCode::NOT_FOUND, "not_found");
    }
    let refused = server.get(path, Some(&wang)).await;
    refused.error(StatusCode::TOO_MANY_REQUESTS, "rate_limited");
    let wait: u64 = refused.headers[header::RETRY_AFTER].to_str().unwrap().parse().unwrap();
    assert!((1..=2).contains(&wait), "{wait}");
    // Li's session has its own bucket.
    server.get(path, Some(&li)).await.error(StatusCode::NOT_FOUND, "not_found");
    // So do intake keys, and anonymous callers (two requests left of four).
    let key = server.intake_key();
    server
        .get_with_key("/api/v1/intake/submissions/none", &key)
        .await
        .error(StatusCode::NOT_FOUND, "not_found");
    server.get(path, None).await.error(StatusCode::UNAUTHORIZED, "missing_token");
    server.get(path, None).await.error(StatusCode::UNAUTHORIZED, "missing_token");
    server.get(path, None).await.error(StatusCode::TOO_MANY_REQUESTS, "rate_limited");
}

/// The bucket is chosen after the credential is looked up: invented tokens share their
/// address's bucket (no fresh one each), and a live token spelled differently (two spaces after
/// `Bearer`) is still its session's.
#[tokio::test]
async fn invented_or_respelled_tokens_earn_no_fresh_bucket() {
    let settings = Settings {
        request_rate: Some(RateLimit { per_second: 0.5, burst: 4.0 }),
        ..Settings::default()
    };
    let server = server_with(settings);
    let path = "/api/v1/submissions/none";
    for n in 0..4 {
        let invented = format!("invented-token-{n:040}");
        server.get(path, Some(&invented)).await.error(StatusCode::UNAUTHORIZED, "invalid_token");
    }
    let fifth = server.get(path, Some("yet-another-invented-token")).await;
    fifth.error(StatusCode::TOO_MANY_REQUESTS, "rate_limited");
    server.get(path, None).await.error(StatusCode::TOO_MANY_REQUESTS, "rate_limited");

    let other = server_with(Settings {
        request_rate: Some(RateLimit { per_second: 0.5, burst: 4.0 }),
        ..Settings::default()
    });
    other.add_user("wang", Role::Reviewer, Some("11"));
    let wang = other.login("wang").await;
    for _ in 0..4 {
        other.get(path, Some(&wang)).await.error(StatusCode::NOT_FOUND, "not_found");
    }
    let respelled = format!(" {wang}");
    other.get(path, Some(&respelled)).await.error(StatusCode::TOO_MANY_REQUESTS, "rate_limited");
}
