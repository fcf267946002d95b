//! The signed publication of a round: made when HB publishes it, in the same
//! transaction, and served to anyone who wants to check the result.

use chrono::{SecondsFormat, Utc};
use medlemsbudget_domain::access::may_list_ballots;
use medlemsbudget_domain::publication::{Publication, FORMAT};
use sea_orm::ConnectionTrait;

use super::Services;
use crate::error::{ApiError, ApiResult};
use crate::store::{self, publications::SignedPublication, rounds::Round};

/// Signs and stores `round`'s publication; called by the phase change to
/// `published` after it has appended its audit event, so the signed audit
/// head includes the publication itself.
pub(super) async fn sign(services: &Services, db: &impl ConnectionTrait, round: &Round) -> ApiResult<()> {
    let proposals = store::proposals::list(db, round.id, None, None).await?;
    let storkreds_of = proposals.iter().map(|p| (p.id, p.storkreds)).collect();
    let stored = store::results::get(db, round.id, &storkreds_of).await?;
    let records = store::audit::events(db, round.id).await?;
    let head = records
        .last()
        .ok_or_else(|| ApiError::Internal(format!("round {} has no audit log", round.id)))?;
    let members = store::electorate::counts_by_storkreds(db, round.id)
        .await?
        .into_iter()
        .filter(|&(_, n)| n > 0)
        .collect();
    let publication = Publication {
        format: FORMAT.to_owned(),
        round_id: round.id,
        name: round.name.clone(),
        pool: round.pool,
        ballot: round.ballot,
        rule: round.rule,
        split: round.split.clone(),
        members,
        ballots_counted: stored.tally.ballots,
        paper_ballots: usize::try_from(store::ballots::count_paper(db, round.id).await?)
            .map_err(|e| ApiError::Internal(e.to_string()))?,
        spoilt_ballots: store::meetings::spoilt(db, round.id).await?,
        ballots_root: stored.ballots_root.clone(),
        funded: Publication::funded_of(&stored.tally),
        allocated: stored.tally.allocated,
        unallocated: stored.tally.unallocated,
        audit_events: head.seq,
        audit_head: head.hash.clone(),
        published_at: Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true),
    };
    let payload = String::from_utf8(publication.signed_bytes())
        .map_err(|e| ApiError::Internal(format!("publication is not text: {e}")))?;
    let signed = SignedPublication {
        signature: services.signer.sign(payload.as_bytes()),
        public_key: services.signer.public_key(),
        payload,
    };
    store::publications::insert(db, round.id, &signed).await
}

/// A published round's signed publication, for everyone.
pub async fn get(services: &Services, round_id: i64) -> ApiResult<SignedPublication> {
    let round = store::rounds::get(&services.reads, round_id).await?;
    may_list_ballots(round_id, round.phase)?;
    store::publications::get(&services.reads, round_id).await
}

/// The public key that verifies this service's publications, hex.
pub fn public_key(services: &Services) -> String {
    services.signer.public_key()
}
