//! `medlemsbudget import FILE.pb`: a Pabulib file becomes a closed round with
//! its proposals accepted and its ballots counted, ready to tally or simulate.

use chrono::{DateTime, Utc};
use medlemsbudget_domain::round_file::{import, ImportedRound};
use medlemsbudget_domain::verification::receipt_hash;
use medlemsbudget_domain::{
    Description, Phase, ProposalId, ProposalStatus, ProposalTitle, RoundName, RoundSettings, Storkreds,
};
use sea_orm::{DatabaseConnection, TransactionTrait};
use serde_json::json;

use crate::ballot_keys::BallotKeys;
use crate::cli::ImportArgs;
use crate::error::ApiError;
use crate::store::{self, ballots::NewBallot, proposals::NewProposal};

/// Imports the file; returns the new round's id.
pub async fn run(db: &DatabaseConnection, keys: &BallotKeys, args: &ImportArgs) -> Result<i64, String> {
    let storkreds: Storkreds = args.storkreds.parse().map_err(|e| format!("--storkreds: {e}"))?;
    let text = std::fs::read_to_string(&args.file).map_err(|e| format!("cannot read {}: {e}", args.file.display()))?;
    let round = import(&text, storkreds).map_err(|e| format!("{}: {e}", args.file.display()))?;
    let name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    store_round(db, keys, round, &name)
        .await
        .map_err(|e| format!("cannot store the round: {e}"))
}

async fn store_round(
    db: &DatabaseConnection,
    keys: &BallotKeys,
    round: ImportedRound,
    file: &str,
) -> Result<i64, ApiError> {
    let invalid = |e: &dyn std::fmt::Display| ApiError::Internal(e.to_string());
    let settings = RoundSettings {
        name: RoundName::parse(&round.name).map_err(|e| invalid(&e))?,
        pool: round.pool,
        ballot: round.ballot,
        rule: round.rule,
        split: round.split.clone(),
    }
    .validate()
    .map_err(|e| invalid(&e))?;
    let cumulative = matches!(
        settings.ballot,
        medlemsbudget_domain::ballot_rules::BallotRules::Cumulative { .. }
    );
    let txn = db.begin().await?;
    let created = store::rounds::insert(&txn, &settings).await?;
    let id = created.id;
    let details = json!({"imported_from": file, "pool": created.pool, "ballot": created.ballot, "rule": created.rule, "split": created.split});
    store::audit::append(&txn, id, "round_created", details).await?;
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
        store::proposals::set_status(&txn, stored.id, ProposalStatus::Accepted, Some("Imported".to_owned())).await?;
        ids.push(stored.id);
    }
    // The ballots go in as any ballot does, in voting (invisible outside
    // this transaction); the round is closed at the end.
    store::rounds::set_phase(&txn, id, Phase::Voting).await?;
    for ballot in &round.ballots {
        let member = format!("pabulib:{}", ballot.voter_id);
        let key = keys.ballot_key(id, &member);
        let receipt = receipt_hash(&format!("pabulib-import:{id}:{}", ballot.voter_id));
        let content = ballot.content(&ids, cumulative);
        let new = NewBallot {
            round_id: id,
            member: &member,
            ballot_key: &key,
            storkreds: ballot.storkreds,
            content: &content,
            receipt_hash: &receipt,
        };
        let written = store::ballots::write(&txn, new).await?;
        if !written {
            return Err(ApiError::Internal(format!(
                "ballot of voter {} was not stored",
                ballot.voter_id
            )));
        }
    }
    store::rounds::set_phase(&txn, id, Phase::Closed).await?;
    let details = json!({"to": Phase::Closed, "proposals": ids.len(), "ballots": round.ballots.len()});
    store::audit::append(&txn, id, "round_imported", details).await?;
    txn.commit().await?;
    Ok(id)
}
