//! A row of `ballots`: what was voted, with no member id.

use sea_orm::entity::prelude::*;

/// A counted ballot; `ballot_key` is a keyed hash of round and member,
/// `content` `{"approvals": [ids]}` or `{"points": [[id, points]]}` as JSON.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ballots")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub round_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub ballot_key: String,
    pub storkreds: String,
    pub content: String,
    pub receipt_hash: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
