//! A row of `rounds`.

use sea_orm::entity::prelude::*;

/// A round as stored; money in øre, settings as JSON text, the timeline's
/// moments as seconds since 1970-01-01 UTC (all five, or none).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "rounds")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    pub pool_ore: i64,
    pub ballot_rules: String,
    pub allocation_rule: String,
    pub split: String,
    pub phase: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub submission_opens_unix: Option<i64>,
    pub review_opens_unix: Option<i64>,
    pub voting_opens_unix: Option<i64>,
    pub voting_closes_unix: Option<i64>,
    pub publication_unix: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
