//! Property tests of the whole HTTP API, driven by the OpenAPI document the server serves: every
//! path and method it lists gets malformed and boundary requests (wrong JSON types, missing and
//! unknown fields, huge strings, numbers at the edges, bodies that are not JSON or past the size
//! limit, wrong content types, bad path parameters, no or invalid credentials, the wrong kind of
//! credential), in-process with `tower::ServiceExt::oneshot`. Whatever the input: never a 5xx,
//! never a panic, and every refusal is `{code, message}` JSON with a Chinese message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use reviewdesk_server::settings::Settings;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use reviewdesk_domain::review::Role;
use serde_json::{json, Map, Value};
use support::{multipart, valid_parts, Server};

/// One operation of the document: method, path template, the properties its JSON body's schema
/// names, and whether its body is multipart.
#[derive(Debug, Clone)]
struct Operation {
    method: Method,
    path: String,
    properties: Vec<String>,
    multipart: bool,
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
            found.push(Operation { method, path: path.clone(), properties, multipart });
        }
    }
    found
}

/// Who the request claims to be.
#[derive(Debug, Clone)]
enum Credential {
    None,
    Staff,
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

#[derive(Debug, Clone)]
struct Case {
    operation: usize,
    credential: Credential,
    path_value: PathValue,
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
        4 => Just(Credential::Staff),
        2 => Just(Credential::IntakeKey),
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
    (0..operations, credential, path_value, body).prop_map(
        |(operation, credential, path_value, body)| Case {
            operation,
            credential,
            path_value,
            body,
        },
    )
}

/// What a good request body of `path` looks like, so one field at a time can be spoiled.
fn template(path: &str, submission: &str, lease: &str) -> Value {
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
        _ => json!({}),
    }
}

struct Fixture {
    server: Server,
    token: String,
    key: String,
    submission: String,
    lease: String,
    operations: Vec<Operation>,
}

async fn fixture() -> Fixture {
    // A 500 logs its cause through tracing: show it with a failure.
    let _ = tracing_subscriber::fmt().with_test_writer().try_init();
    // Input validation is under test here, not request rates (http_rate_limit.rs tests those):
    // thousands of cases from one caller would otherwise meet the rate limit.
    let server = support::server_with(Settings { request_rate: None, ..Settings::default() });
    server.add_user("wang", Role::Reviewer, Some("11"));
    let key = server.intake_key();
    let submission = server.submit(&key, "A-1", "11").await;
    let token = server.login("wang").await;
    let claim = server.post_json("/api/v1/queue/claim", Some(&token), json!({"max": 1})).await;
    let lease = claim.json()["leases"][0]["lease_token"].as_str().unwrap().to_owned();
    let document = server.get("/api/v1/openapi.json", None).await.json();
    let operations = operations(&document);
    Fixture { server, token, key, submission, lease, operations }
}

/// `token` is the staff credential to send: the fixture's, or a fresh one for a logout (which
/// would end the fixture's session for every later case).
fn request(fixture: &Fixture, case: &Case, token: &str) -> Request<Body> {
    let operation = &fixture.operations[case.operation];
    let value = match &case.path_value {
        PathValue::Real => fixture.submission.clone(),
        PathValue::Text(text) => text.clone(),
        PathValue::Long(n) => "x".repeat(*n),
    };
    let encoded: String = value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    let mut uri = operation.path.replace("{id}", &encoded);
    uri = uri.replace("{side}", if encoded.len() % 2 == 0 { "portrait" } else { &encoded });
    let mut builder = Request::builder().method(operation.method.clone()).uri(uri);
    builder = match &case.credential {
        Credential::None => builder,
        Credential::Staff => builder.header(header::AUTHORIZATION, format!("Bearer {token}")),
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
    let good = template(&operation.path, &fixture.submission, &fixture.lease);
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
    if !reply.status.is_success() {
        let body: Value = serde_json::from_slice(&reply.bytes).map_err(|e| {
            TestCaseError::fail(format!("{} not JSON ({e}) for {what}", reply.status))
        })?;
        let message = body["message"].as_str().unwrap_or_default();
        prop_assert!(body["code"].is_string(), "no code: {body} for {what}");
        prop_assert!(
            message.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "message not Chinese: {body} for {what}"
        );
    }
    Ok(())
}

#[test]
fn every_endpoint_answers_bad_input_with_a_4xx_code_and_message() {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let fixture = runtime.block_on(fixture());
    assert!(fixture.operations.len() >= 11, "{:?}", fixture.operations);
    assert!(fixture.operations.iter().any(|operation| operation.multipart));
    let cases =
        std::env::var("API_PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(1500);
    let mut runner =
        TestRunner::new(Config { cases, failure_persistence: None, ..Config::default() });
    let statuses = std::cell::RefCell::new(std::collections::BTreeMap::<u16, usize>::new());
    let codes = std::cell::RefCell::new(std::collections::BTreeMap::<String, usize>::new());
    runner
        .run(&case(fixture.operations.len()), |case| {
            let logout = fixture.operations[case.operation].path.ends_with("/logout");
            let reply = runtime.block_on(async {
                let token = match (&case.credential, logout) {
                    (Credential::Staff, true) => fixture.server.login("wang").await,
                    _ => fixture.token.clone(),
                };
                fixture.server.send(request(&fixture, &case, &token)).await
            });
            *statuses.borrow_mut().entry(reply.status.as_u16()).or_default() += 1;
            if let Ok(body) = serde_json::from_slice::<Value>(&reply.bytes) {
                if let Some(code) = body["code"].as_str() {
                    *codes.borrow_mut().entry(code.to_owned()).or_default() += 1;
                }
            }
            check(&reply, &case, &fixture)
        })
        .unwrap();
    let statuses = statuses.into_inner();
    eprintln!("statuses over {cases} cases: {statuses:?}\ncodes: {:?}", codes.into_inner());
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
