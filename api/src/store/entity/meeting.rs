//! A row of `meetings`.

use sea_orm::entity::prelude::*;

/// A meeting where members vote on paper, with its counts.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "meetings")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub round_id: i64,
    pub storkreds: String,
    pub name: String,
    pub held_on: String,
    pub created_by: String,
    pub created_at: DateTimeUtc,
    pub checked_off: i64,
    pub paper_ballots: i64,
    pub spoilt: i64,
    pub batch_entered: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
