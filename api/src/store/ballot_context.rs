//! What casting a ballot reads, in as few round trips as the backend allows:
//! the round, the member's standing with the roll, and the facts of the bids
//! the ballot lists.
//!
//! On PostgreSQL it is one statement without a lock: the round row with the
//! roll lookup and the listed bids as subqueries. Settings, roll and bids
//! cannot change once a round is in voting and phases only move forward, so
//! the one thing that can change before the ballot is written is the phase;
//! the write itself locks the round and stores only while it is still in
//! voting (`store::ballots::cast`). On SQLite, where writers are serialised
//! anyway and every statement is a call into the same process, it is three
//! plain queries inside the ballot's transaction.

use std::collections::BTreeMap;

use medlemsbudget_domain::ballot_rules::ProposalFacts;
use medlemsbudget_domain::ProposalId;
use sea_orm::{ConnectionTrait, DbBackend, FromQueryResult, Statement};

use super::corrupt;
use super::electorate::Standing;
use super::rounds::Round;
use crate::entity::round;
use crate::error::{ApiError, ApiResult};

/// Everything a ballot is checked against.
#[derive(Clone, Debug)]
pub struct BallotContext {
    /// The round as read (on SQLite inside the ballot's transaction).
    pub round: Round,
    /// The member's standing with the round's roll.
    pub standing: Standing,
    /// Facts of the listed bids of this round (unknown ids are absent).
    pub facts: BTreeMap<ProposalId, ProposalFacts>,
}

/// Reads the context of `member`'s ballot listing `listed` in `round_id`, or 404.
pub async fn load(
    db: &impl ConnectionTrait,
    round_id: i64,
    member: &str,
    listed: &[ProposalId],
) -> ApiResult<BallotContext> {
    if db.get_database_backend() != DbBackend::Postgres {
        return Ok(BallotContext {
            round: super::rounds::get_for_share(db, round_id).await?,
            standing: super::electorate::standing(db, round_id, member).await?,
            facts: super::proposals::ballot_facts(db, round_id, listed).await?,
        });
    }
    let ids = listed.iter().map(|id| id.0.to_string()).collect::<Vec<_>>().join(",");
    let row = db
        .query_one(Statement::from_sql_and_values(
            DbBackend::Postgres,
            CONTEXT_POSTGRES,
            [round_id.into(), member.into(), ids.into()],
        ))
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("there is no round {round_id}")))?;
    let round = Round::try_from(round::Model::from_query_result(&row, "")?)?;
    let standing = Standing::from_lookup(row.try_get("", "roll_storkreds")?, row.try_get("", "has_roll")?)?;
    let facts_json: Option<String> = row.try_get("", "facts")?;
    let rows: Vec<(i64, String, i64, String)> = match facts_json {
        Some(text) => serde_json::from_str(&text).map_err(corrupt)?,
        None => Vec::new(),
    };
    let facts = rows
        .into_iter()
        .map(super::proposals::facts_of_row)
        .collect::<ApiResult<_>>()?;
    Ok(BallotContext { round, standing, facts })
}

/// `$1` round, `$2` member, `$3` the listed ids joined by commas ("" for none).
const CONTEXT_POSTGRES: &str = "SELECT r.id, r.name, r.pool_ore, r.ballot_rules, r.allocation_rule, r.split, r.phase, \
     r.created_at, r.updated_at, \
     (SELECT e.storkreds FROM electorate e WHERE e.round_id = r.id AND e.member_id = $2) AS roll_storkreds, \
     EXISTS (SELECT 1 FROM electorate e WHERE e.round_id = r.id) AS has_roll, \
     (SELECT json_agg(json_build_array(p.id, p.status, p.amount_ore, p.storkreds))::text FROM proposals p \
      WHERE p.round_id = r.id AND p.id = ANY (string_to_array(NULLIF($3, ''), ',')::bigint[])) AS facts \
     FROM rounds r WHERE r.id = $1";
