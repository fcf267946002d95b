//! The one error type of the API, rendered as RFC 9457 `application/problem+json`.
//!
//! Each kind of error has a stable `type` URI (`https://medlemsbudget.dk/problems/<slug>`)
//! that clients can match on; `detail` is for people.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use medlemsbudget_domain::tally::TallyError;
use medlemsbudget_domain::{
    AccessError, BallotError, MoneyError, PhaseError, ProposalError, SettingsError, TextError, TimelineError,
};
use sea_orm::{DbErr, SqlErr, TransactionError};
use serde::Serialize;
use utoipa::ToSchema;

/// Results of handlers.
pub type ApiResult<T, E = ApiError> = Result<T, E>;

/// The base of every problem `type`.
pub const PROBLEM_BASE: &str = "https://medlemsbudget.dk/problems/";

/// A field that failed validation.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct FieldError {
    /// The request field, e.g. `pool` or `approvals[2]`.
    #[schema(example = "pool")]
    pub field: String,
    /// What is wrong with it.
    #[schema(example = "\"1,5\" uses ',' : write the amount with '.' as decimal separator")]
    pub message: String,
}

/// An RFC 9457 problem document.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "type": "https://medlemsbudget.dk/problems/wrong-phase",
    "title": "Not possible in the round's current phase",
    "status": 409,
    "detail": "submitting a proposal is only possible in phase 'submission'; the round is in phase 'voting'"
}))]
pub struct Problem {
    /// A stable URI naming the kind of problem.
    #[serde(rename = "type")]
    pub type_: String,
    /// A short summary of the kind of problem.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong this time, for people.
    pub detail: String,
    /// Per-field problems, when the request body was invalid.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

/// Everything a handler can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: the body is not JSON, or not the JSON this endpoint takes.
    #[error("{detail}")]
    BadRequest {
        /// Problem slug.
        slug: &'static str,
        /// Explanation.
        detail: String,
    },
    /// 401: no valid bearer token.
    #[error("{0}")]
    Unauthorized(String),
    /// 403: signed in, but not allowed to do this.
    #[error("{0}")]
    Forbidden(String),
    /// 403 with its own problem type, e.g. `not-on-electorate`.
    #[error("{detail}")]
    ForbiddenKind {
        /// Problem slug.
        slug: &'static str,
        /// Explanation.
        detail: String,
    },
    /// 404: no such resource.
    #[error("{0}")]
    NotFound(String),
    /// 405: the path exists but not with this method.
    #[error("this method is not allowed here; see /docs for the API")]
    MethodNotAllowed,
    /// 503: a dependency (the database) does not answer.
    #[error("{0}")]
    Unavailable(String),
    /// 409: not possible in the current state (phase, status).
    #[error("{detail}")]
    Conflict {
        /// Problem slug.
        slug: &'static str,
        /// Explanation.
        detail: String,
    },
    /// 409 naming the field whose value is well-formed but conflicts with
    /// what is stored: the round's pool, its bids or its ballot rules.
    #[error("{detail}")]
    FieldConflict {
        /// Problem slug.
        slug: &'static str,
        /// Explanation.
        detail: String,
        /// The fields at fault.
        errors: Vec<FieldError>,
    },
    /// 413: the request body is too large.
    #[error("{0}")]
    PayloadTooLarge(String),
    /// 415: the request body is not declared as JSON.
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// 422: well-formed, but a value is invalid.
    #[error("{detail}")]
    Invalid {
        /// Problem slug.
        slug: &'static str,
        /// Explanation.
        detail: String,
        /// The fields at fault.
        errors: Vec<FieldError>,
    },
    /// 500: a fault on our side; logged, never shown.
    #[error("internal error: {0}")]
    Internal(String),
}

/// The detail and the `errors` of a problem about one field.
fn one_field(field: &str, message: impl ToString) -> (String, Vec<FieldError>) {
    let message = message.to_string();
    let detail = format!("{field}: {message}");
    (
        detail,
        vec![FieldError {
            field: field.to_owned(),
            message,
        }],
    )
}

impl ApiError {
    /// A 422 for one invalid field.
    pub fn invalid_field(slug: &'static str, field: &str, message: impl ToString) -> ApiError {
        let (detail, errors) = one_field(field, message);
        ApiError::Invalid { slug, detail, errors }
    }

    /// A 409 for one field whose value conflicts with what is stored.
    pub fn conflicting_field(slug: &'static str, field: &str, message: impl ToString) -> ApiError {
        let (detail, errors) = one_field(field, message);
        ApiError::FieldConflict { slug, detail, errors }
    }

    /// A 422 for an invalid amount of money in `field`.
    pub fn invalid_money(field: &str, error: MoneyError) -> ApiError {
        ApiError::invalid_field("invalid-money", field, error)
    }

    /// A 422 for an invalid text in `field`.
    pub fn invalid_text(field: &str, error: TextError) -> ApiError {
        ApiError::invalid_field("invalid-field", field, error)
    }

    fn parts(&self) -> (StatusCode, &'static str, &'static str) {
        match self {
            ApiError::BadRequest { slug, .. } => (StatusCode::BAD_REQUEST, slug, "Bad request"),
            ApiError::Unauthorized(_) => (StatusCode::UNAUTHORIZED, "unauthorized", "Not signed in"),
            ApiError::Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden", "Not allowed"),
            ApiError::ForbiddenKind { slug, .. } => (StatusCode::FORBIDDEN, slug, "Not allowed"),
            ApiError::NotFound(_) => (StatusCode::NOT_FOUND, "not-found", "Not found"),
            ApiError::MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                "method-not-allowed",
                "Method not allowed",
            ),
            ApiError::Unavailable(_) => (StatusCode::SERVICE_UNAVAILABLE, "unavailable", "Service unavailable"),
            ApiError::Conflict { slug, .. } | ApiError::FieldConflict { slug, .. } => {
                (StatusCode::CONFLICT, slug, "Not possible in the current state")
            }
            ApiError::PayloadTooLarge(_) => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload-too-large",
                "Request body too large",
            ),
            ApiError::UnsupportedMediaType(_) => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type",
                "Body must be JSON",
            ),
            ApiError::Invalid { slug, .. } => (StatusCode::UNPROCESSABLE_ENTITY, slug, "Invalid request"),
            ApiError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal", "Internal error"),
        }
    }

    /// The problem document for this error.
    pub fn problem(&self) -> Problem {
        let (status, slug, title) = self.parts();
        let detail = match self {
            ApiError::Internal(_) => "Something went wrong on our side; it has been logged.".to_owned(),
            other => other.to_string(),
        };
        let errors = match self {
            ApiError::Invalid { errors, .. } | ApiError::FieldConflict { errors, .. } => errors.clone(),
            _ => Vec::new(),
        };
        Problem {
            type_: format!("{PROBLEM_BASE}{slug}"),
            title: title.to_owned(),
            status: status.as_u16(),
            detail,
            errors,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(cause) = &self {
            tracing::error!(%cause, "request failed");
        }
        let problem = self.problem();
        let status = StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&problem).unwrap_or_default();
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if status == StatusCode::UNAUTHORIZED {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

/// Unique constraints a request can run into, by the table they guard, with
/// what to tell the caller. SQLite names the table's columns
/// (`audit_events.round_id, audit_events.seq`), PostgreSQL the constraint
/// (`audit_events_pkey`); both start with the table name.
const UNIQUE_CONSTRAINTS: [(&str, &str, &str); 2] = [
    (
        "audit_events",
        "concurrent-change",
        "another change to this round was recorded at the same moment; try again",
    ),
    (
        "electorate",
        "duplicate-member",
        "a member is on the roll more than once",
    ),
];

impl From<DbErr> for ApiError {
    fn from(error: DbErr) -> Self {
        if let Some(SqlErr::UniqueConstraintViolation(what)) = error.sql_err() {
            let known = UNIQUE_CONSTRAINTS
                .iter()
                .find(|(table, _, _)| what.contains(&format!("\"{table}_")) || what.contains(&format!(" {table}.")));
            if let Some((_, slug, detail)) = known {
                return ApiError::Conflict {
                    slug,
                    detail: (*detail).to_owned(),
                };
            }
        }
        ApiError::Internal(format!("database: {error}"))
    }
}

impl From<TransactionError<ApiError>> for ApiError {
    fn from(error: TransactionError<ApiError>) -> Self {
        match error {
            TransactionError::Connection(db) => db.into(),
            TransactionError::Transaction(api) => api,
        }
    }
}

impl From<PhaseError> for ApiError {
    fn from(error: PhaseError) -> Self {
        let slug = match error {
            PhaseError::IllegalTransition { .. } => "illegal-transition",
            PhaseError::UnreviewedProposals(_) => "unreviewed-proposals",
            PhaseError::NothingToVoteOn => "nothing-to-vote-on",
            PhaseError::NotTallied => "not-tallied",
            PhaseError::WrongPhase { .. } => "wrong-phase",
        };
        ApiError::Conflict {
            slug,
            detail: error.to_string(),
        }
    }
}

/// A timeline wrong in itself is a 422 naming the milestone; one at odds
/// with the round as it stands (a date whose phase has started, a shorter
/// vote, a phase asked for before its date) is a 409.
impl From<TimelineError> for ApiError {
    fn from(error: TimelineError) -> Self {
        let slug = match error {
            TimelineError::OutOfOrder { .. } | TimelineError::InThePast { .. } | TimelineError::Unchanged { .. } => {
                let field = error.milestone().map(|m| m.as_str()).unwrap_or_default();
                return ApiError::invalid_field("invalid-timeline", field, error);
            }
            TimelineError::PhaseStarted { .. }
            | TimelineError::VotingShortened { .. }
            | TimelineError::VotingClosed { .. } => "timeline-fixed",
            TimelineError::AheadOfTimeline { .. } => "ahead-of-timeline",
        };
        ApiError::Conflict {
            slug,
            detail: error.to_string(),
        }
    }
}

impl From<ProposalError> for ApiError {
    fn from(error: ProposalError) -> Self {
        match error {
            ProposalError::ZeroAmount => ApiError::invalid_field("invalid-money", "amount", error),
            ProposalError::ExceedsPool { .. } => ApiError::conflicting_field("exceeds-pool", "amount", error),
            ProposalError::PoolBelowBid { .. } => ApiError::conflicting_field("exceeds-pool", "pool", error),
            ProposalError::WrongStatus { .. } => ApiError::Conflict {
                slug: "wrong-proposal-status",
                detail: error.to_string(),
            },
        }
    }
}

impl From<AccessError> for ApiError {
    fn from(error: AccessError) -> Self {
        match error {
            AccessError::WrongRole { .. } | AccessError::OtherStorkreds { .. } | AccessError::NoStorkreds => {
                ApiError::Forbidden(error.to_string())
            }
            AccessError::NotOnRoll { .. } => ApiError::ForbiddenKind {
                slug: "not-on-electorate",
                detail: error.to_string(),
            },
            AccessError::OtherRound { .. } => ApiError::ForbiddenKind {
                slug: "other-round",
                detail: error.to_string(),
            },
            AccessError::NotPublished { .. } => ApiError::Conflict {
                slug: "not-published",
                detail: error.to_string(),
            },
        }
    }
}

impl From<SettingsError> for ApiError {
    fn from(error: SettingsError) -> Self {
        ApiError::invalid_field("invalid-settings", error.field(), error)
    }
}

impl From<TallyError> for ApiError {
    fn from(error: TallyError) -> Self {
        ApiError::Conflict {
            slug: "cannot-tally",
            detail: error.to_string(),
        }
    }
}

impl From<medlemsbudget_domain::meeting::VotedAtMeeting> for ApiError {
    fn from(error: medlemsbudget_domain::meeting::VotedAtMeeting) -> Self {
        ApiError::Conflict {
            slug: "voted-at-meeting",
            detail: error.to_string(),
        }
    }
}

/// A proposal listed twice is wrong in the ballot itself (422); every other
/// refusal depends on the round: which bids exist and are accepted, and its
/// ballot rules (409).
impl From<BallotError> for ApiError {
    fn from(error: BallotError) -> Self {
        match error {
            BallotError::Duplicate(_) => ApiError::invalid_field("invalid-ballot", "approvals", error),
            _ => ApiError::conflicting_field("invalid-ballot", "approvals", error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_errors_hide_their_cause() {
        let problem = ApiError::Internal("password=hunter2".into()).problem();
        assert_eq!(problem.status, 500);
        assert!(!problem.detail.contains("hunter2"));
    }

    #[test]
    fn phase_errors_are_conflicts_with_stable_types() {
        let problem = ApiError::from(PhaseError::NotTallied).problem();
        assert_eq!(
            (problem.status, problem.type_.as_str()),
            (409, "https://medlemsbudget.dk/problems/not-tallied")
        );
    }
}
