//! Extractors whose rejections are problem+json like every other error:
//! `Json` bodies, `Path` parameters and `Query` strings.
//!
//! A JSON body that is well-formed but of the wrong shape is reported like
//! any other invalid field: a 422 naming the field (`ballot.max_approvals`)
//! and what was expected, in the `errors` array.

use axum::body::Bytes;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{header, HeaderMap};
use serde::de::DeserializeOwned;
use serde_json::error::Category;

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
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        let path = e.path().to_string();
        rejection(e.into_inner(), &path)
    })?;
    deserializer.end().map_err(|e| rejection(e, "."))?;
    Ok(value)
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
    fn broken_json_is_a_bad_request_with_its_position() {
        let error = parse::<Body>(br#"{"name": "#).err().map(|e| e.problem());
        assert_eq!(error.as_ref().map(|p| p.status), Some(400));
        assert!(error.is_some_and(|p| p.detail.contains("line 1")));
        assert_eq!(field(r#"{"name": "x"} trailing"#).0, 400);
    }
}
