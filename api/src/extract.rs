//! Extractors whose rejections are problem+json like every other error:
//! `Json` bodies, `Path` parameters and `Query` strings.

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::FromRequest;
use axum::extract::FromRequestParts;

use crate::error::ApiError;

/// Like `axum::Json`, but malformed or mistyped bodies become `ApiError`s.
#[derive(Debug, Clone, Copy, Default, FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct Json<T>(pub T);

/// Like `axum::extract::Path`, but bad parameters become `ApiError`s.
#[derive(Debug, Clone, Copy, Default, FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct Path<T>(pub T);

/// Like `axum::extract::Query`, but bad query strings become `ApiError`s.
#[derive(Debug, Clone, Copy, Default, FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct Query<T>(pub T);

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        let detail = rejection.body_text();
        match rejection {
            JsonRejection::JsonSyntaxError(_) => ApiError::BadRequest {
                slug: "malformed-json",
                detail,
            },
            JsonRejection::JsonDataError(_) => ApiError::Invalid {
                slug: "invalid-body",
                detail,
                errors: Vec::new(),
            },
            JsonRejection::MissingJsonContentType(_) => ApiError::UnsupportedMediaType(
                "send the body as JSON with the header 'Content-Type: application/json'".to_owned(),
            ),
            JsonRejection::BytesRejection(_) => ApiError::PayloadTooLarge(detail),
            _ => ApiError::BadRequest {
                slug: "invalid-body",
                detail,
            },
        }
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
