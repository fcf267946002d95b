//! Importing a Pabulib round: it becomes a closed round with its bids
//! accepted and its ballots counted, ready to tally or simulate.

use chrono::{DateTime, Utc};
use medlemsbudget_domain::audit::AuditEvent;
use medlemsbudget_domain::ballot_rules::BallotRules;
use medlemsbudget_domain::round_file::ImportedRound;
use medlemsbudget_domain::verification::receipt_hash;
use medlemsbudget_domain::{Description, Phase, ProposalId, ProposalStatus, ProposalTitle, RoundName, RoundSettings};
use sea_orm::TransactionTrait;

use super::Services;
use crate::error::{ApiError, ApiResult};
use crate::store::{self, ballots::NewBallot, proposals::NewProposal};

fn invalid(e: &dyn std::fmt::Display) -> ApiError {
    ApiError::Internal(format!("the imported round is invalid: {e}"))
}

/// Stores `round`, read from the file named `file`, as a closed round in one
/// transaction; returns its id.
pub async fn import_round(services: &Services, round: ImportedRound, file: &str) -> ApiResult<i64> {
    let settings = RoundSettings {
        name: RoundName::parse(&round.name).map_err(|e| invalid(&e))?,
        pool: round.pool,
        ballot: round.ballot,
        rule: round.rule,
        split: round.split.clone(),
    }
    .validate()
    .map_err(|e| invalid(&e))?;
    let cumulative = matches!(settings.ballot, BallotRules::Cumulative { .. });
    let txn = services.db.begin().await?;
    let created = store::rounds::insert(&txn, &settings).await?;
    let id = created.id;
    let event = AuditEvent::RoundCreated {
        settings: (&settings).into(),
        imported_from: Some(file.to_owned()),
    };
    store::audit::append(&txn, id, &event).await?;
    let mut ids: Vec<ProposalId> = Vec::with_capacity(round.proposals.len());
    for proposal in &round.proposals {
        let new = NewProposal {
            storkreds: proposal.storkreds,
            title: ProposalTitle::parse(&proposal.title).map_err(|e| invalid(&e))?,
            description: Description::parse(&format!("Imported from {file}: project {}.", proposal.project_id))
                .map_err(|e| invalid(&e))?,
            amount: proposal.amount,
            submitted_by: "pabulib-import".to_owned(),
        };
        let at = proposal.submitted_at.and_then(DateTime::<Utc>::from_timestamp_micros);
        let stored = store::proposals::insert_at(&txn, id, new, at).await?;
        store::proposals::set_status(
            &txn,
            stored.id,
            ProposalStatus::Accepted,
            Some(Some("Imported".to_owned())),
        )
        .await?;
        ids.push(stored.id);
    }
    // The ballots go in as any ballot does, in voting (invisible outside
    // this transaction); the round is closed at the end.
    store::rounds::set_phase(&txn, id, Phase::Voting).await?;
    for ballot in &round.ballots {
        let member = format!("pabulib:{}", ballot.voter_id);
        let key = services.ballot_keys.ballot_key(id, &member);
        let receipt = receipt_hash(&format!("pabulib-import:{id}:{}", ballot.voter_id));
        let content = ballot.content(&ids, cumulative);
        let new = NewBallot {
            round_id: id,
            ballot_key: &key,
            storkreds: ballot.storkreds,
            content: &content,
            receipt_hash: &receipt,
        };
        if !store::ballots::write(&txn, new, services.clock.moment()).await? {
            return Err(ApiError::Internal(format!(
                "ballot of voter {} was not stored",
                ballot.voter_id
            )));
        }
    }
    store::rounds::set_phase(&txn, id, Phase::Closed).await?;
    let event = AuditEvent::RoundImported {
        to: Phase::Closed,
        proposals: ids.len(),
        ballots: round.ballots.len(),
    };
    store::audit::append(&txn, id, &event).await?;
    txn.commit().await?;
    Ok(id)
}
