//! Approvals over findings over HTTP (in-process): `POST /api/v1/decisions` takes
//! `overridden_findings` on an approval only, each a known finding code once (else 422 with its
//! code, nothing recorded); the decision log filters `over_findings=true|false` and shows the codes;
//! the export has a column naming them in Chinese; the audit event names them. The SQLite store
//! behind it; both stores' handling is `crates/store/tests/overrides.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use axum::http::StatusCode;
use reviewdesk_domain::review::Role;
use reviewdesk_server::settings::Settings;
use reviewdesk_server::store::Store;
use serde_json::{json, Value};
use support::{server_with, Server};

/// A new submission claimed by the reviewer: (submission id, lease token).
async fn claimed(server: &Server, token: &str, applicant: &str) -> (String, String) {
    let key = server.intake_key();
    server.submit(&key, applicant, "11").await;
    server.claim(token, 1).await.remove(0)
}

async fn decide(server: &Server, token: &str, body: Value) -> support::Reply {
    server.post_json("/api/v1/decisions", Some(token), body).await
}

fn approval(submission: &str, lease: &str, overridden: Value) -> Value {
    json!({"id": uuid::Uuid::new_v4().to_string(), "submission_id": submission,
           "lease_token": lease, "outcome": "approve", "overridden_findings": overridden})
}

#[tokio::test]
async fn overrides_are_checked_recorded_filtered_exported_and_audited() {
    let server = server_with(Settings::default());
    server.add_user("li.na", Role::Reviewer, Some("11"));
    server.add_user("zhao.min", Role::Supervisor, Some("11"));
    let reviewer = server.login("li.na").await;
    let supervisor = server.login("zhao.min").await;

    // Refusals: each its own code, nothing recorded.
    let (over, over_lease) = claimed(&server, &reviewer, "A-1").await;
    let rejection = json!({"id": uuid::Uuid::new_v4().to_string(), "submission_id": over,
        "lease_token": over_lease, "outcome": "reject", "reasons": ["sex_incorrect"],
        "overridden_findings": ["sex_mismatch"]});
    let refused = [
        (rejection, "overrides_with_rejection"),
        (approval(&over, &over_lease, json!(["not_a_finding"])), "unknown_finding_code"),
        (
            approval(&over, &over_lease, json!(["id_expired", "id_expired"])),
            "duplicate_finding_code",
        ),
    ];
    for (body, code) in refused {
        let reply = decide(&server, &reviewer, body).await;
        reply.error(StatusCode::UNPROCESSABLE_ENTITY, code);
    }
    let not_a_list =
        decide(&server, &reviewer, approval(&over, &over_lease, json!("id_expired"))).await;
    assert!(not_a_list.status.is_client_error());
    let nothing = server.get("/api/v1/supervision/decisions", Some(&supervisor)).await.json();
    assert_eq!(nothing["entries"], json!([]), "a refused decision was recorded");

    // An approval over two findings, one plain approval.
    let reply = decide(
        &server,
        &reviewer,
        approval(&over, &over_lease, json!(["birth_date_mismatch", "photo_checks_not_done"])),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json());
    assert_eq!(
        reply.json()["decision"]["overridden_findings"],
        json!(["birth_date_mismatch", "photo_checks_not_done"])
    );
    let (plain, plain_lease) = claimed(&server, &reviewer, "A-2").await;
    let body = json!({"id": uuid::Uuid::new_v4().to_string(), "submission_id": plain,
        "lease_token": plain_lease, "outcome": "approve"});
    assert_eq!(decide(&server, &reviewer, body).await.status, StatusCode::CREATED);

    // The log filter.
    let log = |query: &'static str| {
        let server = &server;
        let supervisor = supervisor.clone();
        async move {
            let reply = server
                .get(&format!("/api/v1/supervision/decisions?{query}"), Some(&supervisor))
                .await;
            assert_eq!(reply.status, StatusCode::OK, "{query}: {}", reply.json());
            reply.json()["entries"].as_array().unwrap().clone()
        }
    };
    let found = log("over_findings=true").await;
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["submission_id"], over.as_str());
    assert_eq!(
        found[0]["overridden_findings"],
        json!(["birth_date_mismatch", "photo_checks_not_done"])
    );
    let others = log("over_findings=false").await;
    assert_eq!(others.len(), 1);
    assert_eq!(others[0]["submission_id"], plain.as_str());
    assert_eq!(others[0]["overridden_findings"], json!([]));
    assert_eq!(log("").await.len(), 2);
    server
        .get("/api/v1/supervision/decisions?over_findings=perhaps", Some(&supervisor))
        .await
        .error(StatusCode::BAD_REQUEST, "bad_query");

    // The export: a column naming the overridden findings in Chinese, filtered like the log.
    let csv = server
        .get(
            "/api/v1/supervision/decisions/export?format=csv&over_findings=true",
            Some(&supervisor),
        )
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    let text = String::from_utf8(csv.bytes.clone()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(lines[0].ends_with(",通过时忽略的提示"), "{}", lines[0]);
    assert!(lines[1].ends_with(",出生日期与号码不符、照片自动检查未完成"), "{}", lines[1]);
    assert!(!lines[1].contains("birth_date_mismatch"));

    // The audit event of the decision names the codes.
    let decided = server
        .store
        .audit_chain()
        .unwrap()
        .into_iter()
        .filter(|e| e.entry.action.as_str() == "decision")
        .map(|e| e.entry.detail)
        .collect::<Vec<_>>();
    assert_eq!(decided.len(), 2);
    assert!(
        decided[0]
            .contains(r#""overridden_findings":["birth_date_mismatch","photo_checks_not_done"]"#),
        "{}",
        decided[0]
    );
    assert!(!decided[1].contains("overridden_findings"));
}
