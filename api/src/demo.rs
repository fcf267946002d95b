//! `serve --demo`: a KV17 round in `voting` with bids from several storkredse,
//! so a newcomer can try every call in `/docs` at once.

use medlemsbudget_domain::ballot_rules::BallotRules;
use medlemsbudget_domain::round_rule::RoundRule;
use medlemsbudget_domain::rules::{Completion, Rule};
use medlemsbudget_domain::split::Split;
use medlemsbudget_domain::{
    Description, Money, Phase, ProposalStatus, ProposalTitle, RoundName, RoundSettings, Storkreds,
};
use sea_orm::{DatabaseConnection, TransactionTrait};
use serde_json::json;

use crate::error::{ApiError, ApiResult};
use crate::store::{self, proposals::NewProposal};

/// The demo round's name; a round with this name is created only once.
pub const DEMO_ROUND_NAME: &str = "KV17 grundarbejde (demo)";

const BIDS: [(Storkreds, &str, &str, &str, ProposalStatus); 6] = [
    (
        Storkreds::Kobenhavn,
        "Lokalkontor på Nørrebro",
        "Et åbent kontor for frivillige frem til valget.",
        "120000.00",
        ProposalStatus::Accepted,
    ),
    (
        Storkreds::Fyn,
        "Valgkampsbus til Fyn",
        "En bus der kører rundt til alle fynske kommuner.",
        "60000.00",
        ProposalStatus::Accepted,
    ),
    (
        Storkreds::Nordjylland,
        "Kandidatskole i Aalborg",
        "Tre weekender med træning af nye kandidater.",
        "85000.00",
        ProposalStatus::Accepted,
    ),
    (
        Storkreds::Ostjylland,
        "Dør-til-dør i Aarhus Vest",
        "Materialer og transport til 40 frivillige.",
        "45000.00",
        ProposalStatus::Accepted,
    ),
    (
        Storkreds::Bornholm,
        "Folkemødet",
        "Stand og arrangementer på Folkemødet.",
        "150000.00",
        ProposalStatus::Accepted,
    ),
    (
        Storkreds::Sjaelland,
        "Reklamefilm",
        "En professionel reklamefilm til sociale medier.",
        "400000.00",
        ProposalStatus::Rejected,
    ),
];

fn invalid(what: impl std::fmt::Display) -> ApiError {
    ApiError::Internal(format!("demo data is invalid: {what}"))
}

/// Creates the demo round unless it exists; returns its id.
pub async fn ensure_demo_round(db: &DatabaseConnection) -> ApiResult<i64> {
    if let Some(round) = store::rounds::list(db)
        .await?
        .into_iter()
        .find(|r| r.name == DEMO_ROUND_NAME)
    {
        return Ok(round.id);
    }
    let settings = RoundSettings {
        name: RoundName::parse(DEMO_ROUND_NAME).map_err(invalid)?,
        pool: Money::parse("500000.00").map_err(invalid)?,
        ballot: BallotRules::Approval {
            min_approvals: 0,
            max_approvals: Some(3),
        },
        rule: RoundRule {
            rule: Rule::Mes,
            completion: Completion::Add1Greedy,
            ..RoundRule::default()
        },
        split: Split::National,
    };
    let txn = db.begin().await?;
    let round = store::rounds::insert(&txn, &settings).await?;
    let created = json!({"name": round.name, "pool": round.pool, "ballot": round.ballot, "rule": round.rule, "split": round.split, "demo": true});
    store::audit::append(&txn, round.id, "round_created", created).await?;
    store::rounds::set_phase(&txn, round.id, Phase::Submission).await?;
    for (storkreds, title, description, amount, status) in BIDS {
        let new = NewProposal {
            storkreds,
            title: ProposalTitle::parse(title).map_err(invalid)?,
            description: Description::parse(description).map_err(invalid)?,
            amount: Money::parse(amount).map_err(invalid)?,
            submitted_by: format!("demo-board-{}", storkreds.slug()),
        };
        let proposal = store::proposals::insert(&txn, round.id, new).await?;
        store::proposals::set_status(&txn, proposal.id, status, Some("Demo".to_owned())).await?;
        let submitted = json!({"proposal_id": proposal.id.0, "storkreds": storkreds, "amount": proposal.amount});
        store::audit::append(&txn, round.id, "proposal_submitted", submitted).await?;
        let reviewed = json!({"proposal_id": proposal.id.0, "decision": status, "reason": "Demo"});
        store::audit::append(&txn, round.id, "proposal_reviewed", reviewed).await?;
    }
    store::rounds::set_phase(&txn, round.id, Phase::Voting).await?;
    store::audit::append(
        &txn,
        round.id,
        "phase_changed",
        json!({"from": "submission", "to": "voting", "demo": true}),
    )
    .await?;
    txn.commit().await?;
    Ok(round.id)
}
