//! Saved views and the "has automatic findings" filter over HTTP (in-process, SQLite behind it;
//! both stores' handling is `crates/store/tests/saved_views.rs`): a supervisor saves, lists,
//! re-saves and deletes views named in Chinese; each refusal has its code (bad name, unknown
//! reason, an unknown filter value, reversed dates, a tenth view, a view that is not theirs); the
//! decision log and its export filter `has_findings=true|false` alike, and the export's audit
//! event records the filter.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use axum::http::{Method, StatusCode};
use reviewdesk_domain::review::Role;
use reviewdesk_server::settings::Settings;
use reviewdesk_server::store::Store;
use serde_json::{json, Value};
use support::{identity, server_with, valid_parts, Server};

/// `/api/v1/supervision/views/{name}` with the name percent-encoded.
fn view_path(name: &str) -> String {
    let encoded: String = name.bytes().map(|b| format!("%{b:02X}")).collect();
    format!("/api/v1/supervision/views/{encoded}")
}

async fn put(server: &Server, token: &str, name: &str, filter: Value) -> support::Reply {
    server
        .call_json(Method::PUT, &view_path(name), Some(token), Some(json!({"filter": filter})))
        .await
}

#[tokio::test]
async fn a_supervisor_saves_lists_and_deletes_views_with_specific_refusals() {
    let server = server_with(Settings::default());
    server.add_user("zhao", Role::Supervisor, Some("11"));
    server.add_user("qian", Role::Supervisor, Some("11"));
    let zhao = server.login("zhao").await;
    let qian = server.login("qian").await;

    let late = json!({"outcome": "reject", "sla_breached": true, "reason": "sex_incorrect"});
    let saved = put(&server, &zhao, "逾期驳回", late.clone()).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.json());
    assert_eq!(saved.json()["slot"], 1);
    assert_eq!(saved.json()["filter"]["reason"], "sex_incorrect");
    let findings = json!({"has_findings": true, "over_findings": true});
    assert_eq!(put(&server, &zhao, "有提示仍通过", findings.clone()).await.json()["slot"], 2);
    // Saved again under the same name: same slot, new filter.
    let again = put(&server, &zhao, "逾期驳回", json!({"outcome": "reject"})).await;
    assert_eq!(
        (again.json()["slot"].as_u64(), again.json()["filter"]["sla_breached"].clone()),
        (Some(1), Value::Null)
    );

    let listed = server.get("/api/v1/supervision/views", Some(&zhao)).await;
    assert_eq!(listed.status, StatusCode::OK);
    let names: Vec<String> = listed
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|v| format!("{}:{}", v["slot"], v["name"].as_str().unwrap()))
        .collect();
    assert_eq!(names, ["1:逾期驳回", "2:有提示仍通过"]);
    // Another supervisor of the same province sees none and can delete none.
    assert_eq!(server.get("/api/v1/supervision/views", Some(&qian)).await.json(), json!([]));
    server
        .call_json(Method::DELETE, &view_path("逾期驳回"), Some(&qian), None)
        .await
        .error(StatusCode::NOT_FOUND, "not_found");

    // Refusals, each with its code.
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    put(&server, &zhao, "  ", json!({})).await.error(unprocessable, "bad_view_name");
    put(&server, &zhao, &"名".repeat(21), json!({})).await.error(unprocessable, "bad_view_name");
    put(&server, &zhao, "坏", json!({"reason": "no_such"}))
        .await
        .error(unprocessable, "unknown_reason_code");
    put(&server, &zhao, "坏", json!({"reviewer": "r".repeat(65)}))
        .await
        .error(unprocessable, "bad_view_filter");
    put(&server, &zhao, "坏", json!({"from": "2026-03-09", "to": "2026-03-01"}))
        .await
        .error(unprocessable, "bad_date_range");
    let unknown_value = put(&server, &zhao, "坏", json!({"outcome": "perhaps"})).await;
    let body = unknown_value.error(unprocessable, "invalid_request");
    assert!(body["message"].as_str().unwrap().contains("filter.outcome"), "{body}");
    put(&server, &zhao, "坏", json!({"colour": "red"}))
        .await
        .error(unprocessable, "invalid_request");
    for n in 3..=9 {
        assert_eq!(put(&server, &zhao, &format!("视图{n}"), json!({})).await.json()["slot"], n);
    }
    put(&server, &zhao, "第十个", json!({})).await.error(unprocessable, "too_many_views");
    assert_eq!(
        server.get("/api/v1/supervision/views", Some(&zhao)).await.json().as_array().unwrap().len(),
        9
    );

    // Deleted: gone, its slot free again.
    let deleted =
        server.call_json(Method::DELETE, &view_path("有提示仍通过"), Some(&zhao), None).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    server
        .call_json(Method::DELETE, &view_path("有提示仍通过"), Some(&zhao), None)
        .await
        .error(StatusCode::NOT_FOUND, "not_found");
    assert_eq!(put(&server, &zhao, "第十个", json!({})).await.json()["slot"], 2);
}

/// A submission whose declared sex contradicts its number (a consistency finding).
async fn submit_with_finding(server: &Server, key: &str, applicant: &str) -> String {
    let mut parts = valid_parts(applicant, "11");
    let mut declared = identity(applicant, "11");
    declared["sex"] = json!("male");
    parts[0].1 = declared.to_string().into_bytes();
    let reply = server.intake(key, &parts).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json());
    reply.json()["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn the_log_and_its_export_filter_cases_with_automatic_findings() {
    let server = server_with(Settings::default());
    server.add_user("li.na", Role::Reviewer, Some("11"));
    server.add_user("zhao", Role::Supervisor, Some("11"));
    let reviewer = server.login("li.na").await;
    let supervisor = server.login("zhao").await;
    let key = server.intake_key();
    let flagged = submit_with_finding(&server, &key, "A-1").await;
    let clean = server.submit(&key, "A-2", "11").await;
    for (id, lease) in server.claim(&reviewer, 2).await {
        let reply = server
            .post_json(
                "/api/v1/decisions",
                Some(&reviewer),
                json!({"id": uuid::Uuid::new_v4().to_string(), "submission_id": id,
                       "lease_token": lease, "outcome": "reject", "reasons": ["sex_incorrect"]}),
            )
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json());
    }
    let log = |query: String| {
        let server = &server;
        let supervisor = supervisor.clone();
        async move {
            let reply = server
                .get(&format!("/api/v1/supervision/decisions?{query}"), Some(&supervisor))
                .await;
            assert_eq!(reply.status, StatusCode::OK, "{query}: {}", reply.json());
            reply.json()["entries"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["submission_id"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(log("has_findings=true".into()).await, [flagged]);
    assert_eq!(log("has_findings=false".into()).await, [clean]);
    assert_eq!(log(String::new()).await.len(), 2);
    server
        .get("/api/v1/supervision/decisions?has_findings=some", Some(&supervisor))
        .await
        .error(StatusCode::BAD_REQUEST, "bad_query");

    // The export honours it, and its audit event records it.
    let csv = server
        .get("/api/v1/supervision/decisions/export?format=csv&has_findings=true", Some(&supervisor))
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    let text = String::from_utf8(csv.bytes.clone()).unwrap();
    assert_eq!(text.lines().count(), 2, "{text}");
    let number = server
        .get("/api/v1/supervision/decisions?has_findings=true", Some(&supervisor))
        .await
        .json()["entries"][0]["case_number"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(text.lines().nth(1).unwrap().contains(&number), "{text}");
    let chain = server.store.audit_chain().unwrap();
    let export = chain.iter().rev().find(|e| e.entry.action.as_str() == "export").unwrap();
    assert!(export.entry.detail.contains(r#""has_findings":true"#), "{}", export.entry.detail);
}
