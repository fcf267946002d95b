//! A row of `ballots`: what was voted, with no member id.

use sea_orm::entity::prelude::*;

/// A ballot row. `kind` is `online` (cast by a member, under their ballot
/// key), `paper` (from a meeting's batch, under a random key) or `checkoff`
/// (a member checked off at a meeting, under their ballot key, with no
/// content: their ballot is among the meeting's paper ones). `ballot_key`
/// is a keyed hash of round and member; `content` is
/// `{"approvals": [ids]}` or `{"points": [[id, points]]}` as JSON.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ballots")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub round_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub ballot_key: String,
    pub storkreds: String,
    pub content: Option<String>,
    pub receipt_hash: Option<String>,
    pub kind: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
