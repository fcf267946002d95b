//! `GET /storkredse`: the ten storkredse.

use axum::Json;
use medlemsbudget_domain::Storkreds;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::Bearer;
use crate::error::{ApiResult, Problem};
use crate::state::AppState;

/// A storkreds.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"slug": "kobenhavns-omegn", "name": "Københavns Omegn"}))]
pub struct StorkredsView {
    /// The identifier used in tokens, filters and proposals.
    pub slug: &'static str,
    /// The Danish name.
    pub name: &'static str,
}

/// Lists the ten storkredse.
#[utoipa::path(
    get, path = "/storkredse", tag = "storkredse",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The ten storkredse", body = Vec<StorkredsView>),
        (status = 401, description = "Missing, invalid or expired token", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn list_storkredse(_caller: Bearer) -> ApiResult<Json<Vec<StorkredsView>>> {
    Ok(Json(
        Storkreds::ALL
            .into_iter()
            .map(|s| StorkredsView {
                slug: s.slug(),
                name: s.name(),
            })
            .collect(),
    ))
}

/// The storkredse routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_storkredse))
}
