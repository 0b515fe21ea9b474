//! Reject-reason codes in the OpenAPI document are an enum, `RejectReasonCode`, made here from the
//! domain's catalogue ([`reviewdesk_domain::reasons::catalogue`]) so it can never drift from it. The
//! wire types keep reasons as text (a client reads a newer server's codes too); the document
//! names the enum wherever a reason code goes: the `reasons` of a decision, a verdict, a log
//! entry, a golden item's `expected_reasons`, the statistics' `code`, and the decision log's
//! `reason` filter.

use reviewdesk_domain::reasons::catalogue;
use std::collections::BTreeMap;

use utoipa::openapi::schema::{Array, Object, ObjectBuilder, Schema, Type};
use utoipa::openapi::{OpenApi, Ref, RefOr};

use super::openapi::operations;

/// The schema's name in the components.
pub const REASON_SCHEMA: &str = "RejectReasonCode";

/// (schema, property) holding a list of reason codes.
const REASON_LISTS: [(&str, &str); 5] = [
    ("NewDecision", "reasons"),
    ("Decision", "reasons"),
    ("DecisionLogEntry", "reasons"),
    ("SecondReviewRequest", "reasons"),
    ("GoldenItem", "expected_reasons"),
];

/// (schema, property) holding one reason code.
const REASON_FIELDS: [(&str, &str); 1] = [("ReasonStats", "code")];

/// Query parameters holding one reason code.
const REASON_PARAMETERS: [&str; 1] = ["reason"];

/// Adds the enum and points every reason-code field and parameter at it. Panics when a named
/// schema or property is missing: the document would be lying, and the tests build it.
pub fn add_reason_codes(document: &mut OpenApi) {
    let codes = catalogue().iter().map(|reason| reason.code);
    let schema = ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some("A reject-reason code of the catalogue"))
        .enum_values(Some(codes))
        .build();
    let components = document.components.get_or_insert_with(Default::default);
    components.schemas.insert(REASON_SCHEMA.to_owned(), RefOr::T(Schema::Object(schema)));
    let reference = || RefOr::Ref(Ref::from_schema_name(REASON_SCHEMA));
    for (name, property) in REASON_LISTS {
        let slot = property_of(&mut components.schemas, name, property);
        let description = description_of(slot);
        let mut list = Array::new(reference());
        list.description = description;
        // A code twice is refused (`duplicate_reason_code`), so none is recorded twice.
        list.unique_items = true;
        *slot = RefOr::T(Schema::Array(list));
    }
    for (name, property) in REASON_FIELDS {
        *property_of(&mut components.schemas, name, property) = reference();
    }
    for item in document.paths.paths.values_mut() {
        for operation in operations(item) {
            for parameter in operation.parameters.iter_mut().flatten() {
                if REASON_PARAMETERS.contains(&parameter.name.as_str()) {
                    parameter.schema = Some(reference());
                }
            }
        }
    }
}

fn property_of<'a>(
    schemas: &'a mut BTreeMap<String, RefOr<Schema>>,
    name: &str,
    property: &str,
) -> &'a mut RefOr<Schema> {
    match schemas.get_mut(name) {
        Some(RefOr::T(Schema::Object(Object { properties, .. }))) => properties
            .get_mut(property)
            .unwrap_or_else(|| panic!("the schema {name} has no property {property}")),
        _ => panic!("no object schema {name} in the document"),
    }
}

fn description_of(schema: &RefOr<Schema>) -> Option<String> {
    match schema {
        RefOr::T(Schema::Array(array)) => array.description.clone(),
        RefOr::T(Schema::Object(object)) => object.description.clone(),
        _ => None,
    }
}
