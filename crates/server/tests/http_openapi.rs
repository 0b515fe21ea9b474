//! The OpenAPI document tells the truth about what is shared: every operation documents the
//! refusals of its credential, its body, its path and query parameters and of the layers around
//! every route (each with the `ErrorBody` schema); parameters are where the route reads them;
//! reject-reason codes are the catalogue's enum wherever one goes. (Whether each answer a route
//! actually gives is documented is checked by `http_property.rs`, request by request.)
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use reviewdesk_domain::reasons::catalogue;
use serde_json::Value;
use support::server;

async fn document() -> Value {
    server().get("/api/v1/openapi.json", None).await.json()
}

/// Every (method, path, operation) of the document.
fn operations(document: &Value) -> Vec<(String, String, Value)> {
    let mut found = Vec::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            found.push((method.clone(), path.clone(), operation.clone()));
        }
    }
    found
}

fn schemes(operation: &Value) -> Vec<String> {
    operation["security"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|requirement| requirement.as_object().unwrap().keys().cloned())
        .collect()
}

/// Asserts `operation` documents `status` as an `ErrorBody` naming each of `codes`.
fn documents(what: &str, operation: &Value, status: u16, codes: &[&str]) {
    let response = &operation["responses"][status.to_string()];
    let schema = &response["content"]["application/json"]["schema"]["$ref"];
    assert_eq!(schema, "#/components/schemas/ErrorBody", "{what}: {status} in {operation}");
    let description = response["description"].as_str().unwrap();
    for code in codes {
        assert!(description.contains(&format!("`{code}`")), "{what} {status}: {code} not named");
    }
}

#[tokio::test]
async fn every_operation_documents_the_refusals_it_shares_with_others() {
    let document = document().await;
    let operations = operations(&document);
    assert!(operations.len() >= 22, "{} operations", operations.len());
    let (mut staff, mut intake, mut json, mut multipart, mut path, mut query) = (0, 0, 0, 0, 0, 0);
    for (method, route, operation) in &operations {
        let what = format!("{method} {route}");
        let schemes = schemes(operation);
        if schemes.contains(&"bearer".to_owned()) {
            staff += 1;
            documents(
                &what,
                operation,
                401,
                &["missing_token", "invalid_token", "session_expired"],
            );
            documents(&what, operation, 403, &["staff_only"]);
        }
        if schemes.contains(&"api_key".to_owned()) {
            intake += 1;
            documents(&what, operation, 401, &["missing_api_key", "invalid_api_key"]);
            documents(&what, operation, 403, &["intake_only"]);
        }
        if route.starts_with("/api/v1/") && !route.ends_with("/auth/login") {
            assert!(!schemes.is_empty(), "{what}: no security requirement");
        }
        let body = &operation["requestBody"]["content"];
        if body.get("application/json").is_some() {
            json += 1;
            documents(&what, operation, 400, &["malformed_json"]);
            documents(&what, operation, 413, &["body_too_large"]);
            documents(&what, operation, 415, &["unsupported_media_type"]);
            documents(&what, operation, 422, &["invalid_request"]);
        }
        if body.get("multipart/form-data").is_some() {
            multipart += 1;
            documents(&what, operation, 400, &["bad_multipart"]);
            documents(&what, operation, 413, &["body_too_large"]);
            documents(&what, operation, 415, &["not_multipart"]);
        }
        let parameters = operation["parameters"].as_array().cloned().unwrap_or_default();
        if parameters.iter().any(|p| p["in"] == "path") {
            path += 1;
            documents(&what, operation, 400, &["bad_path"]);
            documents(&what, operation, 404, &["not_found"]);
        }
        if parameters.iter().any(|p| p["in"] == "query") {
            query += 1;
            documents(&what, operation, 400, &["bad_query"]);
        }
        documents(&what, operation, 400, &["bad_outbox_lag"]);
        documents(&what, operation, 429, &["rate_limited"]);
        documents(&what, operation, 500, &["internal"]);
        let retry = &operation["responses"]["429"]["headers"]["Retry-After"]["schema"]["type"];
        assert_eq!(retry, "integer", "{what}: 429 without Retry-After");
    }
    // Each kind is there to be checked.
    assert!(staff >= 17 && intake == 2 && json >= 7 && multipart == 1, "{staff} {intake} {json}");
    assert!(path >= 5 && query >= 4, "{path} {query}");
}

/// The shared answers join what a handler documents itself: its codes stay, the shared ones are
/// added, and nothing is documented twice.
#[tokio::test]
async fn shared_refusals_join_a_handlers_own() {
    let document = document().await;
    let login = &document["paths"]["/api/v1/auth/login"]["post"];
    documents("login", login, 429, &["too_many_attempts", "rate_limited"]);
    documents("login", login, 422, &["invalid_request"]);
    documents("login", login, 401, &["invalid_credentials"]);
    let image = &document["paths"]["/api/v1/submissions/{id}/images/{side}"]["get"];
    documents("image", image, 404, &["unknown_image", "not_found"]);
    let description = image["responses"]["404"]["description"].as_str().unwrap();
    assert_eq!(description.matches("`not_found`").count(), 1, "{description}");
}

/// Path parameters are exactly the template's; the statistics' dates, the calendar's version
/// and the decision log's filters are query parameters, each route documenting those it reads.
#[tokio::test]
async fn parameters_are_where_the_route_reads_them() {
    let document = document().await;
    for (method, route, operation) in operations(&document) {
        let parameters = operation["parameters"].as_array().cloned().unwrap_or_default();
        let in_path: Vec<&str> = parameters
            .iter()
            .filter(|p| p["in"] == "path")
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        let templated: Vec<&str> = route
            .split('/')
            .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
            .collect();
        assert_eq!(in_path, templated, "{method} {route}: path parameters");
        for parameter in &parameters {
            assert!(parameter["in"] == "path" || parameter["in"] == "query", "{parameter}");
        }
    }
    let query_names = |route: &str| -> Vec<String> {
        let parameters = document["paths"][route]["get"]["parameters"].as_array().unwrap();
        parameters
            .iter()
            .filter(|p| p["in"] == "query")
            .map(|p| p["name"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(query_names("/api/v1/supervision/stats"), ["from", "to"]);
    assert_eq!(query_names("/api/v1/calendar"), ["known_version"]);
    // The log and its export share their filters; each documents only its own further ones.
    let filters = ["reviewer", "from", "to", "outcome", "reason", "id_type", "sla_breached"];
    for (route, own, refused) in [
        ("/api/v1/supervision/decisions", ["cursor", "limit"], ["format", "full"]),
        ("/api/v1/supervision/decisions/export", ["format", "full"], ["cursor", "limit"]),
    ] {
        let names = query_names(route);
        for name in filters.iter().chain(&own) {
            assert!(names.iter().any(|n| n == name), "{route}: {name} not a query parameter");
        }
        for name in refused {
            assert!(!names.iter().any(|n| n == name), "{route} refuses {name}: not documented");
        }
    }
}

/// `RejectReasonCode` is the catalogue, in its order, and every reason-code field and parameter
/// names it.
#[tokio::test]
async fn reject_reason_codes_are_the_catalogues_enum() {
    let document = document().await;
    let schemas = &document["components"]["schemas"];
    let listed: Vec<&str> = schemas["RejectReasonCode"]["enum"]
        .as_array()
        .unwrap_or_else(|| panic!("no enum: {}", schemas["RejectReasonCode"]))
        .iter()
        .map(|code| code.as_str().unwrap())
        .collect();
    let codes: Vec<&str> = catalogue().iter().map(|reason| reason.code).collect();
    assert_eq!(listed, codes);
    let reference = "#/components/schemas/RejectReasonCode";
    // Every list of reasons anywhere in the components, found by name.
    let mut lists = 0;
    for (name, schema) in schemas.as_object().unwrap() {
        for (property, value) in schema["properties"].as_object().into_iter().flatten() {
            if property == "reasons" || property == "expected_reasons" {
                assert_eq!(value["type"], "array", "{name}.{property}: {value}");
                if value["items"]["$ref"] == reference {
                    lists += 1;
                    continue;
                }
                // The statistics' per-reason rows hold the code itself.
                assert_eq!(name, "Stats", "{name}.{property} is no reason-code list: {value}");
            }
        }
    }
    assert_eq!(lists, 5);
    assert_eq!(schemas["ReasonStats"]["properties"]["code"]["$ref"], reference);
    for route in ["/api/v1/supervision/decisions", "/api/v1/supervision/decisions/export"] {
        let parameters = document["paths"][route]["get"]["parameters"].as_array().unwrap();
        let reason = parameters.iter().find(|p| p["name"] == "reason").unwrap();
        assert_eq!(reason["schema"]["$ref"], reference, "{route}");
    }
    // The decision request's reasons: the enum.
    let decision = &schemas["NewDecision"]["properties"]["reasons"];
    assert_eq!(decision["items"]["$ref"], reference, "{decision}");
}
