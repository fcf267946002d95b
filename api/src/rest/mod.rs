//! The REST API, one module per resource. Each exports `router()`, an
//! `OpenApiRouter` whose handlers carry their own OpenAPI description. A
//! handler parses the request into domain values, calls one service
//! (`crate::services`) and renders what it returns.

pub mod audit;
pub mod ballot;
pub mod electorate;
pub mod export;
pub mod follow_up;
pub mod formats;
pub mod health;
pub mod meetings;
pub mod proposals;
pub mod publication;
pub mod results;
pub mod rounds;
pub mod settings;
pub mod storkredse;
pub mod voting_codes;

use utoipa_axum::router::OpenApiRouter;

use crate::state::AppState;

/// Everything under `/api/v1`.
pub fn api_v1() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(storkredse::router())
        .merge(rounds::router())
        .merge(proposals::router())
        .merge(ballot::router())
        .merge(meetings::router())
        .merge(electorate::router())
        .merge(voting_codes::router())
        .merge(audit::router())
        .merge(results::router())
        .merge(export::router())
        .merge(publication::router())
        .merge(follow_up::router())
}
