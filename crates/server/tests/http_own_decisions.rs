//! A reviewer opens a case they decided by its case number over HTTP (in-process, SQLite behind
//! it; the rule on both stores is `crates/store/tests/read_rule.rs`): the sheet masked and their
//! decision with its note, typed with full-width digits too; another reviewer, a supervisor, an
//! unknown number and the same case 31 days on get 404; a malformed number 422
//! `bad_case_number`; each read is one `submission_view` naming how it came, a refusal none.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use axum::http::StatusCode;
use chrono::Duration;
use reviewdesk_domain::review::Role;
use reviewdesk_server::settings::Settings;
use reviewdesk_server::store::Store;
use serde_json::json;
use support::server_with;

fn path(number: &str) -> String {
    let encoded: String = number.bytes().map(|b| format!("%{b:02X}")).collect();
    format!("/api/v1/my-decisions/{encoded}")
}

#[tokio::test]
async fn a_reviewer_opens_their_own_recent_decision_by_case_number_and_nothing_else() {
    let server = server_with(Settings::default());
    server.add_user("li.na", Role::Reviewer, Some("11"));
    server.add_user("zhang", Role::Reviewer, Some("11"));
    server.add_user("zhao", Role::Supervisor, Some("11"));
    let li = server.login("li.na").await;
    let zhang = server.login("zhang").await;
    let zhao = server.login("zhao").await;
    let key = server.intake_key();
    let id = server.submit(&key, "A-1", "11").await;
    let (_, lease) = server.claim(&li, 1).await.remove(0);
    let body = json!({"id": uuid::Uuid::new_v4().to_string(), "submission_id": id,
        "lease_token": lease, "outcome": "reject", "reasons": ["sex_incorrect"],
        "note": "申请人来电，性别填写有误"});
    assert_eq!(
        server.post_json("/api/v1/decisions", Some(&li), body).await.status,
        StatusCode::CREATED
    );
    let number = "11-20260302-0001";

    let found = server.get(&path(number), Some(&li)).await;
    assert_eq!(found.status, StatusCode::OK, "{}", found.json());
    let answer = found.json();
    assert_eq!(answer["sheet"]["case_number"], number);
    assert_eq!(answer["sheet"]["id"], id.as_str());
    assert_eq!(answer["decision"]["outcome"], "reject");
    assert_eq!(answer["decision"]["note"], "申请人来电，性别填写有误");
    assert_eq!(answer["decision"]["username"], "li.na");
    let text = String::from_utf8(found.bytes.clone()).unwrap();
    assert!(!text.contains("11010519491231002X"), "the full number left the server: {text}");
    // As a person types it from a Chinese input method.
    let typed = server.get(&path(" １１－２０２６０３０２－０００１ "), Some(&li)).await;
    assert_eq!(typed.status, StatusCode::OK);

    // Nobody else's, nothing else.
    for (token, who) in [(&zhang, "another reviewer"), (&zhao, "a supervisor")] {
        let refused = server.get(&path(number), Some(token)).await;
        assert_eq!(refused.status, StatusCode::NOT_FOUND, "{who}");
        refused.error(StatusCode::NOT_FOUND, "not_found");
    }
    server
        .get(&path("11-20260302-0002"), Some(&li))
        .await
        .error(StatusCode::NOT_FOUND, "not_found");
    server
        .get(&path("贾秀英"), Some(&li))
        .await
        .error(StatusCode::UNPROCESSABLE_ENTITY, "bad_case_number");
    server.get(&path(number), None).await.error(StatusCode::UNAUTHORIZED, "missing_token");

    // Each read is audited, by case number; the refusals are not.
    let views: Vec<_> = server
        .store
        .audit_chain()
        .unwrap()
        .into_iter()
        .filter(|e| {
            e.entry.action.as_str() == "submission_view" && e.entry.detail.contains("case_number")
        })
        .map(|e| (e.entry.actor, e.entry.subject))
        .collect();
    assert_eq!(views, vec![("li.na".to_owned(), Some(id.clone())); 2]);

    // Thirty days on it is still hers; a day later it is not.
    server.clock.advance(Duration::days(30));
    let li = server.login("li.na").await;
    assert_eq!(server.get(&path(number), Some(&li)).await.status, StatusCode::OK);
    server.clock.advance(Duration::days(1));
    let li = server.login("li.na").await;
    server.get(&path(number), Some(&li)).await.error(StatusCode::NOT_FOUND, "not_found");
}
