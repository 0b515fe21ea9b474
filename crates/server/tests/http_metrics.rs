//! `GET /metrics` after real traffic (in-process, real SQLite): queue depth and SLA risk per
//! province, claims and decisions counted (replays not), latency histograms per route template
//! (no submission id in any label), the outbox lag desktops report, and the request id echoed.

mod support;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use reviewdesk_domain::review::Role;
use serde_json::json;
use support::server;

/// The value of the sample line `name` (with its labels, exactly), from the exposition `text`.
fn sample(text: &str, name: &str) -> f64 {
    text.lines()
        .find_map(|line| line.strip_prefix(name)?.strip_prefix(' ')?.parse().ok())
        .unwrap_or_else(|| panic!("no sample {name} in\n{text}"))
}

#[tokio::test]
async fn metrics_count_claims_decisions_queue_and_latency() {
    let server = server();
    server.add_user("li.na", Role::Reviewer, Some("11"));
    let token = server.login("li.na").await;
    let key = server.intake_key();
    let mut ids = Vec::new();
    for applicant in ["A-1", "A-2", "A-3"] {
        ids.push(server.submit(&key, applicant, "11").await);
    }
    server.submit(&key, "B-1", "31").await;
    // No photo-check worker runs here: the four submissions' checks wait in the store.
    server.clock.advance(chrono::Duration::seconds(90));

    let before = server.get("/metrics", None).await;
    assert_eq!(before.status, StatusCode::OK);
    assert!(before.headers["content-type"].to_str().unwrap().starts_with("text/plain"));
    let text = String::from_utf8(before.bytes).unwrap();
    assert_eq!(sample(&text, "reviewdesk_queue_open{province=\"11\"}"), 3.0);
    assert_eq!(sample(&text, "reviewdesk_queue_open{province=\"31\"}"), 1.0);
    // Submitted Monday 2 March 2026: due 7 working days later, not within one.
    assert_eq!(sample(&text, "reviewdesk_queue_due_soon{province=\"11\"}"), 0.0);
    assert_eq!(sample(&text, "reviewdesk_claims_total"), 0.0);
    assert_eq!(sample(&text, "reviewdesk_image_checks_queued"), 4.0);
    assert_eq!(sample(&text, "reviewdesk_image_checks_oldest_queued_seconds"), 90.0);
    assert_eq!(sample(&text, "reviewdesk_image_checks_total{outcome=\"done\"}"), 0.0);

    let claim = server.post_json("/api/v1/queue/claim", Some(&token), json!({"max": 2})).await;
    assert_eq!(claim.status, StatusCode::OK);
    let leases = claim.json()["leases"].as_array().unwrap().clone();
    assert_eq!(leases.len(), 2);
    let outcomes = [("approve", json!([])), ("reject", json!(["sex_incorrect"]))];
    for (lease, (outcome, reasons)) in leases.iter().zip(outcomes) {
        let decision = json!({
            "id": uuid::Uuid::new_v4().to_string(), "submission_id": lease["submission_id"],
            "lease_token": lease["lease_token"], "outcome": outcome, "reasons": reasons,
        });
        let created = server.post_json("/api/v1/decisions", Some(&token), decision.clone()).await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.json());
        // A replay is not a new decision.
        let replay = server.post_json("/api/v1/decisions", Some(&token), decision).await;
        assert_eq!(replay.status, StatusCode::OK);
    }
    // Seven working days on, the remaining item of province 11 is due tomorrow (a working day).
    server.clock.advance(chrono::Duration::days(8));

    // A desktop reports its outbox lag, with its own request id.
    let request = Request::builder()
        .method(Method::GET)
        .uri(format!("/api/v1/submissions/{}", ids[0]))
        .header("authorization", format!("Bearer {token}"))
        .header("x-reviewdesk-outbox-lag-seconds", "42.5")
        .header("x-request-id", "desk-7f3a.1")
        .body(Body::empty())
        .unwrap();
    let reply = server.send(request).await;
    assert_eq!(reply.headers["x-request-id"], "desk-7f3a.1");

    let after = server.get("/metrics", None).await;
    let text = String::from_utf8(after.bytes).unwrap();
    assert_eq!(sample(&text, "reviewdesk_claims_total"), 2.0);
    assert_eq!(sample(&text, "reviewdesk_decisions_total{outcome=\"approve\"}"), 1.0);
    assert_eq!(sample(&text, "reviewdesk_decisions_total{outcome=\"reject\"}"), 1.0);
    assert_eq!(sample(&text, "reviewdesk_queue_open{province=\"11\"}"), 1.0);
    assert_eq!(sample(&text, "reviewdesk_queue_due_soon{province=\"11\"}"), 1.0);
    let decisions = "reviewdesk_http_request_duration_seconds_count{route=\"/api/v1/decisions\",method=\"POST\"}";
    assert_eq!(sample(&text, decisions), 4.0);
    let claims = "reviewdesk_http_request_duration_seconds_count{route=\"/api/v1/queue/claim\",method=\"POST\"}";
    assert_eq!(sample(&text, claims), 1.0);
    assert!(text.contains("route=\"/api/v1/submissions/{id}\""), "{text}");
    assert_eq!(sample(&text, "reviewdesk_outbox_lag_seconds_count"), 1.0);
    assert_eq!(sample(&text, "reviewdesk_outbox_lag_seconds_sum"), 42.5);
    assert_eq!(sample(&text, "reviewdesk_outbox_lag_seconds_bucket{le=\"60\"}"), 1.0);
    assert_eq!(sample(&text, "reviewdesk_outbox_lag_seconds_bucket{le=\"15\"}"), 0.0);
    for id in &ids {
        assert!(!text.contains(id.as_str()), "a submission id in the metrics: {id}");
    }
}

#[tokio::test]
async fn request_ids_are_generated_or_replaced_and_bad_lag_is_refused() {
    let server = server();
    let reply = server.get("/healthz", None).await;
    let generated = reply.headers["x-request-id"].to_str().unwrap().to_owned();
    assert_eq!(generated.len(), 32, "{generated}");
    let request = Request::get("/healthz")
        .header("x-request-id", "has spaces and 中文")
        .body(Body::empty())
        .unwrap();
    let replaced = server.send(request).await;
    assert_ne!(replaced.headers["x-request-id"], "has spaces and 中文");
    for bad in ["-1", "soon", "NaN", "1e12"] {
        let request = Request::get("/healthz")
            .header("x-reviewdesk-outbox-lag-seconds", bad)
            .body(Body::empty())
            .unwrap();
        let reply = server.send(request).await;
        reply.error(StatusCode::BAD_REQUEST, "bad_outbox_lag");
        assert!(reply.headers.contains_key("x-request-id"));
    }
}
