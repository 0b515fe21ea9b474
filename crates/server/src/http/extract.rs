//! Extractors whose rejections are [`ApiError`]s: axum's own answer plain text, and every answer
//! of this API is `{code, message}` JSON.

use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::request::Parts;
use axum::Json;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::error::ApiError;

/// A JSON request body. A number without a fractional part is an integer whichever way it is
/// spelled (`900` or `900.0`: JSON does not tell them apart, nor does the OpenAPI document's
/// JSON Schema), so a whole number spelled with a fraction is read as the integer it is.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let Json(value) = Json::<Value>::from_request(request, state).await?;
        serde_path_to_error::deserialize(whole_numbers(value))
            .map(ApiJson)
            .map_err(|error| ApiError::invalid_json_fields(&error))
    }
}

/// Largest magnitude below which every whole `f64` is exactly an `i64`.
const WHOLE_LIMIT: f64 = 9_223_372_036_854_775_808.0;

/// `value` with every whole number spelled as a fraction (`900.0`, `9e2`) made an integer.
fn whole_numbers(value: Value) -> Value {
    match value {
        Value::Number(number) if !number.is_i64() && !number.is_u64() => match number.as_f64() {
            Some(float) if float.fract() == 0.0 && float.abs() < WHOLE_LIMIT => {
                Value::from(float as i64)
            }
            _ => Value::Number(number),
        },
        Value::Array(items) => Value::Array(items.into_iter().map(whole_numbers).collect()),
        Value::Object(members) => Value::Object(
            members.into_iter().map(|(key, item)| (key, whole_numbers(item))).collect(),
        ),
        other => other,
    }
}

/// Path parameters.
#[derive(Debug, Clone)]
pub struct ApiPath<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Path(value) = Path::<T>::from_request_parts(parts, state).await?;
        Ok(ApiPath(value))
    }
}

/// Query-string parameters.
#[derive(Debug, Clone)]
pub struct ApiQuery<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Query(value) = Query::<T>::from_request_parts(parts, state).await?;
        Ok(ApiQuery(value))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::whole_numbers;

    #[test]
    fn whole_numbers_spelled_as_fractions_become_integers_and_nothing_else_changes() {
        let read: Value = serde_json::from_str(
            r#"{"a": 900.0, "b": [-3.0, 9e2, 0.5, 1e300], "c": "7.0", "d": 12, "e": -0.0}"#,
        )
        .unwrap();
        let expected = json!({"a": 900, "b": [-3, 900, 0.5, 1e300], "c": "7.0", "d": 12, "e": 0});
        assert_eq!(whole_numbers(read), expected);
    }
}
