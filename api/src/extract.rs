//! Extractors whose rejections are problem+json like every other error:
//! `Json` bodies, `Path` parameters and `Query` strings.
//!
//! A JSON body that is well-formed but of the wrong shape is reported like
//! any other invalid field: a 422 naming the field (`ballot.max_approvals`)
//! and what was expected, in the `errors` array.
//!
//! Numbers are read as JSON Schema reads them: a number with no fractional
//! part is an integer, so `3.0` and `3e0` are accepted where the OpenAPI
//! document says `integer`, like `3`. An object naming a key twice is refused.

use std::fmt;

use axum::body::Bytes;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{header, HeaderMap};
use serde::de::{DeserializeOwned, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::error::Category;
use serde_json::{Map, Number, Value};

use crate::error::{ApiError, FieldError};

/// Like `axum::Json`, but every rejection is an `ApiError`, and type errors
/// name their field.
#[derive(Debug, Clone, Copy, Default)]
pub struct Json<T>(pub T);

/// Like `axum::extract::Path`, but bad parameters become `ApiError`s.
#[derive(Debug, Clone, Copy, Default, FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct Path<T>(pub T);

/// Like `axum::extract::Query`, but bad query strings become `ApiError`s.
#[derive(Debug, Clone, Copy, Default, FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct Query<T>(pub T);

/// Whether the request says its body is JSON (`application/json` or a
/// `+json` type).
fn declares_json(headers: &HeaderMap) -> bool {
    let Some(value) = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let essence = value.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Json<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !declares_json(request.headers()) {
            return Err(ApiError::UnsupportedMediaType(
                "send the body as JSON with the header 'Content-Type: application/json'".to_owned(),
            ));
        }
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|e| ApiError::PayloadTooLarge(e.body_text()))?;
        parse(&bytes).map(Json)
    }
}

/// Parses a JSON body into `T`: 400 if it is not JSON, 422 naming the field
/// if it is JSON of the wrong shape.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let Document(value) = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        let path = e.path().to_string();
        rejection(e.into_inner(), &path)
    })?;
    deserializer.end().map_err(|e| rejection(e, "."))?;
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        rejection(e.into_inner(), &path)
    })
}

/// A JSON document read with integral numbers as integers (`3.0` is `3`)
/// and no key twice in an object.
struct Document(Value);

impl<'de> Deserialize<'de> for Document {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DocumentVisitor).map(Document)
    }
}

struct DocumentVisitor;

/// `value` as an integer when it has no fractional part and fits in `i64`
/// or `u64`; otherwise as it is.
fn integral(value: f64) -> Value {
    // 2^63 and 2^64 are exact in f64; the ranges are half-open.
    const I64_END: f64 = 9_223_372_036_854_775_808.0;
    const U64_END: f64 = 18_446_744_073_709_551_616.0;
    if value.fract() == 0.0 {
        if (-I64_END..I64_END).contains(&value) {
            return Value::from(value as i64);
        }
        if (0.0..U64_END).contains(&value) {
            return Value::from(value as u64);
        }
    }
    Number::from_f64(value).map_or(Value::Null, Value::Number)
}

impl<'de> Visitor<'de> for DocumentVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        Ok(integral(value))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Document(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if object.contains_key(&key) {
                return Err(A::Error::custom(format_args!("duplicate field `{key}`")));
            }
            let Document(value) = map.next_value()?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

/// The message of a serde error without its position.
fn message(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rsplit_once(" at line ") {
        Some((message, _)) => message.to_owned(),
        None => text,
    }
}

fn rejection(error: serde_json::Error, path: &str) -> ApiError {
    match error.classify() {
        Category::Data => {
            let message = message(&error);
            let field = field_of(path, &message);
            ApiError::Invalid {
                slug: "invalid-body",
                detail: format!("{field}: {message}"),
                errors: vec![FieldError { field, message }],
            }
        }
        Category::Syntax | Category::Eof | Category::Io => ApiError::BadRequest {
            slug: "malformed-json",
            detail: format!(
                "the body is not valid JSON: {} (line {}, column {})",
                message(&error),
                error.line(),
                error.column()
            ),
        },
    }
}

/// The field a data error is about: its path, with the field a "missing
/// field" message names added (serde reports those at the enclosing object).
fn field_of(path: &str, message: &str) -> String {
    let named = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split('`').next());
    match (path, named) {
        (".", Some(name)) => name.to_owned(),
        (".", None) => "body".to_owned(),
        (path, Some(name)) => format!("{path}.{name}"),
        (path, None) => path.to_owned(),
    }
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> Self {
        ApiError::BadRequest {
            slug: "invalid-path",
            detail: rejection.body_text(),
        }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        ApiError::BadRequest {
            slug: "invalid-query",
            detail: rejection.body_text(),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Body {
        name: String,
        ballot: Option<Inner>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        max_approvals: u32,
    }

    fn field(json: &str) -> (u16, Vec<String>) {
        let error = parse::<Body>(json.as_bytes()).err().map(|e| e.problem());
        error.map_or((200, Vec::new()), |p| {
            (p.status, p.errors.into_iter().map(|e| e.field).collect())
        })
    }

    #[test]
    fn type_errors_name_their_field() {
        assert_eq!(
            field(r#"{"name": "x", "ballot": {"max_approvals": "many"}}"#),
            (422, vec!["ballot.max_approvals".to_owned()])
        );
        assert_eq!(field(r#"{"name": 5}"#), (422, vec!["name".to_owned()]));
        assert_eq!(field(r#"{"ballot": null}"#), (422, vec!["name".to_owned()]));
        assert_eq!(field(r#"{"name": "x", "colour": 1}"#).0, 422);
    }

    #[test]
    fn integral_numbers_are_integers() {
        assert_eq!(field(r#"{"name": "x", "ballot": {"max_approvals": 3.0}}"#).0, 200);
        assert_eq!(field(r#"{"name": "x", "ballot": {"max_approvals": 3e0}}"#).0, 200);
        assert_eq!(field(r#"{"name": "x", "ballot": {"max_approvals": -0.0}}"#).0, 200);
        assert_eq!(
            field(r#"{"name": "x", "ballot": {"max_approvals": 2.5}}"#),
            (422, vec!["ballot.max_approvals".to_owned()])
        );
        assert_eq!(field(r#"{"name": "x", "ballot": {"max_approvals": 1e300}}"#).0, 422);
        assert_eq!(field(r#"{"name": "x", "ballot": {"max_approvals": -1.0}}"#).0, 422);
    }

    #[test]
    fn a_key_given_twice_is_refused() {
        assert_eq!(field(r#"{"name": "x", "name": "y"}"#).0, 422);
        assert_eq!(
            field(r#"{"name": "x", "ballot": {"max_approvals": 1, "max_approvals": 2}}"#).0,
            422
        );
    }

    #[test]
    fn broken_json_is_a_bad_request_with_its_position() {
        let error = parse::<Body>(br#"{"name": "#).err().map(|e| e.problem());
        assert_eq!(error.as_ref().map(|p| p.status), Some(400));
        assert!(error.is_some_and(|p| p.detail.contains("line 1")));
        assert_eq!(field(r#"{"name": "x"} trailing"#).0, 400);
    }
}
