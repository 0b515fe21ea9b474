//! The reviewer's side over HTTP: claiming, renewing and releasing leases, reading a submission
//! and its photos (ETag, 304, audit), province isolation, decisions (201, replay 200, conflict 409
//! with the other decision) and the OpenAPI document.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use reviewdesk_domain::audit::{verify, AuditAction};
use reviewdesk_domain::review::Role;
use reviewdesk_domain::ErrorCode;
use reviewdesk_server::store::Store;
use serde_json::{json, Value};
use support::{server, Server};

async fn claim_one(server: &Server, token: &str) -> (String, String) {
    server.claim(token, 1).await.remove(0)
}

#[tokio::test]
async fn claim_renew_release_and_claim_again() {
    let server = server();
    server.add_user("li.na", Role::Reviewer, Some("11"));
    let token = server.login("li.na").await;
    let key = server.intake_key();
    let id = server.submit(&key, "A-1", "11").await;

    let reply = server
        .post_json("/api/v1/queue/claim", Some(&token), json!({"max": 5, "lease_seconds": 600}))
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    let leases = reply.json()["leases"].as_array().unwrap().clone();
    assert_eq!(leases.len(), 1);
    assert_eq!(leases[0]["submission_id"], id.as_str());
    assert_eq!(leases[0]["expires_at"], "2026-03-02T02:10:00Z");
    let lease_token = leases[0]["lease_token"].as_str().unwrap();

    let empty = server.post_json("/api/v1/queue/claim", Some(&token), json!({"max": 5})).await;
    assert_eq!(empty.json()["leases"], json!([]));

    let renew = server
        .post_json(
            "/api/v1/queue/renew",
            Some(&token),
            json!({"submission_id": id, "lease_token": lease_token, "lease_seconds": 3600}),
        )
        .await;
    assert_eq!(renew.status, StatusCode::OK, "{}", renew.json());
    assert_eq!(renew.json()["expires_at"], "2026-03-02T03:00:00Z");
    server
        .post_json(
            "/api/v1/queue/renew",
            Some(&token),
            json!({"submission_id": id, "lease_token": lease_token, "lease_seconds": 9 * 3600}),
        )
        .await
        .error(StatusCode::UNPROCESSABLE_ENTITY, "bad_lease_length");
    server
        .post_json(
            "/api/v1/queue/renew",
            Some(&token),
            json!({"submission_id": id, "lease_token": "not-mine"}),
        )
        .await
        .error(StatusCode::CONFLICT, "lease_invalid");

    let release = server
        .post_json(
            "/api/v1/queue/release",
            Some(&token),
            json!({"submission_id": id, "lease_token": lease_token}),
        )
        .await;
    assert_eq!(release.status, StatusCode::NO_CONTENT);
    let (again, _) = claim_one(&server, &token).await;
    assert_eq!(again, id);

    server
        .post_json("/api/v1/queue/claim", Some(&token), json!({"max": 0}))
        .await
        .error(StatusCode::UNPROCESSABLE_ENTITY, "bad_claim_size");
    server
        .post_json("/api/v1/queue/claim", Some(&token), json!({"max": "three"}))
        .await
        .error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_request");
    server.add_user("root", Role::Admin, None);
    let admin = server.login("root").await;
    server
        .post_json("/api/v1/queue/claim", Some(&admin), json!({"max": 1}))
        .await
        .error(StatusCode::FORBIDDEN, "no_province");
}

#[tokio::test]
async fn a_submission_and_its_photos_with_etag_304_and_audit_and_province_isolation() {
    let server = server();
    server.add_user("li.na", Role::Reviewer, Some("11"));
    server.add_user("zhao.lei", Role::Reviewer, Some("31"));
    let token = server.login("li.na").await;
    let other = server.login("zhao.lei").await;
    let key = server.intake_key();
    let id = server.submit(&key, "A-2", "11").await;
    claim_one(&server, &token).await;

    let reply = server.get(&format!("/api/v1/submissions/{id}"), Some(&token)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json());
    let body = reply.json();
    assert_eq!(body["attempt"], 1);
    assert_eq!(body["attempts_allowed"], 3);
    assert_eq!(body["due_date"], "2026-03-11");
    assert_eq!(body["lease"]["username"], "li.na");
    // The number leaves masked, with what it says beside it; never in full.
    assert_eq!(body["identity"]["id_number"], "11**************2X");
    assert_eq!(body["number"]["state"], "read");
    assert_eq!(body["number"]["says"]["normalized"], "11**************2X");
    assert_eq!(body["number"]["says"]["sex"], "female");
    assert_eq!(body["number"]["says"]["birth_date"], "1949-12-31");
    assert_eq!(body["number"]["says"]["region"]["province_zh"], "北京市");
    assert!(!String::from_utf8_lossy(&reply.bytes).contains("11010519491231002X"));
    let sha = body["images"]["emblem"].as_str().unwrap().to_owned();

    // Another province: as if it did not exist.
    let path = format!("/api/v1/submissions/{id}");
    server.get(&path, Some(&other)).await.error(StatusCode::NOT_FOUND, "not_found");
    let image_path = format!("/api/v1/submissions/{id}/images/emblem");
    server.get(&image_path, Some(&other)).await.error(StatusCode::NOT_FOUND, "not_found");

    let image = server.get(&image_path, Some(&token)).await;
    assert_eq!(image.status, StatusCode::OK);
    assert_eq!(image.headers[header::CONTENT_TYPE], "image/jpeg");
    assert_eq!(image.headers[header::ETAG], format!("\"{sha}\"").as_str());
    assert_eq!(image.headers[header::CACHE_CONTROL], "private, max-age=31536000, immutable");
    assert_eq!(image.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(image.headers[header::CONTENT_SECURITY_POLICY], "default-src 'none'");
    assert_eq!(image::load_from_memory(&image.bytes).unwrap().width(), 64);

    let cached = Request::builder()
        .uri(&image_path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::IF_NONE_MATCH, format!("\"{sha}\""))
        .body(Body::empty())
        .unwrap();
    let reply = server.send(cached).await;
    assert_eq!(reply.status, StatusCode::NOT_MODIFIED);
    assert!(reply.bytes.is_empty());
    server
        .get(&format!("/api/v1/submissions/{id}/images/selfie"), Some(&token))
        .await
        .error(StatusCode::NOT_FOUND, "unknown_image");

    let chain = server.store.audit_chain().unwrap();
    verify(&chain).unwrap();
    let views: Vec<&str> = chain
        .iter()
        .filter(|e| e.entry.action == AuditAction::ImageView)
        .map(|e| e.entry.detail.as_str())
        .collect();
    assert_eq!(
        views,
        [r#"{"cached":false,"side":"emblem"}"#, r#"{"cached":true,"side":"emblem"}"#]
    );
    let sheet_reads: Vec<(&str, Option<&str>)> = chain
        .iter()
        .filter(|e| e.entry.action == AuditAction::SubmissionView)
        .map(|e| (e.entry.actor.as_str(), e.entry.subject.as_deref()))
        .collect();
    assert_eq!(sheet_reads, [("li.na", Some(id.as_str()))], "one read, audited; refusals are not");
    assert!(chain
        .iter()
        .all(|e| !e.entry.detail.contains("11010519491231002X")
            && !e.entry.detail.contains("王小明")));
}

#[tokio::test]
async fn a_decision_is_created_replayed_and_conflicts_carry_the_other_decision() {
    let server = server();
    server.add_user("li.na", Role::Reviewer, Some("11"));
    server.add_user("wang.wei", Role::Reviewer, Some("11"));
    let first = server.login("li.na").await;
    let second = server.login("wang.wei").await;
    let key = server.intake_key();
    let id = server.submit(&key, "A-3", "11").await;
    let (_, lease_a) = claim_one(&server, &first).await;
    // li.na's lease runs out and wang.wei takes the item.
    server.clock.advance(chrono::Duration::minutes(16));
    let (_, lease_b) = claim_one(&server, &second).await;

    let decision = json!({
        "id": "6f1c1f36-6a57-4c0e-9a51-3d3f0d0f2b11", "submission_id": id, "lease_token": lease_b,
        "outcome": "reject", "reasons": ["sex_incorrect"], "note": "性别与号码不符"
    });
    let created = server.post_json("/api/v1/decisions", Some(&second), decision.clone()).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.json());
    let body = created.json();
    assert_eq!(body["status"], "rejected");
    assert_eq!(body["replayed"], false);
    assert_eq!(body["decision"]["applicant_text"], "不通过原因：性别填写错误");

    let replay = server.post_json("/api/v1/decisions", Some(&second), decision).await;
    assert_eq!(replay.status, StatusCode::OK);
    assert_eq!(replay.json()["replayed"], true);

    let late = json!({
        "id": "0b5d9d8e-8a55-4b0b-8f5e-7f1f8e0f9a22", "submission_id": id, "lease_token": lease_a,
        "outcome": "approve"
    });
    let conflict = server.post_json("/api/v1/decisions", Some(&first), late).await;
    let body = conflict.error(StatusCode::CONFLICT, "conflict");
    assert_eq!(body["decision"]["username"], "wang.wei");
    assert_eq!(body["decision"]["outcome"], "reject");

    let applicant = server.get_with_key(&format!("/api/v1/intake/submissions/{id}"), &key).await;
    assert_eq!(applicant.json()["reasons_text"], "不通过原因：性别填写错误");
}

#[tokio::test]
async fn decision_refusals_have_their_codes() {
    let server = server();
    server.add_user("li.na", Role::Reviewer, Some("11"));
    let token = server.login("li.na").await;
    let key = server.intake_key();
    let id = server.submit(&key, "A-4", "11").await;
    let (_, lease) = claim_one(&server, &token).await;
    let post = |body: Value| server.post_json("/api/v1/decisions", Some(&token), body);
    let base = json!({"id": "1b5d9d8e-8a55-4b0b-8f5e-7f1f8e0f9a22", "submission_id": id,
        "lease_token": lease, "outcome": "reject", "reasons": ["no_such_reason"]});
    let reply = post(base.clone()).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.json());

    let mut bad_id = base.clone();
    bad_id["id"] = json!("not-a-uuid");
    post(bad_id).await.error(StatusCode::UNPROCESSABLE_ENTITY, "bad_decision_id");

    let mut bad_lease = base.clone();
    bad_lease["lease_token"] = json!("forged");
    bad_lease["reasons"] = json!(["sex_incorrect"]);
    post(bad_lease).await.error(StatusCode::CONFLICT, "lease_invalid");

    let mut outcome = base;
    outcome["outcome"] = json!("maybe");
    post(outcome).await.error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_request");
}

/// The full ID number leaves the server only in the answer to `reveal`, recorded first; only
/// the submission's reader may ask (another reviewer of the province and another province's
/// reviewer get 404, and nothing is recorded for them).
#[tokio::test]
async fn revealing_an_id_number_is_audited_and_bound_to_the_lease() {
    let server = server();
    server.add_user("li.na", Role::Reviewer, Some("11"));
    server.add_user("wang.wei", Role::Reviewer, Some("11"));
    server.add_user("zhao.lei", Role::Reviewer, Some("31"));
    let token = server.login("li.na").await;
    let colleague = server.login("wang.wei").await;
    let other = server.login("zhao.lei").await;
    let id = server.submit(&server.intake_key(), "A-9", "11").await;
    let path = format!("/api/v1/submissions/{id}/reveal");
    server
        .post_json(&path, Some(&token), json!({}))
        .await
        .error(StatusCode::NOT_FOUND, "not_found");
    claim_one(&server, &token).await;
    for outsider in [&colleague, &other] {
        server
            .post_json(&path, Some(outsider), json!({}))
            .await
            .error(StatusCode::NOT_FOUND, "not_found");
    }
    let reply = server.post_json(&path, Some(&token), json!({})).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json());
    assert_eq!(reply.json(), json!({ "id_number": "11010519491231002X" }));
    let chain = server.store.audit_chain().unwrap();
    verify(&chain).unwrap();
    let reveals: Vec<_> = chain
        .iter()
        .filter(|e| e.entry.action == AuditAction::PiiReveal)
        .map(|e| (e.entry.actor.as_str(), e.entry.subject.as_deref()))
        .collect();
    assert_eq!(reveals, [("li.na", Some(id.as_str()))]);
}

/// Asserts that `token`'s holder can read nothing of submission `id`: sheet, photo, reveal.
async fn refused(server: &Server, id: &str, token: &str, why: &str) {
    for path in
        [format!("/api/v1/submissions/{id}"), format!("/api/v1/submissions/{id}/images/portrait")]
    {
        let reply = server.get(&path, Some(token)).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{why}: {path}");
    }
    let reveal = format!("/api/v1/submissions/{id}/reveal");
    let reply = server.post_json(&reveal, Some(token), json!({})).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{why}: reveal");
}

/// Reads follow the work: a colleague of the province cannot read a case another reviewer
/// holds, nor one already decided; the supervisor reads it once decided (the log), the
/// administrator never; a released case is no longer its reviewer's.
#[tokio::test]
async fn reads_follow_the_work() {
    let server = server();
    server.add_user("li.na", Role::Reviewer, Some("11"));
    server.add_user("wang.wei", Role::Reviewer, Some("11"));
    server.add_user("sup", Role::Supervisor, Some("11"));
    server.add_user("root", Role::Admin, None);
    let holder = server.login("li.na").await;
    let colleague = server.login("wang.wei").await;
    let supervisor = server.login("sup").await;
    let admin = server.login("root").await;
    let key = server.intake_key();
    let id = server.submit(&key, "A-10", "11").await;
    let paths =
        [format!("/api/v1/submissions/{id}"), format!("/api/v1/submissions/{id}/images/portrait")];
    let (_, lease) = claim_one(&server, &holder).await;
    for path in &paths {
        assert_eq!(server.get(path, Some(&holder)).await.status, StatusCode::OK, "{path}");
    }
    let refused = |token, why| refused(&server, &id, token, why);
    refused(&colleague, "a colleague, while li.na holds it").await;
    refused(&supervisor, "the supervisor, before any decision").await;
    refused(&admin, "the administrator").await;

    // Released: the case is nobody's until claimed again.
    let released = server
        .post_json(
            "/api/v1/queue/release",
            Some(&holder),
            json!({"submission_id": id, "lease_token": lease}),
        )
        .await;
    assert!(released.status.is_success(), "{}", released.json());
    refused(&holder, "li.na, after releasing it").await;

    let (_, lease) = claim_one(&server, &colleague).await;
    let decision = json!({
        "id": "2c5d9d8e-8a55-4b0b-8f5e-7f1f8e0f9a33", "submission_id": id, "lease_token": lease,
        "outcome": "approve"
    });
    let decided = server.post_json("/api/v1/decisions", Some(&colleague), decision).await;
    assert_eq!(decided.status, StatusCode::CREATED, "{}", decided.json());
    refused(&colleague, "wang.wei, once decided").await;
    refused(&holder, "li.na, once decided").await;
    refused(&admin, "the administrator, once decided").await;
    let sheet = server.get(&paths[0], Some(&supervisor)).await;
    assert_eq!(sheet.status, StatusCode::OK, "the supervisor reads the decided case");
    assert_eq!(sheet.json()["identity"]["id_number"], "11**************2X");
}

#[tokio::test]
async fn the_openapi_document_lists_every_path() {
    let server = server();
    let reply = server.get("/api/v1/openapi.json", None).await;
    assert_eq!(reply.status, StatusCode::OK);
    let document = reply.json();
    assert!(document["openapi"].as_str().unwrap().starts_with("3."));
    let paths: Vec<&str> =
        document["paths"].as_object().unwrap().keys().map(String::as_str).collect();
    for path in [
        "/api/v1/auth/login",
        "/api/v1/auth/logout",
        "/api/v1/intake/submissions",
        "/api/v1/intake/submissions/{id}",
        "/api/v1/queue/claim",
        "/api/v1/queue/renew",
        "/api/v1/queue/release",
        "/api/v1/submissions/{id}",
        "/api/v1/submissions/{id}/images/{side}",
        "/api/v1/submissions/{id}/reveal",
        "/api/v1/decisions",
        "/healthz",
        "/readyz",
        "/metrics",
    ] {
        assert!(paths.contains(&path), "{path} missing from {paths:?}");
    }
    assert!(document["components"]["securitySchemes"]["bearer"].is_object());
}

/// The error body's `code` is the domain's `ErrorCode` enum, listed whole in the document: a
/// client generated from it knows every code the server may send.
#[tokio::test]
async fn the_openapi_document_lists_every_error_code() {
    let server = server();
    let document = server.get("/api/v1/openapi.json", None).await.json();
    let schemas = &document["components"]["schemas"];
    assert_eq!(
        schemas["ErrorBody"]["properties"]["code"]["$ref"], "#/components/schemas/ErrorCode",
        "{}",
        schemas["ErrorBody"]
    );
    let listed: Vec<&str> = schemas["ErrorCode"]["enum"]
        .as_array()
        .unwrap_or_else(|| panic!("ErrorCode is no enum: {}", schemas["ErrorCode"]))
        .iter()
        .map(|code| code.as_str().unwrap())
        .collect();
    let all: Vec<&str> = ErrorCode::ALL.iter().map(|code| code.as_str()).collect();
    assert_eq!(listed, all);
}

/// Every JSON answer, success or refusal, names its schema, and every schema it names exists: a
/// client (or a property-based test) can be generated from the document alone.
#[tokio::test]
async fn every_json_answer_in_the_openapi_document_has_a_schema() {
    let server = server();
    let document = server.get("/api/v1/openapi.json", None).await.json();
    let schemas = document["components"]["schemas"].as_object().unwrap();
    for name in ["ErrorBody", "SubmissionBody", "DecisionReceipt", "Lease", "LoginResponse"] {
        assert!(schemas.contains_key(name), "{name} missing from the components");
    }
    let mut checked = 0;
    for (path, operations) in document["paths"].as_object().unwrap() {
        for (method, operation) in operations.as_object().unwrap() {
            for (status, response) in operation["responses"].as_object().unwrap() {
                let Some(content) = response.get("content") else {
                    assert!(
                        status == "204" || status == "304",
                        "{method} {path} {status}: no body"
                    );
                    continue;
                };
                let Some(json) = content.get("application/json") else {
                    continue; // the photos: image/jpeg
                };
                // A named schema, or a list of one.
                let schema = &json["schema"];
                let named = if schema["type"] == "array" { &schema["items"] } else { schema };
                let reference = named["$ref"].as_str().unwrap_or_else(|| {
                    panic!("{method} {path} {status}: no schema reference in {json}")
                });
                let name = reference.trim_start_matches("#/components/schemas/");
                assert!(schemas.contains_key(name), "{method} {path} {status}: {name} undefined");
                checked += 1;
            }
        }
    }
    assert!(checked >= 25, "only {checked} JSON answers checked");
}
