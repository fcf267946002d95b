//! One-time voting codes: HB generates them for a round's roll (shown once,
//! stored only as hashes), and a member signs in with theirs to vote in that
//! round until it closes.

use medlemsbudget_domain::audit::AuditEvent;
use medlemsbudget_domain::voting_code::{VotingCode, CODE_CHARS};
use medlemsbudget_domain::{Actor, Milestone, Storkreds};
use rand::RngCore;
use sea_orm::TransactionTrait;

use super::Services;
use crate::error::{ApiError, ApiResult};
use crate::store;
use crate::store::voting_round::Standing;

/// A code as handed out: who it is for, and the code itself (never stored).
#[derive(Clone, Debug)]
pub struct HandedOut {
    /// The member on the roll.
    pub member_id: String,
    /// Their storkreds on the roll.
    pub storkreds: Storkreds,
    /// The code.
    pub code: VotingCode,
}

fn new_code() -> VotingCode {
    let mut indices = [0u8; CODE_CHARS];
    rand::rngs::OsRng.fill_bytes(&mut indices);
    VotingCode::from_indices(&indices)
}

/// Generates a code for every member on the round's roll, or only for
/// `member` (HB, until voting closes). Each replaces the member's earlier code.
pub async fn generate(
    services: &Services,
    actor: &Actor,
    round_id: i64,
    member: Option<&str>,
) -> ApiResult<Vec<HandedOut>> {
    actor.require_hb()?;
    let txn = services.db.begin().await?;
    let round = store::rounds::get_for_update(&txn, round_id).await?;
    round.phase.check_voting_codes()?;
    let roll = store::electorate::roll(&txn, round_id).await?;
    if roll.is_empty() {
        return Err(ApiError::Conflict {
            slug: "no-electorate",
            detail: format!("round {round_id} has no electorate roll; voting codes are made for the members on it"),
        });
    }
    let members = roll.len() as u64;
    let chosen: Vec<(String, Storkreds)> = match member {
        Some(wanted) => {
            let found: Vec<_> = roll.into_iter().filter(|(m, _)| m == wanted).collect();
            if found.is_empty() {
                return Err(ApiError::NotFound(format!(
                    "member '{wanted}' is not on the electorate roll of round {round_id}"
                )));
            }
            found
        }
        None => roll,
    };
    let handed_out: Vec<HandedOut> = chosen
        .into_iter()
        .map(|(member_id, storkreds)| HandedOut {
            member_id,
            storkreds,
            code: new_code(),
        })
        .collect();
    let hashes: Vec<(String, String)> = handed_out
        .iter()
        .map(|h| (h.member_id.clone(), h.code.hash()))
        .collect();
    store::voting_codes::replace(&txn, round_id, &hashes, chrono::Utc::now().timestamp()).await?;
    let event = AuditEvent::VotingCodesGenerated {
        codes: handed_out.len() as u64,
        members,
    };
    store::audit::append(&txn, round_id, &event).await?;
    txn.commit().await?;
    tracing::info!(round = round_id, codes = handed_out.len(), "voting codes generated");
    Ok(handed_out)
}

/// Who a voting code signs in, and until when.
#[derive(Debug)]
pub struct CodeSignIn {
    /// The member, allowed to vote in the code's round and nowhere else.
    pub actor: Actor,
    /// The close of the round's timeline in system time (seconds since
    /// 1970), after which the sign-in is of no use; `None` when the round
    /// has no timeline and HB closes the vote by hand.
    pub until: Option<i64>,
}

/// The member a typed code signs in, for the round in voting it is for:
/// they vote there and nowhere else, until the round's timeline closes the
/// vote. 401 for a code that is not this round's; 409 outside voting and
/// from the timeline's close on, even before the schedule closes the round.
pub async fn sign_in(services: &Services, round_id: i64, typed: &str) -> ApiResult<CodeSignIn> {
    let voting = services.voting_rounds.get(&services.db, round_id).await?;
    let now = services.clock().moment();
    if let Some(timeline) = voting.round.timeline.filter(|t| !t.accepts_ballot(now)) {
        return Err(ApiError::Conflict {
            slug: "wrong-phase",
            detail: format!("voting closed at {}", timeline.at(Milestone::VotingCloses)),
        });
    }
    let refused = || ApiError::Unauthorized(format!("this is not a voting code for round {round_id}"));
    let code = VotingCode::parse(typed).map_err(|e| ApiError::invalid_field("invalid-voting-code", "code", e))?;
    let member = store::voting_codes::member_with(&services.db, round_id, &code.hash())
        .await?
        .ok_or_else(refused)?;
    match voting.standing(&member) {
        Standing::On(storkreds) => Ok(CodeSignIn {
            actor: Actor::with_voting_code(member, storkreds, round_id),
            until: voting.round.timeline.map(|timeline| {
                let left = timeline.at(Milestone::VotingCloses).unix_seconds() - now.unix_seconds();
                chrono::Utc::now().timestamp().saturating_add(left)
            }),
        }),
        Standing::NotOn | Standing::NoRoll => Err(refused()),
    }
}
