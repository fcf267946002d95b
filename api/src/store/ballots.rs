//! Ballots in the database, with nothing that names who cast them.
//!
//! Casting writes one row, `ballots (round, ballot_key)`: the key is a keyed
//! hash of round and member that only the service can compute, so its
//! primary key makes a second ballot for the same member impossible, and a
//! new ballot replaces the old one in place. No other row is written at vote
//! time, so there is nothing to line a ballot up with by transaction,
//! position or time.

use medlemsbudget_domain::ballot_rules::BallotContent;
use medlemsbudget_domain::tally::CountedBallot;
use medlemsbudget_domain::{Moment, ProposalId, PublishedBallot, Storkreds};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Statement,
};

use super::corrupt;
use crate::error::{ApiError, ApiResult};
use crate::store::entity::ballot;

/// A ballot as stored: its content, the voter's storkreds and the receipt hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredBallot {
    /// Approvals or points.
    pub content: BallotContent,
    /// The voter's storkreds.
    pub storkreds: Storkreds,
    /// SHA-256 of the receipt given when it was cast.
    pub receipt_hash: String,
}

/// The stored JSON form of a ballot's content.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
enum StoredContent {
    Approvals(Vec<i64>),
    Points(Vec<(i64, u32)>),
}

fn decode(text: &str) -> ApiResult<BallotContent> {
    Ok(match serde_json::from_str(text).map_err(corrupt)? {
        StoredContent::Approvals(ids) => BallotContent::Approvals(ids.into_iter().map(ProposalId).collect()),
        StoredContent::Points(points) => {
            BallotContent::Points(points.into_iter().map(|(id, n)| (ProposalId(id), n)).collect())
        }
    })
}

pub(super) fn encode(content: &BallotContent) -> ApiResult<String> {
    let stored = match content {
        BallotContent::Approvals(set) => StoredContent::Approvals(set.iter().map(|id| id.0).collect()),
        BallotContent::Points(points) => StoredContent::Points(points.iter().map(|(id, n)| (id.0, *n)).collect()),
    };
    serde_json::to_string(&stored).map_err(|e| ApiError::Internal(e.to_string()))
}

impl StoredBallot {
    /// The ballot as the count takes it.
    pub fn counted(self) -> CountedBallot {
        CountedBallot {
            storkreds: self.storkreds,
            content: self.content,
        }
    }
}

fn stored(row: ballot::Model) -> ApiResult<StoredBallot> {
    Ok(StoredBallot {
        content: decode(&row.content)?,
        storkreds: row.storkreds.parse().map_err(corrupt)?,
        receipt_hash: row.receipt_hash,
    })
}

/// A ballot to write, under its ballot key.
#[derive(Clone, Copy, Debug)]
pub struct NewBallot<'a> {
    /// The round.
    pub round_id: i64,
    /// The member's ballot key in this round.
    pub ballot_key: &'a str,
    /// The member's storkreds.
    pub storkreds: Storkreds,
    /// Approvals or points, as checked.
    pub content: &'a BallotContent,
    /// SHA-256 of the receipt.
    pub receipt_hash: &'a str,
}

/// Stores a ballot under its ballot key, replacing any earlier one, if the
/// round is in voting at that moment and, when it has a timeline, `now` is
/// before its close (to the second: `now` is the moment the write starts, so
/// a ballot after the close is refused however late the switch to `closed`);
/// returns whether it did. One statement on either backend (see
/// [`CAST_POSTGRES`]); on SQLite for a transaction the caller holds
/// (`BallotWriter::cast` is the way for a single ballot).
pub async fn write(db: &impl ConnectionTrait, ballot: NewBallot<'_>, now: Moment) -> ApiResult<bool> {
    let NewBallot {
        round_id,
        ballot_key,
        storkreds,
        content,
        receipt_hash,
    } = ballot;
    let content = encode(content)?;
    let (sql, values) = match db.get_database_backend() {
        DbBackend::Postgres => (
            CAST_POSTGRES,
            vec![
                round_id.into(),
                ballot_key.into(),
                storkreds.slug().into(),
                content.into(),
                receipt_hash.into(),
                now.unix_seconds().into(),
            ],
        ),
        _ => (
            CAST_SQLITE,
            vec![
                ballot_key.into(),
                storkreds.slug().into(),
                content.into(),
                receipt_hash.into(),
                round_id.into(),
                now.unix_seconds().into(),
            ],
        ),
    };
    let written = db
        .query_all(Statement::from_sql_and_values(db.get_database_backend(), sql, values))
        .await?;
    Ok(!written.is_empty())
}

/// The ballot row, only if the round, locked `FOR SHARE`, is in voting and
/// before its planned close, if any (after waiting for a phase change or a
/// later close, PostgreSQL re-checks the locked row's new version). `$1`
/// round, `$2` ballot key, `$3` storkreds, `$4` content, `$5` receipt hash,
/// `$6` the moment the write starts (seconds since 1970-01-01 UTC).
const CAST_POSTGRES: &str = "WITH open_round AS (SELECT id FROM rounds WHERE id = $1 AND phase = 'voting' \
     AND (voting_closes_unix IS NULL OR voting_closes_unix > $6) FOR SHARE) \
     INSERT INTO ballots (round_id, ballot_key, storkreds, content, receipt_hash) \
     SELECT id, $2, $3, $4, $5 FROM open_round \
     ON CONFLICT (round_id, ballot_key) DO UPDATE SET storkreds = excluded.storkreds, \
     content = excluded.content, receipt_hash = excluded.receipt_hash RETURNING round_id";

/// The ballot row, only if the round is in voting and before its planned
/// close, if any (SQLite has one writer, so nothing can change the phase
/// during the statement). Parameters: ballot key, storkreds, content,
/// receipt hash, round, the moment the write starts.
macro_rules! cast_sqlite {
    () => {
        "INSERT INTO ballots (round_id, ballot_key, storkreds, content, receipt_hash) \
         SELECT id, ?, ?, ?, ? FROM rounds WHERE id = ? AND phase = 'voting' \
         AND (voting_closes_unix IS NULL OR voting_closes_unix > ?) \
         ON CONFLICT (round_id, ballot_key) DO UPDATE SET storkreds = excluded.storkreds, \
         content = excluded.content, receipt_hash = excluded.receipt_hash RETURNING round_id"
    };
}

/// The ballot row, in a transaction the caller holds.
const CAST_SQLITE: &str = cast_sqlite!();

/// The ballot row as a transaction of its own, in one call.
pub(super) const CAST_SQLITE_TRANSACTION: &str = concat!("BEGIN IMMEDIATE; ", cast_sqlite!(), "; COMMIT");

/// The ballot stored under `ballot_key`, or 404.
pub async fn get(db: &impl ConnectionTrait, round_id: i64, ballot_key: &str) -> ApiResult<StoredBallot> {
    let row = ballot::Entity::find_by_id((round_id, ballot_key.to_owned()))
        .one(db)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("you have not voted in round {round_id}")))?;
    stored(row)
}

/// Every counted ballot of a round, in ascending order of receipt hash.
pub async fn all(db: &impl ConnectionTrait, round_id: i64) -> ApiResult<Vec<StoredBallot>> {
    ballot::Entity::find()
        .filter(ballot::Column::RoundId.eq(round_id))
        .order_by_asc(ballot::Column::ReceiptHash)
        .all(db)
        .await?
        .into_iter()
        .map(stored)
        .collect()
}

/// How many members have voted in a round: one ballot each.
pub async fn count(db: &impl ConnectionTrait, round_id: i64) -> ApiResult<u64> {
    Ok(ballot::Entity::find()
        .filter(ballot::Column::RoundId.eq(round_id))
        .count(db)
        .await?)
}

/// The published form of stored ballots.
pub fn published(ballots: &[StoredBallot]) -> Vec<PublishedBallot> {
    ballots
        .iter()
        .map(|b| PublishedBallot {
            receipt_hash: b.receipt_hash.clone(),
            content: b.content.clone(),
        })
        .collect()
}
