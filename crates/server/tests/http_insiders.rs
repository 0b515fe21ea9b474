//! The insider check over HTTP (in-process, SQLite behind it): for the supervision endpoints of
//! case search, the queue right now, 收回, the monthly report and saved views, a supervisor of
//! another province sees and changes nothing of province 11 — no hit, no count, no lease taken,
//! no decision in the report, no view — and the audit log afterwards names no case for them (their
//! searches are recorded as finding nothing) and no revocation; a reviewer's search is refused
//! before the store and leaves no event. Every failing endpoint is collected before the test
//! fails, so removing one guard names exactly the endpoint that lost it (SECURITY.md's table).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use axum::http::{Method, StatusCode};
use reviewdesk_domain::review::Role;
use reviewdesk_server::settings::Settings;
use reviewdesk_server::store::Store;
use serde_json::json;
use support::server_with;

/// The value beside `title` in the report's 概况 sheet.
fn summary_value(bytes: &[u8], title: &str) -> String {
    use calamine::{Data, Reader, Xlsx};
    let mut workbook = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let range = workbook.worksheet_range("概况").unwrap();
    range
        .rows()
        .find(|row| row[0] == title)
        .map(|row| match &row[1] {
            Data::Float(f) => format!("{f:.0}"),
            other => other.to_string(),
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn another_province_and_a_reviewer_reach_nothing_of_province_11() {
    let server = server_with(Settings::default());
    server.add_user("li.na", Role::Reviewer, Some("11"));
    server.add_user("zhao", Role::Supervisor, Some("11"));
    server.add_user("shen", Role::Supervisor, Some("31"));
    let reviewer = server.login("li.na").await;
    let zhao = server.login("zhao").await;
    let shen = server.login("shen").await;
    let key = server.intake_key();

    // Province 11: one decided case, one held by the reviewer now, one saved view.
    let decided = server.submit(&key, "A-1", "11").await;
    let (_, lease) = server.claim(&reviewer, 1).await.remove(0);
    let body = json!({"id": uuid::Uuid::new_v4().to_string(), "submission_id": decided,
                      "lease_token": lease, "outcome": "approve"});
    let decision = server.post_json("/api/v1/decisions", Some(&reviewer), body).await;
    assert_eq!(decision.status, StatusCode::CREATED);
    let held = server.submit(&key, "A-2", "11").await;
    assert_eq!(server.claim(&reviewer, 1).await[0].0, held);
    let number = server.get("/api/v1/supervision/decisions", Some(&zhao)).await.json()["entries"]
        [0]["case_number"]
        .as_str()
        .unwrap()
        .to_owned();
    let view = server
        .call_json(
            Method::PUT,
            "/api/v1/supervision/views/mine",
            Some(&zhao),
            Some(json!({"filter": {"outcome": "approve"}})),
        )
        .await;
    assert_eq!(view.status, StatusCode::OK);

    // Province 11's own supervisor sees all of it (so the refusals below are not vacuous).
    let hits = server.get(&format!("/api/v1/supervision/cases?q={number}"), Some(&zhao)).await;
    assert_eq!(hits.json()["hits"].as_array().unwrap().len(), 1);
    let queue = server.get("/api/v1/supervision/queue", Some(&zhao)).await.json();
    assert_eq!(queue["leased"], 1);
    let report = server.get("/api/v1/supervision/report?month=2026-03", Some(&zhao)).await;
    assert_eq!(summary_value(&report.bytes, "决定总数"), "1");
    assert_eq!(
        server.get("/api/v1/supervision/views", Some(&zhao)).await.json()[0]["name"],
        "mine"
    );

    let mut leaks: Vec<String> = Vec::new();
    // GET /supervision/cases: neither by case number nor by applicant id.
    for q in [number.as_str(), "A-1"] {
        let found = server.get(&format!("/api/v1/supervision/cases?q={q}"), Some(&shen)).await;
        if found.status != StatusCode::OK || found.json()["hits"] != json!([]) {
            leaks.push(format!("cases?q={q}: {} {}", found.status, found.json()));
        }
    }
    // GET /supervision/queue: nothing waiting, nothing leased, nothing at risk.
    let queue = server.get("/api/v1/supervision/queue", Some(&shen)).await.json();
    if queue["waiting"] != 0 || queue["leased"] != 0 || queue["at_risk"] != json!([]) {
        leaks.push(format!("queue: {queue}"));
    }
    // POST /supervision/queue/{id}/release: not found, and the lease still holds.
    let release = server
        .post_json(&format!("/api/v1/supervision/queue/{held}/release"), Some(&shen), json!({}))
        .await;
    if release.status != StatusCode::NOT_FOUND || release.json()["code"] != "not_found" {
        leaks.push(format!("release: {} {}", release.status, release.json()));
    }
    // GET /supervision/report: no decision of province 11 counted.
    let report = server.get("/api/v1/supervision/report?month=2026-03", Some(&shen)).await;
    if report.status != StatusCode::OK || summary_value(&report.bytes, "决定总数") != "0" {
        leaks.push(format!(
            "report: {} {}",
            report.status,
            summary_value(&report.bytes, "决定总数")
        ));
    }
    // GET/DELETE /supervision/views: another supervisor's views are neither listed nor deleted.
    let views = server.get("/api/v1/supervision/views", Some(&shen)).await.json();
    if views != json!([]) {
        leaks.push(format!("views: {views}"));
    }
    let delete =
        server.call_json(Method::DELETE, "/api/v1/supervision/views/mine", Some(&shen), None).await;
    if delete.status != StatusCode::NOT_FOUND {
        leaks.push(format!("delete view: {}", delete.status));
    }
    // A reviewer's search is refused before anything is looked up.
    let refused =
        server.get(&format!("/api/v1/supervision/cases?q={number}"), Some(&reviewer)).await;
    if refused.status != StatusCode::FORBIDDEN {
        leaks.push(format!("reviewer search: {} {}", refused.status, refused.json()));
    }

    // The audit log afterwards: shen's two searches recorded as finding nothing (no case named),
    // no revocation by shen, no search by the reviewer.
    let mut searches = 0;
    for event in server.store.audit_chain().unwrap() {
        let entry = &event.entry;
        let (actor, action) = (entry.actor.as_str(), entry.action.as_str());
        let leaked = match (actor, action) {
            ("shen", "case_search") => {
                searches += 1;
                entry.subject.is_some() || !entry.detail.contains(r#""hits":0"#)
            }
            ("shen", "lease_revoked") | ("li.na", "case_search") => true,
            _ => false,
        };
        if leaked {
            leaks.push(format!("audit: {actor} {action} {:?} {}", entry.subject, entry.detail));
        }
    }
    if searches != 2 {
        leaks.push(format!("shen's searches audited {searches} times, not 2"));
    }
    // Province 11's state is untouched.
    let queue = server.get("/api/v1/supervision/queue", Some(&zhao)).await.json();
    if queue["leased"] != 1 {
        leaks.push(format!("the lease was taken: {queue}"));
    }
    let views = server.get("/api/v1/supervision/views", Some(&zhao)).await.json();
    if views.as_array().map(Vec::len) != Some(1) {
        leaks.push(format!("zhao's view was deleted: {views}"));
    }
    assert!(leaks.is_empty(), "guards that did not hold:\n{}", leaks.join("\n"));
}
