//! Bids: a storkreds board submits, edits and withdraws its own; HB reviews
//! them; everyone signed in reads them.

use medlemsbudget_domain::access::lists_publicly;
use medlemsbudget_domain::audit::AuditEvent;
use medlemsbudget_domain::{
    check_requested_amount, Actor, Description, Money, ProposalStatus, ProposalTitle, ReviewDecision, Storkreds,
};
use sea_orm::TransactionTrait;

use super::Services;
use crate::error::ApiResult;
use crate::store::rounds::Round;
use crate::store::{
    self,
    proposals::{NewProposal, Proposal, ProposalChanges},
};

/// A bid as a board writes it.
#[derive(Clone, Debug)]
pub struct Bid {
    /// Title.
    pub title: ProposalTitle,
    /// Description.
    pub description: Description,
    /// Requested amount, checked against the round's pool by the service.
    pub amount: Money,
}

/// Changes to a bid; `None` keeps the current value.
#[derive(Clone, Debug, Default)]
pub struct BidChanges {
    /// New title.
    pub title: Option<ProposalTitle>,
    /// New description.
    pub description: Option<Description>,
    /// New amount.
    pub amount: Option<Money>,
}

/// HB's review reason: at most 2,000 characters as given, stored trimmed;
/// blank means none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewReason(Option<String>);

impl ReviewReason {
    /// The longest reason accepted, in characters.
    pub const MAX_CHARS: usize = 2_000;

    /// Parses a reason as typed; `None` or blank is no reason.
    pub fn parse(text: Option<&str>) -> Result<ReviewReason, String> {
        if text.is_some_and(|t| t.chars().count() > Self::MAX_CHARS) {
            return Err(format!("at most {} characters are allowed", Self::MAX_CHARS));
        }
        let text = text.map(str::trim).filter(|t| !t.is_empty());
        Ok(ReviewReason(text.map(str::to_owned)))
    }
}

/// Submits a bid for the board's own storkreds, in `submission`.
pub async fn submit(services: &Services, actor: &Actor, round_id: i64, bid: Bid) -> ApiResult<Proposal> {
    let storkreds = actor.require_board()?;
    let txn = services.db.begin().await?;
    let round = store::rounds::get_for_update(&txn, round_id).await?;
    round.phase.check_submission("submitting a proposal")?;
    let new = NewProposal {
        storkreds,
        title: bid.title,
        description: bid.description,
        amount: check_requested_amount(bid.amount, round.pool)?,
        submitted_by: actor.subject().to_owned(),
    };
    let proposal = store::proposals::insert(&txn, round_id, new).await?;
    let event = AuditEvent::ProposalSubmitted {
        proposal_id: proposal.id,
        storkreds: proposal.storkreds,
        title: proposal.title.clone(),
        amount: proposal.amount,
    };
    store::audit::append(&txn, round_id, &event).await?;
    txn.commit().await?;
    tracing::info!(round = round_id, proposal = %proposal.id, storkreds = %storkreds, "proposal submitted");
    Ok(proposal)
}

/// Edits a bid: its own board, in `submission`, before HB reviews it.
pub async fn edit(
    services: &Services,
    actor: &Actor,
    round_id: i64,
    proposal_id: i64,
    changes: BidChanges,
) -> ApiResult<Proposal> {
    actor.require_board()?;
    let txn = services.db.begin().await?;
    let round = store::rounds::get_for_update(&txn, round_id).await?;
    let proposal = store::proposals::get(&txn, round_id, proposal_id).await?;
    actor.require_board_of(proposal.storkreds)?;
    round.phase.check_submission("editing a proposal")?;
    proposal.status.check_editable()?;
    let changes = ProposalChanges {
        title: changes.title,
        description: changes.description,
        amount: changes
            .amount
            .map(|amount| check_requested_amount(amount, round.pool))
            .transpose()?,
    };
    store::proposals::update_content(&txn, proposal.id, changes).await?;
    let proposal = store::proposals::get(&txn, round_id, proposal_id).await?;
    let event = AuditEvent::ProposalEdited {
        proposal_id: proposal.id,
        title: proposal.title.clone(),
        amount: proposal.amount,
    };
    store::audit::append(&txn, round_id, &event).await?;
    txn.commit().await?;
    Ok(proposal)
}

/// Withdraws a bid: its own board, before voting opens.
pub async fn withdraw(services: &Services, actor: &Actor, round_id: i64, proposal_id: i64) -> ApiResult<Proposal> {
    actor.require_board()?;
    let txn = services.db.begin().await?;
    let round = store::rounds::get_for_update(&txn, round_id).await?;
    let proposal = store::proposals::get(&txn, round_id, proposal_id).await?;
    actor.require_board_of(proposal.storkreds)?;
    round.phase.check_withdrawal()?;
    let status = proposal.status.withdraw()?;
    store::proposals::set_status(&txn, proposal.id, status, None).await?;
    let event = AuditEvent::ProposalWithdrawn {
        proposal_id: proposal.id,
    };
    store::audit::append(&txn, round_id, &event).await?;
    let proposal = store::proposals::get(&txn, round_id, proposal_id).await?;
    txn.commit().await?;
    tracing::info!(round = round_id, proposal = proposal_id, "proposal withdrawn");
    Ok(proposal)
}

/// Accepts or rejects a bid (HB, in `submission` or `review`).
pub async fn review(
    services: &Services,
    actor: &Actor,
    round_id: i64,
    proposal_id: i64,
    decision: ReviewDecision,
    reason: ReviewReason,
) -> ApiResult<Proposal> {
    actor.require_hb()?;
    let txn = services.db.begin().await?;
    let round = store::rounds::get_for_update(&txn, round_id).await?;
    let proposal = store::proposals::get(&txn, round_id, proposal_id).await?;
    round.phase.check_review()?;
    let status = proposal.status.review(decision)?;
    let ReviewReason(reason) = reason;
    store::proposals::set_status(&txn, proposal.id, status, Some(reason.clone())).await?;
    let event = AuditEvent::ProposalReviewed {
        proposal_id: proposal.id,
        decision: status,
        reason,
    };
    store::audit::append(&txn, round_id, &event).await?;
    let proposal = store::proposals::get(&txn, round_id, proposal_id).await?;
    txn.commit().await?;
    tracing::info!(round = round_id, proposal = proposal_id, %status, "proposal reviewed");
    Ok(proposal)
}

/// A round's bids in submission order, filtered by storkreds and status;
/// without a status, what the actor lists by default (`Actor::lists_by_default`).
pub async fn list(
    services: &Services,
    actor: &Actor,
    round_id: i64,
    storkreds: Option<Storkreds>,
    status: Option<ProposalStatus>,
) -> ApiResult<Vec<Proposal>> {
    Ok(round_and_bids(services, Some(actor), round_id, storkreds, status)
        .await?
        .1)
}

/// A round's bids as a visitor who is not signed in sees them
/// (`access::lists_publicly` when no status is asked for).
pub async fn list_public(
    services: &Services,
    round_id: i64,
    storkreds: Option<Storkreds>,
    status: Option<ProposalStatus>,
) -> ApiResult<Vec<Proposal>> {
    Ok(round_and_bids(services, None, round_id, storkreds, status).await?.1)
}

/// A round and its bids as `actor` (or a visitor, `None`) sees them by
/// default, or those with `status`; for the round's page.
pub async fn round_and_bids(
    services: &Services,
    actor: Option<&Actor>,
    round_id: i64,
    storkreds: Option<Storkreds>,
    status: Option<ProposalStatus>,
) -> ApiResult<(Round, Vec<Proposal>)> {
    let round = store::rounds::get(&services.reads, round_id).await?;
    let mut proposals = store::proposals::list(&services.reads, round_id, storkreds, status).await?;
    if status.is_none() {
        proposals.retain(|p| actor.map_or_else(|| lists_publicly(p.status), |a| a.lists_by_default(p.status)));
    }
    Ok((round, proposals))
}

/// One bid of a round.
pub async fn get(services: &Services, round_id: i64, proposal_id: i64) -> ApiResult<Proposal> {
    store::proposals::get(&services.reads, round_id, proposal_id).await
}
