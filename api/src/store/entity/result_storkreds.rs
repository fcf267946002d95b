//! A row of `result_storkredse`: one storkreds' totals in a tally.

use sea_orm::entity::prelude::*;

/// A storkreds' totals; money in øre.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "result_storkredse")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub round_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub storkreds: String,
    pub proposals: i32,
    pub funded: i32,
    pub requested_ore: i64,
    pub sub_pool_ore: Option<i64>,
    pub grant_ore: i64,
    pub allocated_ore: i64,
    pub voters: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
