//! The supervisors' API over HTTP (in-process): every supervision endpoint refuses reviewers and
//! anonymous callers; the log, its export (CSV with BOM and masked numbers; a full export is
//! audited), a QA verdict that overturns, the timeline, statistics and the audit verification.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use axum::http::{header, Method, StatusCode};
use reviewdesk_domain::review::Role;
use reviewdesk_server::settings::Settings;
use reviewdesk_server::store::Store;
use serde_json::{json, Value};
use support::{server_with, Server};

/// Every supervision route, as (method, path) with a real submission id where one is needed.
fn supervision_routes(id: &str) -> Vec<(&'static str, String)> {
    vec![
        ("GET", "/api/v1/supervision/decisions".into()),
        ("GET", "/api/v1/supervision/decisions/export?format=csv".into()),
        ("GET", format!("/api/v1/supervision/submissions/{id}/timeline")),
        ("GET", "/api/v1/supervision/second-reviews".into()),
        ("POST", "/api/v1/supervision/second-reviews".into()),
        ("POST", "/api/v1/supervision/golden".into()),
        ("GET", "/api/v1/supervision/stats?from=2026-03-01&to=2026-03-02".into()),
        ("GET", "/api/v1/supervision/audit/verify".into()),
        ("GET", "/api/v1/supervision/cases?q=A-1".into()),
        ("GET", "/api/v1/supervision/queue".into()),
        ("GET", "/api/v1/supervision/report?month=2026-03".into()),
        ("POST", format!("/api/v1/supervision/queue/{id}/release")),
        ("GET", "/api/v1/supervision/views".into()),
        ("PUT", "/api/v1/supervision/views/v".into()),
        ("DELETE", "/api/v1/supervision/views/v".into()),
    ]
}

async fn call(server: &Server, method: &str, path: &str, token: Option<&str>) -> support::Reply {
    match method {
        "GET" => server.get(path, token).await,
        "PUT" => server.call_json(Method::PUT, path, token, Some(json!({"filter": {}}))).await,
        "DELETE" => server.call_json(Method::DELETE, path, token, None).await,
        _ => server.post_json(path, token, json!({})).await,
    }
}

/// A reviewer decides one submission (approve); QA samples every approval.
async fn decided(server: &Server, reviewer_token: &str, applicant: &str) -> String {
    let key = server.intake_key();
    let id = server.submit(&key, applicant, "11").await;
    let claim =
        server.post_json("/api/v1/queue/claim", Some(reviewer_token), json!({"max": 1})).await;
    let lease = claim.json()["leases"][0]["lease_token"].as_str().unwrap().to_owned();
    let decision = server
        .post_json(
            "/api/v1/decisions",
            Some(reviewer_token),
            json!({"id": uuid::Uuid::new_v4().to_string(), "submission_id": id,
                   "lease_token": lease, "outcome": "approve"}),
        )
        .await;
    assert_eq!(decision.status, StatusCode::CREATED, "{}", decision.json());
    id
}

#[tokio::test]
async fn reviewers_and_strangers_reach_no_supervision_endpoint() {
    let server = server_with(Settings::default());
    server.add_user("li.na", Role::Reviewer, Some("11"));
    let reviewer = server.login("li.na").await;
    let id = decided(&server, &reviewer, "A-1").await;
    let document = server.get("/api/v1/openapi.json", None).await.json();
    let documented: Vec<&String> = document["paths"]
        .as_object()
        .unwrap()
        .keys()
        .filter(|path| path.starts_with("/api/v1/supervision"))
        .collect();
    assert_eq!(documented.len(), 13, "{documented:?}");
    // Every route is tried before the test fails, so a lost guard names its route.
    let mut open = Vec::new();
    for (method, path) in supervision_routes(&id) {
        let as_reviewer = call(&server, method, &path, Some(&reviewer)).await;
        let code =
            serde_json::from_slice::<Value>(&as_reviewer.bytes).ok().map(|b| b["code"].clone());
        if (as_reviewer.status, code) != (StatusCode::FORBIDDEN, Some(json!("supervisors_only"))) {
            open.push(format!("{method} {path} as a reviewer: {}", as_reviewer.status));
        }
        call(&server, method, &path, None).await.error(StatusCode::UNAUTHORIZED, "missing_token");
    }
    assert!(open.is_empty(), "routes open to reviewers:\n{}", open.join("\n"));
}

#[tokio::test]
async fn a_case_number_names_the_case_everywhere_and_finds_it() {
    let server = server_with(Settings::default());
    server.add_user("li.na", Role::Reviewer, Some("11"));
    server.add_user("zhao", Role::Supervisor, Some("11"));
    server.add_user("shen", Role::Supervisor, Some("31"));
    let reviewer = server.login("li.na").await;
    let supervisor = server.login("zhao").await;
    let other_province = server.login("shen").await;
    let key = server.intake_key();

    let receipt = server.intake(&key, &support::valid_parts("A-1", "11")).await;
    assert_eq!(receipt.status, StatusCode::CREATED);
    let (id, number) = {
        let body = receipt.json();
        (body["id"].as_str().unwrap().to_owned(), body["case_number"].as_str().unwrap().to_owned())
    };
    // 2026-03-02 10:00 in Beijing (the test clock): the day's first case of province 11.
    assert_eq!(number, "11-20260302-0001");
    let applicant = server.get_with_key(&format!("/api/v1/intake/submissions/{id}"), &key).await;
    assert_eq!(applicant.json()["case_number"], number.as_str());
    let claimed = server.claim(&reviewer, 1).await;
    let sheet = server.get(&format!("/api/v1/submissions/{id}"), Some(&reviewer)).await;
    assert_eq!(sheet.json()["case_number"], number.as_str());
    let decision = server
        .post_json(
            "/api/v1/decisions",
            Some(&reviewer),
            json!({"id": uuid::Uuid::new_v4().to_string(), "submission_id": id,
                   "lease_token": claimed[0].1, "outcome": "approve"}),
        )
        .await;
    assert_eq!(decision.status, StatusCode::CREATED, "{}", decision.json());

    let log = server.get("/api/v1/supervision/decisions", Some(&supervisor)).await.json();
    assert_eq!(log["entries"][0]["case_number"], number.as_str());
    let timeline = server
        .get(&format!("/api/v1/supervision/submissions/{id}/timeline"), Some(&supervisor))
        .await
        .json();
    assert_eq!(timeline["case_number"], number.as_str());

    // Found by its number as a person types it (full-width, spaces), and by the applicant id.
    for q in ["11-20260302-0001", "%20%EF%BC%91%EF%BC%91-20260302-0001%20", "A-1"] {
        let found =
            server.get(&format!("/api/v1/supervision/cases?q={q}"), Some(&supervisor)).await;
        assert_eq!(found.status, StatusCode::OK, "{q}: {}", found.json());
        let hits = found.json()["hits"].as_array().unwrap().clone();
        assert_eq!(hits.len(), 1, "{q}");
        assert_eq!(hits[0]["submission_id"], id.as_str());
        assert_eq!(hits[0]["case_number"], number.as_str());
        assert_eq!(hits[0]["name_masked"], "王**");
    }
    // Another province's supervisor finds nothing, and the timeline stays closed to them.
    let elsewhere =
        server.get(&format!("/api/v1/supervision/cases?q={number}"), Some(&other_province)).await;
    assert_eq!(elsewhere.json()["hits"], json!([]));
    // A query that is no query is refused, specifically.
    for bad in ["?q=", "?q=%20%20", "", &format!("?q={}", "x".repeat(65)), "?q=a&extra=1"] {
        server
            .get(&format!("/api/v1/supervision/cases{bad}"), Some(&supervisor))
            .await
            .error(StatusCode::BAD_REQUEST, "bad_query");
    }
}

#[tokio::test]
async fn the_queue_right_now_and_a_stuck_lease_taken_back() {
    let server = server_with(Settings::default());
    server.add_user("li.na", Role::Reviewer, Some("11"));
    server.add_user("zhao", Role::Supervisor, Some("11"));
    let reviewer = server.login("li.na").await;
    let supervisor = server.login("zhao").await;
    let key = server.intake_key();
    let id = server.submit(&key, "A-1", "11").await;
    server.submit(&key, "A-2", "11").await;
    let held = server.claim(&reviewer, 1).await;
    assert_eq!(held[0].0, id);

    let overview = server.get("/api/v1/supervision/queue", Some(&supervisor)).await;
    assert_eq!(overview.status, StatusCode::OK, "{}", overview.json());
    let body = overview.json();
    assert_eq!((body["waiting"].as_u64(), body["leased"].as_u64()), (Some(1), Some(1)));
    // Due in seven working days: nothing at risk yet.
    assert_eq!(body["at_risk"], json!([]));
    assert_eq!(body["today"], "2026-03-02");
    assert_eq!(body["risk_until"], "2026-03-03", "one working day on");

    let release = format!("/api/v1/supervision/queue/{id}/release");
    let revoked = server.post_json(&release, Some(&supervisor), json!({})).await;
    assert_eq!(revoked.status, StatusCode::OK, "{}", revoked.json());
    assert_eq!(revoked.json()["holder"], "li.na");
    server
        .post_json(&release, Some(&supervisor), json!({}))
        .await
        .error(StatusCode::CONFLICT, "not_leased");
    server
        .post_json("/api/v1/supervision/queue/no-such-case/release", Some(&supervisor), json!({}))
        .await
        .error(StatusCode::NOT_FOUND, "not_found");
    // The reviewer's token no longer decides.
    let decision = server
        .post_json(
            "/api/v1/decisions",
            Some(&reviewer),
            json!({"id": uuid::Uuid::new_v4().to_string(), "submission_id": id,
                   "lease_token": held[0].1, "outcome": "approve"}),
        )
        .await;
    decision.error(StatusCode::CONFLICT, "lease_released");
}

/// The cells of one sheet of an XLSX workbook, as text (numbers written as integers when whole).
fn sheet(bytes: &[u8], name: &str) -> Vec<Vec<String>> {
    use calamine::{Data, Reader, Xlsx};
    let mut workbook = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let range = workbook.worksheet_range(name).unwrap();
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::Float(f) if f.fract() == 0.0 => format!("{f:.0}"),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

#[tokio::test]
async fn the_monthly_report_holds_the_statistics_tables_and_is_audited() {
    let server = server_with(Settings::default());
    server.add_user("li.na", Role::Reviewer, Some("11"));
    server.add_user("zhao", Role::Supervisor, Some("11"));
    let reviewer = server.login("li.na").await;
    let supervisor = server.login("zhao").await;
    for applicant in ["A-1", "A-2", "A-3"] {
        decided(&server, &reviewer, applicant).await;
    }
    let stats = server
        .get("/api/v1/supervision/stats?from=2026-03-01&to=2026-03-31", Some(&supervisor))
        .await
        .json();
    let report = server.get("/api/v1/supervision/report?month=2026-03", Some(&supervisor)).await;
    assert_eq!(report.status, StatusCode::OK);
    assert_eq!(
        report.headers[header::CONTENT_TYPE],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let summary = sheet(&report.bytes, "概况");
    let value = |title: &str| {
        summary.iter().find(|row| row[0] == title).map(|row| row[1].clone()).unwrap_or_default()
    };
    assert_eq!(value("月份"), "2026-03");
    assert_eq!(value("决定总数"), stats["decisions"].to_string());
    assert_eq!(value("通过"), stats["approved"].to_string());
    assert_eq!(value("当前未结"), stats["open"].to_string());
    let daily = sheet(&report.bytes, "每日");
    assert_eq!(daily[0], ["日期", "通过", "不通过", "合计"]);
    let per_day = stats["per_day"].as_array().unwrap();
    assert_eq!(daily.len() - 1, per_day.len());
    for (row, day) in daily[1..].iter().zip(per_day) {
        assert_eq!(row[0], day["date"].as_str().unwrap());
        assert_eq!(row[1], day["approved"].to_string());
        assert_eq!(row[2], day["rejected"].to_string());
    }
    let reviewers = sheet(&report.bytes, "审核人员");
    assert_eq!(reviewers[1][0], "li.na");
    assert_eq!(reviewers[1][1], stats["reviewers"][0]["decisions"].to_string());
    assert_eq!(reviewers[1][1], "3");
    sheet(&report.bytes, "不通过原因");

    let chain = server.store.audit_chain().unwrap();
    let exported = chain.iter().rev().find(|c| c.entry.action.as_str() == "export").unwrap();
    assert!(
        exported.entry.detail.contains("\"what\":\"monthly_report\""),
        "{}",
        exported.entry.detail
    );
    assert!(exported.entry.detail.contains("\"month\":\"2026-03\""));
    for bad in ["2026-13", "2026-3", "march", ""] {
        server
            .get(&format!("/api/v1/supervision/report?month={bad}"), Some(&supervisor))
            .await
            .error(StatusCode::BAD_REQUEST, "bad_query");
    }
}

#[tokio::test]
async fn a_supervisor_reads_exports_overturns_and_verifies() {
    let settings = Settings { qa_share_approved: 1.0, ..Settings::default() };
    let server = server_with(settings);
    server.add_user("li.na", Role::Reviewer, Some("11"));
    server.add_user("zhao.min", Role::Supervisor, Some("11"));
    server.add_user("sh.sup", Role::Supervisor, Some("31"));
    let reviewer = server.login("li.na").await;
    let supervisor = server.login("zhao.min").await;
    let elsewhere = server.login("sh.sup").await;
    let first = decided(&server, &reviewer, "A-1").await;
    server.clock.advance(chrono::Duration::minutes(1));
    let second = decided(&server, &reviewer, "A-2").await;

    let page = server.get("/api/v1/supervision/decisions?limit=1", Some(&supervisor)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.json());
    let page = page.json();
    assert_eq!(page["entries"].as_array().unwrap().len(), 1);
    assert_eq!(page["entries"][0]["submission_id"], second.as_str());
    assert_eq!(page["entries"][0]["qa_sampled"], true);
    let cursor = page["next_cursor"].as_str().unwrap();
    let next = server
        .get(&format!("/api/v1/supervision/decisions?limit=1&cursor={cursor}"), Some(&supervisor))
        .await
        .json();
    assert_eq!(next["entries"][0]["submission_id"], first.as_str());
    assert_eq!(next["next_cursor"], Value::Null);
    for bad in ["limit=0", "sla_breached=maybe", "outcome=perhaps", "format=csv", "nonsense=1"] {
        let reply =
            server.get(&format!("/api/v1/supervision/decisions?{bad}"), Some(&supervisor)).await;
        assert!(reply.status.is_client_error(), "{bad}: {:?}", reply.status);
        assert!(reply.json()["code"].is_string());
    }
    let empty = server.get("/api/v1/supervision/decisions", Some(&elsewhere)).await.json();
    assert_eq!(empty["entries"], json!([]), "another province sees nothing");

    // Export: CSV with a BOM and masked numbers; a full export shows them and is audited.
    let csv =
        server.get("/api/v1/supervision/decisions/export?format=csv", Some(&supervisor)).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.headers[header::CONTENT_DISPOSITION].to_str().unwrap().contains(".csv"));
    assert!(csv.bytes.starts_with("\u{feff}案件编号,决定编号".as_bytes()));
    let text = String::from_utf8(csv.bytes.clone()).unwrap();
    assert_eq!(text.lines().count(), 3);
    let number = support::identity("A-1", "11")["id_number"].as_str().unwrap().to_owned();
    assert!(!text.contains(&number));
    let full = server
        .get("/api/v1/supervision/decisions/export?format=xlsx&full=true", Some(&supervisor))
        .await;
    assert_eq!(full.status, StatusCode::OK);
    assert!(full.bytes.starts_with(b"PK"));
    let exports: Vec<_> = server
        .store
        .audit_chain()
        .unwrap()
        .into_iter()
        .filter(|e| e.entry.action.as_str() == "export")
        .collect();
    assert_eq!(exports.len(), 2);
    assert!(exports[1].entry.detail.contains("\"full\":true"));

    // The QA sample holds both approvals; overturning one changes what the applicant reads.
    let waiting = server.get("/api/v1/supervision/second-reviews", Some(&supervisor)).await.json();
    assert_eq!(waiting.as_array().unwrap().len(), 2);
    let verdict = json!({"id": uuid::Uuid::new_v4().to_string(), "submission_id": first,
        "outcome": "reject", "reasons": ["photo_rotated"], "note": "证件照片倒置"});
    let receipt = server
        .post_json("/api/v1/supervision/second-reviews", Some(&supervisor), verdict.clone())
        .await;
    assert_eq!(receipt.status, StatusCode::CREATED, "{}", receipt.json());
    assert_eq!(receipt.json()["verdict"], "overturned");
    let replay =
        server.post_json("/api/v1/supervision/second-reviews", Some(&supervisor), verdict).await;
    assert_eq!(replay.status, StatusCode::OK);
    let key = server.intake_key();
    let view = server.get_with_key(&format!("/api/v1/intake/submissions/{first}"), &key).await;
    assert_eq!(view.json()["status"], "rejected", "{}", view.json());
    let overturned =
        server.get("/api/v1/supervision/decisions?overturned=true", Some(&supervisor)).await.json();
    assert_eq!(overturned["entries"].as_array().unwrap().len(), 1);

    let timeline = server
        .get(&format!("/api/v1/supervision/submissions/{first}/timeline"), Some(&supervisor))
        .await
        .json();
    let actions: Vec<&str> = timeline["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["intake", "claim", "decision", "second_review_changed"]);

    let stats = server
        .get("/api/v1/supervision/stats?from=2026-03-01&to=2026-03-02", Some(&supervisor))
        .await;
    assert_eq!(stats.status, StatusCode::OK, "{}", stats.json());
    let stats = stats.json();
    assert_eq!(stats["decisions"], 2);
    assert_eq!(stats["qa"], json!({"checked": 1, "agreed": 0}));
    server
        .get("/api/v1/supervision/stats?from=2026-03-02&to=2026-03-01", Some(&supervisor))
        .await
        .error(StatusCode::UNPROCESSABLE_ENTITY, "bad_date_range");
    server
        .get("/api/v1/supervision/stats?from=2025-01-01&to=2026-03-01", Some(&supervisor))
        .await
        .error(StatusCode::UNPROCESSABLE_ENTITY, "range_too_long");

    let verification =
        server.get("/api/v1/supervision/audit/verify", Some(&supervisor)).await.json();
    assert_eq!(verification["intact"], true, "{verification}");

    // A chain cut short behind the store's back still links, but not to its checkpoint.
    let chain = server.store.audit_chain().unwrap();
    let head = chain.last().unwrap();
    let checkpoint = reviewdesk_server::store::AuditCheckpoint {
        seq: head.entry.seq,
        hash: head.hash.clone(),
        at: "2026-03-02T02:00:00.000Z".to_owned(),
        public_key: String::new(),
        signature: String::new(),
    };
    server.store.record_audit_checkpoint(&checkpoint).unwrap();
    let cut = head.entry.seq - 1;
    rusqlite::Connection::open(server.dir.path().join("reviewdesk.db"))
        .unwrap()
        .execute_batch(&format!(
            "DROP TRIGGER audit_is_append_only_delete; DELETE FROM audit WHERE seq > {cut};"
        ))
        .unwrap();
    let verification =
        server.get("/api/v1/supervision/audit/verify", Some(&supervisor)).await.json();
    assert_eq!(verification["intact"], false, "{verification}");
    assert_eq!(verification["first_broken"], head.entry.seq, "{verification}");
    assert!(verification["message"].as_str().unwrap().contains("末尾的记录被删除"));
}

/// Caller text in a log filter is bounded before it can reach the audit log with an export: an
/// oversized reviewer name is a bad query, an unknown reason code is refused, and neither export
/// writes an event.
#[tokio::test]
async fn oversized_or_unknown_filter_values_are_refused_before_the_audit_log() {
    let server = server_with(Settings::default());
    server.add_user("zhao.min", Role::Supervisor, Some("11"));
    let supervisor = server.login("zhao.min").await;
    let events = |server: &Server| server.store.audit_chain().unwrap().len();
    let before = events(&server);
    let long = "x".repeat(60_000);
    let path = format!("/api/v1/supervision/decisions/export?reviewer={long}");
    let body =
        server.get(&path, Some(&supervisor)).await.error(StatusCode::BAD_REQUEST, "bad_query");
    assert_eq!(body["field"], "reviewer");
    let path = "/api/v1/supervision/decisions/export?reason=not_a_reason";
    let reply = server.get(path, Some(&supervisor)).await;
    let body = reply.error(StatusCode::UNPROCESSABLE_ENTITY, "unknown_reason_code");
    assert_eq!(body["field"], "reason");
    assert_eq!(events(&server), before, "no export event for a refused filter");
    let known = "/api/v1/supervision/decisions/export?reason=sex_incorrect";
    assert_eq!(server.get(known, Some(&supervisor)).await.status, StatusCode::OK);
    assert_eq!(events(&server), before + 1);
}
