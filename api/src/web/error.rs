//! A failed page: the service's error, told in the visitor's language, with
//! the same status the API would answer.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use super::page::Page;
use crate::error::ApiError;

/// An error shown as a page.
#[derive(Debug)]
pub struct WebError(Box<Failed>);

#[derive(Debug)]
struct Failed {
    page: Page,
    error: ApiError,
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    page: &'a Page,
    status: u16,
    heading: String,
    message: String,
    detail: String,
    sign_in: bool,
}

impl WebError {
    /// The page for `error`.
    pub fn new(page: Page, error: ApiError) -> WebError {
        WebError(Box::new(Failed { page, error }))
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let Failed { page, error } = *self.0;
        if let ApiError::Internal(cause) = &error {
            tracing::error!(%cause, "page failed");
        }
        let problem = error.problem();
        let slug = problem.type_.rsplit('/').next().unwrap_or_default().to_owned();
        let t = page.t;
        let heading = t
            .try_get(&format!("problem-{}", problem.status))
            .unwrap_or_else(|| t.get("problem-other"));
        let message = t.try_get(&format!("problem-{slug}")).unwrap_or_default();
        let status = StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let page = ErrorPage {
            page: &page,
            status: problem.status,
            heading,
            message,
            detail: problem.detail,
            sign_in: status == StatusCode::UNAUTHORIZED,
        };
        match page.render() {
            Ok(html) => (status, Html(html)).into_response(),
            Err(e) => {
                tracing::error!(error = %e, "error page failed to render");
                (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
            }
        }
    }
}
