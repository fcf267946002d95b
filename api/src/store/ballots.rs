//! Ballots in the database, with nothing that names who cast them.
//!
//! Casting writes one row, `ballots (round, ballot_key)`: the key is a keyed
//! hash of round and member that only the service can compute, so its
//! primary key makes a second ballot for the same member impossible, and a
//! new ballot replaces the old one in place. No other row is written at vote
//! time, so there is nothing to line a ballot up with by transaction,
//! position or time.
//!
//! Paper ballots from a meeting's batch are rows of their own (`kind`
//! `paper`) under random keys; a member checked off at a meeting has a row
//! under their ballot key with no content (`kind` `checkoff`), so the same
//! primary key lets a member have an online ballot or a check-off, never
//! both. Counting, listing and publishing read only `online` and `paper`.

use medlemsbudget_domain::ballot_rules::BallotContent;
use medlemsbudget_domain::meeting::PriorVote;
use medlemsbudget_domain::tally::CountedBallot;
use medlemsbudget_domain::verification::BallotSource;
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
    /// Online or paper.
    pub source: BallotSource,
}

/// The `kind` of an online ballot row.
pub const ONLINE: &str = "online";
/// The `kind` of a paper ballot row.
pub const PAPER: &str = "paper";
/// The `kind` of a check-off row.
pub const CHECKOFF: &str = "checkoff";

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
            source: self.source,
        }
    }
}

fn stored(row: ballot::Model) -> ApiResult<StoredBallot> {
    let source = match row.kind.as_str() {
        ONLINE => BallotSource::Online,
        PAPER => BallotSource::Paper,
        other => return Err(corrupt(format!("a ballot of kind '{other}' was read as counted"))),
    };
    let (Some(content), Some(receipt_hash)) = (row.content, row.receipt_hash) else {
        return Err(corrupt("a counted ballot without content or receipt"));
    };
    Ok(StoredBallot {
        content: decode(&content)?,
        storkreds: row.storkreds.parse().map_err(corrupt)?,
        receipt_hash,
        source,
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

/// Stores a ballot under its ballot key, replacing any earlier online one,
/// if the round is in voting at that moment, the member is not checked off
/// at a meeting and, when the round has a timeline, `now` is before its
/// close (to the second: `now` is the moment the write starts, so a ballot
/// after the close is refused however late the switch to `closed`); returns
/// whether it did. One statement on either backend (see [`CAST_POSTGRES`]);
/// on SQLite for a transaction the caller holds (`BallotWriter::cast` is the
/// way for a single ballot).
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
     content = excluded.content, receipt_hash = excluded.receipt_hash WHERE ballots.kind = 'online' \
     RETURNING round_id";

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
         content = excluded.content, receipt_hash = excluded.receipt_hash WHERE ballots.kind = 'online' \
         RETURNING round_id"
    };
}

/// The ballot row, in a transaction the caller holds.
const CAST_SQLITE: &str = cast_sqlite!();

/// The ballot row as a transaction of its own, in one call.
pub(super) const CAST_SQLITE_TRANSACTION: &str = concat!("BEGIN IMMEDIATE; ", cast_sqlite!(), "; COMMIT");

/// What is stored under a member's ballot key: their online ballot, or
/// their check-off at a meeting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OwnRow {
    /// Their online ballot.
    Online(StoredBallot),
    /// They were checked off at a meeting.
    CheckedOff,
}

impl OwnRow {
    /// What the row means for the member's next vote or check-off.
    pub fn prior(row: Option<&OwnRow>) -> PriorVote {
        match row {
            None => PriorVote::None,
            Some(OwnRow::Online(_)) => PriorVote::Online,
            Some(OwnRow::CheckedOff) => PriorVote::CheckedOff,
        }
    }
}

/// The row stored under `ballot_key`, if any.
pub async fn own(db: &impl ConnectionTrait, round_id: i64, ballot_key: &str) -> ApiResult<Option<OwnRow>> {
    let Some(row) = ballot::Entity::find_by_id((round_id, ballot_key.to_owned()))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    if row.kind == CHECKOFF {
        return Ok(Some(OwnRow::CheckedOff));
    }
    stored(row).map(|b| Some(OwnRow::Online(b)))
}

/// The online ballot stored under `ballot_key`, or 404.
pub async fn get(db: &impl ConnectionTrait, round_id: i64, ballot_key: &str) -> ApiResult<StoredBallot> {
    match own(db, round_id, ballot_key).await? {
        Some(OwnRow::Online(ballot)) => Ok(ballot),
        _ => Err(ApiError::NotFound(format!(
            "you have not voted online in round {round_id}"
        ))),
    }
}

/// Checks off members at a meeting: a row without content under each
/// ballot key that has none yet, in one statement per 500 keys. Returns the
/// keys that were checked off; a key left out already has a row (an online
/// ballot or an earlier check-off). For a transaction that holds the round.
pub async fn check_off(
    db: &impl ConnectionTrait,
    round_id: i64,
    members: &[(String, Storkreds)],
) -> ApiResult<Vec<String>> {
    let backend = db.get_database_backend();
    let mut written = Vec::with_capacity(members.len());
    for chunk in members.chunks(500) {
        let mut sql = String::from("INSERT INTO ballots (round_id, ballot_key, storkreds, kind) VALUES ");
        let mut values: Vec<sea_orm::Value> = Vec::with_capacity(chunk.len() * 3);
        for (n, (key, storkreds)) in chunk.iter().enumerate() {
            if n > 0 {
                sql.push_str(", ");
            }
            if backend == DbBackend::Postgres {
                let i = n * 3;
                sql.push_str(&format!("(${}, ${}, ${}, '{CHECKOFF}')", i + 1, i + 2, i + 3));
            } else {
                sql.push_str(&format!("(?, ?, ?, '{CHECKOFF}')"));
            }
            values.extend([round_id.into(), key.clone().into(), storkreds.slug().into()]);
        }
        sql.push_str(" ON CONFLICT (round_id, ballot_key) DO NOTHING RETURNING ballot_key");
        for row in db
            .query_all(Statement::from_sql_and_values(backend, sql, values))
            .await?
        {
            written.push(row.try_get_by_index::<String>(0)?);
        }
    }
    Ok(written)
}

/// A paper ballot of a meeting's batch, under a random key and the hash of
/// a random receipt nobody holds. For a transaction that holds the round.
pub async fn insert_paper(
    db: &impl ConnectionTrait,
    round_id: i64,
    ballot_key: &str,
    storkreds: Storkreds,
    content: &BallotContent,
    receipt_hash: &str,
) -> ApiResult<()> {
    ballot::Entity::insert(ballot::ActiveModel {
        round_id: sea_orm::ActiveValue::Set(round_id),
        ballot_key: sea_orm::ActiveValue::Set(ballot_key.to_owned()),
        storkreds: sea_orm::ActiveValue::Set(storkreds.slug().to_owned()),
        content: sea_orm::ActiveValue::Set(Some(encode(content)?)),
        receipt_hash: sea_orm::ActiveValue::Set(Some(receipt_hash.to_owned())),
        kind: sea_orm::ActiveValue::Set(PAPER.to_owned()),
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Only the rows that are counted ballots (online and paper), not check-offs.
fn counted_rows(round_id: i64) -> sea_orm::Select<ballot::Entity> {
    ballot::Entity::find()
        .filter(ballot::Column::RoundId.eq(round_id))
        .filter(ballot::Column::Kind.ne(CHECKOFF))
}

/// Counted paper ballots of a round.
pub async fn count_paper(db: &impl ConnectionTrait, round_id: i64) -> ApiResult<u64> {
    Ok(counted_rows(round_id)
        .filter(ballot::Column::Kind.eq(PAPER))
        .count(db)
        .await?)
}

/// Every counted ballot of a round, online and paper, in ascending order of
/// receipt hash.
pub async fn all(db: &impl ConnectionTrait, round_id: i64) -> ApiResult<Vec<StoredBallot>> {
    counted_rows(round_id)
        .order_by_asc(ballot::Column::ReceiptHash)
        .all(db)
        .await?
        .into_iter()
        .map(stored)
        .collect()
}

/// The counted ballot with this receipt hash, if the round has one.
pub async fn by_receipt_hash(
    db: &impl ConnectionTrait,
    round_id: i64,
    receipt_hash: &str,
) -> ApiResult<Option<StoredBallot>> {
    counted_rows(round_id)
        .filter(ballot::Column::ReceiptHash.eq(receipt_hash))
        .one(db)
        .await?
        .map(stored)
        .transpose()
}

/// How many ballots a round counts, online and paper: one per member who
/// voted online, one per paper ballot entered (spoilt ones are not rows).
pub async fn count(db: &impl ConnectionTrait, round_id: i64) -> ApiResult<u64> {
    Ok(counted_rows(round_id).count(db).await?)
}

/// The published form of stored ballots.
pub fn published(ballots: &[StoredBallot]) -> Vec<PublishedBallot> {
    ballots
        .iter()
        .map(|b| PublishedBallot {
            receipt_hash: b.receipt_hash.clone(),
            content: b.content.clone(),
            source: b.source,
        })
        .collect()
}
