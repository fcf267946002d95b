//! The signed publication of a round and the key that verifies it, so
//! anyone can check a published result (`medlemsbudget verify`).

use axum::extract::State;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::Bearer;
use crate::error::{ApiResult, Problem};
use crate::extract::Path;
use crate::services::publication;
use crate::state::AppState;
use crate::store::publications::SignedPublication;

/// A round's signed publication.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "algorithm": "Ed25519",
    "payload": "{\"format\":\"medlemsbudget-publication-v1\",\"round_id\":1,\"…\":\"…\"}",
    "signature": "9c0f…",
    "public_key": "3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29"
}))]
pub struct PublicationView {
    /// Always `Ed25519`.
    pub algorithm: &'static str,
    /// The signed JSON text: round, pool, rule, split, roll counts, ballots
    /// counted and their root, funded bids, totals and the audit log's head.
    /// Check the signature over exactly these bytes.
    pub payload: String,
    /// The signature, 128 hex digits.
    pub signature: String,
    /// The key it verifies with, 64 hex digits; compare it with
    /// `GET /api/v1/publication-key` or `medlemsbudget signing-key`.
    pub public_key: String,
}

impl From<SignedPublication> for PublicationView {
    fn from(signed: SignedPublication) -> Self {
        PublicationView {
            algorithm: "Ed25519",
            payload: signed.payload,
            signature: signed.signature,
            public_key: signed.public_key,
        }
    }
}

/// The key that verifies this service's publications.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"algorithm": "Ed25519", "public_key": "3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29"}))]
pub struct PublicKeyView {
    /// Always `Ed25519`.
    pub algorithm: &'static str,
    /// The public key, 64 hex digits.
    pub public_key: String,
}

/// A published round's signed publication (everyone, once published).
#[utoipa::path(
    get, path = "/rounds/{round_id}/publication", tag = "results",
    security(("bearer" = [])),
    params(("round_id" = i64, Path, description = "The round", example = 1)),
    responses(
        (status = 200, description = "The signed publication", body = PublicationView),
        (status = 409, description = "The round is not published yet (`not-published`)", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn get_publication(
    State(state): State<AppState>,
    _caller: Bearer,
    Path(round_id): Path<i64>,
) -> ApiResult<Json<PublicationView>> {
    Ok(Json(publication::get(&state.services, round_id).await?.into()))
}

/// The public key that verifies publications (no sign-in needed).
#[utoipa::path(
    get, path = "/publication-key", tag = "results",
    responses((status = 200, description = "The public key", body = PublicKeyView))
)]
async fn get_public_key(State(state): State<AppState>) -> Json<PublicKeyView> {
    Json(PublicKeyView {
        algorithm: "Ed25519",
        public_key: publication::public_key(&state.services),
    })
}

/// The signed publication as `GET /rounds/{id}/publication` answers it, for download.
pub fn signed_json(signed: &SignedPublication) -> ApiResult<String> {
    serde_json::to_string_pretty(&PublicationView::from(signed.clone()))
        .map_err(|e| crate::error::ApiError::Internal(format!("publication: {e}")))
}

/// The publication routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_publication))
        .routes(routes!(get_public_key))
}
