//! Who works the first stage, over the in-process HTTP API: reviewers claim, renew and decide;
//! supervisors audit and do none of it (403 `reviewers_only`) unless
//! `supervisors_claim_first_stage` is set; a lease a supervisor holds from such a time can still
//! be given back, and its item goes to the reviewers.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::sync::Arc;

use axum::http::StatusCode;
use reviewdesk_domain::review::Role;
use reviewdesk_server::http::{app, AppState};
use reviewdesk_server::settings::Settings;
use serde_json::{json, Value};
use support::{server_with, Server};

fn supervisors_claim(allowed: bool) -> Settings {
    Settings { supervisors_claim_first_stage: allowed, ..Settings::default() }
}

/// The same store and clock under other settings (a restart with a changed configuration).
fn restart_with(server: &mut Server, settings: Settings) {
    server.app = app(AppState { settings: Arc::new(settings), ..server.state.clone() });
}

async fn claim(server: &Server, token: &str, max: u32) -> Vec<Value> {
    let reply = server.post_json("/api/v1/queue/claim", Some(token), json!({"max": max})).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json());
    reply.json()["leases"].as_array().unwrap().clone()
}

fn decision(lease: &Value) -> Value {
    json!({"id": "2b5d9d8e-8a55-4b0b-8f5e-7f1f8e0f9a22", "submission_id": lease["submission_id"],
        "lease_token": lease["lease_token"], "outcome": "approve"})
}

#[tokio::test]
async fn supervisors_neither_claim_renew_nor_decide_first_stage_items() {
    let mut server = server_with(supervisors_claim(true));
    server.add_user("zhao.min", Role::Supervisor, Some("11"));
    server.add_user("li.na", Role::Reviewer, Some("11"));
    let key = server.intake_key();
    server.submit(&key, "A-1", "11").await;
    server.submit(&key, "A-2", "11").await;
    let supervisor = server.login("zhao.min").await;
    let held = claim(&server, &supervisor, 1).await.remove(0);

    restart_with(&mut server, Settings::default());
    server
        .post_json("/api/v1/queue/claim", Some(&supervisor), json!({"max": 1}))
        .await
        .error(StatusCode::FORBIDDEN, "reviewers_only");
    let lease = json!({"submission_id": held["submission_id"], "lease_token": held["lease_token"]});
    server
        .post_json("/api/v1/queue/renew", Some(&supervisor), lease.clone())
        .await
        .error(StatusCode::FORBIDDEN, "reviewers_only");
    server
        .post_json("/api/v1/decisions", Some(&supervisor), decision(&held))
        .await
        .error(StatusCode::FORBIDDEN, "reviewers_only");
    let released = server.post_json("/api/v1/queue/release", Some(&supervisor), lease).await;
    assert_eq!(released.status, StatusCode::NO_CONTENT);

    // Both items are the reviewers', the one given back included.
    let reviewer = server.login("li.na").await;
    assert_eq!(claim(&server, &reviewer, 5).await.len(), 2);
}

#[tokio::test]
async fn with_the_setting_a_supervisor_claims_and_decides_like_a_reviewer() {
    let server = server_with(supervisors_claim(true));
    server.add_user("zhao.min", Role::Supervisor, Some("11"));
    let key = server.intake_key();
    server.submit(&key, "A-1", "11").await;
    let supervisor = server.login("zhao.min").await;
    let lease = claim(&server, &supervisor, 1).await.remove(0);
    let decided = server.post_json("/api/v1/decisions", Some(&supervisor), decision(&lease)).await;
    assert_eq!(decided.status, StatusCode::CREATED, "{}", decided.json());
}
