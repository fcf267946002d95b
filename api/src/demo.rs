//! `serve --demo`: a KV17 round in `voting` with bids from several storkredse,
//! so a newcomer can try every call in `/docs` at once.

use medlemsbudget_domain::ballot_rules::BallotRules;
use medlemsbudget_domain::round_rule::RoundRule;
use medlemsbudget_domain::rules::{Completion, Rule};
use medlemsbudget_domain::split::Split;
use medlemsbudget_domain::{
    Actor, Description, Money, Phase, ProposalTitle, ReviewDecision, Role, RoundName, RoundSettings, Storkreds,
};

use crate::error::{ApiError, ApiResult};
use crate::services::proposals::{self, Bid, ReviewReason};
use crate::services::{rounds, Services};

/// The demo round's name; a round with this name is created only once.
pub const DEMO_ROUND_NAME: &str = "KV17 grundarbejde (demo)";

const BIDS: [(Storkreds, &str, &str, &str, ReviewDecision); 6] = [
    (
        Storkreds::Kobenhavn,
        "Lokalkontor på Nørrebro",
        "Et åbent kontor for frivillige frem til valget.",
        "120000.00",
        ReviewDecision::Accepted,
    ),
    (
        Storkreds::Fyn,
        "Valgkampsbus til Fyn",
        "En bus der kører rundt til alle fynske kommuner.",
        "60000.00",
        ReviewDecision::Accepted,
    ),
    (
        Storkreds::Nordjylland,
        "Kandidatskole i Aalborg",
        "Tre weekender med træning af nye kandidater.",
        "85000.00",
        ReviewDecision::Accepted,
    ),
    (
        Storkreds::Ostjylland,
        "Dør-til-dør i Aarhus Vest",
        "Materialer og transport til 40 frivillige.",
        "45000.00",
        ReviewDecision::Accepted,
    ),
    (
        Storkreds::Bornholm,
        "Folkemødet",
        "Stand og arrangementer på Folkemødet.",
        "150000.00",
        ReviewDecision::Accepted,
    ),
    (
        Storkreds::Sjaelland,
        "Reklamefilm",
        "En professionel reklamefilm til sociale medier.",
        "400000.00",
        ReviewDecision::Rejected,
    ),
];

fn invalid(what: impl std::fmt::Display) -> ApiError {
    ApiError::Internal(format!("demo data is invalid: {what}"))
}

/// Creates the demo round unless it exists; returns its id. It goes the way
/// any round goes, through the services: HB creates it and opens it for
/// bids, each board submits its bid, HB reviews them and opens voting.
pub async fn ensure_demo_round(services: &Services) -> ApiResult<i64> {
    if let Some(round) = rounds::list(services)
        .await?
        .into_iter()
        .find(|r| r.name == DEMO_ROUND_NAME)
    {
        return Ok(round.id);
    }
    let hb = Actor::new("demo-hb", Role::Hb, None);
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
    let round = rounds::create(services, &hb, settings, None).await?;
    rounds::change_phase(services, &hb, round.id, Phase::Submission).await?;
    for (storkreds, title, description, amount, decision) in BIDS {
        let board = Actor::new(format!("demo-board-{}", storkreds.slug()), Role::Board, Some(storkreds));
        let bid = Bid {
            title: ProposalTitle::parse(title).map_err(invalid)?,
            description: Description::parse(description).map_err(invalid)?,
            amount: Money::parse(amount).map_err(invalid)?,
        };
        let proposal = proposals::submit(services, &board, round.id, bid).await?;
        let reason = ReviewReason::parse(Some("Demo")).map_err(invalid)?;
        proposals::review(services, &hb, round.id, proposal.id.0, decision, reason).await?;
    }
    rounds::change_phase(services, &hb, round.id, Phase::Review).await?;
    rounds::change_phase(services, &hb, round.id, Phase::Voting).await?;
    Ok(round.id)
}
