//! Property tests of the whole HTTP API, driven by the OpenAPI document the server serves: every
//! path and method it lists gets malformed and boundary requests (wrong JSON types, missing and
//! unknown fields, huge strings, numbers at the edges, bodies that are not JSON or past the size
//! limit, wrong content types, bad path and query parameters, no or invalid credentials), in-process
//! with `tower::ServiceExt::oneshot`. The fixture has a reviewer, a supervisor of the same province
//! and an intake key: each request goes mostly with the credential its route wants (so the
//! supervision and intake handlers are reached past their authentication, which is asserted per
//! operation), sometimes with the wrong kind. Whatever the input: never a 5xx, never a panic,
//! every refusal is `{code, message}` JSON with a Chinese message, and every answer's status is
//! one the document lists for that operation, a refusal's code named in its description.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use reviewdesk_server::settings::Settings;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use reviewdesk_domain::review::Role;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use support::{multipart, valid_parts, Server};

/// One operation of the document: method, path template, the properties its JSON body's schema
/// names, whether its body is multipart, the credential it wants, its query parameters, and the
/// answers it documents (status → description).
#[derive(Debug, Clone)]
struct Operation {
    method: Method,
    path: String,
    properties: Vec<String>,
    multipart: bool,
    wants: Wants,
    query: Vec<String>,
    documented: BTreeMap<String, String>,
}

/// The credential an operation asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wants {
    Nothing,
    Reviewer,
    Supervisor,
    IntakeKey,
}

fn operations(document: &Value) -> Vec<Operation> {
    let mut found = Vec::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let Ok(method) = method.to_uppercase().parse::<Method>() else { continue };
            let content = &operation["requestBody"]["content"];
            let mut properties = Vec::new();
            if let Some(reference) = content["application/json"]["schema"]["$ref"].as_str() {
                let name = reference.rsplit('/').next().unwrap();
                let schema = &document["components"]["schemas"][name];
                if let Some(object) = schema["properties"].as_object() {
                    properties.extend(object.keys().cloned());
                }
            }
            let multipart = content.get("multipart/form-data").is_some();
            let security = operation["security"].to_string();
            let wants = if security.contains("api_key") {
                Wants::IntakeKey
            } else if !security.contains("bearer") {
                Wants::Nothing
            } else if path.starts_with("/api/v1/supervision/") {
                Wants::Supervisor
            } else {
                Wants::Reviewer
            };
            let query = operation["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|parameter| parameter["in"] == "query")
                .map(|parameter| parameter["name"].as_str().unwrap().to_owned())
                .collect();
            let documented = operation["responses"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(status, response)| {
                    (status.clone(), response["description"].as_str().unwrap_or("").to_owned())
                })
                .collect();
            found.push(Operation {
                method,
                path: path.clone(),
                properties,
                multipart,
                wants,
                query,
                documented,
            });
        }
    }
    found
}

/// Who the request claims to be.
#[derive(Debug, Clone)]
enum Credential {
    None,
    /// The kind the operation wants.
    Wanted,
    Reviewer,
    Supervisor,
    IntakeKey,
    GarbageBearer(String),
    GarbageKey(String),
    /// An `Authorization` header that is not a bearer token at all.
    Malformed(String),
}

/// What goes into a path parameter.
#[derive(Debug, Clone)]
enum PathValue {
    Real,
    Text(String),
    Long(usize),
}

/// The body.
#[derive(Debug, Clone)]
enum BodyKind {
    Empty,
    Json(Value),
    /// A good body for the operation with one field replaced (or removed: `None`).
    Mutated(String, Option<Value>),
    /// The same, the field picked among those the operation's schema names.
    SchemaField(usize, Option<Value>),
    Bytes(Vec<u8>),
    WrongContentType(Value),
    Oversize(usize),
    /// An intake request whose identity has one field replaced or removed.
    IdentityMutated(String, Option<Value>),
    /// An intake request missing one part.
    MissingPart(usize),
}

/// The query string, for operations that read one.
#[derive(Debug, Clone)]
enum QueryKind {
    /// A good query for the operation.
    Good,
    None,
    /// The good query with one parameter (picked among the document's) set to this text.
    Replaced(usize, String),
    /// The good query with an unknown parameter added.
    Unknown(String),
    /// A raw query string (names, `=`, `&`, stray `%` escapes).
    Raw(String),
}

#[derive(Debug, Clone)]
struct Case {
    operation: usize,
    credential: Credential,
    path_value: PathValue,
    query: QueryKind,
    body: BodyKind,
}

fn awkward_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just(" ".to_owned()),
        Just("../../etc/passwd".to_owned()),
        Just("%00".to_owned()),
        Just("王小明\u{0}\u{7}".to_owned()),
        Just("\u{202e}abc".to_owned()),
        Just("1' OR '1'='1".to_owned()),
        Just("🙂".repeat(70)),
        "\\PC{0,80}",
        ".{0,20}",
    ]
}

fn boundary_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        Just(json!(0)),
        Just(json!(-1)),
        Just(json!(i64::MIN)),
        Just(json!(i64::MAX)),
        Just(json!(u64::MAX)),
        Just(json!(1e308)),
        Just(json!(-1e308)),
        Just(json!(0.5)),
        any::<i64>().prop_map(Value::from),
        awkward_text().prop_map(Value::from),
        (1usize..5).prop_map(|k| Value::from("长".repeat(k * 1000))),
        Just(json!("2026-02-30")),
        Just(json!("9999-12-31T23:59:59Z")),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,12}", inner, 0..4)
                .prop_map(|map| Value::Object(map.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

fn case(operations: usize) -> impl Strategy<Value = Case> {
    let credential = prop_oneof![
        1 => Just(Credential::None),
        8 => Just(Credential::Wanted),
        1 => Just(Credential::Reviewer),
        1 => Just(Credential::Supervisor),
        1 => Just(Credential::IntakeKey),
        1 => "[A-Za-z0-9_\\-]{0,80}".prop_map(Credential::GarbageBearer),
        1 => "[A-Za-z0-9_\\-]{0,80}".prop_map(Credential::GarbageKey),
        1 => "[ -~]{0,60}".prop_map(Credential::Malformed),
    ];
    let path_value = prop_oneof![
        2 => Just(PathValue::Real),
        1 => awkward_text().prop_map(PathValue::Text),
        1 => (1000usize..20_000).prop_map(PathValue::Long),
    ];
    let field = "[a-z_]{1,16}";
    let identity_fields = prop::sample::select(vec![
        "applicant_id",
        "province",
        "id_type",
        "id_number",
        "name",
        "sex",
        "birth_date",
        "ethnicity",
        "region",
        "valid_from",
        "valid_to",
        "nickname",
    ]);
    let body = prop_oneof![
        1 => Just(BodyKind::Empty),
        1 => boundary_value().prop_map(BodyKind::Json),
        4 => (field, prop::option::of(boundary_value()))
            .prop_map(|(name, value)| BodyKind::Mutated(name, value)),
        4 => (prop::sample::select(vec!["id", "submission_id", "lease_token", "outcome", "reasons",
                "other_text", "note", "max", "lease_seconds", "username", "password"]),
              prop::option::of(boundary_value()))
            .prop_map(|(name, value)| BodyKind::Mutated(name.to_owned(), value)),
        4 => (any::<usize>(), prop::option::of(boundary_value()))
            .prop_map(|(index, value)| BodyKind::SchemaField(index, value)),
        1 => prop::collection::vec(any::<u8>(), 0..300).prop_map(BodyKind::Bytes),
        1 => boundary_value().prop_map(BodyKind::WrongContentType),
        1 => prop_oneof![Just(70_000usize), Just(1_000_000usize)].prop_map(BodyKind::Oversize),
        3 => (identity_fields, prop::option::of(boundary_value()))
            .prop_map(|(name, value)| BodyKind::IdentityMutated(name.to_owned(), value)),
        1 => (0usize..4).prop_map(BodyKind::MissingPart),
    ];
    let query = prop_oneof![
        4 => Just(QueryKind::Good),
        1 => Just(QueryKind::None),
        3 => (any::<usize>(), awkward_text()).prop_map(|(i, text)| QueryKind::Replaced(i, text)),
        1 => "[a-z_]{1,12}".prop_map(QueryKind::Unknown),
        1 => "[A-Za-z0-9=&%+._~-]{0,40}".prop_map(QueryKind::Raw),
    ];
    (0..operations, credential, path_value, query, body).prop_map(
        |(operation, credential, path_value, query, body)| Case {
            operation,
            credential,
            path_value,
            query,
            body,
        },
    )
}

/// What a good query string of `path` looks like (name, value), so one parameter at a time can
/// be spoiled.
fn query_template(path: &str) -> Vec<(&'static str, &'static str)> {
    match path {
        "/api/v1/calendar" => vec![("known_version", "1")],
        "/api/v1/supervision/stats" => vec![("from", "2026-03-01"), ("to", "2026-03-31")],
        "/api/v1/supervision/cases" => vec![("q", "A-1")],
        "/api/v1/supervision/report" => vec![("month", "2026-03")],
        "/api/v1/supervision/decisions" => {
            vec![("from", "2026-03-01"), ("to", "2026-03-31"), ("limit", "10"), ("reason", "other")]
        }
        "/api/v1/supervision/decisions/export" => {
            vec![("from", "2026-03-01"), ("outcome", "reject"), ("format", "csv")]
        }
        _ => Vec::new(),
    }
}

fn percent_encoded(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn query_string(operation: &Operation, kind: &QueryKind) -> String {
    if operation.query.is_empty() {
        return String::new();
    }
    let mut pairs: Vec<(String, String)> = query_template(&operation.path)
        .into_iter()
        .map(|(name, value)| (name.to_owned(), value.to_owned()))
        .collect();
    match kind {
        QueryKind::Good => {}
        QueryKind::None => pairs.clear(),
        QueryKind::Replaced(index, text) => {
            let name = &operation.query[index % operation.query.len()];
            pairs.retain(|(n, _)| n != name);
            pairs.push((name.clone(), text.clone()));
        }
        QueryKind::Unknown(name) => pairs.push((name.clone(), "1".to_owned())),
        QueryKind::Raw(raw) => return format!("?{raw}"),
    }
    let joined: Vec<String> = pairs
        .iter()
        .map(|(name, value)| format!("{}={}", percent_encoded(name), percent_encoded(value)))
        .collect();
    format!("?{}", joined.join("&"))
}

/// What a good request body of `path` looks like, so one field at a time can be spoiled.
/// `submission` and `lease` are the fixture's held submission; `decided` its decided one.
fn template(path: &str, submission: &str, lease: &str, decided: &str) -> Value {
    match path {
        "/api/v1/auth/login" => json!({"username": "wang", "password": support::PASSWORD}),
        "/api/v1/queue/claim" => json!({"max": 1, "lease_seconds": 900}),
        "/api/v1/queue/renew" => {
            json!({"submission_id": submission, "lease_token": lease, "lease_seconds": 900})
        }
        "/api/v1/queue/release" => json!({"submission_id": submission, "lease_token": lease}),
        "/api/v1/decisions" => json!({
            "id": "0f6c1ad8-6f0c-4b43-9a65-2f2b8e1f8c11", "submission_id": submission,
            "lease_token": lease, "outcome": "reject", "reasons": ["other"],
            "other_text": "照片模糊", "note": "备注"
        }),
        "/api/v1/supervision/second-reviews" => json!({
            "id": "5b0e3c3e-2f7a-4a51-8d7e-3f1c9a2b6d40", "submission_id": decided,
            "outcome": "approve", "reasons": [], "note": "复核：照片清晰"
        }),
        "/api/v1/supervision/golden" => json!({"source_submission_id": decided}),
        _ => json!({}),
    }
}

struct Fixture {
    server: Server,
    reviewer: String,
    supervisor: String,
    key: String,
    /// Held by the reviewer.
    submission: String,
    lease: String,
    /// Decided by the reviewer: the supervisor may read it.
    decided: String,
    operations: Vec<Operation>,
}

async fn fixture() -> Fixture {
    // A 500 logs its cause through tracing: show it with a failure (warnings and errors only).
    let _ = tracing_subscriber::fmt()
        .with_max_level(tracing_subscriber::filter::LevelFilter::WARN)
        .with_test_writer()
        .try_init();
    // Input validation is under test here, not request rates (http_rate_limit.rs tests those):
    // thousands of cases from one caller would otherwise meet the rate limit.
    let server = support::server_with(Settings { request_rate: None, ..Settings::default() });
    server.add_user("wang", Role::Reviewer, Some("11"));
    server.add_user("zhou", Role::Supervisor, Some("11"));
    let key = server.intake_key();
    server.submit(&key, "A-1", "11").await;
    server.submit(&key, "A-2", "11").await;
    let reviewer = server.login("wang").await;
    let supervisor = server.login("zhou").await;
    let leases = server.claim(&reviewer, 2).await;
    let (decided, decided_lease) = leases[1].clone();
    let decision = json!({
        "id": "9d3e1f4a-7c2b-4e8d-a1f6-0b5c9e2d7a13", "submission_id": decided,
        "lease_token": decided_lease, "outcome": "reject", "reasons": ["other"],
        "other_text": "照片模糊"
    });
    let reply = server.post_json("/api/v1/decisions", Some(&reviewer), decision).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json());
    let (submission, lease) = leases[0].clone();
    let document = server.get("/api/v1/openapi.json", None).await.json();
    let operations = operations(&document);
    Fixture { server, reviewer, supervisor, key, submission, lease, decided, operations }
}

/// The credential a case sends, with `Wanted` made the operation's kind.
fn credential(operation: &Operation, credential: &Credential) -> Credential {
    match (credential, operation.wants) {
        (Credential::Wanted, Wants::Nothing) => Credential::None,
        (Credential::Wanted, Wants::Reviewer) => Credential::Reviewer,
        (Credential::Wanted, Wants::Supervisor) => Credential::Supervisor,
        (Credential::Wanted, Wants::IntakeKey) => Credential::IntakeKey,
        (other, _) => other.clone(),
    }
}

/// `token` is the staff credential to send: the fixture's reviewer's or supervisor's, or a fresh
/// one for a logout (which would end the fixture's session for every later case).
fn request(fixture: &Fixture, case: &Case, token: &str) -> Request<Body> {
    let operation = &fixture.operations[case.operation];
    let sent = credential(operation, &case.credential);
    let value = match (&case.path_value, &sent) {
        (PathValue::Real, Credential::Supervisor) => fixture.decided.clone(),
        (PathValue::Real, _) => fixture.submission.clone(),
        (PathValue::Text(text), _) => text.clone(),
        (PathValue::Long(n), _) => "x".repeat(*n),
    };
    let encoded = percent_encoded(&value);
    let mut uri = operation.path.replace("{id}", &encoded);
    uri = uri.replace("{side}", if encoded.len() % 2 == 0 { "portrait" } else { &encoded });
    uri.push_str(&query_string(operation, &case.query));
    let mut builder = Request::builder().method(operation.method.clone()).uri(uri);
    builder = match &sent {
        Credential::None | Credential::Wanted => builder,
        Credential::Reviewer | Credential::Supervisor => {
            builder.header(header::AUTHORIZATION, format!("Bearer {token}"))
        }
        Credential::IntakeKey => builder.header("x-api-key", &fixture.key),
        Credential::GarbageBearer(token) => {
            builder.header(header::AUTHORIZATION, format!("Bearer {token}"))
        }
        Credential::GarbageKey(key) => builder.header("x-api-key", key),
        Credential::Malformed(text) => builder.header(header::AUTHORIZATION, text),
    };
    let json_body = |builder: axum::http::request::Builder, value: &Value| {
        builder
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(value.to_string()))
            .unwrap()
    };
    let good = template(&operation.path, &fixture.submission, &fixture.lease, &fixture.decided);
    match &case.body {
        BodyKind::Empty => builder.body(Body::empty()).unwrap(),
        BodyKind::Json(value) => json_body(builder, value),
        BodyKind::SchemaField(index, value) if !operation.properties.is_empty() => {
            let field = &operation.properties[index % operation.properties.len()];
            let mut body = good;
            match value {
                Some(value) => body[field.as_str()] = value.clone(),
                None => {
                    body.as_object_mut().unwrap().remove(field);
                }
            }
            json_body(builder, &body)
        }
        BodyKind::SchemaField(_, value) => json_body(builder, &value.clone().unwrap_or(good)),
        BodyKind::Mutated(field, value) if !operation.multipart => {
            let mut body = good;
            match value {
                Some(value) => body[field.as_str()] = value.clone(),
                None => {
                    body.as_object_mut().unwrap().remove(field);
                }
            }
            json_body(builder, &body)
        }
        BodyKind::Bytes(bytes) => {
            let content_type = if operation.multipart {
                "multipart/form-data; boundary=reviewdesk-test-boundary-7d1f"
            } else {
                "application/json"
            };
            builder
                .header(header::CONTENT_TYPE, content_type)
                .body(Body::from(bytes.clone()))
                .unwrap()
        }
        BodyKind::WrongContentType(value) => builder
            .header(header::CONTENT_TYPE, "text/plain")
            .body(Body::from(value.to_string()))
            .unwrap(),
        BodyKind::Oversize(n) => {
            let body = json!({"username": "x".repeat(*n), "password": "y"});
            if operation.multipart {
                let parts = [("identity", body.to_string().into_bytes())];
                let (content_type, bytes) = multipart(&parts);
                builder.header(header::CONTENT_TYPE, content_type).body(Body::from(bytes)).unwrap()
            } else {
                json_body(builder, &body)
            }
        }
        BodyKind::Mutated(field, value) | BodyKind::IdentityMutated(field, value) => {
            let mut parts = valid_parts(&format!("P-{}", field.len()), "11");
            let mut identity: Value = serde_json::from_slice(&parts[0].1).unwrap();
            match value {
                Some(value) => identity[field.as_str()] = value.clone(),
                None => {
                    identity.as_object_mut().unwrap().remove(field);
                }
            }
            parts[0].1 = identity.to_string().into_bytes();
            let (content_type, bytes) = multipart(&parts);
            builder.header(header::CONTENT_TYPE, content_type).body(Body::from(bytes)).unwrap()
        }
        BodyKind::MissingPart(index) => {
            let mut parts = valid_parts("P-missing", "11");
            parts.remove(*index);
            let (content_type, bytes) = multipart(&parts);
            builder.header(header::CONTENT_TYPE, content_type).body(Body::from(bytes)).unwrap()
        }
    }
}

fn check(reply: &support::Reply, case: &Case, fixture: &Fixture) -> Result<(), TestCaseError> {
    let operation = &fixture.operations[case.operation];
    let what = format!("{} {} {case:?}", operation.method, operation.path);
    prop_assert!(
        !reply.status.is_server_error(),
        "{} for {what}: {}",
        reply.status,
        String::from_utf8_lossy(&reply.bytes)
    );
    let documented = operation.documented.get(reply.status.as_str());
    prop_assert!(
        documented.is_some(),
        "{} is not documented for {what}: {}",
        reply.status,
        String::from_utf8_lossy(&reply.bytes)
    );
    if !reply.status.is_success() && reply.status != StatusCode::NOT_MODIFIED {
        let body: Value = serde_json::from_slice(&reply.bytes).map_err(|e| {
            TestCaseError::fail(format!("{} not JSON ({e}) for {what}", reply.status))
        })?;
        let message = body["message"].as_str().unwrap_or_default();
        prop_assert!(body["code"].is_string(), "no code: {body} for {what}");
        prop_assert!(
            message.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "message not Chinese: {body} for {what}"
        );
        let code = format!("`{}`", body["code"].as_str().unwrap_or_default());
        // An empty path segment leaves the template: no route matched, not this operation's.
        let elsewhere =
            code == "`no_such_endpoint`" && matches!(case.path_value, PathValue::Text(_));
        prop_assert!(
            elsewhere || documented.is_some_and(|description| description.contains(&code)),
            "{code} is not named in the {} documented for {what}: {documented:?}",
            reply.status
        );
    }
    Ok(())
}

/// The codes a refusal by a route's authentication carries.
const AUTH_CODES: [&str; 9] = [
    "missing_token",
    "invalid_token",
    "session_expired",
    "session_revoked",
    "staff_only",
    "supervisors_only",
    "missing_api_key",
    "invalid_api_key",
    "intake_only",
];

#[test]
fn every_endpoint_answers_bad_input_with_a_4xx_code_and_message() {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let fixture = runtime.block_on(fixture());
    assert!(fixture.operations.len() >= 22, "{:?}", fixture.operations);
    assert!(fixture.operations.iter().any(|operation| operation.multipart));
    for wants in [Wants::Reviewer, Wants::Supervisor, Wants::IntakeKey, Wants::Nothing] {
        assert!(fixture.operations.iter().any(|operation| operation.wants == wants), "{wants:?}");
    }
    let cases =
        std::env::var("API_PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(1500);
    let mut runner =
        TestRunner::new(Config { cases, failure_persistence: None, ..Config::default() });
    let statuses = std::cell::RefCell::new(std::collections::BTreeMap::<u16, usize>::new());
    let codes = std::cell::RefCell::new(std::collections::BTreeMap::<String, usize>::new());
    // Per operation: how many answers came from past its authentication.
    let past_auth = std::cell::RefCell::new(vec![0usize; fixture.operations.len()]);
    runner
        .run(&case(fixture.operations.len()), |case| {
            let operation = &fixture.operations[case.operation];
            let logout = operation.path.ends_with("/logout");
            let reply = runtime.block_on(async {
                let token = match (credential(operation, &case.credential), logout) {
                    (Credential::Reviewer, true) => fixture.server.login("wang").await,
                    (Credential::Supervisor, true) => fixture.server.login("zhou").await,
                    (Credential::Supervisor, false) => fixture.supervisor.clone(),
                    _ => fixture.reviewer.clone(),
                };
                fixture.server.send(request(&fixture, &case, &token)).await
            });
            *statuses.borrow_mut().entry(reply.status.as_u16()).or_default() += 1;
            let code = serde_json::from_slice::<Value>(&reply.bytes)
                .ok()
                .and_then(|body| body["code"].as_str().map(str::to_owned));
            if let Some(code) = &code {
                *codes.borrow_mut().entry(code.clone()).or_default() += 1;
            }
            let unmatched = code.as_deref() == Some("no_such_endpoint");
            if !unmatched && !code.as_deref().is_some_and(|code| AUTH_CODES.contains(&code)) {
                past_auth.borrow_mut()[case.operation] += 1;
            }
            check(&reply, &case, &fixture)
        })
        .unwrap();
    let statuses = statuses.into_inner();
    let past_auth = past_auth.into_inner();
    eprintln!("statuses over {cases} cases: {statuses:?}\ncodes: {:?}", codes.into_inner());
    for (operation, reached) in fixture.operations.iter().zip(&past_auth) {
        eprintln!("{reached:>5} past authentication: {} {}", operation.method, operation.path);
        assert!(
            *reached > 0,
            "{} {} never reached past its authentication",
            operation.method,
            operation.path
        );
    }
    // The inputs reach past authentication and body parsing into the handlers' own checks.
    for status in [
        StatusCode::BAD_REQUEST,
        StatusCode::UNAUTHORIZED,
        StatusCode::NOT_FOUND,
        StatusCode::PAYLOAD_TOO_LARGE,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        StatusCode::UNPROCESSABLE_ENTITY,
    ] {
        assert!(statuses.contains_key(&status.as_u16()), "no {status} seen: {statuses:?}");
    }
}
