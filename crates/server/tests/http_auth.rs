//! Login, logout and every way a credential can be missing, wrong, expired, revoked or of the
//! wrong kind, over the in-process HTTP API.

mod support;

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Method, Request, StatusCode};
use chrono::Duration;
use reviewdesk_domain::audit::{verify, AuditAction};
use reviewdesk_domain::review::Role;
use reviewdesk_server::clock::Clock;
use reviewdesk_server::store::Store;
use serde_json::json;
use support::{server, PASSWORD};

#[tokio::test]
async fn login_returns_a_token_and_the_user_and_logout_revokes_it() {
    let server = server();
    server.add_user("li.na", Role::Reviewer, Some("11"));
    let reply = server
        .post_json("/api/v1/auth/login", None, json!({"username": "li.na", "password": PASSWORD}))
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    let body = reply.json();
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["user"]["role"], "reviewer");
    assert_eq!(body["user"]["province"], "11");
    assert_eq!(body["expires_at"], "2026-03-02T14:00:00Z");
    let token = body["token"].as_str().unwrap();
    assert!(token.starts_with("rds_"));

    let out = server.post_json("/api/v1/auth/logout", Some(token), json!({})).await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    server
        .post_json("/api/v1/auth/logout", Some(token), json!({}))
        .await
        .error(StatusCode::UNAUTHORIZED, "session_revoked");
    server
        .post_json("/api/v1/queue/claim", Some(token), json!({"max": 1}))
        .await
        .error(StatusCode::UNAUTHORIZED, "session_revoked");

    let chain = server.store.audit_chain().unwrap();
    verify(&chain).unwrap();
    let actions: Vec<AuditAction> = chain.iter().map(|e| e.entry.action).collect();
    assert_eq!(actions, [AuditAction::UserAdded, AuditAction::Login, AuditAction::Logout]);
    assert!(!chain[1].entry.detail.contains(PASSWORD));
}

#[tokio::test]
async fn wrong_password_and_unknown_user_look_alike_and_are_audited() {
    let server = server();
    server.add_user("li.na", Role::Reviewer, Some("11"));
    let wrong = server
        .post_json("/api/v1/auth/login", None, json!({"username": "li.na", "password": "nope"}))
        .await
        .error(StatusCode::UNAUTHORIZED, "invalid_credentials");
    let unknown = server
        .post_json("/api/v1/auth/login", None, json!({"username": "ghost", "password": "nope"}))
        .await
        .error(StatusCode::UNAUTHORIZED, "invalid_credentials");
    assert_eq!(wrong, unknown);
    let chain = server.store.audit_chain().unwrap();
    let failed: Vec<&str> = chain
        .iter()
        .filter(|e| e.entry.action == AuditAction::LoginFailed)
        .map(|e| e.entry.actor.as_str())
        .collect();
    assert_eq!(failed, ["li.na", "(unknown user)"], "a name no account has is not kept");
    assert!(chain.iter().all(|e| !e.entry.detail.contains("nope")));
}

#[tokio::test]
async fn failed_logins_are_throttled_per_user_then_released_by_time() {
    let server = server();
    server.add_user("li.na", Role::Reviewer, Some("11"));
    let bad = json!({"username": "li.na", "password": "wrong password"});
    for _ in 0..5 {
        server
            .post_json("/api/v1/auth/login", None, bad.clone())
            .await
            .error(StatusCode::UNAUTHORIZED, "invalid_credentials");
    }
    let good = json!({"username": "li.na", "password": PASSWORD});
    let throttled = server.post_json("/api/v1/auth/login", None, good.clone()).await;
    throttled.error(StatusCode::TOO_MANY_REQUESTS, "too_many_attempts");
    assert_eq!(throttled.headers[header::RETRY_AFTER], "900");

    server.clock.advance(Duration::minutes(15));
    let reply = server.post_json("/api/v1/auth/login", None, good).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json());
}

#[tokio::test]
async fn failed_logins_are_throttled_per_address() {
    let server = server();
    let from = |address: &str, username: &str| {
        let mut request = Request::builder()
            .method(Method::POST)
            .uri("/api/v1/auth/login")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(json!({"username": username, "password": "x"}).to_string()))
            .unwrap();
        let address: SocketAddr = address.parse().unwrap();
        request.extensions_mut().insert(ConnectInfo(address));
        request
    };
    for n in 0..20 {
        let reply = server.send(from("10.1.1.1:5000", &format!("user{n}"))).await;
        reply.error(StatusCode::UNAUTHORIZED, "invalid_credentials");
    }
    let reply = server.send(from("10.1.1.1:5001", "fresh")).await;
    reply.error(StatusCode::TOO_MANY_REQUESTS, "too_many_attempts");
    let elsewhere = server.send(from("10.1.1.2:5000", "fresh")).await;
    elsewhere.error(StatusCode::UNAUTHORIZED, "invalid_credentials");
}

#[tokio::test]
async fn missing_malformed_unknown_and_expired_tokens_are_401() {
    let server = server();
    server.add_user("li.na", Role::Reviewer, Some("11"));
    let path = "/api/v1/submissions/whatever";
    server.get(path, None).await.error(StatusCode::UNAUTHORIZED, "missing_token");
    let reply = server.get(path, Some("rds_not-a-real-token")).await;
    reply.error(StatusCode::UNAUTHORIZED, "invalid_token");
    assert_eq!(reply.headers[header::WWW_AUTHENTICATE], "Bearer");
    let basic = Request::builder()
        .uri(path)
        .header(header::AUTHORIZATION, "Basic bGk6bmE=")
        .body(Body::empty())
        .unwrap();
    server.send(basic).await.error(StatusCode::UNAUTHORIZED, "invalid_token");

    let token = server.login("li.na").await;
    server.clock.advance(Duration::hours(12));
    server.get(path, Some(&token)).await.error(StatusCode::UNAUTHORIZED, "session_expired");
}

#[tokio::test]
async fn each_credential_opens_only_its_own_endpoints() {
    let server = server();
    server.add_user("li.na", Role::Reviewer, Some("11"));
    let token = server.login("li.na").await;
    let key = server.intake_key();

    // A reviewer cannot use intake.
    let reply = server.intake_with_bearer(&token).await;
    reply.error(StatusCode::FORBIDDEN, "intake_only");
    // An intake key cannot claim.
    let claim = Request::builder()
        .method(Method::POST)
        .uri("/api/v1/queue/claim")
        .header(header::CONTENT_TYPE, "application/json")
        .header("x-api-key", &key)
        .body(Body::from(r#"{"max":1}"#))
        .unwrap();
    server.send(claim).await.error(StatusCode::FORBIDDEN, "staff_only");
    // No credential at all on intake; an unknown key.
    let reply = server.get_with_key("/api/v1/intake/submissions/x", "rdk_unknown").await;
    reply.error(StatusCode::UNAUTHORIZED, "invalid_api_key");
    let bare = Request::builder().uri("/api/v1/intake/submissions/x").body(Body::empty()).unwrap();
    server.send(bare).await.error(StatusCode::UNAUTHORIZED, "missing_api_key");
}

#[tokio::test]
async fn malformed_login_bodies_are_4xx_json() {
    let server = server();
    let send = |content_type: &str, body: &str| {
        Request::builder()
            .method(Method::POST)
            .uri("/api/v1/auth/login")
            .header(header::CONTENT_TYPE, content_type)
            .body(Body::from(body.to_owned()))
            .unwrap()
    };
    server
        .send(send("application/json", "{"))
        .await
        .error(StatusCode::BAD_REQUEST, "malformed_json");
    server
        .send(send("text/plain", r#"{"username":"a","password":"b"}"#))
        .await
        .error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
    server
        .send(send("application/json", r#"{"username":"a"}"#))
        .await
        .error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_request");
    server
        .send(send("application/json", r#"{"username":"","password":"b"}"#))
        .await
        .error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_request");
    let long = format!(r#"{{"username":"a","password":"{}"}}"#, "密".repeat(1025));
    let body = server.send(send("application/json", &long)).await;
    assert_eq!(
        body.error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_request")["field"],
        "password"
    );
    let huge = format!(r#"{{"username":"a","password":"{}"}}"#, "x".repeat(200_000));
    server
        .send(send("application/json", &huge))
        .await
        .error(StatusCode::PAYLOAD_TOO_LARGE, "body_too_large");
    let get = Request::builder().uri("/api/v1/auth/login").body(Body::empty()).unwrap();
    server.send(get).await.error(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
    let nowhere = Request::builder().uri("/api/v2/nothing").body(Body::empty()).unwrap();
    server.send(nowhere).await.error(StatusCode::NOT_FOUND, "no_such_endpoint");
}

/// Guesses sent all at once count like guesses sent one after another: each attempt is counted
/// before its password is checked, so of 40 simultaneous wrong passwords for one user only the
/// limit's 5 reach Argon2; the rest are 429.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn simultaneous_wrong_logins_are_counted_before_they_are_checked() {
    use tower::ServiceExt;
    let server = server();
    server.add_user("li.na", Role::Reviewer, Some("11"));
    let mut attempts = tokio::task::JoinSet::new();
    for _ in 0..40 {
        let app = server.app.clone();
        attempts.spawn(async move {
            let body = json!({"username": "li.na", "password": "a wrong guess"}).to_string();
            let request = Request::builder()
                .method(Method::POST)
                .uri("/api/v1/auth/login")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body))
                .unwrap();
            app.oneshot(request).await.unwrap().status()
        });
    }
    let statuses = attempts.join_all().await;
    let checked = statuses.iter().filter(|s| **s == StatusCode::UNAUTHORIZED).count();
    let refused = statuses.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count();
    assert_eq!((checked, refused), (5, 35), "{statuses:?}");
    let chain = server.store.audit_chain().unwrap();
    let failed = chain.iter().filter(|e| e.entry.action == AuditAction::LoginFailed).count();
    assert_eq!(failed, 5, "only the checked attempts are audited");
}

/// Behind a load balancer every request comes from its address: only for a trusted proxy is the
/// client's address read from `X-Forwarded-For`, so the per-address throttle still tells
/// clients apart; anyone else's header is ignored (a client cannot choose its address).
#[tokio::test]
async fn the_client_address_comes_from_a_trusted_proxy_only() {
    let proxy: std::net::IpAddr = "10.0.0.5".parse().unwrap();
    let server = support::server_with(reviewdesk_server::settings::Settings {
        trusted_proxies: vec![proxy],
        ..reviewdesk_server::settings::Settings::default()
    });
    let from = |peer: &str, forwarded: &str, username: &str| {
        let mut request = Request::builder()
            .method(Method::POST)
            .uri("/api/v1/auth/login")
            .header(header::CONTENT_TYPE, "application/json")
            .header("x-forwarded-for", forwarded)
            .body(Body::from(json!({"username": username, "password": "x"}).to_string()))
            .unwrap();
        let peer: SocketAddr = peer.parse().unwrap();
        request.extensions_mut().insert(ConnectInfo(peer));
        request
    };
    // Twenty failures of one client through the balancer (a spoofed first hop is not believed:
    // the nearest untrusted hop is the client).
    for n in 0..20 {
        let reply =
            server.send(from("10.0.0.5:4000", "1.2.3.4, 198.51.100.7", &format!("u{n}"))).await;
        reply.error(StatusCode::UNAUTHORIZED, "invalid_credentials");
    }
    let same = server.send(from("10.0.0.5:4001", "198.51.100.7", "fresh")).await;
    same.error(StatusCode::TOO_MANY_REQUESTS, "too_many_attempts");
    let other_client = server.send(from("10.0.0.5:4002", "198.51.100.8", "fresh")).await;
    other_client.error(StatusCode::UNAUTHORIZED, "invalid_credentials");
    // Not through the proxy: the header names nobody; the peer is the client.
    let direct = server.send(from("203.0.113.9:5000", "198.51.100.7", "fresh")).await;
    direct.error(StatusCode::UNAUTHORIZED, "invalid_credentials");
    let chain = server.store.audit_chain().unwrap();
    let last = &chain.last().unwrap().entry.detail;
    assert!(last.contains("203.0.113.9"), "the audit names the peer: {last}");
}

#[tokio::test]
async fn a_disabled_account_is_signed_out_at_once_and_cannot_log_in_until_enabled() {
    let server = server();
    server.add_user("li.na", Role::Reviewer, Some("11"));
    let token = server.login("li.na").await;
    assert_eq!(
        server.post_json("/api/v1/queue/claim", Some(&token), json!({"max": 1})).await.status,
        StatusCode::OK
    );

    server.store.disable_user("li.na", server.clock.now()).unwrap();
    server
        .post_json("/api/v1/queue/claim", Some(&token), json!({"max": 1}))
        .await
        .error(StatusCode::UNAUTHORIZED, "session_revoked");
    // The right password of a disabled account answers exactly as a wrong one.
    let disabled = server
        .post_json("/api/v1/auth/login", None, json!({"username": "li.na", "password": PASSWORD}))
        .await
        .error(StatusCode::UNAUTHORIZED, "invalid_credentials");
    let wrong = server
        .post_json("/api/v1/auth/login", None, json!({"username": "ghost", "password": PASSWORD}))
        .await
        .error(StatusCode::UNAUTHORIZED, "invalid_credentials");
    assert_eq!(disabled, wrong);
    let chain = server.store.audit_chain().unwrap();
    let last = &chain.last().unwrap().entry;
    assert_eq!((last.action, last.actor.as_str()), (AuditAction::LoginFailed, "(unknown user)"));
    let refused = &chain[chain.len() - 2].entry;
    assert_eq!(refused.actor, "li.na");
    assert!(refused.detail.contains("account_disabled"), "{}", refused.detail);

    server.store.enable_user("li.na", server.clock.now()).unwrap();
    server.login("li.na").await;
}

#[tokio::test]
async fn a_new_password_ends_the_sessions_of_the_old_one() {
    let server = server();
    server.add_user("li.na", Role::Reviewer, Some("11"));
    let token = server.login("li.na").await;
    let hash = server.state.passwords.hash("a brand new passphrase").unwrap();
    server.store.set_password("li.na", &hash, server.clock.now()).unwrap();
    server
        .post_json("/api/v1/queue/claim", Some(&token), json!({"max": 1}))
        .await
        .error(StatusCode::UNAUTHORIZED, "session_revoked");
    server
        .post_json("/api/v1/auth/login", None, json!({"username": "li.na", "password": PASSWORD}))
        .await
        .error(StatusCode::UNAUTHORIZED, "invalid_credentials");
    let reply = server
        .post_json(
            "/api/v1/auth/login",
            None,
            json!({"username": "li.na", "password": "a brand new passphrase"}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
}
