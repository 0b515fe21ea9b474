//! The answers operations share, added to every operation of the OpenAPI document from what it
//! declares, so no handler's annotation repeats them (and none can leave one out): its credential
//! (401 missing or dead, 403 the other kind: the extractors of [`super::principal`]), its request
//! body (JSON: 400, 413, 415, 422 from [`super::extract::ApiJson`] and the body limit; multipart:
//! 400, 413, 415), its path parameters (400 `bad_path`, 404 nothing there), its query string
//! (400 `bad_query`, [`super::extract::ApiQuery`]), and what the layers around every route may
//! answer: 400 `bad_outbox_lag` ([`super::observe`]), 429 `rate_limited` with `Retry-After`
//! ([`super::rate_limit`]) and 500 `internal` (the store failed). A status the handler's own
//! annotation documents keeps its description and gains the codes it did not name; route-specific
//! answers (409 and the like) stay on the annotations.

use reviewdesk_domain::ErrorCode;
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::schema::{Object, Type};
use utoipa::openapi::{Content, HeaderBuilder, OpenApi, Ref, RefOr, Response};

use super::openapi::operations;

/// One shared answer: status, the codes it carries, why, and a header it always has.
struct Shared {
    status: u16,
    codes: &'static [ErrorCode],
    why: &'static str,
    header: Option<(&'static str, &'static str)>,
}

const STAFF: [Shared; 2] = [
    Shared {
        status: 401,
        codes: &[
            ErrorCode::MissingToken,
            ErrorCode::InvalidToken,
            ErrorCode::SessionExpired,
            ErrorCode::SessionRevoked,
        ],
        why: "no live session (`Authorization: Bearer …` missing, malformed, unknown, expired or ended)",
        header: Some(("WWW-Authenticate", "`Bearer`")),
    },
    Shared {
        status: 403,
        codes: &[ErrorCode::StaffOnly],
        why: "an intake key where a staff session is needed",
        header: None,
    },
];

const INTAKE: [Shared; 2] = [
    Shared {
        status: 401,
        codes: &[ErrorCode::MissingApiKey, ErrorCode::InvalidApiKey],
        why: "no live intake key in `X-Api-Key`",
        header: Some(("WWW-Authenticate", "`Bearer`")),
    },
    Shared {
        status: 403,
        codes: &[ErrorCode::IntakeOnly],
        why: "a staff session where an intake key is needed",
        header: None,
    },
];

const JSON_BODY: [Shared; 4] = [
    Shared {
        status: 400,
        codes: &[ErrorCode::MalformedJson, ErrorCode::BadRequest],
        why: "the body is not JSON, or cannot be read",
        header: None,
    },
    Shared {
        status: 413,
        codes: &[ErrorCode::BodyTooLarge],
        why: "the body is larger than 64 KiB",
        header: None,
    },
    Shared {
        status: 415,
        codes: &[ErrorCode::UnsupportedMediaType],
        why: "`Content-Type` is not `application/json`",
        header: None,
    },
    Shared {
        status: 422,
        codes: &[ErrorCode::InvalidRequest],
        why:
            "the JSON does not fit the request's schema (a wrong type, a missing or unknown field)",
        header: None,
    },
];

const MULTIPART_BODY: [Shared; 3] = [
    Shared {
        status: 400,
        codes: &[ErrorCode::BadMultipart],
        why: "the multipart body cannot be read",
        header: None,
    },
    Shared {
        status: 413,
        codes: &[ErrorCode::BodyTooLarge],
        why: "the body is larger than the intake limit",
        header: None,
    },
    Shared {
        status: 415,
        codes: &[ErrorCode::NotMultipart],
        why: "`Content-Type` is not `multipart/form-data` with a boundary",
        header: None,
    },
];

const PATH: [Shared; 2] = [
    Shared {
        status: 400,
        codes: &[ErrorCode::BadPath],
        why: "a path parameter cannot be read (not UTF-8 once decoded)",
        header: None,
    },
    Shared {
        status: 404,
        codes: &[ErrorCode::NotFound],
        why: "nothing the caller may see has this id",
        header: None,
    },
];

const QUERY: Shared = Shared {
    status: 400,
    codes: &[ErrorCode::BadQuery],
    why: "the query string does not fit its parameters (a wrong type, an unknown parameter)",
    header: None,
};

const EVERY_ROUTE: [Shared; 3] = [
    Shared {
        status: 400,
        codes: &[ErrorCode::BadOutboxLag],
        why: "`X-ReviewDesk-Outbox-Lag-Seconds` is not a number of seconds",
        header: None,
    },
    Shared {
        status: 429,
        codes: &[ErrorCode::RateLimited],
        why: "the caller is over its request rate; `Retry-After` says when to try again",
        header: Some(("Retry-After", "seconds to wait")),
    },
    Shared {
        status: 500,
        codes: &[ErrorCode::Internal],
        why: "the server itself failed (its store did not answer); never a refusal of the request",
        header: None,
    },
];

/// Adds the shared answers to every operation of `document`.
pub fn add_shared_responses(document: &mut OpenApi) {
    for item in document.paths.paths.values_mut() {
        for operation in operations(item) {
            for shared in shared_for(operation) {
                add(operation, shared);
            }
        }
    }
}

/// The security schemes an operation names (`bearer`, `api_key`).
fn schemes(operation: &Operation) -> Vec<String> {
    operation
        .security
        .iter()
        .flatten()
        .filter_map(|requirement| serde_json::to_value(requirement).ok())
        .filter_map(|value| value.as_object().map(|object| object.keys().cloned().collect()))
        .flat_map(|names: Vec<String>| names)
        .collect()
}

fn shared_for(operation: &Operation) -> Vec<&'static Shared> {
    let mut shared: Vec<&'static Shared> = Vec::new();
    let schemes = schemes(operation);
    if schemes.iter().any(|scheme| scheme == "bearer") {
        shared.extend(&STAFF);
    }
    if schemes.iter().any(|scheme| scheme == "api_key") {
        shared.extend(&INTAKE);
    }
    if let Some(body) = &operation.request_body {
        if body.content.contains_key("application/json") {
            shared.extend(&JSON_BODY);
        }
        if body.content.contains_key("multipart/form-data") {
            shared.extend(&MULTIPART_BODY);
        }
    }
    let mut parameters = operation.parameters.iter().flatten();
    if parameters.clone().any(|parameter| matches!(parameter.parameter_in, ParameterIn::Path)) {
        shared.extend(&PATH);
    }
    if parameters.any(|parameter| matches!(parameter.parameter_in, ParameterIn::Query)) {
        shared.push(&QUERY);
    }
    shared.extend(&EVERY_ROUTE);
    shared
}

fn add(operation: &mut Operation, shared: &Shared) {
    let entry = operation
        .responses
        .responses
        .entry(shared.status.to_string())
        .or_insert_with(|| RefOr::T(Response::new("")));
    let RefOr::T(response) = entry else { return };
    let unnamed: Vec<String> = shared
        .codes
        .iter()
        .map(|code| format!("`{code}`"))
        .filter(|code| !response.description.contains(code.as_str()))
        .collect();
    if !unnamed.is_empty() {
        let text = format!("{}: {}", unnamed.join(", "), shared.why);
        response.description = if response.description.is_empty() {
            text
        } else {
            format!("{}; {text}", response.description)
        };
    }
    response
        .content
        .entry("application/json".to_owned())
        .or_insert_with(|| Content::new(Some(Ref::from_schema_name("ErrorBody"))));
    if let Some((name, description)) = shared.header {
        let schema = if name == "Retry-After" { Type::Integer } else { Type::String };
        response.headers.entry(name.to_owned()).or_insert_with(|| {
            HeaderBuilder::new()
                .schema(Object::with_type(schema))
                .description(Some(description))
                .build()
        });
    }
}
