//! Proposals (bids): storkreds boards submit and edit them, HB reviews them,
//! everyone signed in can read them.

mod read;
mod review;
mod submit;
mod withdraw;

use chrono::{DateTime, Utc};
use medlemsbudget_domain::{Money, ProposalStatus, Storkreds};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::rest::settings::{ProposalStatusName, StorkredsSlug};
use crate::state::AppState;
use crate::store::proposals::Proposal;

/// A proposal as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": 7, "round_id": 1, "storkreds": "fyn", "title": "Valgkampsbus til Fyn",
    "description": "En bus der kører rundt til alle fynske kommuner i valgkampen.",
    "amount": "60000.00", "status": "accepted", "review_reason": "Klar plan og budget",
    "submitted_at": "2026-11-25T12:00:00Z", "updated_at": "2026-11-26T09:30:00Z"
}))]
pub struct ProposalView {
    /// Identifier, used in ballots.
    pub id: i64,
    /// The round.
    pub round_id: i64,
    /// The bidding storkreds (slug).
    #[schema(value_type = StorkredsSlug, example = "fyn")]
    pub storkreds: Storkreds,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Requested amount in kroner with two decimals.
    #[schema(value_type = String, example = "60000.00")]
    pub amount: Money,
    /// `submitted`, `accepted`, `rejected` or `withdrawn`.
    #[schema(value_type = ProposalStatusName, example = "accepted")]
    pub status: ProposalStatus,
    /// HB's reason for its review decision, if reviewed.
    pub review_reason: Option<String>,
    /// Submitted.
    pub submitted_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

impl From<Proposal> for ProposalView {
    fn from(p: Proposal) -> Self {
        ProposalView {
            id: p.id.0,
            round_id: p.round_id,
            storkreds: p.storkreds,
            title: p.title,
            description: p.description,
            amount: p.amount,
            status: p.status,
            review_reason: p.review_reason,
            submitted_at: p.submitted_at,
            updated_at: p.updated_at,
        }
    }
}

/// The proposals routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(submit::submit_proposal, read::list_proposals))
        .routes(routes!(read::get_proposal, submit::update_proposal))
        .routes(routes!(withdraw::withdraw_proposal))
        .routes(routes!(review::review_proposal))
}
